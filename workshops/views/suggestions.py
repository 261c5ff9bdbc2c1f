"""Suggestions of case studies, speakers and other input for a workshop: a focal point
suggests and follows its member state's suggestions ("My suggestions"); the Secretariat
lists a workshop's suggestions (filter, CSV), comments, accepts or declines them and adds a
suggested speaker to the speakers. A suggestion is seen only by the Secretariat and its
member state's focal points: anyone else gets 404, as if it did not exist."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.roles import role_required
from idm_portal.core.spreadsheets import spreadsheet_text
from workshops import queries
from workshops.forms import (
    AcceptSuggestionForm,
    DeclineSuggestionForm,
    SuggestionCommentForm,
    SuggestionFilter,
    SuggestionForm,
)
from workshops.models import Suggestion, Workshop
from workshops.services import suggestions as services

PAGE_SIZE = 50


def _add_errors(form, error):
    """Show a service's ValidationError under the form's fields (or above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _suggestion(request, pk):
    """The suggestion, if the viewer may see it; 404 otherwise (another member state's
    suggestion is not shown to exist)."""
    suggestion = get_object_or_404(
        Suggestion.objects.select_related(
            "workshop__idm_year", "member_state", "suggested_by", "decided_by", "speaker"
        ),
        pk=pk,
    )
    if not roles.can_see_suggestion(request.user, suggestion):
        raise Http404("No such suggestion.")
    return suggestion


@role_required(roles.can_suggest)
def suggest(request, year, slug):
    workshop = get_object_or_404(
        queries.visible_workshops(request.user), idm_year__year=year, slug=slug
    )
    closed = services.suggestions_closed_error(workshop)
    if closed:
        return render(
            request,
            "workshops/suggestions/suggest.html",
            {"workshop": workshop, "closed": closed},
        )
    member_states = roles.member_states_of(request.user)
    status = 200
    if request.method == "POST":
        form = SuggestionForm(request.POST, member_states=member_states)
        if form.is_valid():
            try:
                suggestion, created = services.submit_suggestion(
                    workshop, actor=request.user, **form.submission()
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                if created:
                    messages.success(
                        request,
                        _(
                            "Thank you: your suggestion “%(title)s” is sent to the Secretariat. "
                            "You will hear when it is accepted or declined."
                        )
                        % {"title": suggestion.title},
                    )
                else:
                    messages.info(request, _("This suggestion was already sent."))
                return redirect("workshops:my_suggestions")
        status = 400
    else:
        form = SuggestionForm(member_states=member_states)
    return render(
        request,
        "workshops/suggestions/suggest.html",
        {"workshop": workshop, "form": form},
        status=status,
    )


@role_required(roles.can_suggest)
def my_suggestions(request):
    return render(
        request,
        "workshops/suggestions/my_suggestions.html",
        {
            "suggestions": queries.suggestions_of_member_states(request.user),
            "member_states": roles.member_states_of(request.user),
        },
    )


@role_required(roles.can_open_suggestions)
def suggestion_detail(request, pk):
    suggestion = _suggestion(request, pk)
    return _render_detail(request, suggestion)


def _render_detail(request, suggestion, *, status=200, **forms):
    reviewer = roles.can_review_suggestions(request.user)
    context = {
        "suggestion": suggestion,
        "workshop": suggestion.workshop,
        "timeline": queries.suggestion_timeline(suggestion),
        "reviewer": reviewer,
        "comment_form": forms.get("comment_form") or SuggestionCommentForm(),
        "can_withdraw": suggestion.is_open and not reviewer,
    }
    if reviewer:
        context["accept_form"] = forms.get("accept_form") or AcceptSuggestionForm()
        context["decline_form"] = forms.get("decline_form") or DeclineSuggestionForm()
    return render(request, "workshops/suggestions/detail.html", context, status=status)


@require_POST
@role_required(roles.can_open_suggestions)
def comment(request, pk):
    suggestion = _suggestion(request, pk)
    form = SuggestionCommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_suggestion(
                suggestion, actor=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error("text", error.messages)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(suggestion)
    return _render_detail(request, suggestion, status=400, comment_form=form)


@require_POST
@role_required(roles.can_suggest)
def withdraw(request, pk):
    suggestion = _suggestion(request, pk)
    try:
        services.withdraw_suggestion(suggestion, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your suggestion is withdrawn."))
    return redirect(suggestion)


@require_POST
@role_required(roles.can_review_suggestions)
def accept(request, pk):
    suggestion = _suggestion(request, pk)
    form = AcceptSuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.accept_suggestion(
                suggestion, actor=request.user, note=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The suggestion is accepted; the member state is told by e-mail.")
            )
        return redirect(suggestion)
    return _render_detail(request, suggestion, status=400, accept_form=form)


@require_POST
@role_required(roles.can_review_suggestions)
def decline(request, pk):
    suggestion = _suggestion(request, pk)
    form = DeclineSuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.decline_suggestion(
                suggestion, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if error.code == "status":
                messages.error(request, " ".join(error.messages))
                return redirect(suggestion)
            _add_errors(form, error)
        else:
            messages.success(
                request, _("The suggestion is declined; the member state is told by e-mail.")
            )
            return redirect(suggestion)
    return _render_detail(request, suggestion, status=400, decline_form=form)


@require_POST
@role_required(roles.can_review_suggestions)
def add_speaker(request, pk):
    suggestion = _suggestion(request, pk)
    try:
        speaker, created = services.add_suggested_speaker(suggestion, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                _("%(name)s is added to the speakers: give them a session in the agenda editor.")
                % {"name": speaker.display_name},
            )
        else:
            messages.info(
                request,
                _("%(name)s is already among the speakers.") % {"name": speaker.display_name},
            )
    return redirect(suggestion)


def _workshop(year, slug):
    return get_object_or_404(
        Workshop.objects.select_related("idm_year"), idm_year__year=year, slug=slug
    )


def _filtered(request, workshop):
    suggestion_filter = SuggestionFilter(
        request.GET, queryset=queries.workshop_suggestions(workshop), workshop=workshop
    )
    return suggestion_filter, suggestion_filter.qs


@role_required(roles.can_review_suggestions)
def workshop_suggestions(request, year, slug):
    workshop = _workshop(year, slug)
    suggestion_filter, queryset = _filtered(request, workshop)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        Suggestion.objects.filter(workshop=workshop)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/suggestions/list.html",
        {
            "workshop": workshop,
            "filter": suggestion_filter,
            "page": page,
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in Suggestion.Status.choices
            ],
            "total": sum(counts.values()),
            "query": query.urlencode(),
        },
    )


def suggestions_csv(suggestions, workshop):
    """CSV bytes, UTF-8 with a BOM so that Excel reads the accents; times in the venue's
    time zone."""
    zone = workshop.zone
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Submitted"),
            _("Member state"),
            _("Suggested by"),
            _("Kind"),
            _("Title"),
            _("Description"),
            _("Name of the speaker"),
            _("Position"),
            _("Organization"),
            _("E-mail address"),
            _("Telephone"),
            _("Status"),
            _("Reason given"),
            _("Added to the speakers"),
            _("Comments"),
        ]
    )
    # Words that many rows share, translated once.
    kinds = {value: str(label) for value, label in Suggestion.Kind.choices}
    statuses = {value: str(label) for value, label in Suggestion.Status.choices}
    yes, no = _("Yes"), _("No")
    for suggestion in suggestions:
        author = suggestion.suggested_by
        writer.writerow(
            [
                suggestion.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                *(
                    spreadsheet_text(value)
                    for value in (
                        suggestion.member_state.name,
                        author.get_full_name() if author else "",
                        kinds.get(suggestion.kind, suggestion.kind),
                        suggestion.title,
                        suggestion.description,
                        suggestion.speaker_name,
                        suggestion.speaker_position,
                        suggestion.speaker_organization,
                        suggestion.speaker_email,
                        suggestion.speaker_phone,
                        statuses.get(suggestion.status, suggestion.status),
                        suggestion.decision_reason,
                        yes if suggestion.speaker_id else no,
                    )
                ),
                suggestion.comment_count,
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@role_required(roles.can_review_suggestions)
def export_csv(request, year, slug):
    workshop = _workshop(year, slug)
    _filter, queryset = _filtered(request, workshop)
    response = HttpResponse(
        suggestions_csv(queryset, workshop), content_type="text/csv; charset=utf-8"
    )
    name = f"suggestions-{workshop.idm_year.year}-{workshop.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
