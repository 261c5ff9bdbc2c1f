"""Forms of workshops (crispy, Bootstrap 5)."""

import re

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from idm_portal.core import languages
from idm_portal.core.languages import per_language
from idm_portal.core.models import Organization
from idm_portal.core.params import object_id
from workshops.models import (
    Document,
    PassportDetails,
    Registration,
    Session,
    SessionSpeaker,
    Speaker,
    Suggestion,
)
from workshops.services import suggestions as suggestion_services
from workshops.services.documents import CONTENT_TYPES as DOCUMENT_CONTENT_TYPES
from workshops.services.registration import CHANGEABLE_FIELDS as REGISTRATION_CHANGEABLE_FIELDS
from workshops.services.registration import DETAIL_FIELDS as REGISTRATION_DETAIL_FIELDS


class SessionForm(forms.ModelForm):
    """A session of the agenda editor. The model refuses a session that ends before (or
    when) it starts; the form shows that message under "ends"."""

    class Meta:
        model = Session
        fields = [
            "date", "start_time", "end_time", "kind", "room",
            *per_language("title", "description"),
        ]  # fmt: skip
        labels = {"date": _("Day")}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            **{name: forms.Textarea(attrs={"rows": 2}) for name in per_language("description")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].widget.attrs["placeholder"] = _("Room XVII")
        languages.prepare(self, "title", "description")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # htmx sends the token in a header
        # Laid out for a day's column (about 25rem), whatever the window's width.
        # Title and description: English, French and Spanish one under another (the column
        # is too narrow for three side by side).
        self.helper.layout = Layout(
            languages.side_by_side(self, "title", width=12),
            Row(
                Column(Field("date"), css_class="col-6"),
                Column(Field("kind"), css_class="col-6"),
                css_class="g-2",
            ),
            Row(
                Column(Field("start_time"), css_class="col-4"),
                Column(Field("end_time"), css_class="col-4"),
                Column(Field("room"), css_class="col-4"),
                css_class="g-2",
            ),
            languages.side_by_side(self, "description", width=12),
        )

    def changes(self):
        """The cleaned values, as the agenda services take them."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class SpeakerForm(forms.ModelForm):
    """A new speaker, created on the spot and given a role in a session."""

    role = forms.ChoiceField(
        label=_("Role"), choices=SessionSpeaker.Role.choices, initial=SessionSpeaker.Role.PANELLIST
    )

    class Meta:
        model = Speaker
        fields = ["title", "name", "position", "organization", "email"]
        help_texts = {"title": "", "email": _("Not published.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["placeholder"] = _("Ms, Mr, Dr, H.E.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column(Field("title"), css_class="col-4"),
                Column(Field("name"), css_class="col-8"),
                css_class="g-2",
            ),
            Field("position"),
            Field("organization"),
            Row(
                Column(Field("email"), css_class="col-7"),
                Column(Field("role"), css_class="col-5"),
                css_class="g-2",
            ),
        )

    def speaker_fields(self):
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class AssignSpeakerForm(forms.Form):
    """An existing speaker (picked from the search) and the role they get in a session."""

    speaker = forms.ModelChoiceField(label=_("Speaker"), queryset=Speaker.objects.all())
    role = forms.ChoiceField(label=_("Role"), choices=SessionSpeaker.Role.choices)


class ReorderForm(forms.Form):
    """One day of a workshop and its sessions' ids, in their new order."""

    date = forms.DateField(label=_("Day"))

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.session_ids = data.getlist("session") if hasattr(data, "getlist") else []

    def clean(self):
        cleaned = super().clean()
        try:
            cleaned["session_ids"] = [int(value) for value in self.session_ids]
            if any(object_id(value) is None for value in self.session_ids):
                raise ValueError
        except ValueError:
            raise forms.ValidationError(
                _("The order lists something that is not a session.")
            ) from None
        if not cleaned["session_ids"]:
            raise forms.ValidationError(_("The order lists no session."))
        return cleaned


