"""Forms of the ground floor (crispy, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

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
        self.fields["scopes"].choices = ApiToken.Scope.choices
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
        self.fields["events"].choices = Webhook.Event.choices
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", _("Add the webhook")))
