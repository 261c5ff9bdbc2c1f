"""Delegations: the focal point's page of its member state's delegation at a workshop
(register several people at once, change, replace, withdraw); the Secretariat's overview
by member state (and CSV), name badges; certificates of attendance; the personal calendar
feed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from idm_portal.core import documents, roles
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.forms import act
from idm_portal.core.params import object_ids
from idm_portal.core.roles import role_required
from workshops.delegation_forms import DelegateChangeForm, ReplacementForm, delegation_formset
from workshops.models import CalendarFeed, Registration
from workshops.queries import workshop_or_404
from workshops.services import badges as badge_services
from workshops.services import calendar_feed
from workshops.services import delegations as services
from workshops.views._serving import serve_workshop_document

EMPTY_ROWS = 3


def _url(name, workshop, **query):
    url = reverse(f"workshops:{name}", args=[workshop.idm_year.year, workshop.slug])
    return f"{url}?{urlencode(query)}" if query else url


def _member_state(request):
    """The member state the focal point acts for on this page (``?state=``, else its
    first); 404 for any other."""
    states = roles.member_states_of(request.user)
    wanted = request.GET.get("state", "")
    if not wanted:
        return states[0], states
    for state in states:
        if str(state.pk) == wanted:
            return state, states
    raise Http404


def _errors(error):
    return " ".join(error.messages)


@role_required(roles.can_register_delegation)
def delegation(request, year, slug):
    workshop = workshop_or_404(year, slug)
    if not roles.can_view_workshop(request.user, workshop):
        raise Http404
    state, states = _member_state(request)
    formset = delegation_formset(EMPTY_ROWS)(request.POST or None, prefix="people")
    back = _url("delegation", workshop, state=state.pk)
    if request.method == "POST" and formset.is_valid():
        registered = 0
        for person in formset.people():
            try:
                services.register_delegate(
                    workshop, member_state=state, actor=request.user, **person
                )
            except ValidationError as error:
                messages.error(request, f"{person['name']}: {_errors(error)}")
            else:
                registered += 1
        if registered:
            messages.success(
                request,
                ngettext(
                    "%(count)d person registered in the delegation.",
                    "%(count)d people registered in the delegation.",
                    registered,
                )
                % {"count": registered},
            )
        return redirect(back)
    members = list(services.delegation(workshop, state))
    quota = workshop.quota_per_delegation
    return render(
        request,
        "workshops/delegations/delegation.html",
        {
            "workshop": workshop,
            "state": state,
            "states": states,
            "members": members,
            "quota": quota,
            "room_left": None if quota is None else max(0, quota - len(members)),
            "formset": formset,
        },
    )


def _delegate(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("workshop__idm_year", "organization"),
        pk=pk,
        category=services.GOVERNMENT,
    )
    if not roles.can_register_delegation_for(request.user, registration.organization):
        raise Http404
    return registration


def _back_to_delegation(registration):
    return _url("delegation", registration.workshop, state=registration.organization_id)


@role_required(roles.can_register_delegation)
def replace(request, pk):
    registration = _delegate(request, pk)
    form = ReplacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.replace_delegate(registration, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                _("%(new)s replaces %(old)s in the delegation.")
                % {"new": new.badge_name, "old": registration.badge_name},
            )
            return redirect(_back_to_delegation(registration))
    return render(
        request,
        "workshops/delegations/replace.html",
        {"registration": registration, "workshop": registration.workshop, "form": form},
    )


@role_required(roles.can_register_delegation)
def change(request, pk):
    registration = _delegate(request, pk)
    initial = {name: getattr(registration, name) for name in services.DELEGATE_FIELDS}
    form = DelegateChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_delegate(registration, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(
                request,
                _("The registration of %(name)s is changed.")
                % {"name": form.cleaned_data["badge_name"]},
            )
            return redirect(_back_to_delegation(registration))
    return render(
        request,
        "workshops/delegations/change.html",
        {"registration": registration, "workshop": registration.workshop, "form": form},
    )


@require_POST
@role_required(roles.can_register_delegation)
def make_head(request, pk):
    registration = _delegate(request, pk)
    try:
        services.change_delegate(registration, actor=request.user, head=True)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(
            request,
            _("%(name)s is the head of the delegation.") % {"name": registration.badge_name},
        )
    return redirect(_back_to_delegation(registration))


@require_POST
@role_required(roles.can_register_delegation)
def withdraw(request, pk):
    registration = _delegate(request, pk)
    return act(
        request,
        lambda: services.withdraw_delegate(registration, actor=request.user),
        done=_("%(name)s is no longer registered.") % {"name": registration.badge_name},
        to=_back_to_delegation(registration),
    )


# --- The Secretariat's overview ---


@role_required(roles.can_see_delegations)
def overview(request, year, slug):
    workshop = workshop_or_404(year, slug)
    registered, missing = services.delegations_overview(workshop)
    return render(
        request,
        "workshops/delegations/overview.html",
        {
            "workshop": workshop,
            "registered": registered,
            "missing": missing,
            "quota": workshop.quota_per_delegation,
        },
    )


@role_required(roles.can_see_delegations)
def overview_csv(request, year, slug):
    workshop = workshop_or_404(year, slug)
    registered, missing = services.delegations_overview(workshop)
    header = [_("Member state"), _("Head of delegation"), _("Registered"), _("Quota"), _("People")]
    quota = workshop.quota_per_delegation
    rows = (
        [
            state.name,
            state.head.badge_name if state.head else "",
            len(state.delegates),
            quota,
            "; ".join(person.badge_name for person in state.delegates),
        ]
        for state in [*registered, *missing]
    )
    return streaming_csv(
        header, rows, filename=f"delegations-{workshop.idm_year.year}-{workshop.slug}.csv"
    )


# --- Name badges ---


@role_required(roles.can_see_delegations)
def badges(request, year, slug):
    workshop = workshop_or_404(year, slug)
    return render(
        request,
        "workshops/delegations/badges.html",
        {
            "workshop": workshop,
            "registrations": badge_services.badge_registrations(workshop),
        },
    )


@never_cache
@role_required(roles.can_see_delegations)
def badges_pdf(request, year, slug):
    workshop = workshop_or_404(year, slug)
    ids = sorted(set(object_ids(request.GET.getlist("registration"))))[:2000]
    path = badge_services.request_badges_pdf(workshop, ids, language=get_language() or "en")
    return serve_workshop_document(
        request,
        path,
        workshop,
        name="badges",
        title=_("Name badges: %(title)s"),
        back=("badges", _("Back to the badges")),
    )


# --- Certificates of attendance ---


def _my_registration(request, pk):
    return get_object_or_404(
        Registration.objects.select_related("workshop__idm_year", "person", "organization"),
        pk=pk,
        person=request.user,
    )


@never_cache
@role_required(roles.is_signed_in)
def certificate_pdf(request, pk):
    registration = _my_registration(request, pk)
    if not badge_services.certificate_available(registration):
        raise Http404
    path = badge_services.request_certificate_pdf(registration)
    return documents.serve_document(
        request,
        path,
        filename=f"certificate-{registration.workshop.slug}.pdf",
        pending_context={
            "title": _("Certificate of attendance: %(title)s")
            % {"title": registration.workshop.title},
            "back_url": reverse("workshops:my_registrations"),
            "back_label": _("Back to your registrations"),
        },
    )


@require_POST
@role_required(roles.is_signed_in)
def certificate_send(request, pk):
    registration = _my_registration(request, pk)
    done = _("Your certificate of attendance is on its way to %(email)s.")
    return act(
        request,
        lambda: badge_services.send_certificate(registration, actor=request.user),
        done=done % {"email": registration.email},
        to="workshops:my_registrations",
    )


# --- The personal calendar feed ---


def _feed_urls(request, token):
    https = request.build_absolute_uri(reverse("workshops:calendar_feed", args=[token]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@role_required(roles.is_signed_in)
def my_calendar(request):
    """The feed's page: whether it exists; a POST makes (or resets) it and shows the URL,
    this once."""
    context = {"feed_exists": CalendarFeed.objects.filter(person=request.user).exists()}
    if request.method == "POST":
        token = calendar_feed.reset_calendar_feed(request.user, actor=request.user)
        context.update(feed_exists=True, urls=_feed_urls(request, token))
    return render(request, "workshops/delegations/my_calendar.html", context)


def calendar_feed_view(request, token):
    feed = calendar_feed.feed_of_token(token)
    if feed is None:
        raise Http404
    response = HttpResponse(
        calendar_feed.personal_calendar(feed.person), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
