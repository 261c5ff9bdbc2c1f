"""/sitemap.xml: every public page, in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from consultations.models import DiscussionNote
from idm_portal.core.models import IdmYear
from workshops.models import Speaker
from workshops.queries import latest_releases, published_speaker_ids, published_workshops


class StaticPagesSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return ["home"]

    def location(self, item):
        return reverse(item)


class WorkshopListSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return list(IdmYear.objects.order_by("year").values_list("year", flat=True))

    def location(self, year):
        return reverse("workshops:list", kwargs={"year": year})


class WorkshopSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return published_workshops().order_by("start_date", "pk")


class AgendaSitemap(Sitemap):
    """The agenda pages of published workshops that have a release."""

    i18n = True
    alternates = True

    def items(self):
        return list(latest_releases())

    def location(self, release):
        workshop = release.workshop
        return reverse(
            "workshops:agenda", kwargs={"year": workshop.idm_year.year, "slug": workshop.slug}
        )

    def lastmod(self, release):
        return release.published_at


class SpeakerSitemap(Sitemap):
    """The pages of the speakers in the latest release of a published workshop."""

    i18n = True
    alternates = True

    def items(self):
        return Speaker.objects.filter(pk__in=published_speaker_ids()).order_by("pk")


class DiscussionNoteSitemap(Sitemap):
    """Published discussion notes, each language version as a page."""

    i18n = True
    alternates = True

    def items(self):
        return DiscussionNote.objects.filter(status=DiscussionNote.Status.PUBLISHED).order_by(
            "symbol", "language"
        )

    def lastmod(self, note):
        return note.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "years": WorkshopListSitemap,
    "workshops": WorkshopSitemap,
    "agendas": AgendaSitemap,
    "speakers": SpeakerSitemap,
    "notes": DiscussionNoteSitemap,
}
