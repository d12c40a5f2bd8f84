"""Form helpers every app shares."""

from django import forms
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
