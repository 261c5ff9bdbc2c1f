"""django-allauth, adapted: its account e-mails go through the portal's outbox, with their
links kept secret (see services/outbox.py); MFA secrets are stored encrypted."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.sites.shortcuts import get_current_site

from idm_portal.core import crypto
from idm_portal.core.services.outbox import queue_mail

# Context values of allauth's e-mails that let whoever reads them act as the recipient:
# the outbox stores the mail with these redacted and sends them only to the recipient.
SECRET_CONTEXT_KEYS = ("password_reset_url", "activate_url", "key", "code", "token")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        request = context.get("request") or self.request
        full_context = {"email": email, "current_site": get_current_site(request)}
        full_context.update(context)
        user = full_context.get("user")
        language = getattr(user, "preferred_language", None)
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
