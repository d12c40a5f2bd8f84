"""Who may read notifications and review the outbox (page rules), and edit a message waiting in it (predicate)."""

import rules
from django.utils.translation import gettext as _

from core.roles import is_ministry_admin
from core.rules import ALLOWED, refused

from .models import Notification

rules.add_rule("notifications.own", rules.is_authenticated)
rules.add_rule("notifications.outbox", is_ministry_admin)


def may_edit_outbox_message(user, notification):
    """A result e-mail waiting in the outbox for review: ministry admins edit it until it is sent."""
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins review the outbox."))
    if notification.status != Notification.Status.OUTBOX:
        return refused(_("This message has already been sent."))
    if notification.is_private:
        return refused(_("This message carries a private link: nobody but its recipient reads it."))
    return ALLOWED


def may_send_again(user):
    """Failed e-mails are queued again by a ministry admin (from the outbox page)."""
    if not (user.is_authenticated and user.is_ministry_admin):
        return refused(_("Only ministry admins send failed e-mails again."))
    return ALLOWED
