"""The Secretariat's pages for other systems: API tokens (create, the secret shown once; see
when each was last used; revoke) and webhooks (add a receiver, read the deliveries' log,
replay a delivery, stop a receiver)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from idm_portal.core import roles
from idm_portal.core.forms import ApiTokenForm, WebhookForm
from idm_portal.core.models import ApiToken, Webhook, WebhookDelivery
from idm_portal.core.roles import role_required
from idm_portal.core.services import api_tokens, webhooks


def _page(request, form, *, secret=None, created=None, status=200):
    tokens = ApiToken.objects.select_related("created_by", "revoked_by").order_by(
        "-created_at", "-pk"
    )
    return render(
        request,
        "core/api_tokens.html",
        {"form": form, "tokens": tokens, "secret": secret, "created": created},
        status=status,
    )


@never_cache
@role_required(roles.can_manage_api_tokens)
def api_tokens_page(request):
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    end_of_day = dt.datetime.combine(
        form.cleaned_data["expires_on"], dt.time(23, 59, 59), ZoneInfo(settings.TIME_ZONE)
    )
    try:
        token, secret = api_tokens.create_token(
            actor=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=end_of_day,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, form, status=400)
    # The secret is in this answer only: it is not stored, and not put in a redirect.
    return _page(request, ApiTokenForm(), secret=secret, created=token)


@require_POST
@role_required(roles.can_manage_api_tokens)
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk)
    api_tokens.revoke_token(token, actor=request.user)
    messages.success(request, _("The token of %(name)s is revoked.") % {"name": token.name})
    return redirect("core:api_tokens")


# --- Webhooks ---

DELIVERIES_SHOWN = 50


def _webhooks_page(request, form, *, created=None, status=200):
    return render(
        request,
        "core/webhooks.html",
        {
            "form": form,
            "webhooks": Webhook.objects.order_by("name", "pk"),
            "deliveries": WebhookDelivery.objects.select_related("webhook").order_by("-id")[
                :DELIVERIES_SHOWN
            ],
            "created": created,
        },
        status=status,
    )


@never_cache
@role_required(roles.can_manage_webhooks)
def webhooks_page(request):
    if request.method != "POST":
        return _webhooks_page(request, WebhookForm())
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _webhooks_page(request, form, status=400)
    webhook = webhooks.create_webhook(actor=request.user, **form.cleaned_data)
    # The signing secret is shown in this answer, for the receiving system's people.
    return _webhooks_page(request, WebhookForm(), created=webhook)


@require_POST
@role_required(roles.can_manage_webhooks)
def webhook_deactivate(request, pk):
    webhook = get_object_or_404(Webhook, pk=pk)
    webhooks.deactivate_webhook(webhook, actor=request.user)
    messages.success(request, _("%(name)s is no longer told of events.") % {"name": webhook.name})
    return redirect("core:webhooks")


@require_POST
@role_required(roles.can_manage_webhooks)
def webhook_replay(request, pk):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    webhooks.replay(delivery, actor=request.user)
    messages.success(request, _("The delivery is queued again."))
    return redirect("core:webhooks")
