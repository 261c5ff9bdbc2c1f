"""Forms of consultations."""

import datetime as dt
import secrets

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.models import (
    RATIONALE_MAX_LENGTH,
    DiscussionNote,
    ThemeProposal,
    VotingRound,
    note_slug,
)
from consultations.services.notes import NOTE_FIELDS
from consultations.services.voting import GENEVA
from idm_portal.core.languages import LANGUAGE_NAMES, MISSING
from idm_portal.core.models import Organization
from idm_portal.core.params import object_id

# --- Theme consultations: proposals, suggestions, voting rounds, adoption ---


class ThemeProposalForm(forms.Form):
    """A theme proposal: title, summary and rationale in English (required, but for the
    summary), French and Spanish side by side."""

    target_year = forms.IntegerField(label=_("IDM year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("English"), max_length=200)
    summary = forms.CharField(
        label=_("English"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rationale = forms.CharField(
        label=_("English"),
        max_length=RATIONALE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: paragraphs, *emphasis*, lists, links."),
    )
    TRANSLATED = {"title": _("Title"), "summary": _("Short summary"), "rationale": _("Rationale")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.TRANSLATED:
            english = self.fields[name]
            for code in ("fr", "es"):
                field = forms.CharField(
                    label=LANGUAGE_NAMES[code],
                    max_length=english.max_length,
                    required=False,
                    widget=type(english.widget)(attrs=dict(english.widget.attrs)),
                )
                if self.initial.get(name) and not self.initial.get(f"{name}_{code}"):
                    field.help_text = MISSING[code]
                self.fields[f"{name}_{code}"] = field
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("target_year"),
            *(
                Fieldset(
                    legend,
                    Row(*(Column(Field(f), css_class="col-md-4") for f in self._names(name))),
                    css_class="languages",
                )
                for name, legend in self.TRANSLATED.items()
            ),
        )

    @staticmethod
    def _names(name):
        return (name, f"{name}_fr", f"{name}_es")

    def translations(self):
        """The French and Spanish texts, as the theme services take them."""
        return {
            f"{name}_{code}": self.cleaned_data[f"{name}_{code}"]
            for name in self.TRANSLATED
            for code in ("fr", "es")
        }

    def english(self):
        return {name: self.cleaned_data[name] for name in self.TRANSLATED}


class ThemeSuggestionForm(forms.Form):
    """A focal point's alternative theme. The member state is one of the user's own: any
    other value posted is refused as an invalid choice."""

    member_state = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organization.objects.none(), empty_label=None
    )
    target_year = forms.IntegerField(label=_("IDM year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Proposed theme"), max_length=200)
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=RATIONALE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Why this theme? Markdown: paragraphs, *emphasis*, lists, links."),
    )

    def __init__(self, *args, member_states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = Organization.objects.filter(
            pk__in=[state.pk for state in member_states]
        )


class GenevaDateTimeField(forms.DateTimeField):
    """A date and time typed in Geneva time (the Secretariat's), whatever the server's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value  # a stored time (the initial value of a disabled field), not typed
        moment = super().to_python(value)
        if moment is None:
            return None
        return moment.replace(tzinfo=None).replace(tzinfo=GENEVA)


class VotingRoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("In English."))
    title_fr = forms.CharField(label=_("Title in French"), max_length=200, required=False)
    title_es = forms.CharField(label=_("Title in Spanish"), max_length=200, required=False)
    target_year = forms.IntegerField(label=_("IDM year"), min_value=2000, max_value=2100)
    opens_at = GenevaDateTimeField(label=_("Opens (Geneva time)"))
    closes_at = GenevaDateTimeField(label=_("Closes (Geneva time)"))
    method = forms.ChoiceField(label=_("Method"), choices=VotingRound.Method.choices)
    secrecy = forms.ChoiceField(label=_("Ballot secrecy"), choices=VotingRound.Secrecy.choices)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (per cent of member states)"), min_value=0, max_value=100, initial=50
    )
    allow_abstain = forms.BooleanField(label=_("Member states may abstain"), required=False)
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals on the ballot"),
        queryset=ThemeProposal.objects.exclude(
            status__in=[ThemeProposal.Status.WITHDRAWN, ThemeProposal.Status.SELECTED]
        ),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, fixed=False, **kwargs):
        """``fixed``: the round is open, so what was announced is shown but not editable
        (a disabled field keeps its initial value whatever is posted)."""
        super().__init__(*args, **kwargs)
        for code in ("fr", "es"):  # a saved round without this language: marked
            if self.initial.get("title") and not self.initial.get(f"title_{code}"):
                self.fields[f"title_{code}"].help_text = MISSING[code]
        if fixed:
            for name in ("target_year", "opens_at", "method", "secrecy", "quorum_percent",
                         "allow_abstain", "proposals"):  # fmt: skip
                self.fields[name].disabled = True

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The round must close after it opens."))
        return data


class BallotForm(forms.Form):
    """A ballot: the member state (one of the voter's), and either one proposal (single
    choice) or a rank for each proposal (ranked choice), or an abstention. ``submission``
    is a random token of this form: the same form posted twice counts once."""

    ABSTAIN = "abstain"

    member_state = forms.ModelChoiceField(
        label=_("Member state"),
        queryset=Organization.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select w-auto"}),
    )
    submission = forms.CharField(widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, voting_round, proposals, member_states, **kwargs):
        super().__init__(*args, **kwargs)
        self.voting_round = voting_round
        self.proposals = list(proposals)
        self.fields["member_state"].queryset = member_states
        if not self.is_bound:
            self.initial.setdefault("submission", secrets.token_hex(16))
        if voting_round.is_ranked:
            for proposal in self.proposals:
                self.fields[f"rank_{proposal.pk}"] = forms.IntegerField(
                    label=proposal.title,
                    required=False,
                    min_value=1,
                    max_value=len(self.proposals),
                    widget=forms.NumberInput(attrs={"class": "form-control rank-input"}),
                )
            if voting_round.allow_abstain:
                self.fields["abstain"] = forms.BooleanField(
                    label=_("My member state abstains"), required=False
                )
        else:
            # A plain text field: a proposal of another round is refused by the service
            # (400), not hidden behind a "valid choice" message.
            self.fields["choice"] = forms.CharField(
                label=_("Your choice"),
                required=True,
                error_messages={"required": _("Choose a proposal or abstain.")},
            )

    def rank_fields(self):
        return [(proposal, self[f"rank_{proposal.pk}"]) for proposal in self.proposals]

    def clean_choice(self):
        value = self.cleaned_data["choice"].strip()
        if value == self.ABSTAIN:
            if not self.voting_round.allow_abstain:
                raise ValidationError(_("This round does not allow abstention."))
            return value
        if object_id(value) is None:
            raise ValidationError(_("Choose a proposal or abstain."))
        return value

    def clean(self):
        data = super().clean()
        if self.voting_round.is_ranked:
            data["ranking"] = self._ranking(data)
        elif "choice" in data:
            choice = data["choice"]
            data["ranking"] = [] if choice == self.ABSTAIN else [int(choice)]
        return data

    def _ranking(self, data):
        ranks = {
            proposal.pk: data.get(f"rank_{proposal.pk}")
            for proposal in self.proposals
            if data.get(f"rank_{proposal.pk}") is not None
        }
        if data.get("abstain"):
            if ranks:
                raise ValidationError(_("Either rank the proposals or abstain, not both."))
            return []
        if not ranks:
            raise ValidationError(_("Rank at least one proposal (1 for your first choice)."))
        given = sorted(ranks.values())
        repeated = sorted({rank for rank in given if given.count(rank) > 1})
        if repeated:
            raise ValidationError(
                _("Rank %(rank)s is given to more than one proposal: each rank once.")
                % {"rank": ", ".join(str(rank) for rank in repeated)}
            )
        missing = [rank for rank in range(1, len(given) + 1) if rank not in ranks.values()]
        if missing:
            raise ValidationError(
                _("Rank %(rank)s is missing: ranks run 1, 2, 3… without a gap.")
                % {"rank": ", ".join(str(rank) for rank in missing)}
            )
        return [pk for pk, _rank in sorted(ranks.items(), key=lambda item: item[1])]


class RecordBallotForm(BallotForm):
    """The Secretariat records the ballot a member state sent by note verbale."""

    note_verbale = forms.CharField(
        label=_("Reference of the note verbale"),
        max_length=100,
        help_text=_("For example: Note verbale No. 123/2009 of the Permanent Mission."),
    )


# --- Discussion notes ---


class NoteForm(forms.ModelForm):
    """A discussion note as the Secretariat writes it: its metadata and its Markdown body.
    The body is refused while a footnote is called but never defined (or the reverse), with
    the line named."""

    class Meta:
        model = DiscussionNote
        fields = list(NOTE_FIELDS)
        widgets = {
            "issue_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(
                attrs={"rows": 24, "class": "note-source", "spellcheck": "true"}
            ),
        }

    def clean_body(self):
        from consultations.services.notes import body_errors

        body = self.cleaned_data["body"].replace("\r\n", "\n")
        errors = body_errors(body)
        if errors:
            raise ValidationError(errors)
        return body

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("symbol"):
            # The URL's form of the symbol is unique per language too.
            self.instance.slug = note_slug(cleaned["symbol"])
        return cleaned
