"""Forms of invitations: whom to invite, the invitation's text, sending, filtering,
and the invitee's answer (crispy, Bootstrap 5)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import Organization


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
