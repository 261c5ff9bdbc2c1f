"""The API's documentation page: Swagger UI served from static/vendor (no CDN), its
start-up script as a file of its own (no inline script: the Content-Security-Policy)."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocs(SpectacularSwaggerSplitView):
    template_name = "core/api/swagger_ui.html"
    title = "IDM Portal API"
    url_name = "api:schema"
