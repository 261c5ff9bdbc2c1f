"""django-allauth, adapted: its account e-mails go through the portal's outbox, with their
links kept secret (see services/outbox.py); MFA secrets are stored encrypted."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

from idm_portal.core import crypto
from idm_portal.core.language import page_in_language
from idm_portal.core.services.outbox import queue_mail

# Context values of allauth's e-mails that let whoever reads them act as the recipient:
# the outbox stores the mail with these redacted and sends them only to the recipient.
SECRET_CONTEXT_KEYS = ("password_reset_url", "activate_url", "key", "code", "token")
EMAIL_MAX_LENGTH = 254
LINK_CONTEXT_KEYS = ("password_reset_url", "activate_url")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or self.request
        full_context = {"email": email, "current_site": get_current_site(request)}
        full_context.update(context)
        user = full_context.get("user")
        language = getattr(user, "preferred_language", None)
        if language:
            # allauth builds its links in the language of the page the request came from;
            # the e-mail is in the recipient's language, and so are its links.
            for key in LINK_CONTEXT_KEYS:
                if isinstance(full_context.get(key), str):
                    full_context[key] = page_in_language(full_context[key], language)
        queue_mail(
            to=email,
            template=template_prefix,
            context=full_context,
            language=language,
            secrets=[
                full_context[key]
                for key in SECRET_CONTEXT_KEYS
                if isinstance(full_context.get(key), str)
            ],
        )

    def save_user(self, request, user, form, commit=True):
        # The language the person signed up in is the language of their e-mails.
        language = (getattr(request, "LANGUAGE_CODE", "") or "en")[:2]
        if language in ("en", "fr", "es"):
            user.preferred_language = language
        return super().save_user(request, user, form, commit=commit)

    def clean_email(self, email):
        # An address is at most 254 characters (RFC 5321), the length of the portal's
        # e-mail columns: a longer one is a form error, not a database error (a 500). Every
        # allauth form that takes an address (sign-up, reset, add an address) asks here.
        if len(email) > EMAIL_MAX_LENGTH:
            raise ValidationError(
                _("Enter an e-mail address of at most %(limit)s characters.")
                % {"limit": EMAIL_MAX_LENGTH}
            )
        return super().clean_email(email)

    def get_client_ip(self, request):
        # allauth raises ImproperlyConfigured (a 500) when X-Forwarded-For holds fewer
        # addresses than ALLAUTH_TRUSTED_PROXY_COUNT: a request that did not come through
        # every proxy. Its socket address is then the one to count.
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META["REMOTE_ADDR"]


# Authenticators that count as a second factor (recovery codes are a fallback only).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


class MfaAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds encrypted with a key derived from SECRET_KEY; a
    Secretariat member cannot remove their last second factor (MFA is required of them)."""

    def encrypt(self, text):
        return crypto.encrypt_text(text, purpose="mfa")

    def decrypt(self, encrypted_text):
        return crypto.decrypt_text(encrypted_text, purpose="mfa")

    def can_delete_authenticator(self, authenticator):
        from idm_portal.core.middleware import mfa_required_of

        if authenticator.type not in SECOND_FACTORS or not mfa_required_of(authenticator.user):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists()
