"""Two-factor sign-in in tests: users who have set it up, and sessions verified as django-otp's login() does.

Client.force_login (used by most tests) skips the login pages, so it skips the code page too: `verified_force_login`
(tests/conftest.py puts it in force_login's place) gives a user whose role requires two-factor an authenticator, as
they would have set one up, and marks the session verified with it, exactly what django_otp.login() stores after a
right code. Users without a device are logged in as before. The two-factor pages and the middleware's refusals are
tested with `unverified_login` (the password step alone) in tests/accounts/test_two_factor.py.
"""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor

unverified_login = Client.force_login


def enrolled(user):
    """The user's authenticator, set up now if they have none."""
    return two_factor.authenticator(user) or TOTPDevice.objects.create(
        user=user, name=two_factor.DEVICE_NAME, confirmed=True
    )


def verified_force_login(client, user, backend=None):
    unverified_login(client, user, backend)
    if two_factor.is_required(user) or two_factor.has_two_factor(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrolled(user).persistent_id
        session.save()


def current_code(device):
    """The code the user's authenticator app shows now, as a person reads it off the phone. A code is accepted once:
    when this step's code was used already (a second sign-in within 30 seconds), wait for the next one."""
    device.refresh_from_db()
    while True:
        step = int((time.time() - device.t0) // device.step)
        if step > device.last_t:
            return f"{totp(device.bin_key, device.step, device.t0, device.digits):0{device.digits}d}"
        time.sleep(max(0.1, device.t0 + (step + 1) * device.step - time.time()))


def recovery_codes_for(user):
    """The user's recovery codes, made afresh for a test's set-up (as turning two-factor on makes them)."""
    return two_factor._new_recovery_codes(user)
