"""The body of a discussion note, from Markdown to the HTML that the web page and the PDF
show: raw HTML removed (nh3), every body paragraph numbered 1, 2, 3, ... through the
document (headings are not), footnotes numbered through the document in the order they are
called, and each language's own quotation marks.

The web page keeps the footnotes at the end; the PDF gets each footnote's text where it is
called, for WeasyPrint to set at the foot of that page (``float: footnote``). Both come from
the same tree, so both number the same paragraphs the same way.
"""

import re
import secrets
from dataclasses import dataclass, field
from xml.etree import ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

# Bump when what this module makes of a body changes, so that stored PDFs are made again.
RENDERER_VERSION = 2

NBSP = "\u00a0"

# Quotation marks per language, as the smarty extension writes them. French sets its
# guillemets apart with non-breaking spaces; Spanish writes them tight.
QUOTES = {
    "en": {},
    "fr": {
        "left-double-quote": "&laquo;&#160;",
        "right-double-quote": "&#160;&raquo;",
        "left-angle-quote": "&laquo;&#160;",
        "right-angle-quote": "&#160;&raquo;",
    },
    "es": {
        "left-double-quote": "&laquo;",
        "right-double-quote": "&raquo;",
    },
}
# French puts a non-breaking space before these marks.
FRENCH_HIGH_PUNCTUATION = re.compile(r"[ \t]+([;:!?])")
CURLY_DOUBLE_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"'})

ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "a", "sup", "sub",
    "span", "div", "ol", "ul", "li", "hr", "blockquote", "br", "code", "pre",
}  # fmt: skip
# "class" is not among them: nh3 checks it against ALLOWED_CLASSES. "id" is kept only where
# this module set it (see _sanitize): an author's own id could shadow an element of the page.
ALLOWED_ATTRIBUTES = {"*": {"id"}, "a": {"href", "title"}, "li": {"value"}}
# The ids this module gives paragraphs and footnotes, apart from any id of the page itself.
ID_PREFIX = "note-"
# Only the classes this module sets: a body cannot pass itself off as a number or a note.
ALLOWED_CLASSES = {
    "p": {"numbered"},
    "span": {"para-number", "footnote"},
    "div": {"footnotes"},
    "a": {"footnote-ref", "footnote-backref"},
    "sup": set(),
}

DEFINITION_RE = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:")
REFERENCE_RE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")
CODE_SPAN_RE = re.compile(r"`+[^`]*`+")


@dataclass(frozen=True)
class BodyError:
    """A mistake in a body, with the line (from 1) where it is."""

    line: int
    message: str

    def __str__(self):
        return f"Line {self.line}: {self.message}"


@dataclass
class RenderedBody:
    html: str
    # The numbered paragraphs: (number, first words), in order.
    paragraphs: list = field(default_factory=list)
    footnote_count: int = 0


def check_footnotes(body):
    """Footnotes called but never defined, defined but never called, or defined twice, each
    with its line."""
    from django.utils.translation import gettext as _

    defined, called = {}, {}
    errors = []
    in_fence = False
    for number, line in enumerate(body.splitlines(), start=1):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        definition = DEFINITION_RE.match(line)
        rest = line
        if definition:
            label = definition.group(1)
            if label in defined:
                errors.append(
                    BodyError(
                        number,
                        _("footnote [^%(label)s] is defined twice (first on line %(first)s).")
                        % {"label": label, "first": defined[label]},
                    )
                )
            else:
                defined[label] = number
            rest = line[definition.end() :]
        for reference in REFERENCE_RE.finditer(CODE_SPAN_RE.sub("", rest)):
            called.setdefault(reference.group(1), number)
    for label, number in called.items():
        if label not in defined:
            errors.append(
                BodyError(
                    number,
                    _("footnote [^%(label)s] is called here but never defined.") % {"label": label},
                )
            )
    for label, number in defined.items():
        if label not in called:
            errors.append(
                BodyError(
                    number,
                    _("footnote [^%(label)s] is defined here but never called.") % {"label": label},
                )
            )
    return sorted(errors, key=lambda error: error.line)


def _text_of(element):
    return "".join(element.itertext())


