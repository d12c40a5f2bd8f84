"""Officers' spreadsheet import: a template to download, an upload, and a per-row report."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.decorators import rule_required
from core.spreadsheets import UnreadableFile

from ..forms import ImportForm
from ..imports import import_nominations, template_workbook
from ..models import AwardRound
from .nominations import no_open_round

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@rule_required("nominations.create")
def import_template(request):
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="template-nominasi-ovop.xlsx"'
    return response


@rule_required("nominations.create")
def import_upload(request):
    award_round = AwardRound.objects.taking_nominations()
    if award_round is None:
        return no_open_round(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    results = None
    if request.method == "POST" and form.is_valid():
        try:
            results = import_nominations(form.cleaned_data["file"], award_round=award_round, by=request.user)
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            created = sum(1 for r in results if r.created)
            messages.info(
                request,
                _("%(created)s of %(total)s rows became drafts; see the report below.")
                % {"created": created, "total": len(results)},
            )
    return render(request, "nominations/import.html", {"form": form, "results": results, "award_round": award_round})
