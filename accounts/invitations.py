"""The one-time link of an invitation: who it is for, signed, valid for INVITATION_VALID_HOURS.

The link is signed with django.core.signing (a timestamp signer with the invitations' own salt) and carries a
fingerprint of the account's password hash. An invited account has an unusable password (a random one Django
makes): when the invitee sets a password, or when an admin sends the invitation again (a new unusable password),
the hash changes and every earlier link stops working.
The link is never stored by the portal except in the invitee's own e-mail, and never written to the audit trail.
"""

from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

SALT = "accounts.invitation"


class LinkState(Enum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"  # the account has its password: the invitation was accepted
    REPLACED = "replaced"  # an admin sent the invitation again: only the newest link works
    INVALID = "invalid"  # not a link the portal made for this account


def _fingerprint(user):
    """Changes whenever the account's password hash changes (set by the invitee, or renewed by a resend) and when
    its e-mail address is corrected: a link sent to a mistyped address stops working once the address is put right."""
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.email.lower()}", algorithm="sha256").hexdigest()[:20]


def invitation_path(user):
    """The path of a new link for `user` (signed now)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    _value, timestamp, signature = TimestampSigner(salt=SALT).sign(f"{uid}.{_fingerprint(user)}").rsplit(":", 2)
    return reverse("accounts:invitation", args=[uid, f"{_fingerprint(user)}-{timestamp}-{signature}"])


def user_id_from(uidb64):
    """The account id the link names, or None."""
    try:
        value = force_str(urlsafe_base64_decode(uidb64))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def check(user, uidb64, token):
    """What the link (`uidb64`, `token`) of `user` (the account `user_id_from(uidb64)` names) is worth now."""
    fingerprint, _dash, rest = token.partition("-")
    timestamp, _dash, signature = rest.partition("-")
    try:
        TimestampSigner(salt=SALT).unsign(
            f"{uidb64}.{fingerprint}:{timestamp}:{signature}", max_age=timedelta(hours=settings.INVITATION_VALID_HOURS)
        )
    except SignatureExpired:
        return LinkState.EXPIRED
    except BadSignature:
        return LinkState.INVALID
    if user is None or not user.is_active:
        return LinkState.INVALID
    if user.has_usable_password():
        return LinkState.USED
    if not constant_time_compare(fingerprint, _fingerprint(user)):
        return LinkState.REPLACED
    return LinkState.VALID
