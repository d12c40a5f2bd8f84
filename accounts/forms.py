"""Forms for managing portal users: the role decides which region field must be filled."""

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserChangeForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .models import User
from .throttle import within_limit


class JurisdictionFormMixin:
    """Says, next to the right field, when the region does not match the role."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        regency = cleaned.get("regency")
        province = cleaned.get("province")
        if role == User.Role.OFFICER:
            if not regency:
                self.add_error("regency", _("A regency/city officer must belong to a regency or city."))
            if province:
                self.add_error(
                    "province", _("Leave the province empty for an officer: it follows from the regency/city.")
                )
        elif role == User.Role.TEAM_MEMBER:
            if not province:
                self.add_error("province", _("A selection-team member must belong to a province."))
            if regency:
                self.add_error("regency", _("Leave the regency/city empty for a team member."))
        elif role in (User.Role.MINISTRY_ADMIN, User.Role.ASSESSOR):
            if regency:
                self.add_error("regency", _("This role works nationally: leave the regency/city empty."))
            if province:
                self.add_error("province", _("This role works nationally: leave the province empty."))
        if cleaned.get("is_team_chair") and role != User.Role.TEAM_MEMBER:
            self.add_error("is_team_chair", _("Only a selection-team member can chair a team."))
        if cleaned.get("is_staff") and role != User.Role.MINISTRY_ADMIN:
            self.add_error("is_staff", _("Only ministry admins may use the Django admin."))
        return cleaned


class PortalUserCreationForm(JurisdictionFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email", "first_name", "last_name", "role", "regency", "province", "is_team_chair")


class PortalUserChangeForm(JurisdictionFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending no more than PASSWORD_RESET_PER_EMAIL_PER_HOUR e-mails to one address and
    answering no more than PASSWORD_RESET_PER_ADDRESS_PER_HOUR requests from one network address. The page
    answers the same either way, as it does for an address without an account."""

    def save(self, *args, request=None, **kwargs):
        from axes.helpers import get_client_ip_address

        if not within_limit(
            "reset-address", get_client_ip_address(request), settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR
        ):
            return
        if not within_limit("reset-email", self.cleaned_data["email"], settings.PASSWORD_RESET_PER_EMAIL_PER_HOUR):
            return
        super().save(*args, request=request, **kwargs)


# Django's own Indonesian catalogue says "Masukkan nama pengguna %(username)s", and %(username)s is "nama pengguna":
# the login error read "nama pengguna nama pengguna". The portal's catalogue, read first, holds its own wording of
# this message of Django's login form; naming it here keeps it in the catalogue when makemessages runs.
LOGIN_ERROR = gettext_noop(
    "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
)
