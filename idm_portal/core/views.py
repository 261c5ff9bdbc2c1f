"""Views of the ground floor: the outbox, the profile, the focal point's member state."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idm_portal.core import queries, roles
from idm_portal.core.filters import OutboxFilter
from idm_portal.core.forms import ProfileForm
from idm_portal.core.models import FocalPoint, OutgoingMail
from idm_portal.core.services import outbox


def _require(check, request):
    """403 unless the signed-in user passes a role check of roles.py."""
    if not check(request.user):
        raise PermissionDenied


@login_required
def outbox_list(request):
    _require(roles.can_manage_outbox, request)
    mails = OutboxFilter(request.GET, queryset=queries.outbox())
    page = Paginator(mails.qs, 50).get_page(request.GET.get("page"))
    counts = queries.outbox_counts()
    return render(
        request,
        "core/outbox_list.html",
        {"filter": mails, "page": page, "counts": counts, "statuses": OutgoingMail.Status},
    )


@login_required
def outbox_detail(request, pk):
    _require(roles.can_manage_outbox, request)
    mail = get_object_or_404(OutgoingMail, pk=pk)
    return render(request, "core/outbox_detail.html", {"mail": mail})


@login_required
@require_POST
def outbox_retry(request, pk):
    _require(roles.can_manage_outbox, request)
    mail = get_object_or_404(OutgoingMail, pk=pk)
    if mail.status != OutgoingMail.Status.FAILED:
        messages.warning(request, _("Only a failed mail can be retried."))
    else:
        outbox.retry_mail(mail, actor=request.user)
        messages.success(request, _("The mail to %(to)s is queued again.") % {"to": mail.to})
    return redirect("core:outbox_detail", pk=mail.pk)


@login_required
@require_POST
def outbox_retry_failed(request):
    _require(roles.can_manage_outbox, request)
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


@login_required
def my_member_states(request):
    """A focal point's member states, with the other focal points of each."""
    _require(roles.is_focal_point, request)
    states = roles.member_states_of(request.user)
    links = (
        FocalPoint.objects.filter(member_state__in=states)
        .select_related("user", "member_state")
        .order_by("member_state__name", "user__name")
    )
    return render(request, "core/member_states.html", {"states": states, "links": links})


@login_required
@require_POST
def outbox_send_test(request):
    _require(roles.can_manage_outbox, request)
    mail = outbox.send_test_mail(actor=request.user)
    messages.success(request, _("A test e-mail to %(to)s is queued.") % {"to": mail.to})
    return redirect("core:outbox")
