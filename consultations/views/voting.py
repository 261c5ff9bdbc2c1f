"""Voting rounds: the Secretariat opens one; a focal point votes for its member state; the
Secretariat records a ballot sent by note verbale; everyone sees who took part; after the
close, the result (page, chart, CSV) and the adoption of the winning theme."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from consultations import queries
from consultations.forms import BallotForm, RecordBallotForm, VotingRoundForm
from consultations.models import Ballot, VotingRound
from consultations.services import voting as services
from consultations.services.closing import close_round_now
from idm_portal.core import queries as core_queries
from idm_portal.core import roles
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.forms import add_service_errors, submit
from idm_portal.core.params import object_id
from idm_portal.core.roles import role_required


@role_required(roles.can_run_consultations)
def round_new(request):
    form = VotingRoundForm(request.POST or None, initial={"allow_abstain": True})

    def schedule():
        data = dict(form.cleaned_data)
        return services.schedule_round(data.pop("target_year"), **data, actor=request.user)

    scheduled = submit(
        request,
        form,
        schedule,
        done=_("The voting round is scheduled."),
        to=lambda voting_round: reverse("consultations:round", args=[voting_round.pk]),
    )
    if scheduled:
        return scheduled
    return render(request, "consultations/voting/round_form.html", {"form": form})


@role_required(roles.can_run_consultations)
def round_edit(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    if voting_round.is_closed():
        messages.error(request, _("This round has closed: it can no longer change."))
        return redirect("consultations:round", pk=voting_round.pk)
    started = voting_round.is_open() or voting_round.ballots.exists()
    initial = {
        name: getattr(voting_round, name) for name in ("closes_at", *services.ANNOUNCED_FIELDS)
    }
    initial |= {
        "title": voting_round.title_en,
        "title_fr": voting_round.title_fr or "",
        "title_es": voting_round.title_es or "",
    }
    initial["proposals"] = list(voting_round.proposals.all())
    form = VotingRoundForm(request.POST or None, initial=initial, fixed=started)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if started:  # shown disabled: the round keeps what it announced, to the microsecond
            data.update((name, initial[name]) for name in (*services.ANNOUNCED_FIELDS, "proposals"))
        try:
            services.reschedule_round(voting_round, **data, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The voting round is changed."))
            return redirect("consultations:round", pk=voting_round.pk)
    return render(
        request,
        "consultations/voting/round_form.html",
        {"form": form, "round": voting_round, "started": started},
    )


def _round_context(request, voting_round):
    user = request.user
    ballots = list(queries.participation(voting_round))
    voted = {ballot.member_state_id for ballot in ballots}
    mine = list(roles.member_states_of(user))
    return {
        "round": voting_round,
        "proposals": list(queries.proposals_on_ballot(voting_round)),
        "ballots": ballots,
        "ballot_count": len(ballots),
        "can_see_participation": roles.can_see_participation(user),
        "can_run": roles.can_run_consultations(user),
        "can_vote": roles.can_vote(user),
        "my_states": [(state, state.pk in voted) for state in mine],
        "is_open": voting_round.is_open(),
        "is_closed": voting_round.is_closed(),
        "window_error": services.window_error(voting_round),
    }


def round_detail(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    return render(
        request, "consultations/voting/round_detail.html", _round_context(request, voting_round)
    )


def _ballot_page(request, voting_round, *, form_class, member_states, record):
    context = _round_context(request, voting_round)
    proposals = context["proposals"]
    form = form_class(
        request.POST or None,
        voting_round=voting_round,
        proposals=proposals,
        member_states=member_states,
    )
    status = 200
    if request.method == "POST":
        if context["window_error"]:
            form.is_valid()
            messages.error(request, context["window_error"])
            return redirect("consultations:round", pk=voting_round.pk)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if record:
                    ballot, changed = services.record_ballot(
                        voting_round,
                        member_state=data["member_state"],
                        ranking=data["ranking"],
                        note_verbale=data["note_verbale"],
                        submission=data["submission"],
                        actor=request.user,
                    )
                else:
                    ballot, changed = services.cast_ballot(
                        voting_round,
                        member_state=data["member_state"],
                        ranking=data["ranking"],
                        submission=data["submission"],
                        actor=request.user,
                    )
            except services.UnknownProposal:
                return render(
                    request,
                    "consultations/voting/ballot.html",
                    {**context, "form": form, "record": record, "bad_proposal": True},
                    status=400,
                )
            except services.VotingClosed as error:
                messages.error(request, " ".join(error.messages))
                return redirect("consultations:round", pk=voting_round.pk)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if record:
                    messages.success(
                        request,
                        _("The ballot of %(state)s is recorded (note verbale %(note)s).")
                        % {"state": ballot.member_state, "note": ballot.note_verbale},
                    )
                elif changed and ballot.changed_at:
                    messages.success(request, _("Your member state's ballot is changed."))
                else:
                    messages.success(request, _("Your member state has voted."))
                return redirect("consultations:round", pk=voting_round.pk)
    current = {}
    if not record and not voting_round.is_secret:
        current = {
            ballot.member_state_id: ballot
            for ballot in Ballot.objects.filter(
                round=voting_round, member_state__in=list(member_states)
            )
        }
    if not record and len(current) == 1 and not form.is_bound:
        ballot = next(iter(current.values()))
        _prefill(form, voting_round, ballot.ranking or [])
    return render(
        request,
        "consultations/voting/ballot.html",
        {**context, "form": form, "record": record, "current": current},
        status=status,
    )


def _prefill(form, voting_round, ranking):
    if voting_round.is_ranked:
        for rank, pk in enumerate(ranking, start=1):
            form.initial[f"rank_{pk}"] = rank
        if not ranking:
            form.initial["abstain"] = True
    else:
        form.initial["choice"] = str(ranking[0]) if ranking else BallotForm.ABSTAIN


@role_required(roles.can_vote)
def ballot(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    states = core_queries.member_states().filter(
        pk__in=[state.pk for state in roles.member_states_of(request.user)]
    )
    return _ballot_page(
        request, voting_round, form_class=BallotForm, member_states=states, record=False
    )


@role_required(roles.can_run_consultations)
def record_ballot(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    return _ballot_page(
        request,
        voting_round,
        form_class=RecordBallotForm,
        member_states=core_queries.member_states(),
        record=True,
    )


def _result(voting_round):
    """The count, with each proposal (in ballot order) and its votes in every round."""
    result = services.result_of(voting_round)
    proposals = {p.pk: p for p in queries.proposals_on_ballot(voting_round)}
    count_rounds = []
    for number, count_round in enumerate(result.rounds, start=1):
        rows = []
        for pk, votes in count_round.votes.items():
            rows.append(
                {
                    "proposal": proposals[pk],
                    "votes": votes,
                    "share": float(result.share(pk, count_round) * 100),
                    "eliminated": pk in count_round.eliminated,
                }
            )
        count_rounds.append({"number": number, "rows": rows, "exhausted": count_round.exhausted})
    return {
        "result": result,
        "count_rounds": count_rounds,
        "winner": proposals.get(result.winner),
        "tied": [proposals[pk] for pk in result.tied],
        "participation_percent": float(result.participation * 100),
        "chart": {
            "labels": [proposals[pk].title for pk in result.candidates],
            "votes": [result.first_round.votes.get(pk, 0) for pk in result.candidates],
            "final": [result.final_round.votes.get(pk, 0) for pk in result.candidates],
            "label_first": _("First preferences") if voting_round.is_ranked else _("Votes"),
            "label_final": _("Final round"),
            "ranked": voting_round.is_ranked,
        },
    }


def results(request, pk):
    voting_round = get_object_or_404(VotingRound.objects.select_related("adopted_proposal"), pk=pk)
    context = {
        "round": voting_round,
        "can_run": roles.can_run_consultations(request.user),
        "sealed": not voting_round.is_closed(),
    }
    if context["sealed"]:
        context["ballot_count"] = Ballot.objects.filter(round=voting_round).count()
        return render(request, "consultations/voting/results.html", context)
    context.update(_result(voting_round))
    if not voting_round.is_secret:
        context["show_named"] = True
        context["named_ballots"] = list(queries.named_ballots(voting_round))
        titles = {p.pk: p.title for p in queries.proposals_on_ballot(voting_round)}
        for ballot in context["named_ballots"]:
            ballot.choice_titles = [titles[pk] for pk in ballot.ranking or []]
    else:
        context["ballots"] = list(queries.participation(voting_round))
    return render(request, "consultations/voting/results.html", context)


@role_required(roles.can_run_consultations)
def results_csv(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    if not voting_round.is_closed():
        raise Http404(_("The result is sealed until the round closes."))
    data = _result(voting_round)
    return streaming_csv(
        [_("Count round"), _("Proposal"), _("Votes"), _("Share (%)"), _("Outcome")],
        _result_rows(voting_round, data),
        filename=f"round-{voting_round.pk}-result.csv",
    )


def _result_rows(voting_round, data):
    """The rows of a closed round's result: each count round, the totals, then who took part
    (and, in a named round, what each chose) and how the ballot came."""
    result = data["result"]
    last = data["count_rounds"][-1] if data["count_rounds"] else None
    for count_round in data["count_rounds"]:
        for row in count_round["rows"]:
            pk = row["proposal"].pk
            outcome = ""
            if row["eliminated"]:
                outcome = _("eliminated")
            elif count_round is last and pk == result.winner:
                outcome = _("winner")
            elif count_round is last and pk in result.tied:
                outcome = _("tied")
            yield [
                count_round["number"],
                row["proposal"].title,
                row["votes"],
                f"{row['share']:.1f}",
                outcome,
            ]
    yield []
    yield [_("Ballots"), result.ballots]
    yield [_("Abstentions"), result.abstentions]
    yield [_("Member states"), result.eligible]
    yield [_("Quorum (%)"), result.quorum_percent]
    yield [_("Quorum met"), _("yes") if result.quorum_met else _("no")]
    yield []
    titles = {proposal.pk: proposal.title for proposal in queries.proposals_on_ballot(voting_round)}
    header = [_("Member state"), _("Cast"), _("Recorded by the Secretariat"), _("Note verbale")]
    yield [*header, _("Choice")] if not voting_round.is_secret else header
    for ballot in queries.named_ballots(voting_round):
        row = [
            ballot.member_state.name,
            ballot.cast_at.isoformat(),
            _("yes") if ballot.recorded_on_behalf else _("no"),
            ballot.note_verbale,
        ]
        if not voting_round.is_secret:
            row.append(" > ".join(titles[pk] for pk in ballot.ranking) or _("Abstention"))
        yield row


@require_POST
@role_required(roles.can_run_consultations)
def close_now(request, pk):
    """Closes an open round now (the round page asks for a confirmation first)."""
    voting_round = get_object_or_404(VotingRound, pk=pk)
    try:
        close_round_now(voting_round, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("consultations:round", pk=voting_round.pk)
    messages.success(request, _("The round is closed; here is its result."))
    return redirect("consultations:results", pk=voting_round.pk)


@require_POST
@role_required(roles.can_run_consultations)
def adopt(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    proposal = get_object_or_404(
        voting_round.proposals, pk=object_id(request.POST.get("proposal", "")) or 0
    )
    try:
        services.adopt_theme(voting_round, proposal=proposal, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("“%(theme)s” is adopted as the overarching theme of IDM %(year)s.")
            % {"theme": proposal.title, "year": voting_round.target_year},
        )
    return redirect("consultations:results", pk=voting_round.pk)


@role_required(roles.can_run_consultations)
def audit(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    return render(
        request,
        "consultations/voting/audit.html",
        {
            "round": voting_round,
            "events": list(queries.ballot_events(voting_round)),
            # Until the close the trail shows who took part, never what they chose.
            "show_choices": not voting_round.is_secret and voting_round.is_closed(),
        },
    )
