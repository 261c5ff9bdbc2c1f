"""The language switch: one control that moves the current page to the chosen language and
remembers the choice in the language cookie, whatever the cookie or the browser said before.

Django's own ``set_language`` translates ``next`` under the language the cookie or the
browser asks for; the ``/en/`` prefix of ``next`` then does not resolve (only the active
language's prefix does) and the visitor lands back on the English page. Here ``next`` is
translated under the language of its own prefix."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


def page_in_language(url, language):
    """``url`` (a portal path or address, with its language prefix) in ``language``."""
    prefix = translation.get_language_from_path(urlsplit(url).path)
    with translation.override(prefix or settings.LANGUAGE_CODE):
        return translate_url(url, language)


@require_POST
def set_language(request):
    """Changes only the visitor's language cookie (no stored state) and redirects to the
    page they were on, in that language."""
    language = request.POST.get("language", "")
    following = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        following, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        following = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(following)
    response = HttpResponseRedirect(page_in_language(following, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
