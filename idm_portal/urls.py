from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from idm_portal import views
from idm_portal.core import language
from idm_portal.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # The language switch (Django's own set_language lands back on /en/: see language.py)
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("api/v1/", include("idm_portal.api_urls", namespace="api")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("workshops/", include("workshops.urls")),
    path("consultations/", include("consultations.urls")),
    # Turnout across the membership (workshops and voting rounds)
    path("turnout/", views.turnout_index, name="turnout_index"),
    path("turnout/<int:year>/", views.turnout, name="turnout"),
    path("turnout/<int:year>/turnout.csv", views.turnout_csv, name="turnout_csv"),
    path(
        "turnout/workshops/<int:pk>/remind/",
        views.remind_workshop,
        name="turnout_remind_workshop",
    ),
    path("turnout/rounds/<int:pk>/remind/", views.remind_round, name="turnout_remind_round"),
    path("", include("idm_portal.core.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# Uploaded files are never served from MEDIA_ROOT directly, even in DEBUG: documents go
# through workshops:document, which checks who may see them.
