"""Forms of registration: a delegate's registration, its changes, and the passport
details of a visa support letter (crispy, Bootstrap 5)."""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from idm_portal.core.models import Organization
from workshops.models import PassportDetails, Registration
from workshops.services.registration import CHANGEABLE_FIELDS as REGISTRATION_CHANGEABLE_FIELDS
from workshops.services.registration import DETAIL_FIELDS as REGISTRATION_DETAIL_FIELDS


class _OptionalSelect(forms.Select):
    """A select without the browser's ``required`` check: its empty choice is allowed when
    the form finds the value elsewhere."""

    def use_required_attribute(self, initial):
        return False


class ChosenOrProposedOrganizationField(forms.ModelChoiceField):
    """The organization of a registration: marked required (an asterisk, aria-required),
    since one is needed, but left empty when a new one is proposed below; the form's
    ``clean`` checks that there is one or the other."""

    widget = _OptionalSelect

    def validate(self, value):
        pass


def _country_choices():
    return [("", "---------"), *countries]


class RegistrationForm(forms.Form):
    """A delegate's registration for a workshop: on behalf of a confirmed organization chosen
    from the list, or of a new one proposed here for the Secretariat to check."""

    badge_name = forms.CharField(label=_("Name as it should appear on the badge"), max_length=120)
    title = forms.CharField(
        label=_("Title"), max_length=40, required=False, help_text=_("Ms, Mr, Dr, H.E., ...")
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    organization = ChosenOrProposedOrganizationField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        empty_label=_("— not in the list: propose it below —"),
        widget=_OptionalSelect(attrs={"aria-required": "true"}),
    )
    new_organization_name = forms.CharField(
        label=_("Name of the organization"), max_length=255, required=False
    )
    new_organization_kind = forms.ChoiceField(
        label=_("Kind"), choices=Organization.Kind.choices, required=False
    )
    new_organization_country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        help_text=_("Required for a government."),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        help_text=_("“Same as the organization” uses the kind of your organization."),
    )
    special_requirements = forms.CharField(
        label=_("Special requirements"),
        required=False,
        max_length=2000,
        help_text=_("Access, diet, ..."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    needs_visa_letter = forms.BooleanField(label=_("I need a visa support letter"), required=False)
    consents_to_list = forms.BooleanField(
        label=_("My name may appear in the published list of participants"), required=False
    )

    # The fields given as they are to the register service.
    DETAIL_FIELDS = REGISTRATION_DETAIL_FIELDS  # given as they are to the register service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(
            is_confirmed=True
        ).order_by("kind", "name")
        self.fields["new_organization_kind"].choices = [
            ("", "---------"),
            *Organization.Kind.choices,
        ]
        # A callable: the ~250 country names are translated and sorted only when the list is
        # shown or a country was given, not for each registration that names its organization.
        self.fields["new_organization_country"].choices = _country_choices
        self.fields["category"].choices = [
            ("", _("Same as the organization")),
            *Organization.Kind.choices,
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column(Field("title"), css_class="col-md-3"),
                Column(Field("badge_name"), css_class="col-md-9"),
            ),
            Row(
                Column(Field("position"), css_class="col-md-6"),
                Column(Field("email"), css_class="col-md-6"),
            ),
            Field("organization"),
            Fieldset(
                _("Or propose a new organization (the Secretariat will check it)"),
                Row(
                    Column(Field("new_organization_name"), css_class="col-md-6"),
                    Column(Field("new_organization_kind"), css_class="col-md-3"),
                    Column(Field("new_organization_country"), css_class="col-md-3"),
                ),
            ),
            Field("category"),
            Field("special_requirements"),
            Field("needs_visa_letter"),
            Field("consents_to_list"),
        )

    def clean(self):
        data = super().clean()
        organization = data.get("organization")
        proposed = data.get("new_organization_name", "").strip()
        if organization is None and not proposed and "organization" not in self.errors:
            self.add_error(
                "organization", _("Choose your organization, or propose a new one below.")
            )
        elif organization is not None and proposed:
            self.add_error(
                "new_organization_name",
                _("Choose an organization from the list or propose a new one, not both."),
            )
        elif organization is None and proposed and not data.get("new_organization_kind"):
            self.add_error("new_organization_kind", _("Say what kind of organization it is."))
        return data

    def proposed_organization(self):
        """The keyword arguments of propose_organization, or None when one was chosen."""
        if self.cleaned_data["organization"] is not None:
            return None
        return {
            "name": self.cleaned_data["new_organization_name"],
            "kind": self.cleaned_data["new_organization_kind"],
            "country": self.cleaned_data["new_organization_country"],
        }

    def category_for(self, organization):
        return self.cleaned_data["category"] or organization.kind

    def details(self):
        return {name: self.cleaned_data[name] for name in self.DETAIL_FIELDS}


class RegistrationChangeForm(forms.ModelForm):
    """What a delegate may still change in a registration."""

    class Meta:
        model = Registration
        fields = list(REGISTRATION_CHANGEABLE_FIELDS)
        labels = {
            "badge_name": _("Name as it should appear on the badge"),
            "needs_visa_letter": _("I need a visa support letter"),
            "consents_to_list": _("My name may appear in the published list of participants"),
        }
        widgets = {"special_requirements": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def changes(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class PassportDetailsForm(forms.ModelForm):
    """The passport details a visa support letter needs, as written in the passport."""

    class Meta:
        model = PassportDetails
        fields = ["name_in_passport", "nationality", "passport_number", "date_of_birth"]
        labels = {"name_in_passport": _("Name as written in the passport")}
        help_texts = {"passport_number": _("Letters and digits, as printed in the passport.")}
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_name_in_passport(self):
        name = " ".join(self.cleaned_data["name_in_passport"].split())
        if not name:
            raise forms.ValidationError(_("This field is required."))
        return name

    def clean_passport_number(self):
        number = "".join(self.cleaned_data["passport_number"].split()).upper()
        if not re.fullmatch(r"[A-Z0-9]{5,20}", number):
            raise forms.ValidationError(
                _("A passport number has 5 to 20 letters and digits, nothing else.")
            )
        return number

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today or born.year < 1900:
            raise forms.ValidationError(_("Enter the date of birth written in the passport."))
        return born
