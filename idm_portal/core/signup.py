"""Accounts: the sign-up form, in its own module (allauth's forms import
``ACCOUNT_SIGNUP_FORM_CLASS`` from ``forms.py`` while they load)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, which takes as long for a known address as for a new one.

    For an address that already has an account allauth creates nothing and e-mails "you
    already have an account" (ACCOUNT_PREVENT_ENUMERATION); the page is the same. What made
    the new account slower is hashing its password (PBKDF2, by design hundreds of
    milliseconds): the password is hashed here for the known address too, and thrown away.
    Both paths then queue one e-mail through the outbox."""

    def try_save(self, request):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
