"""A user's notifications, and the admins' outbox: result e-mails to review, edit and send, and failed e-mails to
send again."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from core.decorators import rule_required
from core.page_cache import mark_written
from core.views import ids_from, paginate, run_service

from .models import PRIVATE_KINDS, Notification
from .services import edit_outbox_message, mark_read, send_again, send_outbox


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
    """Result e-mails waiting for review, and every e-mail that failed after its last retry (with its error)."""
    waiting = Notification.objects.filter(status=Notification.Status.OUTBOX).select_related("recipient__regency")
    page, _query = paginate(request, waiting, 50)
    failed = Notification.objects.filter(status=Notification.Status.FAILED).select_related("recipient__regency")
    context = {"page": page, "count": waiting.count(), "failed": failed[:100], "failed_count": failed.count()}
    return render(request, "notifications/outbox.html", context)


@rule_required("notifications.outbox")
def outbox_edit(request, pk):
    # A private message (an invitation's link) is read by its recipient only: not even shown in the form.
    notification = get_object_or_404(
        Notification.objects.exclude(kind__in=PRIVATE_KINDS), pk=pk, status=Notification.Status.OUTBOX
    )
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
def outbox_send_again(request):
    """Queue failed e-mails again: the one posted (`pk`), or all of them."""
    failed = Notification.objects.filter(status=Notification.Status.FAILED)
    if "pk" in request.POST:
        failed = failed.filter(pk__in=ids_from(request.POST.getlist("pk")))
    run_service(
        request,
        send_again,
        failed,
        by=request.user,
        success=lambda count: (
            ngettext("%(count)s e-mail queued again.", "%(count)s e-mails queued again.", count) % {"count": count}
        ),
    )
    return redirect("notifications:outbox")


@require_POST
@rule_required("notifications.outbox")
def outbox_send(request):
    with transaction.atomic():
        count = send_outbox()
    messages.success(request, _("%(count)s e-mails sent.") % {"count": count})
    return redirect("notifications:outbox")
