"""Forms for managing portal users: the role decides which region field must be filled."""

from datetime import timedelta

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm, UserChangeForm, UserCreationForm
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.forms import FilterFormMixin

from .models import Province, Regency, User
from .rules import may_invite
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


class InvitationForm(JurisdictionFormMixin, forms.ModelForm):
    """Invite one user: name, e-mail, role and the jurisdiction the role needs (the web page and each row of an
    import). The user name is the e-mail address; the chair is named on the Users page afterwards."""

    class Meta:
        model = User
        fields = ("first_name", "last_name", "email", "role", "regency", "province", "organisation", "language")

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.by = by
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        if not by.is_ministry_admin:  # a team's chair (TEAM_CHAIRS_MAY_INVITE): members of their own team
            self.fields["role"].choices = [(User.Role.TEAM_MEMBER, User.Role.TEAM_MEMBER.label)]
            self.fields["province"].queryset = Province.objects.filter(pk=by.province_id)
            del self.fields["regency"]
        else:
            self.fields["regency"].queryset = Regency.objects.select_related("province")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(_("This e-mail address has an account already."), code="exists")
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") != User.Role.ASSESSOR and cleaned.get("organisation"):
            self.add_error("organisation", _("Only national assessors name their organisation."))
        if cleaned.get("role") == User.Role.ASSESSOR and not cleaned.get("organisation"):
            self.add_error("organisation", _("A national assessor comes from an association or institution."))
        verdict = may_invite(self.by, cleaned.get("role"), cleaned.get("province"))
        if cleaned.get("role") and not verdict:
            raise forms.ValidationError(verdict.reason)
        return cleaned


class UserEditForm(JurisdictionFormMixin, forms.ModelForm):
    """A ministry admin corrects a user's name, e-mail, role or jurisdiction (the chair is named apart)."""

    class Meta:
        model = User
        fields = (
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "regency",
            "province",
            "organisation",
            "language",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = Regency.objects.select_related("province")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.exclude(pk=self.instance.pk)
        if email and others.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(_("This e-mail address has an account already."), code="exists")
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        if "email" in self.changed_data and self.initial.get("email", "").lower() == user.username.lower():
            user.username = user.email  # an invited user's name is their address: a corrected address renames them
        if user.role != User.Role.TEAM_MEMBER or "province" in self.changed_data:
            user.is_team_chair = False  # a chair who leaves the team (or moves) chairs nothing
        if commit:
            user.save()
        return user


class UserFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name, e-mail or user name"), "type": "search"}),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label=_("All provinces")
    )
    regency = forms.ModelChoiceField(
        label=_("Regency/city"), queryset=Regency.objects.all(), required=False, empty_label=_("All regencies/cities")
    )
    organisation = forms.CharField(label=_("Organisation"), required=False, max_length=150)
    # National assessors by the commodity types they are assigned (curation.Assignment, reached through the
    # reverse relation `assignments`; the model is looked up by name, accounts importing no other app).
    commodity = forms.ModelChoiceField(
        label=_("Assessor of commodity type"),
        queryset=None,
        required=False,
        empty_label=_("All commodity types"),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Every state")),
            ("active", _("Active")),
            ("pending", _("Invitation pending")),
            ("inactive", _("Deactivated")),
        ],
    )

    last_login = forms.ChoiceField(
        label=_("Last login"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("30", _("In the last 30 days")),
            ("stale", _("Not in the last 90 days, or never")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *User.Role.choices]
        self.fields["commodity"].queryset = apps.get_model("nominations", "CommodityType").objects.all()

    def filter(self, queryset):
        """The users matching the filters (all of them when a filter is not valid)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            queryset = queryset.filter(
                Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(email__icontains=q)
                | Q(username__icontains=q)
            )
        if data["role"]:
            queryset = queryset.filter(role=data["role"])
        if data["province"]:
            queryset = queryset.filter(Q(province=data["province"]) | Q(regency__province=data["province"]))
        if data["regency"]:
            queryset = queryset.filter(regency=data["regency"])
        if data["organisation"]:
            queryset = queryset.filter(organisation__icontains=data["organisation"].strip())
        if data["commodity"]:
            assigned = User.objects.filter(assignments__commodity=data["commodity"]).values("pk")
            queryset = queryset.filter(role=User.Role.ASSESSOR, pk__in=assigned)
        now = timezone.now()
        if data["last_login"] == "30":
            queryset = queryset.filter(last_login__gte=now - timedelta(days=30))
        elif data["last_login"] == "stale":
            queryset = queryset.filter(Q(last_login__isnull=True) | Q(last_login__lt=now - timedelta(days=90)))
        state = data["state"]
        if state == "active":
            queryset = queryset.filter(is_active=True).exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
        elif state == "pending":
            queryset = queryset.filter(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX)
        elif state == "inactive":
            queryset = queryset.filter(is_active=False)
        return queryset
