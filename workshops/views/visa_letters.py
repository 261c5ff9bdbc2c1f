"""The Secretariat's review of visa support letters: one list of the registrations that
asked for a letter (filtered by workshop), with the passport details and what is missing,
and approval in bulk or one by one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.params import object_id, object_ids
from idm_portal.core.roles import role_required
from workshops.models import Registration, Workshop
from workshops.services import visa_letters as services

PAGE_SIZE = 50


def _workshop_id(value):
    return object_id(value)


@role_required(roles.can_approve_visa_letters)
def visa_letters(request):
    workshop_id = _workshop_id(request.GET.get("workshop", ""))
    asked = (
        Registration.objects.filter(needs_visa_letter=True)
        .exclude(status__in=Registration.ENDED)
        .select_related(
            "workshop__idm_year", "organization", "person", "passport_details__approved_by"
        )
        .order_by("workshop__start_date", "workshop_id", "badge_name", "pk")
    )
    if workshop_id is not None:
        asked = asked.filter(workshop_id=workshop_id)
    page = Paginator(asked, PAGE_SIZE).get_page(request.GET.get("page"))
    for registration in page:
        registration.missing = services.missing_for_letter(registration)
        registration.passport = getattr(registration, "passport_details", None)
        registration.approvable = (
            registration.passport is not None
            and not (services.missing_for_letter(registration, for_approval=True))
            and registration.passport.approved_at is None
        )
    workshops = (
        Workshop.objects.filter(registrations__needs_visa_letter=True)
        .distinct()
        .order_by("-start_date", "pk")
    )
    return render(
        request,
        "workshops/visa_letters.html",
        {
            "page": page,
            "workshops": workshops,
            "workshop_id": workshop_id,
            "query": urlencode({"workshop": workshop_id}) if workshop_id else "",
        },
    )


@require_POST
@role_required(roles.can_approve_visa_letters)
def approve(request):
    one = request.POST.get("one", "")
    values = [one] if one else request.POST.getlist("registration")
    ids = set(object_ids(values))
    back = reverse("workshops:visa_letters")
    workshop_id = _workshop_id(request.POST.get("workshop", ""))
    if workshop_id is not None:
        back = f"{back}?{urlencode({'workshop': workshop_id})}"
    if not ids:
        messages.error(request, _("Tick the visa letters to approve."))
        return redirect(back)
    approved, skipped = services.approve_visa_letters(ids, actor=request.user)
    if approved:
        messages.success(
            request,
            ngettext(
                "%(count)d visa support letter approved.",
                "%(count)d visa support letters approved.",
                approved,
            )
            % {"count": approved},
        )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d visa support letter was not approved: something is missing.",
                "%(count)d visa support letters were not approved: something is missing.",
                skipped,
            )
            % {"count": skipped},
        )
    return redirect(back)
