"""Suggestions of case studies, speakers and other input for a workshop: a focal point
suggests and follows its member state's suggestions ("My suggestions"); the Secretariat
lists a workshop's suggestions (filter, CSV), comments, accepts or declines them and adds a
suggested speaker to the speakers. A suggestion is seen only by the Secretariat and its
member state's focal points: anyone else gets 404, as if it did not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.forms import add_service_errors
from idm_portal.core.listing import list_context
from idm_portal.core.roles import role_required
from workshops import queries
from workshops.forms import (
    AcceptSuggestionForm,
    DeclineSuggestionForm,
    SuggestionCommentForm,
    SuggestionFilter,
    SuggestionForm,
)
from workshops.models import Suggestion
from workshops.queries import workshop_or_404
from workshops.services import suggestions as services

PAGE_SIZE = 50


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
    workshop = workshop_or_404(year, slug, visible_to=request.user)
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
                add_service_errors(form, error)
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


# The Secretariat's two decisions: (form, service call, message once done, the form's name
# on the suggestion's page).
DECISIONS = {
    "accept": (
        AcceptSuggestionForm,
        lambda suggestion, actor, text: services.accept_suggestion(
            suggestion, actor=actor, note=text
        ),
        gettext_lazy("The suggestion is accepted; the member state is told by e-mail."),
        "accept_form",
    ),
    "decline": (
        DeclineSuggestionForm,
        lambda suggestion, actor, text: services.decline_suggestion(
            suggestion, actor=actor, reason=text
        ),
        gettext_lazy("The suggestion is declined; the member state is told by e-mail."),
        "decline_form",
    ),
}


def _decision_view(decision):
    """The view that takes ``decision`` with the form's reason; a decision already taken is
    said in a message, a reason refused shows under the form."""
    form_class, decide, done, form_name = DECISIONS[decision]

    @require_POST
    @role_required(roles.can_review_suggestions)
    def view(request, pk):
        suggestion = _suggestion(request, pk)
        form = form_class(request.POST)
        if form.is_valid():
            try:
                decide(suggestion, request.user, form.cleaned_data["reason"])
            except ValidationError as error:
                if error.code == "status" or not hasattr(error, "error_dict"):
                    messages.error(request, " ".join(error.messages))
                    return redirect(suggestion)
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(suggestion)
        return _render_detail(request, suggestion, status=400, **{form_name: form})

    view.__name__ = view.__qualname__ = decision
    return view


accept = _decision_view("accept")
decline = _decision_view("decline")


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


def _filtered(request, workshop):
    suggestion_filter = SuggestionFilter(
        request.GET, queryset=queries.workshop_suggestions(workshop), workshop=workshop
    )
    return suggestion_filter, suggestion_filter.qs


@role_required(roles.can_review_suggestions)
def workshop_suggestions(request, year, slug):
    workshop = workshop_or_404(year, slug)
    suggestion_filter, queryset = _filtered(request, workshop)
    return render(
        request,
        "workshops/suggestions/list.html",
        {
            "workshop": workshop,
            "filter": suggestion_filter,
            **list_context(
                request,
                queryset,
                page_size=PAGE_SIZE,
                counted=Suggestion.objects.filter(workshop=workshop),
                status_choices=Suggestion.Status.choices,
            ),
        },
    )


def _csv_rows(suggestions, workshop):
    """The cells of each suggestion; times in the venue's time zone."""
    zone = workshop.zone
    # Words that many rows share, translated once.
    kinds = {value: str(label) for value, label in Suggestion.Kind.choices}
    statuses = {value: str(label) for value, label in Suggestion.Status.choices}
    yes, no = _("Yes"), _("No")
    for suggestion in suggestions:
        author = suggestion.suggested_by
        yield [
            suggestion.created_at.astimezone(zone),
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
            suggestion.comment_count,
        ]


@role_required(roles.can_review_suggestions)
def export_csv(request, year, slug):
    workshop = workshop_or_404(year, slug)
    _filter, queryset = _filtered(request, workshop)
    header = [
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
    return streaming_csv(
        header,
        _csv_rows(queryset.iterator(chunk_size=2000), workshop),
        filename=f"suggestions-{workshop.idm_year.year}-{workshop.slug}.csv",
    )
