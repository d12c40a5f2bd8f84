"""Form helpers every app shares."""

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils.translation import gettext_lazy as _


class FilterFormMixin:
    """Filter forms (GET, a few fields above a list) render through templates/_filter_field.html with
    Bootstrap's classes set here: a list page draws its filters on every request, and crispy's field
    templates cost about a third of the officer list's time."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs["class"] = (
                "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            )


class SpreadsheetForm(forms.Form):
    """The upload of an import (core/spreadsheets.py reads it): an .xlsx or .csv file of at most 5 MB."""

    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def field_anchor(bound_field):
    """The id of the element a link to this field should reach: the first box of a group of radio buttons or
    checkboxes (and the first part of a split field), which carry the field's id with `_0` added."""
    widget = bound_field.field.widget
    grouped = isinstance(widget, forms.MultiWidget) or (
        isinstance(widget, ChoiceWidget) and widget.input_type in ("radio", "checkbox")
    )
    return f"{bound_field.auto_id}_0" if grouped else bound_field.auto_id


def error_summary(forms_and_formsets):
    """The errors of bound forms and formsets as (text, anchor or None) rows in page order: each form's own
    (non-field) errors, then its fields' errors linked to the field. A field may name itself for the summary
    with a `summary_label` attribute (a score field labelled "Score" inside its criterion's fieldset)."""
    rows = []
    for item in forms_and_formsets:
        if isinstance(item, forms.BaseFormSet):
            rows += [(str(error), None) for error in item.non_form_errors()]
            rows += error_summary(item.forms)
            continue
        if not item.is_bound or not item.errors:
            continue
        rows += [(str(error), None) for error in item.non_field_errors()]
        for bound_field in item:
            label = getattr(bound_field.field, "summary_label", None) or bound_field.label
            anchor = None if bound_field.is_hidden else field_anchor(bound_field)
            rows += [(f"{label}: {error}" if label else str(error), anchor) for error in bound_field.errors]
    return rows
