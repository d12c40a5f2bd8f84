"""Every request has an id (django-guid, settings.DJANGO_GUID): the proxy's X-Request-ID or a new one, returned in
the response and written on each log line of the request by the console handler of settings.LOGGING."""

import io
import logging
import re

import pytest

from core.request_id import RequestIdFilter

pytestmark = pytest.mark.django_db

PROXY_ID = "5f0c1a3e9b7d4c2a8e6f1b0d3c5a7e9f"  # as nginx's $request_id


@pytest.fixture
def console_log():
    """What the portal's console handler writes, with its own format and filter."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RequestIdFilter) for f in h.filters))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_the_proxys_request_id_is_returned(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=PROXY_ID)

    assert response["X-Request-ID"] == PROXY_ID


def test_a_request_without_an_id_gets_a_new_one_each_time(client):
    first, second = client.get("/accounts/login/"), client.get("/accounts/login/")

    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_an_id_that_is_not_a_uuid_is_replaced(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="evil id; drop table")

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_log_line_of_a_request_carries_its_id(client, console_log):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID=PROXY_ID)

    assert response.status_code == 404
    lines = console_log.getvalue().splitlines()
    assert any("Not Found: /no-such-page/" in line for line in lines)
    assert lines and all(f"[{PROXY_ID}]" in line for line in lines)


def test_a_failed_health_check_is_logged_with_the_request_id(client, console_log, broken_storage):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert f"[{response['X-Request-ID']}] core.health: Health check of the storage failed" in console_log.getvalue()


def test_log_lines_outside_a_request_show_a_dash(console_log):
    logging.getLogger("ovop.test").warning("outside")

    assert "[-] ovop.test: outside" in console_log.getvalue()
