"""Absolute links for what leaves the request (e-mails, calendar files, PDFs)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    scheme = "https" if settings.SESSION_COOKIE_SECURE else "http"
    return f"{scheme}://{settings.SITE_DOMAIN}{path}"
