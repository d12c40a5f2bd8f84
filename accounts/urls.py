"""The accounts pages. The coverage page's URL (`user_coverage`) is in this namespace too, from
curation.urls.coverage_urlpatterns (joined in ovop_portal/urls.py): its view reads the assessors' assignments."""

from django.urls import path

from . import two_factor_views, views
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
    path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/disable/", two_factor_views.disable, name="two_factor_disable"),
    path("two-factor/reset/", two_factor_views.reset, name="two_factor_reset"),
]
