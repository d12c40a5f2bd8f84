"""Files for upload tests: small real images and PDFs, and a PNG whose header lies about its size."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="JPEG", size=(64, 48), color=(160, 82, 45)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if fmt == "MPO":  # a JPEG with a second picture, as many phone and camera photos are
        image.save(buffer, fmt, save_all=True, append_images=[image.copy()])
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def image_upload(name="produk.jpg", fmt="JPEG", content_type="image/jpeg"):
    return SimpleUploadedFile(name, image_bytes(fmt), content_type=content_type)


def png_claiming(width, height):
    """A PNG of a few dozen bytes whose header claims width x height grey pixels (its one data chunk holds a
    single row): what a decompression bomb looks like to anything that reads the header."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1)))
        + chunk(b"IEND", b"")
    )


def pdf_bytes():
    """A small but real one-page PDF, written with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name="nib.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def photo_bytes(size=(1600, 1200), fmt="JPEG", orientation=None, gps=False):
    """A photo with a gradient (so that formats compress it like a picture), optionally with the EXIF a phone
    writes: an orientation (6: turn 90° clockwise to show it) and a GPS position."""
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 46.0, 12.0), 3: "E", 4: (110.0, 21.0, 30.0)})
    buffer = io.BytesIO()
    if fmt == "HEIF":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    image.save(buffer, fmt, **({"exif": exif.tobytes()} if len(exif) or gps else {}))
    return buffer.getvalue()


def photo_upload(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, photo_bytes(**kwargs), content_type="image/jpeg")


def grainy_photo_bytes(size=(4000, 3000)):
    """A phone-sized JPEG with grain, so that it is as heavy as a real photo (about 2.7 MB at 4000 × 3000)."""
    from PIL import ImageChops

    base = Image.linear_gradient("L").resize(size)
    channels = [ImageChops.add(base, Image.effect_noise(size, 11), 1, -128) for _ in range(3)]
    buffer = io.BytesIO()
    Image.merge("RGB", channels).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()