class NoteTreeprocessor(Treeprocessor):
    """Numbers the body's paragraphs and, for the PDF, moves each footnote's text to where
    it is called. Runs after the inline patterns and smarty."""

    def __init__(self, md, *, language, for_pdf, result, id_mark):
        super().__init__(md)
        self.language = language
        self.for_pdf = for_pdf
        self.result = result
        # Marks the ids set here, so that the sanitizer keeps these and drops the author's.
        self.id_mark = id_mark

    def run(self, root):
        notes_div = next((child for child in root if child.get("class") == "footnote"), None)
        if self.language == "fr":
            self._french_spacing(root)
        number = 0
        for child in root:
            if child.tag != "p" or child is notes_div or self._is_raw_html(child):
                continue
            number += 1
            child.set("class", "numbered")
            child.set("id", f"{self.id_mark}{ID_PREFIX}para-{number}")
            label = etree.Element("span")
            label.set("class", "para-number")
            label.text = f"{number}."
            label.tail = child.text
            child.text = None
            child.insert(0, label)
            self.result.paragraphs.append(number)
        if notes_div is not None:
            self.result.footnote_count = len(notes_div.findall("./ol/li"))
            notes_div.set("class", "footnotes")
            if self.for_pdf:
                self._inline_footnotes(root, notes_div)
            else:
                self._number_footnote_ids(root, notes_div)

    def _number_footnote_ids(self, root, notes_div):
        """The footnote extension names its anchors after the author's labels ("fn:label",
        "fnref2:label"); they become numbered ids of the portal ("note-fn-1",
        "note-fnref2-1"), and the links follow."""
        renamed = {}
        for number, item in enumerate(notes_div.findall("./ol/li"), start=1):
            renamed[item.get("id")] = f"{ID_PREFIX}fn-{number}"
        for element in root.iter("sup"):
            old = element.get("id") or ""
            kind, _, label = old.partition(":")
            if kind.startswith("fnref") and f"fn:{label}" in renamed:
                number = renamed[f"fn:{label}"].rsplit("-", 1)[1]
                renamed[old] = f"{ID_PREFIX}{kind}-{number}"
        for element in root.iter():
            old = element.get("id")
            if old is not None and not old.startswith(self.id_mark):
                new = renamed.get(old)
                if new is None:
                    del element.attrib["id"]
                else:
                    element.set("id", self.id_mark + new)
            href = element.get("href") if element.tag == "a" else None
            if href and href.startswith("#") and href[1:] in renamed:
                element.set("href", "#" + renamed[href[1:]])

    def _is_raw_html(self, paragraph):
        """A block of raw HTML is stashed as a paragraph that holds only its placeholder."""
        return len(paragraph) == 0 and bool(
            HTML_PLACEHOLDER_RE.fullmatch((paragraph.text or "").strip())
        )

    def _french_spacing(self, root):
        for element in root.iter():
            if element.text:
                element.text = FRENCH_HIGH_PUNCTUATION.sub(NBSP + r"\1", element.text)
            if element.tail:
                element.tail = FRENCH_HIGH_PUNCTUATION.sub(NBSP + r"\1", element.tail)

    def _inline_footnotes(self, root, notes_div):
        texts = {}
        for item in notes_div.findall("./ol/li"):
            span = etree.Element("span")
            span.set("class", "footnote")
            pieces = [child for child in item if child.tag == "p"] or [item]
            for index, piece in enumerate(pieces):
                for backref in piece.findall("a"):
                    if backref.get("class") == "footnote-backref":
                        piece.remove(backref)
                text = (piece.text or "").replace(NBSP_PLACEHOLDER, "")
                if index:
                    text = " " + text
                if len(span):
                    span[-1].tail = (span[-1].tail or "") + text
                else:
                    span.text = (span.text or "") + text
                for child in list(piece):
                    if child.tail:
                        child.tail = child.tail.replace(NBSP_PLACEHOLDER, "")
                    span.append(child)
            texts[item.get("id")] = span
        for parent in root.iter():
            for position, child in enumerate(list(parent)):
                if child.tag != "sup" or not (child.get("id") or "").startswith("fnref"):
                    continue
                link = child.find("a")
                target = (link.get("href") or "").lstrip("#") if link is not None else ""
                span = texts.pop(target, None)
                if span is None:
                    continue
                span.tail = child.tail
                parent.remove(child)
                parent.insert(position, span)
        root.remove(notes_div)


class NoteExtension(Extension):
    def __init__(self, *, language, for_pdf, result, id_mark):
        super().__init__()
        self.language = language
        self.for_pdf = for_pdf
        self.result = result
        self.id_mark = id_mark

    def extendMarkdown(self, md):
        md.treeprocessors.register(
            NoteTreeprocessor(
                md,
                language=self.language,
                for_pdf=self.for_pdf,
                result=self.result,
                id_mark=self.id_mark,
            ),
            "idm_note",
            3,  # after the inline patterns (20) and smarty (6)
        )


def _markdown(language, *, for_pdf, result, id_mark):
    return markdown.Markdown(
        extensions=[
            "footnotes",
            "smarty",
            "sane_lists",
            NoteExtension(language=language, for_pdf=for_pdf, result=result, id_mark=id_mark),
        ],
        extension_configs={
            "footnotes": {"USE_DEFINITION_ORDER": False, "BACKLINK_TEXT": "\u21a9\ufe0e"},
            "smarty": {"substitutions": QUOTES.get(language, {})},
        },
        output_format="html",
    )


def _sanitize(html, *, id_mark):
    """nh3 keeps the allowed tags and attributes; of the ids, only those that carry
    ``id_mark`` (set by the tree processor: the author cannot guess it), without the mark."""

    def keep_own_ids(tag, attribute, value):
        if attribute != "id":
            return value
        return value[len(id_mark) :] if value.startswith(id_mark) else None

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_own_ids,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def render_body(body, *, language="en", for_pdf=False):
    """The body as sanitized HTML with numbered paragraphs and footnotes: at the end for the
    web page, inline for the PDF (``for_pdf``)."""
    if language in ("fr", "es"):
        # Typed curly quotes become the language's own, as straight ones do.
        body = body.translate(CURLY_DOUBLE_QUOTES)
    result = RenderedBody(html="")
    id_mark = f"m{secrets.token_hex(8)}-"
    md = _markdown(language, for_pdf=for_pdf, result=result, id_mark=id_mark)
    raw = md.convert(body)
    # Raw HTML blocks are dropped by nh3 here, tags and content (script, style), and so is
    # every id the author wrote.
    result.html = _sanitize(raw, id_mark=id_mark)
    return result


NUMBERED_PARAGRAPH_RE = re.compile(r'<span class="para-number">(\d+)\.</span>(.*?)</p>', re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")


def numbered_openings(html, words=4):
    """(number, first words) of each numbered paragraph of rendered HTML: what a reader
    checks to compare two renderings."""
    import html as html_module

    openings = []
    for match in NUMBERED_PARAGRAPH_RE.finditer(html):
        text = html_module.unescape(TAG_RE.sub("", match.group(2)))
        openings.append((int(match.group(1)), " ".join(text.split()[:words])))
    return openings
