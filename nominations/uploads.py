"""Checks of uploaded files by their content: images through Pillow, documents as real PDFs."""
from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
MAX_PHOTOS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the pattern of Django's "Uploading multiple files" docs)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(self.clean_one(upload))
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean_one(self, upload):
        return forms.FileField.clean(self, upload)


class MultiplePhotoField(MultipleFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        kwargs.setdefault(
            "help_text",
            _("JPEG, PNG or WebP, at most %(size)s each.") % {"size": filesizeformat(PHOTO_MAX_BYTES)},
        )
        super().__init__(*args, **kwargs)

    def clean_one(self, upload):
        if upload.size > PHOTO_MAX_BYTES:
            raise ValidationError(
                _("The photo is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(PHOTO_MAX_BYTES)},
                code="too_large",
            )
        try:
            image_field = forms.ImageField(required=True)
            cleaned = image_field.clean(upload)
        except ValidationError:
            raise ValidationError(_("This is not a JPEG, PNG or WebP image."), code="invalid_image") from None
        image_format = getattr(getattr(cleaned, "image", None), "format", None)
        if image_format not in PHOTO_FORMATS:
            raise ValidationError(
                _("%(format)s images are not accepted: use JPEG, PNG or WebP.") % {"format": image_format or "?"},
                code="invalid_image_format",
            )
        cleaned.seek(0)
        return cleaned


class MultiplePdfField(MultipleFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}))
        kwargs.setdefault(
            "help_text", _("PDF, at most %(size)s each.") % {"size": filesizeformat(DOCUMENT_MAX_BYTES)}
        )
        super().__init__(*args, **kwargs)

    def clean_one(self, upload):
        if upload.size > DOCUMENT_MAX_BYTES:
            raise ValidationError(
                _("The document is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(DOCUMENT_MAX_BYTES)},
                code="too_large",
            )
        check_pdf(upload)
        return upload


def check_pdf(upload):
    """Refuse anything that does not open as a PDF with at least one page."""
    from pypdf import PdfReader  # imported when used, as in curation/minutes.py
    from pypdf.errors import PyPdfError

    upload.seek(0)
    if upload.read(5) != b"%PDF-":
        raise ValidationError(_("This is not a PDF document."), code="invalid_pdf")
    upload.seek(0)
    try:
        pages = len(PdfReader(upload).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        pages = 0
    if pages < 1:
        raise ValidationError(_("This PDF is damaged and cannot be opened."), code="broken_pdf")
    upload.seek(0)


def file_response(stored, *, filename=None, as_attachment=False, cache_control="private, max-age=3600"):
    """Serve a stored file to a visitor the view has already checked: streamed from local storage, or a
    redirect to a short-lived signed URL when the storage (S3) has no local path."""
    try:
        stored.path  # noqa: B018 - only local storage has a path
    except NotImplementedError:
        return HttpResponseRedirect(stored.url)
    response = FileResponse(stored.open("rb"), as_attachment=as_attachment, filename=filename)
    response["Cache-Control"] = cache_control
    return response
