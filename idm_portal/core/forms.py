"""Forms of the ground floor (crispy, Bootstrap 5)."""

from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from idm_portal.core import roles
from idm_portal.core.models import User
from idm_portal.core.services.accounts import update_profile


class SignupDetailsForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password."""

    name = forms.CharField(label=_("Full name"), max_length=200)

    def signup(self, request, user):
        update_profile(
            user, name=self.cleaned_data["name"], preferred_language=user.preferred_language
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "preferred_language"]
        help_texts = {
            "preferred_language": _("The portal writes to you in this language."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def save(self, commit=True):
        return update_profile(
            self.instance,
            name=self.cleaned_data["name"],
            preferred_language=self.cleaned_data["preferred_language"],
        )


class CloseAccountForm(forms.Form):
    """Closing an account: the password again, and a tick that the person means it."""

    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account is closed for good and my registrations are anonymised."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("close", _("Close my account"), css_class="btn-danger"))


# Accounts: the roles page


ROLE_LABELS = {
    roles.AGENDA_EDITORS: _("Agenda editors"),
    roles.REGISTRATION_OFFICERS: _("Registration officers"),
    roles.INVITATION_OFFICERS: _("Invitations"),
    roles.CONSULTATION_OFFICERS: _("Consultations and notes"),
    roles.USER_ADMINISTRATORS: _("User administrators"),
    roles.SECRETARIAT_GROUP: _("Secretariat (every role)"),
}


def role_choices():
    return [(role, ROLE_LABELS[role]) for role in roles.SECRETARIAT_ROLES]


class RoleChangeForm(forms.Form):
    """Grant a Secretariat role to the account with an e-mail address (or revoke it)."""

    email = forms.EmailField(label=_("E-mail address of the account"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=role_choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        self.user = user
        return email


class ApiTokenForm(forms.Form):
    """A new API token: for which system, with which scopes, until when."""

    name = forms.CharField(label=_("System"), max_length=120, help_text=_("Who uses this token."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Public data needs no token."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from idm_portal.core.models import ApiToken

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scopes"]).choices = ApiToken.Scope.choices
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Create the token")))


class WebhookForm(forms.Form):
    """A receiver of events: which system, at which URL, for which events."""

    name = forms.CharField(label=_("System"), max_length=120)
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        from idm_portal.core.models import Webhook

        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["events"]).choices = Webhook.Event.choices
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Add the webhook")))


def add_service_errors(form, error, field_names=None):
    """Show a service's ValidationError on ``form``: each field's messages under that field
    (a service's field name mapped through ``field_names`` where the form calls it
    otherwise), the rest, and an error without fields, above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        field = (field_names or {}).get(name, name)
        form.add_error(field if field in form.fields else None, errors)


def submit(request, form, action, *, done, to):
    """A form page's POST: when ``form`` is posted and valid, run ``action()`` (the service
    call); its ValidationError shows on the form, else the ``done`` message and a redirect
    to ``to`` (a URL or URL name, or a function of what ``action`` returned). Returns the
    redirect, or None when the page shows the form (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, done)
    return redirect(to(result) if callable(to) else to)


def act(request, action, *, done, to, explain=None):
    """A POST without a form (withdraw, send): run ``action()``; its ValidationError is said
    in an error message (``explain(error)``, else its messages), else ``done`` in a success
    message; then a redirect to ``to`` either way."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, explain(error) if explain else " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect(to)
