"""Views of the ground floor: the outbox, the profile, the focal point's member state, a
person's own data (the export, closing the account)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from idm_portal.core import health, queries, roles
from idm_portal.core.csv_stream import streaming_csv
from idm_portal.core.filters import OutboxFilter
from idm_portal.core.forms import ROLE_LABELS, CloseAccountForm, ProfileForm, RoleChangeForm
from idm_portal.core.listing import list_context
from idm_portal.core.models import FocalPoint, OutgoingMail
from idm_portal.core.roles import role_required
from idm_portal.core.services import accounts, outbox
from idm_portal.core.services import personal_data as personal_data_service


@role_required(roles.can_manage_outbox)
def outbox_list(request):
    mails = OutboxFilter(request.GET, queryset=queries.outbox())
    listing = list_context(request, mails.qs, page_size=50)
    counts = queries.outbox_counts()
    return render(
        request,
        "core/outbox_list.html",
        {"filter": mails, **listing, "counts": counts, "statuses": OutgoingMail.Status},
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


# Accounts: who holds which Secretariat role; user administrators grant and revoke


def _role_rows():
    rows = []
    for user in queries.role_holders():
        held = {group.name for group in user.role_groups}
        rows.append(
            {
                "user": user,
                "roles": [
                    (role, ROLE_LABELS[role]) for role in roles.SECRETARIAT_ROLES if role in held
                ],
                "superuser": user.is_superuser,
                "mfa": any(a.type in ("totp", "webauthn") for a in user.authenticators),
            }
        )
    return rows


@role_required(roles.can_see_roles)
def role_list(request):
    form = RoleChangeForm() if roles.can_manage_users(request.user) else None
    return render(
        request,
        "core/roles.html",
        {
            "rows": _role_rows(),
            "changes": queries.role_changes()[:50],
            "form": form,
        },
    )


@role_required(roles.can_see_roles)
def role_list_csv(request):
    header = [_("E-mail address"), _("Name"), _("Roles"), _("Superuser"), _("MFA")]
    rows = (
        [
            row["user"].email,
            row["user"].name,
            "; ".join(str(label) for _role, label in row["roles"]),
            _("yes") if row["superuser"] else _("no"),
            _("yes") if row["mfa"] else _("no"),
        ]
        for row in _role_rows()
    )
    return streaming_csv(header, rows, filename="secretariat-roles.csv")


@require_POST
@role_required(roles.can_manage_users)
def role_change(request, action):
    form = RoleChangeForm(request.POST)
    if form.is_valid():
        change = accounts.grant_role if action == "grant" else accounts.revoke_role
        label = ROLE_LABELS[form.cleaned_data["role"]]
        try:
            done = change(form.user, role=form.cleaned_data["role"], actor=request.user)
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [])) or str(error))
            return redirect("core:roles")
        if done is None:
            messages.info(request, _("Nothing changed."))
        elif action == "grant":
            messages.success(
                request,
                _("%(person)s now holds the role %(role)s.")
                % {"person": form.user.email, "role": label},
            )
        else:
            messages.success(
                request,
                _("%(person)s no longer holds the role %(role)s.")
                % {"person": form.user.email, "role": label},
            )
        return redirect("core:roles")
    return render(
        request,
        "core/roles.html",
        {"rows": _role_rows(), "changes": queries.role_changes()[:50], "form": form},
        status=400,
    )
