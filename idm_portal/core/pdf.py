"""The shared PDF renderer: HTML templates that extend ``core/pdf/letterhead.html`` (A4, the
trilingual IOM letterhead, page numbers) made into PDF by WeasyPrint.

Agendas, discussion notes and letters extend the letterhead template and fill its blocks.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# Bump when the letterhead changes, so that PDFs stored under a hash of what shapes them are
# made again.
LETTERHEAD_VERSION = 1


def render_html(template_name, context, *, language):
    with translation.override(language):
        return render_to_string(template_name, {"language": language, **context})


def html_to_pdf(html):
    """PDF bytes of the final HTML of a template that extends the letterhead."""
    from weasyprint import HTML  # slow to import: only where a PDF is made

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_pdf(template_name, context, *, language="en"):
    """Render a template that extends the letterhead into PDF bytes."""
    return html_to_pdf(render_html(template_name, context, language=language))
