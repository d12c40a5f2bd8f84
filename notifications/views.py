"""A user's notifications, and the admins' outbox of result e-mails to review, edit and send."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.decorators import rule_required
from core.page_cache import mark_written
from core.views import paginate, run_service

from .models import Notification
from .services import edit_outbox_message, mark_read, send_outbox


@rule_required("notifications.own")
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user).exclude(status=Notification.Status.OUTBOX)
    page, _query = paginate(request, notifications, 20)
    unread = [n.pk for n in page.object_list if n.read_at is None]
    response = render(request, "notifications/inbox.html", {"page": page, "unread": set(unread)})
    if unread:
        mark_read(request.user, unread)
        mark_written(request)  # the unread count in the navbar of cached pages changes
    return response


class OutboxEditForm(forms.ModelForm):
    class Meta:
        model = Notification
        fields = ["subject", "body"]
        labels = {"subject": gettext_lazy("Subject"), "body": gettext_lazy("Message")}
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


@rule_required("notifications.outbox")
def outbox(request):
    waiting = Notification.objects.filter(status=Notification.Status.OUTBOX).select_related("recipient__regency")
    page, _query = paginate(request, waiting, 50)
    return render(request, "notifications/outbox.html", {"page": page, "count": waiting.count()})


@rule_required("notifications.outbox")
def outbox_edit(request, pk):
    notification = get_object_or_404(Notification, pk=pk, status=Notification.Status.OUTBOX)
    form = OutboxEditForm(request.POST or None, instance=notification)
    if request.method == "POST" and form.is_valid():
        run_service(
            request,
            edit_outbox_message,
            notification,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
            success=_("Message to %(recipient)s saved.") % {"recipient": notification.recipient},
        )
        return redirect("notifications:outbox")
    return render(request, "notifications/outbox_edit.html", {"form": form, "notification": notification})


@require_POST
@rule_required("notifications.outbox")
def outbox_send(request):
    with transaction.atomic():
        count = send_outbox()
    messages.success(request, _("%(count)s e-mails sent.") % {"count": count})
    return redirect("notifications:outbox")
