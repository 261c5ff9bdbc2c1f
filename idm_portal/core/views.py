"""Views of the ground floor: the outbox, the profile, the focal point's member state, a
person's own data (the export, closing the account)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idm_portal.core import health, queries, roles
from idm_portal.core.filters import OutboxFilter
from idm_portal.core.forms import CloseAccountForm, ProfileForm
from idm_portal.core.models import FocalPoint, OutgoingMail
from idm_portal.core.roles import role_required
from idm_portal.core.services import outbox
from idm_portal.core.services import personal_data as personal_data_service


@role_required(roles.can_manage_outbox)
def outbox_list(request):
    mails = OutboxFilter(request.GET, queryset=queries.outbox())
    page = Paginator(mails.qs, 50).get_page(request.GET.get("page"))
    counts = queries.outbox_counts()
    return render(
        request,
        "core/outbox_list.html",
        {"filter": mails, "page": page, "counts": counts, "statuses": OutgoingMail.Status},
    )


@role_required(roles.can_manage_outbox)
def outbox_health(request):
    """The state of the database, the broker and the workers with their details (reasons,
    worker names): the Secretariat's view of /healthz?ready."""
    ready, report = health.detailed_readiness()
    parts = [
        (_("Database"), report["database"]),
        (_("Broker"), report["broker"]),
        (_("Workers"), report["workers"]),
    ]
    return render(request, "core/outbox_health.html", {"ready": ready, "parts": parts})


@role_required(roles.can_manage_outbox)
def outbox_detail(request, pk):
    mail = get_object_or_404(OutgoingMail, pk=pk)
    return render(request, "core/outbox_detail.html", {"mail": mail})


@require_POST
@role_required(roles.can_manage_outbox)
def outbox_retry(request, pk):
    mail = get_object_or_404(OutgoingMail, pk=pk)
    if mail.status != OutgoingMail.Status.FAILED:
        messages.warning(request, _("Only a failed mail can be retried."))
    else:
        outbox.retry_mail(mail, actor=request.user)
        messages.success(request, _("The mail to %(to)s is queued again.") % {"to": mail.to})
    return redirect("core:outbox_detail", pk=mail.pk)


@require_POST
@role_required(roles.can_manage_outbox)
def outbox_retry_failed(request):
    count = outbox.retry_failed_mails(actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d failed mail is queued again.",
            "%(count)d failed mails are queued again.",
            count,
        )
        % {"count": count},
    )
    return redirect("core:outbox")


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("core:profile")
    return render(request, "core/profile.html", {"form": form})


@role_required(roles.is_focal_point)
def my_member_states(request):
    """A focal point's member states, with the other focal points of each."""
    states = roles.member_states_of(request.user)
    links = (
        FocalPoint.objects.filter(member_state__in=states)
        .select_related("user", "member_state")
        .order_by("member_state__name", "user__name")
    )
    return render(request, "core/member_states.html", {"states": states, "links": links})


@require_POST
@role_required(roles.can_manage_outbox)
def outbox_send_test(request):
    mail = outbox.send_test_mail(actor=request.user)
    messages.success(request, _("A test e-mail to %(to)s is queued.") % {"to": mail.to})
    return redirect("core:outbox")


# --- A person's own data: the export, closing the account ---


@login_required
def personal_data(request):
    return render(request, "core/personal_data/index.html")


@login_required
def personal_data_download(request):
    """The JSON of everything the portal holds about the person; a GET that changes
    nothing."""
    data = personal_data_service.export_personal_data(request.user, actor=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="idm-portal-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def close_account(request):
    form = CloseAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data_service.close_account(
                request.user, password=form.cleaned_data["password"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("password", error)
        else:
            logout(request)
            messages.success(request, _("Your account is closed. Goodbye."))
            return redirect("home")
    return render(request, "core/personal_data/close.html", {"form": form})
