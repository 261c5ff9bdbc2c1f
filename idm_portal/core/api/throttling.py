"""Rate limits: per API token (settings.API_RATE_PER_TOKEN), and per client address for
requests without a token (settings.API_RATE_ANONYMOUS). Over the limit: 429 with
Retry-After."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from idm_portal.core.api.permissions import token_of


class PerTokenThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read at each request (not once at import), so that the settings decide.
        return None

    def allow_request(self, request, view):
        token = token_of(request)
        rate = settings.API_RATE_PER_TOKEN if token else settings.API_RATE_ANONYMOUS
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        token = token_of(request)
        ident = f"token-{token.pk}" if token else f"address-{self.get_ident(request)}"
        return f"api-throttle-{ident}"
