"""Two-factor sign-in: after the password, a code from an authenticator app (TOTP) or a recovery code.

django-otp keeps the devices: a user's TOTPDevice holds the authenticator app's key, their StaticDevice the
recovery codes (each deleted when used). A session is verified once django_otp.login() stored the device that
accepted a code in it (OTPMiddleware then sets request.user.otp_device); accounts.middleware.TwoFactorMiddleware
sends an unverified user who has a device to the code page, and one whose role requires two-factor but who has no
device yet to the set-up page, before any other page, export or PDF.

A wrong code counts twice: django-otp's device throttle makes each further try wait twice as long as the one before
(1, 2, 4, 8 ... seconds, until a right code), and django-axes counts it as a failed login of the username at that
address, so the usual lock-out applies (accounts/lockout.py) and the session is signed out.

Roles that must use two-factor: settings.TWO_FACTOR_REQUIRED_ROLES, the role names of accounts.User.Role plus
"chair" for selection-team chairs.
"""

from base64 import b32encode

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import record
from core.exceptions import WorkflowError

DEVICE_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def is_required(user):
    """Whether the user's role must sign in with two factors (settings.TWO_FACTOR_REQUIRED_ROLES)."""
    roles = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    return user.role in roles or ("chair" in roles and user.is_team_member and user.is_team_chair)


def authenticator(user):
    """The user's confirmed authenticator device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_two_factor(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


PENDING_SESSION_KEY = "two_factor_pending_device"


def pending_authenticator(request, *, start=False):
    """The key this session is setting up: an unconfirmed device whose id only this session holds, or None.

    With `start`, a session that holds none gets a new key, and every other unconfirmed key of the user is dropped:
    a key shown to another session (someone who learnt the password and opened the set-up page first) is never the
    one the user adds to their app, so it cannot be used to sign in later.
    """
    user = request.user
    pk = request.session.get(PENDING_SESSION_KEY)
    device = TOTPDevice.objects.filter(pk=pk, user=user, confirmed=False).first() if pk else None
    if device is None and start:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        request.session[PENDING_SESSION_KEY] = device.pk
    return device


def key_text(device):
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The otpauth:// link of `device` as an inline SVG QR code (no image request, nothing leaves the server)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")


def _new_recovery_codes(user):
    """Replace the user's recovery codes with new ones; returns them (shown once, then only stored)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _remove_devices(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def _device_for(user, code):
    """(the code as typed without spaces, in lower case; the one device it is tried on). Digits are an
    authenticator code, anything else a recovery code: a code is tried on one device only, so that a recovery
    code does not count as a wrong authenticator code (nor make the authenticator's throttle wait)."""
    code = "".join((code or "").split()).lower()
    if code.isdigit() and len(code) <= 8:
        return code, authenticator(user)
    return code, StaticDevice.objects.filter(user=user, confirmed=True).first()


def check_code(request, user, code):
    """Verify a code typed by `user` at sign-in (an authenticator code or a recovery code).

    Returns the device that accepted it, or raises WorkflowError saying why not. A wrong code is recorded as a
    failed login for django-axes; request.axes_locked_out is then set when the username is locked out.
    """
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
    if settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, credentials):
        request.axes_locked_out = True
        raise WorkflowError(_("Too many wrong attempts: try again later."))
    code, device = _device_for(user, code)
    refusal = _("That code is not right. Enter the current code of your authenticator app.")
    if device is not None:
        if not device.verify_is_allowed()[0]:  # a try within the wait after a wrong code counts as a wrong code
            refusal = _("Too many wrong codes: wait a little and try again.")
        else:
            verified = django_otp.verify_token(user, device.persistent_id, code)
            if verified is not None:
                return verified
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    if getattr(request, "axes_locked_out", False):
        refusal = _("Too many wrong attempts: try again later.")
    raise WorkflowError(refusal)


def verify(request, device):
    """Mark this session as signed in with two factors (by `device`)."""
    django_otp.login(request, device)


@transaction.atomic
def confirm_authenticator(request, device, code):
    """Turn on two-factor (or move it to a new phone): `code` must come from the app the key was added to.

    Replaces any earlier authenticator and recovery codes, marks this session verified, and returns the new
    recovery codes to show once.
    """
    user = request.user
    if device.user_id != user.pk or device.confirmed:
        raise WorkflowError(_("This key is not being set up any more: start again."))
    if not django_otp.verify_token(user, device.persistent_id, "".join(code.split())):
        raise WorkflowError(_("That code is not right: check that the app shows the key above, and try again."))
    replaced = has_two_factor(user)
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record(user, "user.two_factor_replaced" if replaced else "user.two_factor_enabled", user)
    verify(request, device)
    return codes


def check_current_code(user, code):
    """Refuse a change of the second factor itself unless `code` is the authenticator's current one or one of the
    user's recovery codes (used up then; both throttled like any code): an open session alone, a stolen cookie or
    an unlocked laptop, does not replace it. A recovery code serves the user whose phone is lost."""
    code, device = _device_for(user, code)
    if not has_two_factor(user) or device is None or not django_otp.verify_token(user, device.persistent_id, code):
        raise WorkflowError(_("That code is not right. Enter the current code of your authenticator app."))


@transaction.atomic
def regenerate_recovery_codes(user, code):
    """New recovery codes for a user with two-factor on, who confirms with the current code; the old ones stop
    working. Returns the new ones."""
    if not has_two_factor(user):
        raise WorkflowError(_("Turn on two-factor sign-in first."))
    check_current_code(user, code)
    codes = _new_recovery_codes(user)
    record(user, "user.recovery_codes_regenerated", user)
    return codes


@transaction.atomic
def disable(request, code):
    """Turn two-factor off for the signed-in user, who confirms with a current code; refused for required roles."""
    from .rules import may_disable_two_factor

    user = request.user
    may_disable_two_factor(user).enforce()
    check_current_code(user, code)
    _remove_devices(user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    record(user, "user.two_factor_disabled", user)


def reset(user, *, by, reason=""):
    """Remove a user's two-factor devices (a lost phone). Callers check who may; see services.reset_two_factor."""
    if not TOTPDevice.objects.filter(user=user).exists() and not StaticDevice.objects.filter(user=user).exists():
        raise WorkflowError(_("%(user)s has no two-factor sign-in to reset.") % {"user": user})
    _remove_devices(user)
    record(by, "user.two_factor_reset", user, reason=reason)
