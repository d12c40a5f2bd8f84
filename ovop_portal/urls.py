"""Root URLs: each app's pages under its own prefix, Django's auth views under /accounts/."""
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views

admin.site.site_header = _("OVOP Portal administration")
admin.site.site_title = _("OVOP Portal")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("nominations/", include("nominations.urls")),
    path("curation/", include("curation.urls")),
    path("admin/", admin.site.urls),
]
