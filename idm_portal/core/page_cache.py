"""Public pages served from the cache, keyed by everything that shapes them.

A key is the hash of the page's own parts (the workshop row as it is, the release number,
the note's content...), the language, the path and the template version (a hash of the
template files and of the static manifest, taken once per process, plus ``CODE_VERSION``).
Nothing is ever invalidated by hand: a published release, an edited workshop or note, a new
deployment make a new key, and the old entry ages out. So services of other modules need no
hook to keep these pages right.

Two ways to serve:

- ``anonymous_page``: the whole page, for a visitor who is not signed in and has no pending
  message. The response carries an ETag (the key) and ``Cache-Control: public, max-age=60``
  so that a reverse proxy may keep it too; ``If-None-Match`` with the same ETag answers 304.
  Such a page holds nothing personal: its language switcher is made of links (no CSRF
  token), its header has no name. It is kept compressed too (gzip, once, when it is made)
  and sent so to browsers that accept it (a twelfth of the bytes for an agenda); with no
  secret in the page, compression reveals nothing (BREACH needs one).
- ``cached_fragment``: the heavy part of a page (the days of an agenda, a note's body) as
  rendered HTML, for a signed-in visitor whose small personal part (the header's name
  menu, their registration) is rendered per request around it. Those answers are
  ``private, no-store``.
"""

import gzip
import hashlib
import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from idm_portal.core import language

# Bump when a view of a cached page changes what it puts in the page (templates and static
# files are hashed by themselves).
CODE_VERSION = "2"  # 2: a page is kept as (body, gzipped body)
TIMEOUT = 24 * 3600  # an entry no key asks for any more ages out
PUBLIC_MAX_AGE = 60  # what a reverse proxy or a browser may keep without asking again
_ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\s*(?:,|$))", re.IGNORECASE)

_template_version = None


def template_version():
    """The hash of every template file and of the static manifest, taken once per process
    (a deployment restarts the processes)."""
    global _template_version
    if _template_version is None:
        digest = hashlib.sha256(CODE_VERSION.encode())
        engines: list[dict[str, Any]] = settings.TEMPLATES
        folders = [Path(folder) for engine in engines for folder in engine["DIRS"]]
        for folder in folders:
            for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.txt")):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
        manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
        if settings.STATIC_ROOT and manifest.exists():
            digest.update(manifest.read_bytes())
        _template_version = digest.hexdigest()[:16]
    return _template_version


def row_values(*instances):
    """The stored values of model instances, as text for a key: any change of any field
    (status, dates, title, the row's history...) changes the key."""
    parts = []
    for instance in instances:
        if instance is None:
            parts.append("-")
            continue
        deferred = instance.get_deferred_fields()  # never a query for a field left out
        parts.append(instance._meta.label)
        parts.extend(
            repr(getattr(instance, field.attname))
            for field in instance._meta.concrete_fields
            if field.attname not in deferred
        )
    return parts


def key_of(kind, parts):
    """The cache key of a page or fragment of ``kind`` shaped by ``parts`` (strings), in the
    active language and the current template version."""
    digest = hashlib.sha256(
        "\x1f".join([kind, get_language() or "", template_version(), *map(str, parts)]).encode()
    ).hexdigest()
    return f"page:{kind}:{digest}"


def is_anonymous_and_quiet(request):
    """Whether the whole page may come from the cache: a GET by a visitor who is not signed
    in and has no message waiting to be shown."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    return not len(get_messages(request))


def language_links(request):
    """The page in each language, as links (a cached page has no CSRF token for the
    language form)."""
    path = request.get_full_path()
    return [(code, language.page_in_language(path, code)) for code, _name in settings.LANGUAGES]


def cached_fragment(kind, parts, render):
    """The HTML of ``render()`` (a string), from the cache when it holds it for ``parts``."""
    key = key_of(f"fragment:{kind}", parts)
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, TIMEOUT)
    return mark_safe(html)  # noqa: S308 - our own rendered template output


def _not_modified(request, etag):
    wanted = request.headers.get("If-None-Match")
    return bool(wanted) and (wanted.strip() == "*" or etag in parse_etags(wanted))


def _public_headers(response, etag, last_modified):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # A signed-in visitor (session cookie) must never get this copy from a shared cache; a
    # browser that cannot read gzip must not get the compressed one.
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    return response


def accepts_gzip(request):
    """Whether the client reads gzip (``Accept-Encoding``, unless it says ``gzip;q=0``)."""
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def anonymous_page(request, kind, parts, render, *, last_modified=None):
    """The whole page for an anonymous visitor: 304 when their ETag is current, else the
    body from the cache (``render()``, an HttpResponse, makes it when missing; only a 200
    is kept), gzipped for a client that accepts it. Each form of the page has its own ETag."""
    key = key_of(kind, [request.get_full_path(), *parts])
    compressed = accepts_gzip(request)
    etag = f'"{key.rsplit(":", 1)[1][:40]}{"-gzip" if compressed else ""}"'
    if _not_modified(request, etag):
        return _public_headers(HttpResponseNotModified(), etag, last_modified)
    bodies = cache.get(key)
    if bodies is None:
        rendered = render()
        # A page that set a cookie or used a CSRF token is someone's: never shared.
        if (
            rendered.status_code != 200
            or rendered.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            return rendered
        bodies = (rendered.content, gzip.compress(rendered.content, mtime=0))
        cache.set(key, bodies, TIMEOUT)
    response = HttpResponse(bodies[compressed], content_type="text/html; charset=utf-8")
    if compressed:
        response["Content-Encoding"] = "gzip"
    return _public_headers(response, etag, last_modified)


def personal(response):
    """Mark a page rendered for a signed-in visitor as theirs alone."""
    patch_cache_control(response, private=True, no_store=True)
    return response
