"""Forms of the day in the room (crispy, Bootstrap 5): a delegation's statement, the
settings of a list of speakers, and the Secretariat adding a delegation to it."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import Organization
from workshops.models import Session, SpeakersList

STATEMENT_ACCEPT = ".pdf,.docx,application/pdf," + (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def _helper():
    helper = FormHelper()
    helper.form_tag = False  # the template's <form> has the token and the buttons
    return helper


class StatementForm(forms.Form):
    """A focal point's upload of the statement its delegation delivered in a session. The
    file is checked by its content in ``workshops.services.statements.upload_statement``."""

    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none())
    member_state = forms.ModelChoiceField(
        label=_("Member state"), queryset=Organization.objects.none(), empty_label=None
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")
    check_against_delivery = forms.BooleanField(
        label=_("Check against delivery"),
        required=False,
        initial=True,
        help_text=_("The text as prepared; the words spoken in the room prevail."),
    )
    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": STATEMENT_ACCEPT}),
    )

    def __init__(self, *args, workshop, member_states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.filter(workshop=workshop).exclude(
            kind__in=[Session.Kind.BREAK, Session.Kind.LUNCH]
        )
        self.fields["member_state"].queryset = Organization.objects.filter(
            pk__in=[state.pk for state in member_states]
        )
        self.fields["file"].help_text = _("PDF or Word (DOCX), at most %(limit)d MB.") % {
            "limit": settings.DOCUMENT_MAX_UPLOAD_MB
        }
        self.helper = _helper()


class SpeakersListForm(forms.ModelForm):
    """The chair's settings of a list of speakers."""

    speaking_time = forms.IntegerField(
        label=_("Speaking time in seconds"),
        min_value=0,
        max_value=3600,
        help_text=_("0: no limit."),
    )

    class Meta:
        model = SpeakersList
        fields = ["order", "speaking_time", "is_open"]
        widgets = {"order": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AddDelegationForm(forms.Form):
    """The Secretariat puts a delegation on the list (one that asked by raising its flag)."""

    organization = forms.ModelChoiceField(
        label=_("Delegation"),
        queryset=Organization.objects.filter(is_confirmed=True).order_by("name"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()
