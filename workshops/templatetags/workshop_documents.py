"""Template tags for the documents of workshops."""

from django import template

from workshops.forms import DocumentForm

register = template.Library()


@register.simple_tag
def document_upload_form(workshop, form=None):
    """The upload form the view passed (with its errors), or a fresh one for ``workshop``:
    the agenda editor includes the documents fragment with the workshop and its documents
    only."""
    return form or DocumentForm(workshop=workshop)
