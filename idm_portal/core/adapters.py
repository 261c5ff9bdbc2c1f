"""django-allauth, adapted: its account e-mails go through the portal's outbox."""

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured

from idm_portal.core.services.outbox import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or self.request
        full_context = {"email": email, "current_site": get_current_site(request)}
        full_context.update(context)
        user = full_context.get("user")
        language = getattr(user, "preferred_language", None)
        queue_mail(to=email, template=template_prefix, context=full_context, language=language)

    def save_user(self, request, user, form, commit=True):
        # The language the person signed up in is the language of their e-mails.
        language = (getattr(request, "LANGUAGE_CODE", "") or "en")[:2]
        if language in ("en", "fr", "es"):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request):
        # allauth raises ImproperlyConfigured (a 500) when X-Forwarded-For holds fewer
        # addresses than ALLAUTH_TRUSTED_PROXY_COUNT: a request that did not come through
        # every proxy. Its socket address is then the one to count.
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META["REMOTE_ADDR"]
