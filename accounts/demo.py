"""Demo accounts: a ministry admin, officers of a few regencies and their provinces' teams.

Running it again changes nothing but resetting the demo passwords and the demo admin's two-factor sign-in. So
that the Users pages' coverage shows something, most regencies/cities have no officer, Bengkulu's team has two
members and no chair, and one officer (of Kabupaten Kulon Progo) is invited and has not set a password yet.
"""

import functools
from base64 import b32decode

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import services, two_factor
from .models import Province, Regency, User

DEMO_PASSWORD = "ovop-demo-2024"
# Ministry admins sign in with two factors: the demo admin's authenticator key and recovery codes are published
# (README, the demo command's output), like the demo password, so that a first run can sign in.
DEMO_TOTP_KEY = "OVOPDEMOADMINKEYOVOPDEMOADMINKEY"  # base32, as an authenticator app takes it
DEMO_RECOVERY_CODES = ["demo-code-1", "demo-code-2", "demo-code-3", "demo-code-4", "demo-code-5"]

OFFICERS = [
    ("officer.sleman", "Sri", "Wahyuni", "34.04"),
    ("officer.bantul", "Bambang", "Susilo", "34.02"),
    ("officer.tasikmalaya", "Dewi", "Lestari", "32.06"),
    ("officer.gianyar", "I Made", "Suarta", "51.04"),
]
TEAMS = {
    "34": [
        ("team.diy.chair", "Hendra", "Gunawan", True),
        ("team.diy.1", "Rina", "Marlina", False),
        ("team.diy.2", "Agus", "Salim", False),
    ],
    "32": [
        ("team.jabar.chair", "Yusuf", "Hidayat", True),
        ("team.jabar.1", "Siti", "Nurhaliza", False),
        ("team.jabar.2", "Asep", "Sunandar", False),
    ],
    "51": [
        ("team.bali.chair", "Ketut", "Arsana", True),
        ("team.bali.1", "Ni Luh", "Sari", False),
        ("team.bali.2", "Wayan", "Sudirta", False),
    ],
    "17": [  # no chair named yet: the coverage page lists Bengkulu
        ("team.bengkulu.1", "Joko", "Santoso", False),
        ("team.bengkulu.2", "Endang", "Rahayu", False),
    ],
}
# Invited, not yet accepted (no password): the Users list shows the invitation pending.
PENDING_INVITATION = ("petugas.kulonprogo@demo.ovop.id", "Wulan", "Pratiwi", "34.01")


def create_users():
    """Create or refresh the demo accounts; returns (username, role, place) rows to print."""
    rows = []
    admin = upsert("admin", "Admin", "Kemenperin", role=User.Role.MINISTRY_ADMIN, is_staff=True, is_superuser=True)
    rows.append((admin.username, admin.get_role_display(), "Nasional"))
    enrol_two_factor(admin)
    for username, first, last, regency_code in OFFICERS:
        regency = Regency.objects.get(code=regency_code)
        user = upsert(username, first, last, role=User.Role.OFFICER, regency=regency)
        rows.append((user.username, user.get_role_display(), str(regency)))
    for province_code, members in TEAMS.items():
        province = Province.objects.get(code=province_code)
        for username, first, last, chair in members:
            user = upsert(username, first, last, role=User.Role.TEAM_MEMBER, province=province, is_team_chair=chair)
            rows.append((user.username, user.get_role_display() + (" (chair)" if chair else ""), str(province)))
    email, first, last, regency_code = PENDING_INVITATION
    if not User.objects.filter(username=email).exists():
        invited = User(first_name=first, last_name=last, email=email, role=User.Role.OFFICER)
        invited.regency = Regency.objects.get(code=regency_code)
        services.invite_user(invited, by=admin)
    rows.append((email, "(invitation pending)", str(Regency.objects.get(code=regency_code))))
    return rows


def upsert(username, first_name, last_name, **fields):
    defaults = {"first_name": first_name, "last_name": last_name, "email": f"{username}@demo.ovop.id", **fields}
    user, _ = User.objects.update_or_create(username=username, defaults={**defaults, "password": demo_password_hash()})
    return user


@functools.cache
def demo_password_hash():
    """Hash the demo password once: the demo makes over a hundred accounts."""
    return make_password(DEMO_PASSWORD)


def enrol_two_factor(user):
    """Give `user` the demo authenticator key and recovery codes (replacing what they had); returns the device."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name=two_factor.DEVICE_NAME, key=b32decode(DEMO_TOTP_KEY).hex(), confirmed=True
    )
    codes = StaticDevice.objects.create(user=user, name=two_factor.RECOVERY_NAME, confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=codes, token=code) for code in DEMO_RECOVERY_CODES)
    return device
