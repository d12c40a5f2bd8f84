"""Form helpers every app shares."""

from django import forms


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
