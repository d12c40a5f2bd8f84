"""View helpers every app shares: one page of a list, calling a service from a view, and ids read from a request."""

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views import defaults

from .exceptions import WorkflowError


def paginate(request, items, per_page, *, count=None):
    """The page of `items` that `?page=` asks for (the last one when it is past the end), and the query string
    of the request's other parameters, for the page links (`?{{ query }}&page=2`).

    `count`, when given, spares counting `items` (a ranking counted without its aggregates).
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


@dataclass(frozen=True)
class Outcome:
    """What `run_service` returns: true when the service did its work; `result` is what it returned."""

    done: bool
    result: Any = None

    def __bool__(self):
        return self.done


def run_service(request, service, *args, success=None, **kwargs):
    """Call `service(*args, **kwargs)`; a refusal (WorkflowError) becomes an error message with its reason.

    On success, `success` (a text, or a function of the service's result that returns one) becomes a success
    message. The view then redirects or draws the page again (with the form as typed) as it sees fit.
    """
    try:
        result = service(*args, **kwargs)
    except WorkflowError as error:
        messages.error(request, str(error))
        return Outcome(False)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return Outcome(True, result)


# A database id as typed into a query string or ticked in a form: ASCII digits (str.isdigit() also accepts '²',
# which int() refuses), at most 18 of them (below 2**63; 99999999999999999999999 overflows SQLite's integers).
DATABASE_ID = re.compile(r"[0-9]{1,18}")


def ids_from(values):
    """The database ids among `values`, in their order; anything else is dropped."""
    return [int(value) for value in values if DATABASE_ID.fullmatch(value)]


def object_from_query(request, key, queryset):
    """The object of `queryset` that ?key= names; None without the key; 404 for a value that names none of them,
    whatever it is (huge, negative, '²', text with a NUL character, which PostgreSQL refuses)."""
    value = request.GET.get(key)
    if not value:
        return None
    try:
        return queryset.get(pk=value)
    except (queryset.model.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None


def bad_request(request, exception):
    """The portal's 400 page (settings `handler400`). A request refused for what it carries (more files than
    DATA_UPLOAD_MAX_NUMBER_FILES, more form data than DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields) says so, and
    how to send it; anything else is Django's plain 400."""
    if not isinstance(exception, (TooManyFilesSent, RequestDataTooBig, TooManyFieldsSent)):
        return defaults.bad_request(request, exception)
    status = 413 if isinstance(exception, RequestDataTooBig) else 400
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
    context = {"too_many_files": isinstance(exception, TooManyFilesSent), "limit": limit}
    return render(request, "400_too_much.html", context, status=status)
