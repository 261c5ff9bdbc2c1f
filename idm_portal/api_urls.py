"""The API under /api/v1/ (outside the language prefix: the language is asked with
Accept-Language or ?lang=): each app's endpoints, the OpenAPI schema and its documentation
page. Composed here, on the top floor, which may import every app."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from idm_portal.core.api.docs import ApiDocs
from idm_portal.core.api.views import NoSuchEndpoint

app_name = "api"

urlpatterns = [
    path("", include("idm_portal.core.api.urls")),
    path("", include("workshops.api.urls")),
    path("", include("consultations.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocs.as_view(), name="docs"),
    re_path(r"", NoSuchEndpoint.as_view(), name="no_such_endpoint"),
]
