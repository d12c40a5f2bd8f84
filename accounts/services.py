"""Changes to accounts made by ministry admins in the Django admin, each audited with what it changed.

Regions (provinces, regencies) are reference data loaded by a migration and read-only in the admin.
"""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from audit.models import record
from core.exceptions import WorkflowError
from notifications.services import notify

from . import two_factor
from .models import User
from .rules import may_reset_two_factor

# The fields whose change the audit record keeps (never the password's hash).
AUDITED_FIELDS = [
    "username",
    "email",
    "first_name",
    "last_name",
    "phone",
    "language",
    "role",
    "regency_id",
    "province_id",
    "is_team_chair",
    "is_active",
    "is_staff",
    "is_superuser",
]


def _check_admin(by):
    if not (by.is_ministry_admin or by.is_superuser):
        raise WorkflowError(_("Only a ministry admin manages accounts."))


def _snapshot(user):
    return {name: getattr(user, name) for name in AUDITED_FIELDS}


@transaction.atomic
def save_user(user, *, by):
    """Save an account created or changed by an admin; the audit record keeps the fields before and after."""
    _check_admin(by)
    stored = User.objects.select_for_update().filter(pk=user.pk).first() if user.pk else None
    user.save()
    after = _snapshot(user)
    if stored is None:
        record(by, "user.created", user, after=after)
    else:
        before = _snapshot(stored)
        changed = sorted(name for name in AUDITED_FIELDS if before[name] != after[name])
        record(
            by,
            "user.changed",
            user,
            before={name: before[name] for name in changed},
            after={name: after[name] for name in changed},
        )
    return user


@transaction.atomic
def record_password_set(user, *, by):
    """An admin set another account's password (Django's admin form saved it): the audit record says who and when."""
    _check_admin(by)
    record(by, "user.password_set", user)


@transaction.atomic
def reset_two_factor(user, *, by, reason=""):
    """Another ministry admin turns off a user's two-factor sign-in (a lost phone); audited, and the user is told
    by e-mail. Their next sign-in asks for the password only, or, for a role that requires two-factor, sends them
    to set up a new authenticator app. Nobody resets their own (the last admin: `manage.py reset_two_factor`)."""
    may_reset_two_factor(by, user).enforce()
    two_factor.reset(user, by=by, reason=reason)
    _tell_two_factor_reset(user, by)


@transaction.atomic
def reset_two_factor_on_server(user, *, reason):
    """IT staff reset a user's two-factor sign-in from the server (`manage.py reset_two_factor`): for the last
    ministry admin, who has nobody to ask. The audit record has no actor and says where the reset came from."""
    two_factor.reset(user, by=None, reason=f"manage.py reset_two_factor: {reason}")
    _tell_two_factor_reset(user, _("The portal's IT staff"))


def _tell_two_factor_reset(user, by):
    context = {"by": by, "required": two_factor.is_required(user)}
    notify([user], "two_factor_reset", context, link=reverse("accounts:profile"))
