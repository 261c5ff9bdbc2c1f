"""Markdown typed in forms (rationales, suggestions) comes out as HTML safe to show."""

from idm_portal.core.markdown import safe_markdown


def test_safe_markdown_keeps_formatting_and_links():
    html = safe_markdown(
        "**South-South** *migration*\n\n- one\n- two\n\n[IOM](https://www.iom.int)"
    )
    assert "<strong>South-South</strong> <em>migration</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://www.iom.int" rel="noopener noreferrer nofollow">IOM</a>' in html


def test_safe_markdown_drops_scripts_handlers_images_and_script_links():
    html = safe_markdown(
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[click](javascript:alert(3))\n\n<p onclick='alert(4)'>text</p>"
    )
    for forbidden in ("<script", "alert(1)", "<img", "onerror", "javascript:", "onclick"):
        assert forbidden not in html
    assert "text" in html
