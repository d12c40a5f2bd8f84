"""What making a photo's renditions costs: all six (the worker's task) and one 320 px thumbnail made on demand.

    python bench/renditions.py [--repeat 5]

Through the local file storage (a temporary folder; no database is used), in this process, for two JPEG photos
with a photo's texture (blurred noise and a gradient, quality 90): 4000×3000, a phone's 12 megapixels, and
7300×5475, just under the 40 megapixels the form accepts. Prints the median wall time of each over --repeat
runs; the process is single-threaded, so that is also the CPU time one core spends.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def photo_bytes(width, height, quality=90):
    from PIL import Image, ImageFilter

    noise = (
        Image.effect_noise((width // 8, height // 8), 40).resize((width, height)).filter(ImageFilter.GaussianBlur(2))
    )
    gradient = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (noise, gradient, Image.effect_noise((width, height), 20)))
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ovop-renditions-")
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "ovop_portal.settings", "DEBUG": "true", "MEDIA_ROOT": folder},
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from nominations.models import NominationPhoto
    from nominations.renditions import delete_renditions, write_rendition, write_renditions

    for width, height in ((4000, 3000), (7300, 5475)):
        data = photo_bytes(width, height)
        photo = NominationPhoto(pk=1)
        photo.image.name = default_storage.save(f"bench/photo-{width}.jpg", ContentFile(data))
        times = {"all six (the worker)": [], "one 320 px WebP (on demand)": []}
        for _ in range(args.repeat):
            delete_renditions(photo)
            began = time.perf_counter()
            write_renditions(photo)
            times["all six (the worker)"].append(time.perf_counter() - began)
            delete_renditions(photo)
            began = time.perf_counter()
            write_rendition(photo, 320, "webp")
            times["one 320 px WebP (on demand)"].append(time.perf_counter() - began)
        for label, values in times.items():
            median = statistics.median(values) * 1000
            print(f"{width}×{height} JPEG ({len(data) / 1e6:.1f} MB): {label}: median {median:.0f} ms of {args.repeat}")


if __name__ == "__main__":
    main()
