"""Template helpers of the nominations app (the portal-wide filters are in core/templatetags/portal.py)."""

from django import template
from django.urls import reverse

from ..models import NominationStatus, RoundStatus
from ..renditions import RENDITION_WIDTHS, srcset

register = template.Library()

LABELS = {**dict(RoundStatus.choices), **dict(NominationStatus.choices)}


@register.filter
def status_label(code):
    """The translated label of a nomination or round status code, as stored in audit records."""
    return LABELS.get(code, code)


# How a photo is shown, by where: the URL of its renditions, the width it takes on the page (`sizes`, from which the
# browser picks a rendition), its CSS class and its box. The showcase is public: its own URL, scoped to the winners.
PICTURES = {
    "thumb": ("nominations:photo_rendition", "120px", "photo-thumb", 120, 90),
    "showcase": (
        "showcase_photo_rendition",
        "(min-width: 992px) 25vw, (min-width: 576px) 50vw, 100vw",
        "card-img-top",
        320,
        200,
    ),
}


@register.inclusion_tag("nominations/_picture.html")
def photo_picture(photo, kind, alt=""):
    """A photo as its renditions (nominations/renditions.py), shown as PICTURES[kind] says: WebP for browsers that
    show it, JPEG otherwise, each in every width, so that the browser fetches the smallest that fills the photo's
    place on its screen."""
    url_name, sizes, css_class, width, height = PICTURES[kind]

    def url_for(rendition_width, extension):
        return reverse(url_name, kwargs={"pk": photo.pk, "width": rendition_width, "extension": extension})

    return {
        "webp_srcset": srcset(photo, url_for, "webp"),
        "jpg_srcset": srcset(photo, url_for, "jpg"),
        "src": url_for(RENDITION_WIDTHS[0], "jpg"),
        "sizes": sizes,
        "css_class": css_class,
        "width": width,
        "height": height,
        "alt": alt,
    }
