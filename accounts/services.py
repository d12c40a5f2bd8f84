"""Changes to accounts made by ministry admins in the Django admin, each audited with what it changed.

Regions (provinces, regencies) are reference data loaded by a migration and read-only in the admin.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import record
from core.exceptions import WorkflowError

from .models import User

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
