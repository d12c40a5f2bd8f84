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
