"""The accounts pages. The coverage page's URL (`user_coverage`) is in this namespace too, from
curation.urls.coverage_urlpatterns (joined in ovop_portal/urls.py): its view reads the assessors' assignments."""

from django.urls import path

from . import views
from .views import users

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("ping/", views.ping, name="ping"),
    path("users/", users.user_list, name="user_list"),
    path("users/invite/", users.user_invite, name="user_invite"),
    path("users/import/", users.user_import, name="user_import"),
    path("users/import/template.xlsx", users.user_import_template, name="user_import_template"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/<str:action>/", users.user_action, name="user_action"),
    path("invitation/<str:uidb64>/set-password/", users.invitation_set_password, name="invitation_set_password"),
    path("invitation/<str:uidb64>/<str:token>/", users.invitation, name="invitation"),
]
