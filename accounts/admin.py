"""Django admin for ministry admins: users (every change through accounts.services, audited), and the regions,
read-only reference data."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import ReadOnlyAdmin

from . import services
from .forms import PortalUserChangeForm, PortalUserCreationForm
from .models import Province, Regency, User


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Regency)
class RegencyAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province")
    list_filter = ("kind", "province")
    search_fields = ("code", "name", "province__name")
    list_select_related = ("province",)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = (
        "username",
        "email",
        "first_name",
        "last_name",
        "role",
        "regency",
        "province",
        "is_team_chair",
        "is_active",
    )
    list_filter = ("role", "is_team_chair", "is_active", "is_staff", "province")
    search_fields = ("username", "email", "first_name", "last_name", "regency__name", "province__name")
    list_select_related = ("regency", "province")
    autocomplete_fields = ("regency", "province")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone", "language")}),
        (_("Role and jurisdiction"), {"fields": ("role", "regency", "province", "is_team_chair")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "first_name", "last_name", "password1", "password2"),
            },
        ),
        (_("Role and jurisdiction"), {"fields": ("role", "regency", "province", "is_team_chair")}),
    )

    def save_model(self, request, obj, form, change):
        services.save_user(obj, by=request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated (is_active), never deleted: the audit trail names them

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            services.record_password_set(self.get_object(request, unquote(id)), by=request.user)
        return response


# django-otp's admin pages would show authenticator keys and change devices without an audit record: two-factor
# sign-in is managed on the portal's own pages and reset through accounts.services.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)
