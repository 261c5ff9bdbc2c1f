"""The ground floor: people, organizations, member states and their focal points, the IDM
year and its overarching theme, the e-mail outbox, stored documents, API tokens and
webhooks; one module per topic, every name re-exported here, so that
``from idm_portal.core.models import User`` works wherever the model lives."""

from .accounts import RoleChange, User, UserManager
from .api import ApiToken, Webhook, WebhookDelivery
from .organizations import FocalPoint, Organization
from .outbox import OutgoingMail, StoredDocument
from .years import IdmYear

__all__ = [
    "ApiToken",
    "FocalPoint",
    "IdmYear",
    "Organization",
    "OutgoingMail",
    "RoleChange",
    "StoredDocument",
    "User",
    "UserManager",
    "Webhook",
    "WebhookDelivery",
]
