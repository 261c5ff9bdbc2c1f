"""Markdown that members and the Secretariat write in forms (theme rationales, suggestions)
as HTML that is safe to show: python-markdown, then nh3 keeps only text formatting, lists,
quotes, code, small headings and links to http(s) and mailto. Raw HTML, scripts, styles,
event handlers and images never pass. (Discussion notes have their own pipeline, with
numbered paragraphs and footnotes: consultations/rendering.py.)"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre", "a",
    "hr", "h3", "h4",
}  # fmt: skip


def safe_markdown(text: str | None) -> str:
    """``text`` (Markdown) as sanitized HTML."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
