"""Database connection settings that the pages' speed depends on (README, DATABASE_RANDOM_PAGE_COST)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_postgresql_connections_plan_for_ssd_reads():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting: run with DATABASE_URL=postgres://... (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
