"""Users of the portal and the regions they answer for.

Every user has exactly one role, and the role fixes the jurisdiction: a regency/city officer belongs to
one regency, a selection-team member to one province, a ministry admin to none (national). The database
enforces this with check constraints, so no code path can store a user that the permission rules would
misread.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def display_region_name(official_name):
    """'KABUPATEN ACEH SELATAN' -> 'Kabupaten Aceh Selatan', keeping acronyms such as DKI and DI."""
    keep_upper = {"DKI", "DI"}
    return " ".join(w if w in keep_upper else w.capitalize() for w in official_name.split())


class Province(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return display_region_name(self.name)


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(_("Kemendagri code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=["kabupaten", "kota"]), name="regency_kind_valid"),
        ]

    def __str__(self):
        return display_region_name(self.name)


class PortalUserManager(UserManager):
    def officers_of(self, regency_id):
        return self.filter(role=User.Role.OFFICER, regency_id=regency_id, is_active=True)

    def team_of(self, province_id):
        return self.filter(role=User.Role.TEAM_MEMBER, province_id=province_id, is_active=True)

    def ministry_admins(self):
        return self.filter(role=User.Role.MINISTRY_ADMIN, is_active=True)

    def assessors(self):
        return self.filter(role=User.Role.ASSESSOR, is_active=True)

    def manageable_by(self, user):
        """The accounts `user` manages on the Users pages: every one for a ministry admin; with
        TEAM_CHAIRS_MAY_INVITE, a team's chair manages the members of their own province's team; nobody else any."""
        from django.conf import settings

        if user.is_authenticated and user.is_ministry_admin:
            return self.all()
        if user.is_authenticated and user.is_team_member and user.is_team_chair and settings.TEAM_CHAIRS_MAY_INVITE:
            return self.filter(role=User.Role.TEAM_MEMBER, province_id=user.province_id)
        return self.none()

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", User.Role.MINISTRY_ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    class Role(models.TextChoices):
        OFFICER = "officer", _("Regency/city officer")
        TEAM_MEMBER = "team_member", _("Provincial selection-team member")
        MINISTRY_ADMIN = "ministry_admin", _("Ministry admin")
        ASSESSOR = "assessor", _("National assessor")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("regency/city"),
        help_text=_("Required for regency/city officers, empty for everyone else."),
    )
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_members",
        verbose_name=_("province"),
        help_text=_("Required for selection-team members, empty for everyone else."),
    )
    is_team_chair = models.BooleanField(
        _("chair of the selection team"),
        default=False,
        help_text=_("The chair shortlists and forwards the province's nominations."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=150,
        blank=True,
        help_text=_("For national assessors: the association or institution, e.g. GAPMMI or Yayasan Batik Indonesia."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
        help_text=_("Language of the e-mails the portal sends you."),
    )

    objects = PortalUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_jurisdiction_matches_role",
                condition=(
                    Q(role="officer", regency__isnull=False, province__isnull=True)
                    | Q(role="team_member", province__isnull=False, regency__isnull=True)
                    | Q(role__in=["ministry_admin", "assessor"], province__isnull=True, regency__isnull=True)
                ),
                violation_error_message=_(
                    "An officer needs a regency/city, a team member a province, and a ministry admin or a national "
                    "assessor neither."
                ),
            ),
            models.CheckConstraint(
                name="user_chair_is_team_member",
                condition=Q(is_team_chair=False) | Q(role="team_member"),
                violation_error_message=_("Only a selection-team member can chair a team."),
            ),
            models.CheckConstraint(
                name="user_staff_is_ministry_admin",
                condition=Q(is_staff=False) | Q(role="ministry_admin"),
                violation_error_message=_("Only ministry admins may use the Django admin."),
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(is_team_chair=True),
                name="user_one_chair_per_province",
                violation_error_message=_("This province's team already has a chair."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def is_officer(self):
        return self.role == self.Role.OFFICER

    @property
    def is_team_member(self):
        return self.role == self.Role.TEAM_MEMBER

    @property
    def is_ministry_admin(self):
        return self.role == self.Role.MINISTRY_ADMIN

    @property
    def is_assessor(self):
        return self.role == self.Role.ASSESSOR

    @property
    def invitation_pending(self):
        """Invited, and has not set a password yet."""
        return not self.has_usable_password()

    @property
    def jurisdiction(self):
        """The region this user answers for, as shown in the navbar."""
        if self.is_officer:
            return self.regency
        if self.is_team_member:
            return self.province
        return _("National")
