from django.template.loader import render_to_string

from core.page_cache import fresh_part


def unread_notifications(request):
    """The number of unread notifications for the navbar badge (one small query per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from .models import Notification

    return {
        "unread_notifications": Notification.objects.filter(recipient=user, read_at__isnull=True)
        .exclude(status=Notification.Status.OUTBOX)
        .count()
    }


@fresh_part("unread")
def unread_badge(request):
    """The badge, drawn afresh into a page served from the page cache: a notification never redraws a page."""
    return render_to_string("notifications/_unread_badge.html", unread_notifications(request))
