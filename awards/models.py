"""Award decisions, the Go Global cohort and its programme tracking.

Award levels are data of each round (for example Bintang 3/4/3); a decision without a level means "not
awarded". Nothing here is shown to regencies or the public before the round's results are published.
"""

import uuid
from decimal import Decimal
from itertools import combinations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.text_limits import LONG_TEXT_MAX, TEXT_MAX, length_checks
from nominations.models.commodity import BilingualName
from nominations.uploads import DOCUMENT_SUFFIX

# (name id, name en, rank, eligible for Go Global): Go Global takes Bintang 2 and 3 holders (DOMAIN.md).
DEFAULT_LEVELS = [
    ("Bintang 3", "3 stars", 1, True),
    ("Bintang 2", "2 stars", 2, True),
    ("Bintang 1", "1 star", 3, False),
]
# The minimum score (0-100) of each default level. The real thresholds per star were not found (DOMAIN.md: "Score
# thresholds per star: not found"): these are placeholders, and the bands are data of each round, set by the
# ministry on the band page.
DEFAULT_BANDS = [("Bintang 3", Decimal("85")), ("Bintang 2", Decimal("75")), ("Bintang 1", Decimal("65"))]


class AwardLevel(BilingualName, models.Model):
    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.CASCADE, related_name="award_levels", verbose_name=_("award round")
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, help_text=_("1 is the highest award."))
    eligible_for_go_global = models.BooleanField(
        _("eligible for Go Global"),
        default=True,
        help_text=_("Holders of this award are candidates of the round's Go Global selection."),
    )

    class Meta:
        ordering = ["round", "rank"]
        verbose_name = _("award level")
        verbose_name_plural = _("award levels")
        constraints = [models.UniqueConstraint(fields=["round", "name_id"], name="award_level_unique_name")]

    def __str__(self):
        return self.name


class Decision(models.Model):
    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="decision", verbose_name=_("nomination")
    )
    level = models.ForeignKey(
        AwardLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("award"),
        help_text=_("Empty: not awarded."),
    )
    # Needed where the decision differs from the recommendation (awards.services.decide); may stay empty otherwise.
    reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX)
    # What the score bands recommended when the decision was made, from the score it was made on (the national
    # score where the round has a national assessment, else the provincial mean): a snapshot, kept as it was.
    recommended_level = models.ForeignKey(
        AwardLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("recommended award"),
    )
    score = models.DecimalField(
        _("score when decided"), max_digits=5, decimal_places=2, null=True, blank=True, editable=False
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["level"], name="decision_level_idx")]
        constraints = length_checks("decision", reason=TEXT_MAX)

    def __str__(self):
        return f"{self.nomination}: {self.level or _('not awarded')}"

    @property
    def is_awarded(self):
        return self.level_id is not None


class ScoreBand(models.Model):
    """A score of at least `min_score` recommends `level`: the recommendation shown beside each decision.

    A round's bands are strictly ordered: a higher level (a lower rank number) needs a higher minimum score
    (`band_order_problem`). A round without bands recommends nothing, and every decision then needs a reason.
    """

    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.CASCADE, related_name="score_bands", verbose_name=_("award round")
    )
    level = models.ForeignKey(AwardLevel, on_delete=models.CASCADE, related_name="score_bands", verbose_name=_("award"))
    min_score = models.DecimalField(
        _("minimum score"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("A score (0-100) at least this high recommends this award."),
    )

    class Meta:
        ordering = ["round", "-min_score"]
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "level"],
                name="score_band_one_per_level",
                violation_error_message=_("This award already has a score band."),
            ),
            models.CheckConstraint(condition=Q(min_score__gte=0, min_score__lte=100), name="score_band_percent"),
        ]

    def __str__(self):
        return f"{self.level} ≥ {self.min_score}"


def band_order_problem(bands):
    """What is wrong with the order of (level, min_score) pairs, or None: a higher level (lower rank number)
    needs a strictly higher minimum score than every lower one."""
    for (higher, higher_score), (lower, lower_score) in combinations(sorted(bands, key=lambda b: b[0].rank), 2):
        if higher.rank < lower.rank and higher_score <= lower_score:
            return _(
                "%(higher)s is a higher award than %(lower)s, so its minimum score must be higher: "
                "%(higher_score)s is not above %(lower_score)s."
            ) % {"higher": higher, "lower": lower, "higher_score": higher_score, "lower_score": lower_score}
    return None


def recommended_level(score, bands):
    """The highest level (lowest rank number) whose band's minimum score the score reaches; None without a score or
    below every band. `bands` are the round's ScoreBands with their levels, read once by the caller."""
    if score is None:
        return None
    for band in sorted(bands, key=lambda band: band.level.rank):
        if score >= band.min_score:
            return band.level
    return None


def plan_upload_path(instance, filename):
    """A random name under .pdf, the plan's real type (ProgrammeForm checks it), whatever the uploader called it."""
    return f"cohort/{instance.nomination.round_id}/{uuid.uuid4().hex}{DOCUMENT_SUFFIX}"


class PlanStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")


class CohortMembership(models.Model):
    """An awarded IKM in its round's IKM OVOP Go Global cohort, with its programme's progress."""

    nomination = models.OneToOneField(
        "nominations.Nomination",
        on_delete=models.PROTECT,
        related_name="cohort_membership",
        verbose_name=_("nomination"),
    )
    promoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    promoted_at = models.DateTimeField(auto_now_add=True)
    export_plan = models.FileField(_("export marketing plan (PDF)"), upload_to=plan_upload_path, blank=True)
    export_plan_status = models.CharField(
        _("export plan status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.NOT_STARTED
    )
    target_markets = models.CharField(
        _("target market countries"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, for example Japan, Netherlands."),
    )
    product_development = models.TextField(_("product development notes"), blank=True, max_length=LONG_TEXT_MAX)
    has_marketplace = models.BooleanField(_("sells on a marketplace"), default=False)
    has_website = models.BooleanField(_("has its own website"), default=False)
    has_social_media = models.BooleanField(_("active on social media"), default=False)
    in_e_catalogue = models.BooleanField(_("listed in the e-catalogue"), default=False)
    financing_referral = models.CharField(
        _("export financing referral"),
        max_length=200,
        blank=True,
        help_text=_("For example: referred to LPEI, March 2023."),
    )
    mentor = models.CharField(_("mentor"), max_length=150, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["nomination__business_name"]
        verbose_name = _("Go Global participant")
        verbose_name_plural = _("Go Global cohort")
        constraints = length_checks("cohort", product_development=LONG_TEXT_MAX)

    def __str__(self):
        return str(self.nomination)

    @property
    def digital_done(self):
        return sum([self.has_marketplace, self.has_website, self.has_social_media, self.in_e_catalogue])


class Exhibition(models.Model):
    membership = models.ForeignKey(CohortMembership, on_delete=models.CASCADE, related_name="exhibitions")
    name = models.CharField(_("exhibition"), max_length=200)
    place = models.CharField(_("city and country"), max_length=150)
    starts = models.DateField(_("from"))
    ends = models.DateField(_("to"))

    class Meta:
        ordering = ["starts"]
        verbose_name = _("international exhibition")
        verbose_name_plural = _("international exhibitions")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts__lte=models.F("ends")),
                name="exhibition_dates_ordered",
                violation_error_message=_("An exhibition cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.place})"
