"""Root URLs: each app's pages under its own prefix, Django's auth views under /accounts/."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from accounts.urls import urlpatterns as account_urlpatterns
from awards.urls import round_urlpatterns
from awards.views import results as award_views
from curation.urls import coverage_urlpatterns
from nominations.urls import urlpatterns as nomination_urlpatterns
from nominations.views import interests as interest_views

handler400 = "core.views.bad_request"

admin.site.site_header = _("OVOP Portal administration")
admin.site.site_title = _("OVOP Portal")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.health, name="health"),
    # The coverage page sits in curation (it reads the assessors' assignments) but keeps the accounts URL names.
    path("accounts/", include((account_urlpatterns + coverage_urlpatterns, "accounts"))),
    path("accounts/password_reset/", account_views.password_reset, name="password_reset"),  # throttled
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The round pages sit in awards (they set up curation's rubric and awards' levels) but keep their URL names.
    path("nominations/", include((nomination_urlpatterns + round_urlpatterns, "nominations"))),
    path("curation/", include("curation.urls")),
    path("awards/", include("awards.urls")),
    path("notifications/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("ovop/", interest_views.about, name="about"),
    path("ovop/sent/", interest_views.interest_sent, name="interest_sent"),
    path("showcase/", award_views.showcase, name="showcase"),
    path("showcase/photo/<int:pk>/", award_views.showcase_photo, name="showcase_photo"),
    path(
        "showcase/photo/<int:pk>/<int:width>.<str:extension>",
        award_views.showcase_photo,
        name="showcase_photo_rendition",
    ),
    path("admin/", admin.site.urls),
]
