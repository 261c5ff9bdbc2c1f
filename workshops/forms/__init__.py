"""Forms of workshops (crispy, Bootstrap 5), one module per topic; every form is re-exported
here, so that ``from workshops.forms import RegistrationForm`` works wherever it lives."""

from .agendas import AssignSpeakerForm, DocumentForm, ReorderForm, SessionForm, SpeakerForm
from .invitations import (
    DeclineInvitationForm,
    InvitationCsvForm,
    InvitationFilterForm,
    InvitationMessageForm,
    InviteAddressForm,
    InviteFocalPointsForm,
    LinkInvitationAccountForm,
    SendInvitationsForm,
)
from .registration import (
    ChosenOrProposedOrganizationField,
    PassportDetailsForm,
    RegistrationChangeForm,
    RegistrationForm,
)
from .suggestions import (
    AcceptSuggestionForm,
    DeclineSuggestionForm,
    SuggestionCommentForm,
    SuggestionFilter,
    SuggestionForm,
)

__all__ = [
    "AcceptSuggestionForm",
    "AssignSpeakerForm",
    "ChosenOrProposedOrganizationField",
    "DeclineInvitationForm",
    "DeclineSuggestionForm",
    "DocumentForm",
    "InvitationCsvForm",
    "InvitationFilterForm",
    "InvitationMessageForm",
    "InviteAddressForm",
    "InviteFocalPointsForm",
    "LinkInvitationAccountForm",
    "PassportDetailsForm",
    "RegistrationChangeForm",
    "RegistrationForm",
    "ReorderForm",
    "SendInvitationsForm",
    "SessionForm",
    "SpeakerForm",
    "SuggestionCommentForm",
    "SuggestionFilter",
    "SuggestionForm",
]
