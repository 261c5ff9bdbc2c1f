"""Invitations to a workshop: invite (one address, many, the focal points of organizations),
send now or at a chosen time, render each invitation into the e-mail outbox in the worker,
resend the failed ones, take the invitee's answer, remind those who have not answered.

Delivery is the outbox's (``idm_portal.core.services.outbox``): one OutgoingMail per
invitation, with a Message-ID derived from the invitation, claimed by the worker under a row
lock, retried with back-off. The request that sends 5,000 invitations only marks them due
(one UPDATE) and enqueues one task on commit; the worker renders them in batches, each batch
in one transaction that locks its rows (``skip_locked``) and links every invitation to its
mail, so that a killed worker leaves nothing half done and a second run skips what is done.
Each rendered batch goes to the broker as one delivery task per MAIL_BATCH_SIZE mails, sent
over one SMTP connection (``outbox.deliver_mails``).

One module per step: ``sending``, ``answers``, ``reminders``; every public name is re-exported
here, so that callers keep ``from workshops.services import invitations``.
"""

from idm_portal.core.services import outbox  # the tests reach the outbox through here

from .answers import accept_invitation, decline_invitation, link_account
from .reminders import REMINDER_NOT_BEFORE, reminders_due, send_invitation_reminders
from .sending import (
    BATCH_SIZE,
    DECLINE_REASON_MAX,
    LANGUAGE_CODES,
    AlreadyAnswered,
    Recipient,
    focal_point_recipients,
    invitation_message_id,
    invite,
    require_secretariat,
    resend_failed,
    reset_message,
    save_message,
    send_due_invitations,
    send_invitations,
)

__all__ = [
    "BATCH_SIZE",
    "DECLINE_REASON_MAX",
    "LANGUAGE_CODES",
    "REMINDER_NOT_BEFORE",
    "AlreadyAnswered",
    "Recipient",
    "accept_invitation",
    "decline_invitation",
    "focal_point_recipients",
    "invitation_message_id",
    "invite",
    "link_account",
    "outbox",
    "reminders_due",
    "require_secretariat",
    "resend_failed",
    "reset_message",
    "save_message",
    "send_due_invitations",
    "send_invitation_reminders",
    "send_invitations",
]
