from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/edit/", views.outbox_edit, name="outbox_edit"),
    path("outbox/send/", views.outbox_send, name="outbox_send"),
    path("outbox/send-again/", views.outbox_send_again, name="outbox_send_again"),
]
