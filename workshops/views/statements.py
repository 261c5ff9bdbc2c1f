"""Statements of delegations: a focal point uploads its delegation's, the Secretariat lists
and publishes them, and anyone who may see one downloads it (to anyone else it does not
exist: 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from idm_portal.core import roles
from idm_portal.core.params import object_ids
from workshops.models import Statement
from workshops.queries import workshop_or_404
from workshops.room_forms import StatementForm
from workshops.services import statements as services
from workshops.views._serving import serve_upload


def _manage_url(workshop):
    return redirect("workshops:statements", year=workshop.idm_year.year, slug=workshop.slug)


@roles.role_required(roles.can_upload_statements)
def upload(request, year, slug):
    """The focal point's page: its delegation's statements at this workshop, and the form
    to upload one."""
    workshop = workshop_or_404(year, slug, visible_to=request.user)
    member_states = roles.member_states_of(request.user)
    form = StatementForm(
        request.POST or None, request.FILES or None, workshop=workshop, member_states=member_states
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.upload_statement(
                data["session"],
                actor=request.user,
                member_state=data["member_state"],
                uploaded_file=data["file"],
                language=data["language"],
                check_against_delivery=data["check_against_delivery"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("The statement of %(state)s in “%(session)s” was uploaded.")
                % {"state": data["member_state"].name, "session": data["session"].title},
            )
            return redirect(request.path)
    return render(
        request,
        "workshops/statements/upload.html",
        {
            "workshop": workshop,
            "form": form,
            "statements": services.statements_of_workshop(workshop, member_states=member_states),
        },
    )


@roles.role_required(roles.can_publish_statements)
@require_GET
def manage(request, year, slug):
    """The Secretariat's list of a workshop's statements, to publish."""
    workshop = workshop_or_404(year, slug, visible_to=request.user)
    return render(
        request,
        "workshops/statements/manage.html",
        {
            "workshop": workshop,
            "statements": services.statements_of_workshop(workshop),
            "has_taken_place": services.workshop_has_taken_place(workshop),
        },
    )


@roles.role_required(roles.can_publish_statements)
@require_POST
def publish(request, year, slug):
    """Publish the ticked statements, or every unpublished one when none is ticked."""
    workshop = workshop_or_404(year, slug, visible_to=request.user)
    chosen = Statement.objects.filter(session__workshop=workshop)
    ids = object_ids(request.POST.getlist("statement"))
    if ids:
        chosen = chosen.filter(pk__in=ids)
    try:
        count = services.publish_statements(chosen, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)d statements were published.") % {"count": count})
    return _manage_url(workshop)


@roles.role_required(roles.can_publish_statements)
@require_POST
def unpublish(request, pk):
    statement = get_object_or_404(
        Statement.objects.select_related("session__workshop__idm_year"), pk=pk
    )
    services.unpublish_statement(statement, actor=request.user)
    messages.success(request, _("The statement was taken off the public agenda."))
    return _manage_url(statement.session.workshop)


@roles.role_required(roles.can_upload_statements)
@require_POST
def delete(request, pk):
    """A focal point deletes an unpublished statement of its delegation."""
    statement = get_object_or_404(
        Statement.objects.select_related("session__workshop__idm_year", "member_state"), pk=pk
    )
    if not roles.can_act_for(request.user, statement.member_state):
        raise Http404
    services.delete_statement(statement, actor=request.user)
    messages.success(request, _("The statement was deleted."))
    workshop = statement.session.workshop
    return redirect("workshops:statement_upload", year=workshop.idm_year.year, slug=workshop.slug)


@require_GET
def statement(request, pk):
    """The file of a statement, to those who may see it; to anyone else it does not exist."""
    item = get_object_or_404(
        Statement.objects.select_related("session__workshop", "member_state"), pk=pk
    )
    if not roles.can_see_statement(request.user, item):
        raise Http404
    return serve_upload(item, public=item.is_published and item.session.workshop.is_published)
