"""The top floor's pages: the home page and the turnout across the membership, which
compose workshops and consultations (they never import each other), and /healthz.

Turnout, for the Secretariat: for each workshop and each voting round of an IDM year, which
member states took part and which did not, by IOM region; a reminder to those that did not;
a CSV export; a chart of the year's participation by category and region."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from consultations import queries as consultation_queries
from consultations.models import VotingRound
from consultations.services import voting
from idm_portal.core import health, roles
from idm_portal.core import queries as core_queries
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.models import IdmYear, Organization
from workshops import queries as workshop_queries
from workshops.models import Workshop
from workshops.services import turnout as workshop_turnout


def home(request):
    idm_year = core_queries.current_idm_year()
    context = {
        "idm_year": idm_year,
        "workshops": [],
        "meetings": [],
        "open_rounds": [],
        "closed_rounds": [],
    }
    now = timezone.now()
    for voting_round in consultation_queries.current_voting_rounds(now):
        closed = voting_round.is_closed(now)
        context["closed_rounds" if closed else "open_rounds"].append(voting_round)
    if idm_year is not None:
        context["workshops"] = workshop_queries.workshops_of_year(idm_year, request.user)
        context["meetings"] = consultation_queries.meetings_of_year(idm_year)
    return render(request, "home.html", context)


@never_cache
def healthz(request):
    """Liveness by default (``/healthz``, ``/healthz?live``): never waits on a part.
    Readiness with ``/healthz?ready``: the state of the database, the broker and the
    workers, checked at most every HEALTH_CACHE_SECONDS, without details."""
    check = health.readiness if "ready" in request.GET else health.liveness
    healthy, report = check()
    return JsonResponse(report, status=200 if healthy else 503)


def csrf_failure(request, reason=""):
    """A refused form (its CSRF token is missing or stale, often an expired session) in the
    portal's layout: Django's own page carries an inline <style> that the
    Content-Security-Policy refuses."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


# --- Turnout across the membership ---

CHART_ROW = 10  # height of a bar's row, in SVG units
CHART_BAR = 220  # length of the longest bar


@dataclass
class Activity:
    """A workshop or a voting round, with the member states that took part."""

    kind: str  # "workshop" or "round"
    pk: int
    title: str
    when: object
    took_part: set
    reminded: set
    can_remind: bool
    remind_url: str
    member_states: int = 0

    @property
    def did_not_take_part(self):
        return self.member_states - len(self.took_part)

    @property
    def kind_label(self):
        return _("Workshop") if self.kind == "workshop" else _("Voting round")


@dataclass
class RegionRows:
    region: str
    label: str
    states: list = field(default_factory=list)  # [(state, [(took part, reminded)])]
    counts: list = field(default_factory=list)  # took part, per activity


@dataclass
class Turnout:
    idm_year: IdmYear
    activities: list
    regions: list
    member_states: list
    by_category: list  # [(label, participants)]

    def did_not_take_part(self, activity):
        return [state for state in self.member_states if state.pk not in activity.took_part]

    @property
    def by_region(self):
        """[(label, member states that took part in at least one activity, member states)]"""
        rows = []
        for region in self.regions:
            present = sum(
                1
                for _state, cells in region.states
                if any(took_part for took_part, _reminded in cells)
            )
            rows.append((region.label, present, len(region.states)))
        return rows

    def _bars(self, rows):
        largest = max((value for _label, value in rows), default=0)
        return [
            {
                "label": label,
                "count": value,
                "y": index * CHART_ROW,
                "length": round(CHART_BAR * value / largest, 1) if largest else 0,
            }
            for index, (label, value) in enumerate(rows)
        ]

    @property
    def category_chart(self):
        return self._bars(self.by_category)

    @property
    def region_chart(self):
        """Per region, the share (in per cent) of its member states that took part."""
        return self._bars(
            [
                (label, round(100 * present / total) if total else 0)
                for label, present, total in self.by_region
            ]
        )

    @property
    def category_chart_height(self):
        return max(len(self.by_category), 1) * CHART_ROW

    @property
    def region_chart_height(self):
        return max(len(self.regions), 1) * CHART_ROW


