from django.urls import path

from . import two_factor_views, views

app_name = "accounts"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("ping/", views.ping, name="ping"),
    path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor_views.setup, name="two_factor_setup"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/disable/", two_factor_views.disable, name="two_factor_disable"),
    path("two-factor/reset/", two_factor_views.reset, name="two_factor_reset"),
]
