"""Changes to accounts: made by ministry admins (the Users pages and the Django admin), each audited with what it
changed; invitations, their acceptance, deactivation and the chair of a province's team.

The link of an invitation is never written to the audit trail: it is in the invitee's e-mail only (see
accounts/invitations.py). Regions (provinces, regencies) are reference data loaded by a migration and read-only.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import record
from core.exceptions import WorkflowError
from notifications.services import mail_address, notify

from . import invitations, rules, two_factor
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
        if stored.email and stored.email.lower() != user.email.lower():
            # The old address hears of it: an address changed by someone else is how an account is taken over
            # (password resets then go to the new one).
            mail_address(
                stored.email,
                "email_changed",
                {
                    "name": user.get_full_name() or user.username,
                    "username": user.username,
                    "by": by,
                    "old": stored.email,
                    "new": user.email,
                },
                language=user.language,
            )
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


# The fields an invitation fills; everything else keeps the model's default.
INVITATION_FIELDS = ["email", "first_name", "last_name", "role", "regency", "province", "organisation", "language"]


def _send_invitation(user, by):
    """Queue the invitation e-mail (kind "invitation": its body holds the link, for the recipient only)."""
    notify(
        [user],
        "invitation",
        {
            "invited_by": by,
            "invitation_url": f"{settings.PORTAL_URL}{invitations.invitation_path(user)}",
            "valid_hours": settings.INVITATION_VALID_HOURS,
        },
    )


@transaction.atomic
def invite_user(user, *, by):
    """Create the account `user` (unsaved; its username is its e-mail address) with no password, and e-mail it a
    one-time link to set one. Refused when the address has an account already."""
    province = user.province if user.role == User.Role.TEAM_MEMBER else None
    rules.may_invite(by, user.role, province).enforce()
    user.email = user.email.strip().lower()
    user.username = user.email
    if (
        User.objects.filter(username__iexact=user.username).exists()
        or User.objects.filter(email__iexact=user.email).exists()
    ):
        raise WorkflowError(_("%(email)s has an account already.") % {"email": user.email})
    user.is_team_chair = False  # the chair is named on the Users page (name_chair)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    record(by, "user.invited", user, after=_snapshot(user))
    _send_invitation(user, by)
    return user


@transaction.atomic
def resend_invitation(user, *, by):
    """A new link for a pending invitation; every earlier link stops working (the unusable password is renewed)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    rules.may_resend(by, user).enforce()
    user.set_unusable_password()
    user.save(update_fields=["password"])
    record(by, "user.invitation_resent", user)
    _send_invitation(user, by)
    return user


LINK_REFUSALS = {
    invitations.LinkState.EXPIRED: gettext_lazy(
        "This invitation link has expired (links are valid for %(hours)s hours). Ask the ministry admin who invited "
        "you to send the invitation again."
    ),
    invitations.LinkState.USED: gettext_lazy(
        "This invitation has been used already: sign in with your password, or reset it if you have forgotten it."
    ),
    invitations.LinkState.REPLACED: gettext_lazy(
        "This invitation link was replaced by a newer one: use the link of the latest invitation e-mail."
    ),
    invitations.LinkState.INVALID: gettext_lazy(
        "This invitation link is not valid. Check that you copied the whole link."
    ),
}


def link_refusal(state):
    """Why a link in `state` cannot be used (None for a valid one), for the invitee."""
    if state is invitations.LinkState.VALID:
        return None
    return str(LINK_REFUSALS[state]) % {"hours": settings.INVITATION_VALID_HOURS}


@transaction.atomic
def accept_invitation(user, uidb64, token, password_form):
    """The invitee sets their first password through the link (`password_form`: a valid SetPasswordForm)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    refusal = link_refusal(invitations.check(user, uidb64, token))
    if refusal:
        raise WorkflowError(refusal)
    password_form.user = user
    password_form.save()
    record(user, "user.invitation_accepted", user)
    return user


@transaction.atomic
def _set_active(user, active, *, by, may, action):
    user = User.objects.select_for_update().get(pk=user.pk)
    may(by, user).enforce()
    user.is_active = active
    user.save(update_fields=["is_active"])
    record(by, action, user, before={"is_active": not active}, after={"is_active": active})
    return user


def deactivate_user(user, *, by):
    """The account can no longer sign in; everything it did stays attributed to it (accounts are never deleted)."""
    return _set_active(user, False, by=by, may=rules.may_deactivate, action="user.deactivated")


def reactivate_user(user, *, by):
    return _set_active(user, True, by=by, may=rules.may_reactivate, action="user.reactivated")


@transaction.atomic
def name_chair(user, *, by):
    """`user` chairs their province's team; the former chair, if any, no longer does (one chair per province)."""
    team = list(User.objects.select_for_update().filter(role=User.Role.TEAM_MEMBER, province_id=user.province_id))
    user = next((member for member in team if member.pk == user.pk), user)
    rules.may_name_chair(by, user).enforce()
    former = next((member for member in team if member.is_team_chair), None)
    if former is not None:
        former.is_team_chair = False
        former.save(update_fields=["is_team_chair"])
    user.is_team_chair = True
    user.save(update_fields=["is_team_chair"])
    record(
        by,
        "user.chair_named",
        user,
        before={"chair": former.pk if former else None},
        after={"chair": user.pk, "province": user.province_id},
    )
    return user


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
