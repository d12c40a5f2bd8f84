"""Demo accounts: a ministry admin, officers of a few regencies and their provinces' teams.

Running it again changes nothing but resetting the demo passwords. So that the Users pages' coverage shows
something, most regencies/cities have no officer, Bengkulu's team has two members and no chair, and one officer
(of Kabupaten Kulon Progo) is invited and has not set a password yet.
"""

import functools

from django.contrib.auth.hashers import make_password

from . import services
from .models import Province, Regency, User

DEMO_PASSWORD = "ovop-demo-2024"

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
