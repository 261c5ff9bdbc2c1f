"""Theme proposals and alternative suggestions: the consultation's index, a proposal's page,
the Secretariat's forms, a focal point's suggestion, the suggestions list with merge and
"put on the ballot"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import queries
from consultations.forms import ThemeProposalForm, ThemeSuggestionForm
from consultations.models import ThemeProposal, ThemeSuggestion
from consultations.services import themes as services
from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.forms import add_service_errors, submit
from idm_portal.core.params import object_id
from idm_portal.core.roles import role_required


def _next_year():
    """The IDM year a consultation is usually about: the one after the current year."""
    current = core_queries.current_idm_year()
    return current.year + 1 if current else None


def index(request):
    """Every IDM year's proposals, and the voting rounds."""
    return render(
        request,
        "consultations/themes/index.html",
        {
            "proposals": queries.proposals_of(request.user),
            "rounds": queries.voting_rounds(),
            "can_run": roles.can_run_consultations(request.user),
            "can_suggest": roles.can_suggest_theme(request.user),
        },
    )


def proposal_detail(request, pk):
    proposal = get_object_or_404(queries.proposals_of(request.user), pk=pk)
    latest_round = queries.latest_round_of(proposal)
    return render(
        request,
        "consultations/themes/proposal_detail.html",
        {
            "proposal": proposal,
            "latest_round": latest_round,
            # Still "open for vote" as a status, but its round is over: say so.
            "vote_closed": proposal.status == ThemeProposal.Status.OPEN
            and latest_round is not None
            and latest_round.is_closed(),
            "can_run": roles.can_run_consultations(request.user),
            "statuses": ThemeProposal.Status,
            "next_statuses": [
                ThemeProposal.Status(status)
                for status in sorted(services.ALLOWED_STATUS_CHANGES[proposal.status])
            ],
        },
    )


@role_required(roles.can_run_consultations)
def proposal_new(request):
    form = ThemeProposalForm(request.POST or None, initial={"target_year": _next_year()})
    proposed = submit(
        request,
        form,
        lambda: services.propose_theme(
            form.cleaned_data["target_year"],
            **form.english(),
            translations=form.translations(),
            actor=request.user,
        ),
        done=_("The proposal is saved as a draft."),
        to=lambda proposal: reverse("consultations:proposal", args=[proposal.pk]),
    )
    if proposed:
        return proposed
    return render(request, "consultations/themes/proposal_form.html", {"form": form})


@role_required(roles.can_run_consultations)
def proposal_edit(request, pk):
    proposal = get_object_or_404(ThemeProposal, pk=pk)
    initial = {
        "target_year": proposal.target_year,
        **{
            f"{name}{suffix}": getattr(proposal, f"{name}_{code}") or ""
            for name in services.TRANSLATED
            for suffix, code in (("", "en"), ("_fr", "fr"), ("_es", "es"))
        },
    }
    form = ThemeProposalForm(request.POST or None, initial=initial)
    form.fields["target_year"].disabled = True
    changed = submit(
        request,
        form,
        lambda: services.edit_proposal(
            proposal, **form.english(), translations=form.translations(), actor=request.user
        ),
        done=_("The proposal is changed."),
        to=reverse("consultations:proposal", args=[proposal.pk]),
    )
    if changed:
        return changed
    return render(
        request,
        "consultations/themes/proposal_form.html",
        {"form": form, "proposal": proposal},
    )


@require_POST
@role_required(roles.can_run_consultations)
def proposal_status(request, pk):
    proposal = get_object_or_404(ThemeProposal, pk=pk)
    status = request.POST.get("status", "")
    if status not in ThemeProposal.Status.values:
        return HttpResponseBadRequest(_("Unknown status."))
    try:
        services.set_proposal_status(proposal, status=status, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status of the proposal is changed."))
    return redirect("consultations:proposal", pk=proposal.pk)


@role_required(roles.can_suggest_theme)
def suggest(request):
    states = roles.member_states_of(request.user)
    form = ThemeSuggestionForm(
        request.POST or None, member_states=states, initial={"target_year": _next_year()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.suggest_theme(data.pop("target_year"), **data, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your suggestion is sent to the Secretariat."))
            return redirect("consultations:suggestions")
    return render(request, "consultations/themes/suggest.html", {"form": form})


@role_required(lambda user: roles.can_run_consultations(user) or roles.can_suggest_theme(user))
def suggestions(request):
    rows = list(queries.suggestions_for(request.user))
    targets = [row for row in rows if row.status != ThemeSuggestion.Status.MERGED]
    for row in rows:
        row.merge_choices = [
            target
            for target in targets
            if target.pk != row.pk and target.target_year == row.target_year
        ]
    return render(
        request,
        "consultations/themes/suggestions.html",
        {"suggestions": rows, "can_run": roles.can_run_consultations(request.user)},
    )


@require_POST
@role_required(roles.can_run_consultations)
def suggestion_merge(request, pk):
    suggestion = get_object_or_404(ThemeSuggestion, pk=pk)
    into = ThemeSuggestion.objects.filter(pk=object_id(request.POST.get("into", "")) or 0).first()
    if into is None:
        messages.error(request, _("Choose the suggestion to merge it into."))
        return redirect("consultations:suggestions")
    try:
        services.merge_suggestions(suggestion, into=into, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” is merged into “%(into)s”.")
            % {"title": suggestion.title, "into": into.title},
        )
    return redirect("consultations:suggestions")


@require_POST
@role_required(roles.can_run_consultations)
def suggestion_to_ballot(request, pk):
    suggestion = get_object_or_404(ThemeSuggestion, pk=pk)
    try:
        proposal = services.put_suggestion_on_ballot(suggestion, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consultations:suggestions")
    messages.success(
        request,
        _("“%(title)s” is now a proposal of %(state)s, open for vote.")
        % {"title": proposal.title, "state": suggestion.member_state},
    )
    return redirect("consultations:proposal", pk=proposal.pk)
