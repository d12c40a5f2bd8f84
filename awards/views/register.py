"""The register of IKM OVOP: every IKM with a current star, for ministry admins, with filters and exports."""

from django.shortcuts import render

from core.decorators import rule_required
from core.views import paginate

from .. import selectors
from ..forms import RegisterFilterForm


@rule_required("awards.register")
def register(request):
    filters = RegisterFilterForm(request.GET or None)
    page, query = paginate(request, filters.filter(selectors.star_register()), 50)
    return render(request, "awards/register.html", {"filters": filters, "page": page, "query": query})