class DocumentForm(forms.Form):
    """Upload of a document to a workshop (and optionally one of its sessions). The file is
    checked by its content in ``workshops.services.documents.upload_document``; ``accept``
    only helps the browser's file picker."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.docx,.pptx,.xlsx," + ",".join(DOCUMENT_CONTENT_TYPES.values())}
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Unticked, only the Secretariat can open it."),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("The whole workshop"),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["session"].queryset = Session.objects.filter(workshop=workshop)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), PowerPoint (PPTX) or Excel (XLSX), at most %(limit)d MB."
        ) % {"limit": settings.DOCUMENT_MAX_UPLOAD_MB}
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template's <form> carries the htmx attributes
        self.helper.disable_csrf = True  # the template's <form> has the token


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
        self.fields["new_organization_country"].choices = [("", "---------"), *countries]
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


# --- Invitations ---


class InviteFocalPointsForm(forms.Form):
    """Invite the focal points of member states, of observer states, of chosen
    organizations."""

    member_states = forms.BooleanField(
        label=_("The focal points of all member states"), required=False
    )
    observer_states = forms.BooleanField(
        label=_("The focal points of all observer states"), required=False
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("The focal points of these organizations"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organizations"].queryset = Organization.objects.filter(
            focal_points__isnull=False
        ).distinct()

    def clean(self):
        data = super().clean()
        if not (
            data.get("member_states") or data.get("observer_states") or data.get("organizations")
        ):
            raise forms.ValidationError(_("Tick a group or choose organizations."))
        return data


class InviteAddressForm(forms.Form):
    """One person, by e-mail address."""

    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    organization = forms.ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— none, or not in the list —"),
    )
    organization_name = forms.CharField(
        label=_("Or the organization's name"), max_length=255, required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(is_confirmed=True)


class InvitationCsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, email, organization, language (en, fr or es; empty means en). "
            "UTF-8, comma or semicolon separated, the first line naming the columns."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


class InvitationMessageForm(forms.Form):
    """The invitation's text in one language; unknown placeholders are refused here."""

    subject = forms.CharField(label=_("Subject"), max_length=250)
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 16}), max_length=20_000
    )

    def clean(self):
        from workshops.services.invitation_messages import PLACEHOLDERS, unknown_placeholders

        data = super().clean()
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        for name in ("subject", "body"):
            unknown = unknown_placeholders(data.get(name, ""))
            if unknown:
                self.add_error(
                    name,
                    _("Unknown placeholder: %(names)s. Use only: %(known)s.")
                    % {"names": ", ".join(f"{{{word}}}" for word in unknown), "known": known},
                )
        if "body" in data and "{answer_link}" not in data["body"]:
            self.add_error(
                "body", _("The message must contain {answer_link}: it is how people answer.")
            )
        return data


class SendInvitationsForm(forms.Form):
    WHEN = (("now", _("Now")), ("later", _("At a chosen time")))

    when = forms.ChoiceField(label=_("Send"), choices=WHEN, initial="now", widget=forms.RadioSelect)
    send_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, time_zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone  # a tzinfo: the workshop's zone

    def clean(self):
        from django.utils import timezone

        data = super().clean()
        if data.get("when") != "later":
            data["send_at"] = None
            return data
        moment = data.get("send_at")
        if moment is None:
            self.add_error("send_at", _("Say when to send."))
            return data
        moment = timezone.make_aware(moment.replace(tzinfo=None), self.time_zone)
        if moment <= timezone.now():
            self.add_error("send_at", _("This moment has passed: choose a later one."))
        data["send_at"] = moment
        return data


class InvitationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or organization"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, **kwargs):
        from workshops.models import Invitation

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *Invitation.Status.choices]
        self.fields["language"].choices = [("", _("All languages")), *settings.LANGUAGES]

    def filter(self, invitations):
        from django.db.models import Q

        if not self.is_valid():
            return invitations
        data = self.cleaned_data
        if data["q"].strip():
            words = data["q"].strip()
            invitations = invitations.filter(
                Q(name__icontains=words)
                | Q(email__icontains=words)
                | Q(organization_name__icontains=words)
            )
        if data["status"]:
            invitations = invitations.filter(status=data["status"])
        if data["language"]:
            invitations = invitations.filter(language=data["language"])
        return invitations


class DeclineInvitationForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LinkInvitationAccountForm(forms.Form):
    """The Secretariat allows another account to accept an invitation (the invitee signs in
    with another address)."""

    email = forms.EmailField(label=_("E-mail address of the account"))

    def clean_email(self):
        from idm_portal.core.models import User

        email = self.cleaned_data["email"]
        account = User.objects.filter(email__iexact=email, is_active=True).first()
        if account is None:
            raise forms.ValidationError(_("No account has this e-mail address."))
        self.account = account
        return email


# --- Suggestions of case studies and speakers for a workshop ---


class SuggestionForm(forms.Form):
    """A focal point's suggestion for a workshop. The service checks the rest (a speaker's
    name and contact, the lengths) and its messages show under the fields."""

    member_state = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organization.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("You are not a focal point of that member state.")},
    )
    kind = forms.ChoiceField(
        label=_("You suggest"),
        choices=Suggestion.Kind.choices,
        widget=forms.RadioSelect,
        initial=Suggestion.Kind.CASE_STUDY,
        error_messages={"invalid_choice": _("Choose a case study, a speaker or other input.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=suggestion_services.TITLE_MAX,
        help_text=_("For a speaker: the subject they would speak on."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=suggestion_services.DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What it is and why it fits the workshop. Plain text, or Markdown: *emphasis*, "
            "**bold**, lists, [links](https://…); HTML is removed."
        ),
    )
    speaker_name = forms.CharField(label=_("Name of the speaker"), max_length=200, required=False)
    speaker_position = forms.CharField(label=_("Position"), max_length=300, required=False)
    speaker_organization = forms.CharField(label=_("Organization"), max_length=300, required=False)
    speaker_email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.EmailInput,
    )
    speaker_phone = forms.CharField(
        label=_("Telephone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+41 22 717 91 11"}),
    )

    SPEAKER_FIELDS = suggestion_services.SPEAKER_FIELDS

    def __init__(self, *args, member_states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = Organization.objects.filter(
            pk__in=[state.pk for state in member_states]
        ).order_by("name")
        if len(member_states) == 1:
            self.fields["member_state"].initial = member_states[0].pk
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("member_state"),
            Field("kind"),
            Field("title"),
            Field("description"),
            Fieldset(
                _(
                    "The speaker and how to reach them (seen only by the Secretariat and your "
                    "member state)"
                ),
                Row(
                    Column(Field("speaker_name"), css_class="col-md-6"),
                    Column(Field("speaker_position"), css_class="col-md-6"),
                ),
                Field("speaker_organization"),
                Row(
                    Column(Field("speaker_email"), css_class="col-md-7"),
                    Column(Field("speaker_phone"), css_class="col-md-5"),
                ),
                css_id="speaker-fields",
            ),
        )

    def submission(self):
        """The keyword arguments of submit_suggestion."""
        data = self.cleaned_data
        return {
            "member_state": data["member_state"],
            "kind": data["kind"],
            "title": data["title"],
            "description": data["description"],
            **{name: data[name] for name in self.SPEAKER_FIELDS},
        }


class SuggestionCommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        max_length=suggestion_services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a comment first.")},
    )


class AcceptSuggestionForm(forms.Form):
    """Shown beside the decline form: its own ids, so that each label finds its field."""

    reason = forms.CharField(
        label=_("Note to the member state (optional)"),
        max_length=suggestion_services.TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "accept_%s")
        super().__init__(*args, **kwargs)


class DeclineSuggestionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining (the member state reads it)"),
        max_length=suggestion_services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Say why the suggestion is declined: the member state reads it.")
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decline_%s")
        super().__init__(*args, **kwargs)


class SuggestionFilter(django_filters.FilterSet):
    """The Secretariat's list of a workshop's suggestions, by kind, status and member
    state."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Suggestion.Kind.choices, empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Suggestion.Status.choices, empty_label=_("All statuses")
    )
    member_state = django_filters.ModelChoiceFilter(
        label=_("Member state"),
        queryset=Organization.objects.none(),
        empty_label=_("All member states"),
    )

    class Meta:
        model = Suggestion
        fields = ["kind", "status", "member_state"]

    def __init__(self, data=None, queryset=None, *, workshop, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Only the member states that made suggestions for this workshop, by name.
        self.filters["member_state"].queryset = Organization.objects.filter(
            pk__in=Suggestion.objects.filter(workshop=workshop).values("member_state")
        ).order_by("name")
