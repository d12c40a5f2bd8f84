"""core/views.py: one page of a list with its links' query, and a service's refusal shown as a message."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from core.exceptions import WorkflowError
from core.views import paginate, run_service


def request_for(url):
    request = RequestFactory().get(url)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_paginate_gives_the_asked_page_and_the_other_parameters_for_its_links():
    page, query = paginate(request_for("/list/?q=tenun&page=2&round=3"), list(range(25)), 10)
    assert list(page.object_list) == list(range(10, 20))
    assert query == "q=tenun&round=3"


def test_paginate_past_the_end_or_nonsense_gives_a_page_not_an_error():
    assert paginate(request_for("/?page=99"), list(range(25)), 10)[0].number == 3
    assert paginate(request_for("/?page=abc"), list(range(25)), 10)[0].number == 1


def test_paginate_takes_a_given_count_instead_of_counting():
    page, _query = paginate(request_for("/"), list(range(5)), 2, count=40)
    assert page.paginator.num_pages == 20


def test_run_service_shows_the_refusal_and_says_nothing_was_done():
    request = request_for("/")

    def refuse(nomination, *, by):
        raise WorkflowError(f"{nomination} is closed for {by}")

    outcome = run_service(request, refuse, "N1", by="officer", success="Saved")
    assert not outcome
    assert [str(m) for m in get_messages(request)] == ["N1 is closed for officer"]


def test_run_service_passes_the_arguments_and_shows_success_from_the_result():
    request = request_for("/")
    outcome = run_service(request, lambda a, *, b: a + b, 2, b=3, success=lambda total: f"Total {total}")
    assert outcome and outcome.result == 5
    assert [str(m) for m in get_messages(request)] == ["Total 5"]


def test_run_service_lets_other_errors_through():
    with pytest.raises(ZeroDivisionError):
        run_service(request_for("/"), lambda: 1 / 0)


def test_a_save_with_more_files_than_a_request_may_carry_gets_a_page_that_says_so(client, officer, award_round):
    """DATA_UPLOAD_MAX_NUMBER_FILES is checked as Django reads the request (CSRF's check reads the form), before any
    view: the portal's 400 page names the limit instead of Django's bare 'Bad Request'."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nominations.models import Nomination

    officer.language = "en"
    officer.save()
    client.force_login(officer)
    files = [SimpleUploadedFile(f"doc{n}.pdf", b"%PDF-1.4", "application/pdf") for n in range(21)]
    response = client.post("/nominations/new/", {"business_name": "Terlalu Banyak", "new_documents": files})
    assert response.status_code == 400
    assert response.templates[0].name == "400_too_much.html"
    assert "paling banyak 20 berkas" in response.content.decode()
    assert not Nomination.objects.filter(business_name="Terlalu Banyak").exists()

    response = client.post("/nominations/new/", {"business_name": "Cukup", "new_documents": files[:20]})
    assert response.status_code != 400  # 20 files are read by the form, which judges each one


def test_form_data_over_its_limit_gets_the_same_page_as_too_large(client, officer, award_round, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(officer)
    response = client.post("/nominations/new/", {"business_name": "x" * 1001})
    assert response.status_code == 413
    assert response.templates[0].name == "400_too_much.html"
