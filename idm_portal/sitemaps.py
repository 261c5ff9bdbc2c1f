"""/sitemap.xml: every public page, in every language."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from idm_portal.core.models import IdmYear
from workshops.queries import published_workshops


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


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "years": WorkshopListSitemap,
    "workshops": WorkshopSitemap,
}
