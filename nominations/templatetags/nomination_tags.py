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


@register.inclusion_tag("nominations/_picture.html")
def photo_picture(photo, url_name, *, sizes, css_class="", width="", height="", alt="", loading="lazy"):
    """A photo as its renditions (nominations/renditions.py): WebP for browsers that show it, JPEG otherwise, each
    in every width, so that the browser fetches the smallest that fills `sizes` on its screen. `url_name` serves
    the renditions (`nominations:photo_rendition`, or `showcase_photo_rendition` for the public)."""

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
        "loading": loading,
    }
