"""Spreadsheet import of invitations: one user per row of an XLSX or CSV file, each invited by e-mail.

Every row goes through the same form and service as the invitation page, so the same checks apply; the result is a
per-row report (as for the nomination import, nominations/imports.py). A row whose e-mail address has an account
already is skipped, so uploading the same file again invites nobody twice.
"""

import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import spreadsheets
from core.exceptions import WorkflowError
from core.spreadsheets import SheetShape, append_text_row, cell_text

from . import services
from .forms import InvitationForm
from .models import Province, Regency, User

MAX_ROWS = 700  # every regency's officer and every province's team fit in one file

# Column headers of the template (stable keys, in Indonesian) -> form fields; "kode_wilayah" is the regency/city's
# code for an officer, the province's for a team member.
COLUMNS = {
    "nama_depan": "first_name",
    "nama_belakang": "last_name",
    "email": "email",
    "peran": "role",
    "kode_wilayah": "region",
    "organisasi": "organisation",
    "bahasa": "language",
}
EXAMPLES = [
    {"nama_depan": "Sri", "nama_belakang": "Wahyuni", "email": "sri@slemankab.go.id", "peran": "officer"},
    {"nama_depan": "Hendra", "nama_belakang": "Gunawan", "email": "hendra@jogjaprov.go.id", "peran": "team_member"},
    {
        "nama_depan": "Ratna",
        "nama_belakang": "Dewi",
        "email": "ratna@gapmmi.id",
        "peran": "assessor",
        "organisasi": "GAPMMI",
        "bahasa": "id",
    },
]
EXAMPLES[0]["kode_wilayah"] = "34.04"
EXAMPLES[1]["kode_wilayah"] = "34"

SHAPE = SheetShape(
    columns=tuple(COLUMNS),
    max_rows=MAX_ROWS,
    too_many_rows=gettext_lazy("The file has more than %(rows)s users: split it into smaller files."),
    rows_below=gettext_lazy(
        "The sheet goes on below row %(max)s (empty rows count too): keep at most %(rows)s users at the top and "
        "delete the rows below them."
    ),
)


class RowOutcome:
    INVITED = "invited"
    SKIPPED = "skipped"  # the address has an account: nothing done
    REFUSED = "refused"


@dataclass
class RowResult:
    row: int
    label: str
    outcome: str
    user: User | None = None
    errors: list = field(default_factory=list)


def template_workbook():
    from openpyxl import Workbook  # imported when used, as in curation/minutes.py

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "pengguna"
    append_text_row(sheet, list(COLUMNS))
    for example in EXAMPLES:
        append_text_row(sheet, [example.get(key, "") for key in COLUMNS])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(16, len(str(column[0].value)) + 2)
    codes = workbook.create_sheet("kode")
    append_text_row(codes, ["kolom", "kode", "arti"])
    for code, label in User.Role.choices:
        if code != User.Role.MINISTRY_ADMIN:
            append_text_row(codes, ["peran", code, str(label)])
    append_text_row(codes, ["bahasa", "id", "Bahasa Indonesia"])
    append_text_row(codes, ["bahasa", "en", "English"])
    for province in Province.objects.all():
        append_text_row(codes, ["kode_wilayah", province.code, str(province)])
    for regency in Regency.objects.select_related("province"):
        append_text_row(codes, ["kode_wilayah", regency.code, f"{regency}, {regency.province}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _roles():
    lookup = {}
    for code, label in User.Role.choices:
        lookup[code] = code
        for language in ("id", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


def to_form_data(row, roles):
    data = {COLUMNS[key]: cell_text(value) for key, value in row.items() if key}
    data["role"] = roles.get(data.get("role", "").lower(), data.get("role", ""))
    data["language"] = data.get("language", "").lower() or "id"
    region = data.pop("region", "")
    if data["role"] == User.Role.OFFICER:
        data["regency"] = region
    elif data["role"] == User.Role.TEAM_MEMBER:
        data["province"] = region
    return data


def import_invitations(upload, *, by):
    """Invite one user per valid row; returns the per-row report."""
    results = []
    roles = _roles()
    for number, row in spreadsheets.read_rows(upload, SHAPE):
        email = cell_text(row.get("email")).lower()
        label = email or " ".join(filter(None, [cell_text(row.get("nama_depan")), cell_text(row.get("nama_belakang"))]))
        form = InvitationForm(to_form_data(row, roles), by=by)
        # Ministry admins are invited one by one on the Invite page, never from a sheet others may have compiled.
        form.fields["role"].choices = [c for c in form.fields["role"].choices if c[0] != User.Role.MINISTRY_ADMIN]
        if not form.is_valid():
            if form.has_error("email", "exists"):
                results.append(RowResult(number, label or f"#{number}", RowOutcome.SKIPPED))
                continue
            errors = [
                f"{form.fields[name].label}: {' '.join(messages)}" if name in form.fields else " ".join(messages)
                for name, messages in form.errors.items()
            ]
            results.append(RowResult(number, label or f"#{number}", RowOutcome.REFUSED, errors=errors))
            continue
        try:
            with transaction.atomic():
                user = services.invite_user(form.save(commit=False), by=by)
        except WorkflowError as error:
            results.append(RowResult(number, label, RowOutcome.REFUSED, errors=[str(error)]))
        else:
            results.append(RowResult(number, label, RowOutcome.INVITED, user=user))
    return results


def summary(results):
    """How many rows were invited, skipped and refused, for the message above the report."""
    count = dict.fromkeys((RowOutcome.INVITED, RowOutcome.SKIPPED, RowOutcome.REFUSED), 0)
    for result in results:
        count[result.outcome] += 1
    return (
        _("%(invited)s invited, %(skipped)s skipped (they have an account), %(refused)s refused; see the report below.")
        % count
    )
