"""Turn NoRoundInCuration into a friendly page on every curation view."""

from django.shortcuts import render

from .views.common import NoRoundInCuration


class NoRoundInCurationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NoRoundInCuration):
            return render(request, "curation/no_round.html", status=200)
        return None
