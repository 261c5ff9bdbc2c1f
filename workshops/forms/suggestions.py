"""Forms of suggestions of case studies and speakers for a workshop: the member state's
suggestion, comments, the Secretariat's decision, and the list's filter."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from idm_portal.core.models import Organization
from workshops.models import Suggestion
from workshops.services import suggestions as suggestion_services


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
