"""Create the demo accounts: a ministry admin, officers of a few regencies and their provinces' teams.

Running it again changes nothing but resetting the demo passwords. It refuses to run with DEBUG off
(a production database) unless --force is given.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Province, Regency, User

DEMO_PASSWORD = "ovop-demo-2024"

OFFICERS = [
    ("officer.sleman", "Sri", "Wahyuni", "34.04"),
    ("officer.bantul", "Bambang", "Susilo", "34.02"),
    ("officer.tasikmalaya", "Dewi", "Lestari", "32.06"),
    ("officer.gianyar", "I Made", "Suarta", "51.04"),
]
TEAMS = {
    "34": [("team.diy.chair", "Hendra", "Gunawan", True), ("team.diy.1", "Rina", "Marlina", False), ("team.diy.2", "Agus", "Salim", False)],
    "32": [("team.jabar.chair", "Yusuf", "Hidayat", True), ("team.jabar.1", "Siti", "Nurhaliza", False), ("team.jabar.2", "Asep", "Sunandar", False)],
    "51": [("team.bali.chair", "Ketut", "Arsana", True), ("team.bali.1", "Ni Luh", "Sari", False), ("team.bali.2", "Wayan", "Sudirta", False)],
}


class Command(BaseCommand):
    help = "Create demo accounts (ministry admin, regency officers, provincial selection teams)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a production database. Demo accounts have a published "
                "password; run with --force only if you really want them here."
            )
        with transaction.atomic():
            rows = self.create_users()
        self.stdout.write(self.style.SUCCESS(f"Demo accounts ready (password for all: {DEMO_PASSWORD}):"))
        for username, role, place in rows:
            self.stdout.write(f"  {username:<22} {role:<40} {place}")

    def create_users(self):
        rows = []
        admin = self.upsert("admin", "Admin", "Kemenperin", role=User.Role.MINISTRY_ADMIN, is_staff=True, is_superuser=True)
        rows.append((admin.username, admin.get_role_display(), "Nasional"))
        for username, first, last, regency_code in OFFICERS:
            regency = Regency.objects.get(code=regency_code)
            user = self.upsert(username, first, last, role=User.Role.OFFICER, regency=regency)
            rows.append((user.username, user.get_role_display(), str(regency)))
        for province_code, members in TEAMS.items():
            province = Province.objects.get(code=province_code)
            for username, first, last, chair in members:
                user = self.upsert(username, first, last, role=User.Role.TEAM_MEMBER, province=province, is_team_chair=chair)
                rows.append((user.username, user.get_role_display() + (" (chair)" if chair else ""), str(province)))
        return rows

    def upsert(self, username, first_name, last_name, **fields):
        defaults = {"first_name": first_name, "last_name": last_name, "email": f"{username}@demo.ovop.id", **fields}
        user, _ = User.objects.update_or_create(username=username, defaults=defaults)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        return user
