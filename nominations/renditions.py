"""Smaller copies ("renditions") of each product photo, so that a phone on a slow link fetches a 20 KB thumbnail
instead of a 3 MB original.

Every photo gets one rendition per width of RENDITION_WIDTHS (never wider than the photo itself) in each format of
RENDITION_FORMATS (WebP, and JPEG for browsers without WebP), stored through the photo's storage (local or S3)
next to the original: `<original stem>_w<width>.<webp|jpg>`. A rendition has the photo's EXIF orientation applied
and carries no metadata (no GPS position, camera or date), only the colour profile.

They are made when the photo is stored (nominations.services), by `manage.py photo_renditions` for photos stored
before, and lazily when one is asked for and missing (nominations.services.rendition_of, for the file views).
The photo's `renditions` field holds the size of each width made, for the pages' `srcset`; it is empty until
they are made. The files are served only by the views that serve the original
(nominations.views.nominations.photo_rendition, awards' showcase), with the same scoping: whoever may not fetch
the original may not fetch its renditions."""

import io
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

RENDITION_WIDTHS = (320, 640, 1280)
# extension: (Pillow format, save options). Quality 75 for WebP and 80 for JPEG look alike on a phone screen.
# WebP's method 1 (of 0-6, the encoder's effort) instead of Pillow's 4: on a 12-megapixel photo the same bytes and
# the same fidelity (PSNR within 0.1 dB at each width) for a quarter less of a worker's time for all six
# renditions (bench/renditions.py: 316 -> 230 ms), which deadline day's uploads keep a worker busy with.
RENDITION_FORMATS = {
    "webp": ("WEBP", {"quality": 75, "method": 1}),
    "jpg": ("JPEG", {"quality": 80, "optimize": True, "progressive": True}),
}
CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


def rendition_name(photo, width, extension):
    path = PurePosixPath(photo.image.name)
    return str(path.with_name(f"{path.stem}_w{width}.{extension}"))


def rendition_file(photo, width, extension):
    """The rendition as a FieldFile of the photo's storage (nominations.uploads.file_response serves it); see
    nominations.services.rendition_of for one that is made first when missing."""
    return FieldFile(photo, photo.image.field, rendition_name(photo, width, extension))


def write_renditions(photo, *, replace=False):
    """Make and store every rendition of the photo; their sizes, {"320": [w, h], ...}, for the photo's `renditions`
    field (the caller saves it: nominations.services.store_renditions). One already there (made on demand while a
    worker was to make them) is kept, unless `replace` (manage.py photo_renditions --all)."""
    sizes = {}
    source, icc_profile = _upright(photo, max(RENDITION_WIDTHS))
    for width in sorted(RENDITION_WIDTHS, reverse=True):  # each from the next larger one: as sharp, far faster
        source = _narrowed(source, width)
        sizes[str(width)] = [source.width, source.height]
        for extension in RENDITION_FORMATS:
            _store(photo, width, extension, source, icc_profile, replace=replace)
    return dict(sorted(sizes.items(), key=lambda item: int(item[0])))


def write_rendition(photo, width, extension):
    """Make and store this one rendition, from a JPEG decoded at the smallest scale that covers it (a 320 px
    thumbnail of a 12-megapixel photo in a few tens of milliseconds): for a page that asks for it before the worker
    made them all (nominations.services.rendition_of)."""
    source, icc_profile = _upright(photo, width)
    _store(photo, width, extension, _narrowed(source, width), icc_profile, replace=False)


def _upright(photo, width):
    """The photo decoded (a JPEG at 1/2, 1/4 or 1/8 scale when that still covers `width`: up to 8x faster), its
    EXIF orientation applied, on white; and its colour profile."""
    from PIL import ImageOps

    from .uploads import image_module

    with photo.image.open("rb"), image_module().open(photo.image) as image:
        image.draft("RGB", (width, width))
        upright = _flatten(ImageOps.exif_transpose(image))
    return upright, image.info.get("icc_profile")


def _narrowed(image, width):
    if image.width <= width:  # never enlarged
        return image
    return image.resize((width, max(1, round(image.height * width / image.width))), _lanczos())


def _store(photo, width, extension, image, icc_profile, *, replace):
    storage, name = photo.image.storage, rendition_name(photo, width, extension)
    if storage.exists(name):
        if not replace:
            return
        storage.delete(name)
    image_format, options = RENDITION_FORMATS[extension]
    buffer = io.BytesIO()
    image.save(buffer, image_format, icc_profile=icc_profile, **options)
    stored = storage.save(name, ContentFile(buffer.getvalue()))
    if stored != name:  # another process (a worker, a page) stored this rendition meanwhile: keep theirs
        storage.delete(stored)


def delete_renditions(photo):
    storage = photo.image.storage
    for width in RENDITION_WIDTHS:
        for extension in RENDITION_FORMATS:
            storage.delete(rendition_name(photo, width, extension))


def srcset(photo, url_for, extension):
    """`url 320w, url 640w, ...` for the photo's renditions in this format, one entry per distinct width (a photo
    narrower than 1280 pixels has fewer); `url_for(width, extension)` gives a rendition's URL."""
    seen, entries = set(), []
    for width in RENDITION_WIDTHS:
        actual = photo.renditions.get(str(width), [width])[0] if photo.renditions else width
        if actual not in seen:
            seen.add(actual)
            entries.append(f"{url_for(width, extension)} {actual}w")
    return ", ".join(entries)


def _flatten(image):
    """RGB on white: transparency (a PNG's) is not kept, JPEG has none."""
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _lanczos():
    from PIL import Image

    return Image.Resampling.LANCZOS