def turnout_of_year(idm_year, now=None):
    """The turnout of ``idm_year``, in a fixed number of queries whatever the number of
    member states, workshops and rounds."""
    now = now or timezone.now()
    states = list(core_queries.member_states().order_by("name"))
    workshops = list(workshop_turnout.workshops_for_turnout(idm_year))
    present = workshop_turnout.member_states_present(workshops)
    reminded = workshop_turnout.reminded_member_states(workshops)
    rounds = list(consultation_queries.rounds_of_idm_year(idm_year.year))
    voted = consultation_queries.member_states_voted(rounds)
    vote_reminded = consultation_queries.member_states_reminded(rounds)
    activities = [
        Activity(
            "workshop",
            workshop.pk,
            workshop.title,
            workshop.start_date,
            present.get(workshop.pk, set()),
            reminded.get(workshop.pk, set()),
            workshop_turnout.can_remind(workshop),
            reverse("turnout_remind_workshop", args=[workshop.pk]),
        )
        for workshop in workshops
    ] + [
        Activity(
            "round",
            voting_round.pk,
            voting_round.title,
            timezone.localdate(voting_round.opens_at),
            voted.get(voting_round.pk, set()),
            vote_reminded.get(voting_round.pk, set()),
            voting_round.opens_at <= now < voting_round.closes_at,
            reverse("turnout_remind_round", args=[voting_round.pk]),
        )
        for voting_round in rounds
    ]
    for activity in activities:
        activity.member_states = len(states)
    labels = dict(Organization.IomRegion.choices)
    regions = {}
    for state in states:
        region = regions.setdefault(
            state.iom_region, RegionRows(state.iom_region, str(labels[state.iom_region]))
        )
        region.states.append(
            (
                state,
                [(state.pk in a.took_part, state.pk in a.reminded) for a in activities],
            )
        )
    order = list(labels)
    ordered = sorted(regions.values(), key=lambda r: (r.region == "", order.index(r.region)))
    for region in ordered:
        region.counts = [
            sum(1 for _state, cells in region.states if cells[index][0])
            for index in range(len(activities))
        ]
    kinds = dict(Organization.Kind.choices)
    by_category = workshop_turnout.participants_by_category(idm_year)
    return Turnout(
        idm_year=idm_year,
        activities=activities,
        regions=ordered,
        member_states=states,
        by_category=[(str(label), by_category.get(kind, 0)) for kind, label in kinds.items()],
    )


@roles.role_required(roles.can_see_turnout)
@require_GET
def turnout_index(request):
    year = core_queries.current_idm_year()
    if year is None:
        raise Http404("No IDM year yet.")
    return redirect("turnout", year=year.year)


@roles.role_required(roles.can_see_turnout)
@require_GET
def turnout(request, year):
    idm_year = get_object_or_404(IdmYear, year=year)
    return render(
        request,
        "turnout/turnout.html",
        {
            "turnout": turnout_of_year(idm_year),
            "years": IdmYear.objects.order_by("-year"),
        },
    )


@roles.role_required(roles.can_see_turnout)
@require_GET
def turnout_csv(request, year):
    """One row per activity and member state: took part or not, reminded or not."""
    idm_year = get_object_or_404(IdmYear, year=year)
    data = turnout_of_year(idm_year)
    header = [
        _("Activity"),
        _("Kind"),
        _("Date"),
        _("Member state"),
        _("IOM region"),
        _("Took part"),
        _("Reminded"),
    ]
    yes, no = _("yes"), _("no")
    rows = (
        [
            activity.title,
            activity.kind_label,
            activity.when.isoformat(),
            state.name,
            region.label,
            yes if took_part else no,
            yes if reminded else no,
        ]
        for region in data.regions
        for state, cells in region.states
        for activity, (took_part, reminded) in zip(data.activities, cells, strict=True)
    )
    return streaming_csv(header, rows, filename=f"idm-{year}-turnout.csv")


def _back(activity_year):
    return redirect("turnout", year=activity_year)


@roles.role_required(roles.can_see_turnout)
@require_POST
def remind_workshop(request, pk):
    workshop = get_object_or_404(Workshop.objects.select_related("idm_year"), pk=pk)
    try:
        queued = workshop_turnout.remind_absent_member_states(workshop, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d reminders were queued.") % {"count": queued})
    return _back(workshop.idm_year.year)


@roles.role_required(roles.can_see_turnout)
@require_POST
def remind_round(request, pk):
    voting_round = get_object_or_404(VotingRound, pk=pk)
    try:
        queued = voting.remind_absent_member_states(voting_round, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d reminders were queued.") % {"count": queued})
    return _back(voting_round.target_year - 1)
