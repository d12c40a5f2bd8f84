"""Make the smaller copies of product photos stored before renditions existed (nominations/renditions.py).

Run once after deploying them: `manage.py photo_renditions`. Photos that have them are skipped unless --all is
given (e.g. after RENDITION_WIDTHS changed). A photo whose file is missing or unreadable is reported and skipped.
Until a photo has them, its pages still work: each rendition is made when it is first asked for.
"""

from django.core.management.base import BaseCommand

from nominations.models import NominationPhoto
from nominations.services import store_renditions


class Command(BaseCommand):
    help = "Make the renditions (320/640/1280 px, WebP and JPEG) of product photos that have none."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Make them again for every photo.")

    def handle(self, *args, all=False, **options):  # noqa: A002 - the option's name
        photos = NominationPhoto.objects.order_by("pk")
        if not all:
            photos = photos.filter(renditions={})
        made = failed = 0
        for photo in photos.iterator(chunk_size=100):
            try:
                store_renditions(photo, replace=all)
            except (OSError, ValueError) as error:  # a lost file, or one Pillow cannot decode
                failed += 1
                self.stderr.write(f"Photo {photo.pk} ({photo.image.name}): {error}")
            else:
                made += 1
        self.stdout.write(self.style.SUCCESS(f"Renditions made for {made} photo(s); {failed} failed."))
