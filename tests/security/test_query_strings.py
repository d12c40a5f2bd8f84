"""Every query-string value and every id in a path that a page reads, given huge, negative, non-numeric and NUL
values, for each kind of visitor: the page answers as for any wrong input (the filter marked invalid or
ignored, a redirect, 403 or 404), never a server error, on SQLite and on PostgreSQL.

The keys come from the pages themselves: each URL is first requested with a query string that records which
keys its view (and the middleware) reads, so a new filter is walked without a change here."""

from urllib.parse import urlencode

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.urls.converters import IntConverter
from django.utils.functional import cached_property

from tests.awards.conftest import decision_round  # noqa: F401 - fixture
from tests.curation.conftest import curation_round  # noqa: F401 - fixture
from tests.security.test_authorization_matrix import kwargs_for, scenario, url_names  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

BAD_VALUES = [
    "99999999999999999999999",  # beyond any integer column (SQLite: OverflowError)
    "9223372036854775808",  # one beyond a bigint
    "2147483648",  # one beyond an integer
    "-1",
    "abc",
    "²",  # str.isdigit() says yes, int() says no
    "7\x00",  # PostgreSQL refuses NUL in text
]
ACCEPTED = {200, 302, 403, 404}


@pytest.fixture
def keys_read(monkeypatch):
    """The query-string keys read while answering a request (cleared by the caller)."""
    read = set()

    class Recording(QueryDict):
        def __getitem__(self, key):
            read.add(key)
            return super().__getitem__(key)

        def getlist(self, key, default=None):
            read.add(key)
            return super().getlist(key, default)

        def __contains__(self, key):
            read.add(key)
            return super().__contains__(key)

    recording = cached_property(
        lambda request: Recording(request.environ.get("QUERY_STRING", ""), encoding=request._encoding)
    )
    recording.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", recording)
    return read


def answer(client, url, query):
    """The status of a GET, or of a POST (rolled back) where the URL only acts."""
    response = client.get(url, query)
    if response.status_code == 405:
        with transaction.atomic():
            response = client.post(f"{url}?{urlencode(query, doseq=True)}")
            transaction.set_rollback(True)
    return response.status_code


def huge_ids(name, pattern, ids, value):
    """The URL's keyword arguments with each integer in the path replaced by `value`, one at a time."""
    kwargs = kwargs_for(name, pattern, ids)
    for key, converter in pattern.pattern.converters.items():
        if isinstance(converter, IntConverter):
            yield {**kwargs, key: value}


@pytest.mark.parametrize("visitor", ["anonymous", "officer", "team_member", "chair", "admin_user"])
def test_bad_numbers_in_query_strings_and_paths_never_cause_a_server_error(
    client, request, scenario, keys_read, visitor
):  # noqa: F811
    client.raise_request_exception = False
    user = None if visitor == "anonymous" else request.getfixturevalue(visitor)
    failures, walked = [], 0
    for name, pattern in sorted(url_names(), key=lambda item: item[0]):
        if name.startswith("admin:"):
            continue
        if user is not None:
            client.force_login(user)  # again: the logout URL logs out
        url = reverse(name, kwargs=kwargs_for(name, pattern, scenario))
        keys_read.clear()
        answer(client, url, {"probe": "1"})
        for key in sorted(keys_read - {"probe"}):
            for value in BAD_VALUES:
                walked += 1
                if (status := answer(client, url, {key: [value, value]})) not in ACCEPTED:  # twice: for lists too
                    failures.append(f"{url}?{key}={value!r}: {status}")
        for value in filter(str.isdecimal, BAD_VALUES):
            for kwargs in huge_ids(name, pattern, scenario, value):
                walked += 1
                if (status := answer(client, reverse(name, kwargs=kwargs), {})) not in ACCEPTED:
                    failures.append(f"{name} {kwargs}: {status}")
    assert walked > 100 and failures == [], "\n".join(failures)
