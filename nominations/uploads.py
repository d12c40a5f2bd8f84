"""Checks of uploaded files by their content (images through Pillow, documents as real PDFs), and how
stored files are named and served: by their real type, never by the name the uploader gave them."""

import io
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

PHOTO_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 10
# A photo's pixels are decoded wherever it is shown or thumbnailed: 40 megapixels is more than any phone or
# camera an officer uses, and a small PNG can claim far more (a 144-megapixel one fits in a few kilobytes).
PHOTO_MAX_MEGAPIXELS = 40
# The photo formats accepted (as Pillow names them), with the extension a photo is stored under.
# MPO is a JPEG that carries a second picture (many phones and cameras write it): browsers show it as a JPEG.
PHOTO_SUFFIXES = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Accepted too, but stored as JPEG (browsers other than Safari do not show HEIC): iPhones take HEIC/HEIF photos.
CONVERTED_TO_JPEG = {"HEIF"}
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"
DOCUMENT_SUFFIX = ".pdf"
# What a stored file is served as, by its stored extension; anything else is an application/octet-stream download.
SERVED_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp", DOCUMENT_SUFFIX: "application/pdf"}


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
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}))
        kwargs.setdefault("help_text", photo_help_text())
        super().__init__(*args, **kwargs)

    def clean_one(self, upload):
        check_photo_size(upload)
        return clean_photo(super().clean_one(upload))


class PhotoField(forms.FileField):
    """One photo, checked as MultiplePhotoField checks each of its photos."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))
        kwargs.setdefault("help_text", photo_help_text())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if data:
            check_photo_size(data)
        upload = super().clean(data, initial)
        return clean_photo(upload) if upload else upload


def photo_help_text():
    return _("JPEG, PNG, WebP or HEIC, at most %(size)s and %(megapixels)s megapixels each.") % {
        "size": filesizeformat(PHOTO_MAX_BYTES),
        "megapixels": PHOTO_MAX_MEGAPIXELS,
    }


def check_photo_size(upload):
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(PHOTO_MAX_BYTES)},
            code="too_large",
        )


def clean_photo(upload):
    """The upload if it is a photo the portal keeps as it is; a HEIC/HEIF photo as a JPEG copy (with its EXIF
    orientation applied and no other metadata); a ValidationError for anything else (`check_photo`)."""
    if check_photo(upload) not in CONVERTED_TO_JPEG:
        return upload
    try:
        return heif_as_jpeg(upload)
    except Exception:  # a header that reads but pixels that do not decode (the libheif errors have no one class)
        raise ValidationError(_("This is not a JPEG, PNG or WebP image."), code="invalid_image") from None


def image_module():
    """PIL.Image, able to open HEIC/HEIF files (pillow-heif); imported when used, as in curation/minutes.py."""
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()  # idempotent: registers the opener with Pillow once
    return Image


def heif_as_jpeg(upload):
    from PIL import ImageOps

    with image_module().open(upload) as image:
        converted = ImageOps.exif_transpose(image).convert("RGB")
    buffer = io.BytesIO()
    converted.save(buffer, "JPEG", quality=90, optimize=True)
    upload.seek(0)
    name = f"{PurePath(upload.name).stem[:250]}.jpg"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def check_photo(upload):
    """Refuse anything that Pillow does not read as a JPEG, PNG, WebP or HEIC/HEIF image of at most
    PHOTO_MAX_MEGAPIXELS; the format Pillow read otherwise. The content decides, not the name: a PNG called
    foto.html is a photo (and is stored as .png, see `photo_suffix`). The size is read from the header, before
    any pixel is decoded."""
    Image = image_module()  # noqa: N806 - the module, under its usual name

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            pixels = width * height
            if pixels <= PHOTO_MAX_MEGAPIXELS * 1_000_000:
                image.verify()
    except Image.DecompressionBombError:  # beyond twice Pillow's own limit: Image.open refuses it itself
        pixels = float("inf")
    except Exception:  # Pillow raises many kinds for a broken or foreign file
        raise ValidationError(_("This is not a JPEG, PNG or WebP image."), code="invalid_image") from None
    finally:
        upload.seek(0)
    if pixels > PHOTO_MAX_MEGAPIXELS * 1_000_000:
        raise ValidationError(
            _(
                "The photo has more than %(limit)s megapixels: make it smaller (for example 4000 × 3000 pixels) "
                "and upload it again."
            )
            % {"limit": PHOTO_MAX_MEGAPIXELS},
            code="too_many_pixels",
        )
    if image_format not in PHOTO_SUFFIXES and image_format not in CONVERTED_TO_JPEG:
        raise ValidationError(
            _("%(format)s images are not accepted: use JPEG, PNG, WebP or HEIC.") % {"format": image_format},
            code="invalid_image_format",
        )
    return image_format


class MultiplePdfField(MultipleFileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "application/pdf,.pdf"}))
        kwargs.setdefault("help_text", _("PDF, at most %(size)s each.") % {"size": filesizeformat(DOCUMENT_MAX_BYTES)})
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


def photo_suffix(file):
    """.jpg, .png or .webp by the format Pillow reads in the file's header; "" for anything else."""
    from PIL import Image, UnidentifiedImageError  # imported when used, as in curation/minutes.py

    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            return PHOTO_SUFFIXES.get(image.format, "")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return ""
    finally:
        file.seek(position)


def file_response(stored, *, filename=None, cache_control="private, max-age=3600"):
    """Serve a stored file to a visitor the view has already checked, as the type of its stored extension:
    photos inline as their image type, PDFs (and anything unknown) as downloads, never sniffed. Streamed from
    local storage, or a redirect to a short-lived signed URL when the storage (S3) has no local path; the
    signed URL carries the same type and disposition, so S3 answers with them whatever the object says.
    `filename` is the download's name; it keeps only its stem and takes the stored file's extension."""
    suffix = PurePath(stored.name).suffix.lower()
    content_type = SERVED_TYPES.get(suffix, "application/octet-stream")
    stem = PurePath(filename or stored.name).stem
    disposition = content_disposition_header(
        not content_type.startswith("image/"), stem + suffix if suffix in SERVED_TYPES else stem
    )
    try:
        stored.path  # noqa: B018 - only local storage has a path
    except NotImplementedError:
        parameters = {"ResponseContentType": content_type, "ResponseContentDisposition": disposition}
        return HttpResponseRedirect(stored.storage.url(stored.name, parameters=parameters))
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = cache_control
    response["X-Content-Type-Options"] = "nosniff"
    return response
