"""The rubric of a round, the team members' score sheets, and the provinces' shortlists.

A sheet's weighted total is computed by the database when the sheet is submitted (see
`curation.services.submit_sheet`) and stored, so rankings are plain aggregates over sheets. The rubric is
frozen from the first submitted sheet on, so a stored total never silently disagrees with the rubric.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text_limits import LONG_TEXT_MAX, TEXT_MAX, length_checks
from nominations.models import Nomination, NominationStatus
from nominations.models.commodity import BilingualName, in_english
from nominations.models.nomination import CURATED_STATUSES


class Stage(models.TextChoices):
    """The scoring stages of a round. Each has its rubric and its sheets on the same engine (services, rules and
    selectors take the stage): who scores and what, in which window, is said per stage in curation.rules."""

    PROVINCE = "province", _("Provincial scoring")
    NATIONAL = "national", _("National assessment")
    GO_GLOBAL = "go_global", _("Go Global selection")


class Aspect(BilingualName, models.Model):
    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.CASCADE, related_name="aspects", verbose_name=_("award round")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROVINCE)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        constraints = [
            models.UniqueConstraint(fields=["round", "stage", "name_id"], name="aspect_unique_name_per_round_stage")
        ]

    def __str__(self):
        return self.name


class Criterion(BilingualName, models.Model):
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("aspect"))
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    guidance_id = models.TextField(_("guidance for scorers (Indonesian)"), blank=True, max_length=TEXT_MAX)
    guidance_en = models.TextField(_("guidance for scorers (English)"), blank=True, max_length=TEXT_MAX)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest score"), default=5, validators=[MaxValueValidator(1000)])
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["aspect__position", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")),
                name="criterion_scale_ordered",
                violation_error_message=_("The lowest score must be below the highest score."),
            ),
            models.CheckConstraint(condition=Q(weight__gte=0, weight__lte=100), name="criterion_weight_percent"),
            *length_checks("criterion", guidance_id=TEXT_MAX, guidance_en=TEXT_MAX),
        ]

    def __str__(self):
        return self.name

    @property
    def guidance(self):
        return self.guidance_en if in_english() else self.guidance_id


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CONFLICT = "conflict", _("Conflict of interest")


class ScoreSheet(models.Model):
    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("nomination")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("scorer")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROVINCE, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=SheetStatus.choices, default=SheetStatus.DRAFT, editable=False
    )
    comment = models.TextField(_("overall comment"), blank=True, max_length=LONG_TEXT_MAX)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True, editable=False, max_length=TEXT_MAX)
    total = models.DecimalField(
        _("weighted total (0-100)"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["nomination", "member"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "member", "stage"],
                name="sheet_one_per_member_per_nomination_stage",
                violation_error_message=_("This member already has a score sheet for this nomination."),
            ),
            models.CheckConstraint(
                condition=Q(status="submitted", total__isnull=False) | ~Q(status="submitted"),
                name="sheet_submitted_has_total",
            ),
            *length_checks("sheet", comment=LONG_TEXT_MAX, conflict_reason=TEXT_MAX),
        ]
        indexes = [models.Index(fields=["nomination", "stage", "status"], name="sheet_nomination_stage_idx")]

    def __str__(self):
        return f"{self.member} · {self.nomination}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ShortlistQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Shortlists (and their minutes) a user may see: their province's for team members, all for admins."""
        if not user.is_authenticated:
            return self.none()
        if user.is_ministry_admin:
            return self
        if user.is_team_member:
            return self.filter(province_id=user.province_id)
        return self.none()


class Shortlist(models.Model):
    """What a province's team forwards to the ministry for one round."""

    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.PROTECT, related_name="shortlists", verbose_name=_("award round")
    )
    province = models.ForeignKey(
        "accounts.Province", on_delete=models.PROTECT, related_name="shortlists", verbose_name=_("province")
    )
    nominations = models.ManyToManyField(
        "nominations.Nomination", related_name="shortlists", blank=True, verbose_name=_("shortlisted nominations")
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True, editable=False)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # The team as it was when the shortlist was forwarded: who signs the minutes and counts in the team's size.
    # Accounts changed afterwards (a member added, moved or deactivated) do not change the forwarded record.
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, editable=False, verbose_name=_("team when forwarded")
    )

    objects = ShortlistQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        constraints = [
            models.UniqueConstraint(fields=["round", "province"], name="shortlist_one_per_province_per_round")
        ]

    def __str__(self):
        return f"{self.round} · {self.province}"

    def get_absolute_url(self):
        return reverse("curation:minutes", args=[self.pk])

    @property
    def is_forwarded(self):
        return self.forwarded_at is not None


class Requirement(BilingualName, models.Model):
    """One item of a round's administrative-selection checklist, for every commodity or only some."""

    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.CASCADE, related_name="requirements", verbose_name=_("award round")
    )
    name_id = models.CharField(_("requirement (Indonesian)"), max_length=300)
    name_en = models.CharField(_("requirement (English)"), max_length=300)
    commodities = models.ManyToManyField(
        "nominations.CommodityType",
        blank=True,
        related_name="+",
        verbose_name=_("only for these commodity types"),
        help_text=_("Empty: the requirement applies to every commodity type."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [models.UniqueConstraint(fields=["round", "name_id"], name="requirement_unique_name_per_round")]

    def __str__(self):
        return self.name


class AdminCheck(models.Model):
    """The administrative selection of one nomination by its province's team: passed, or not with the failed
    requirements and a reason. Only passed nominations go on to scoring (when the round has the stage)."""

    nomination = models.OneToOneField(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="admin_check", verbose_name=_("nomination")
    )
    passed = models.BooleanField(_("passed"))
    failed = models.ManyToManyField(
        Requirement, blank=True, related_name="failed_checks", verbose_name=_("requirements not met")
    )
    reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("administrative selection")
        verbose_name_plural = _("administrative selections")
        constraints = [
            *length_checks("admincheck", reason=TEXT_MAX),
            models.CheckConstraint(condition=Q(passed=True) | ~Q(reason=""), name="admincheck_failed_has_reason"),
        ]
        indexes = [models.Index(fields=["passed"], name="admincheck_passed_idx")]

    def __str__(self):
        return f"{self.nomination}: {'passed' if self.passed else 'not passed'}"


def passed_selection(queryset, award_round):
    """Of `queryset` (nominations), what goes on to scoring: with the round's administrative selection, only what
    passed it."""
    return queryset.filter(admin_check__passed=True) if award_round.admin_selection else queryset


def provincial(queryset, award_round):
    """Of `queryset`, what the provincial teams score and rank: all of it, but for re-evaluations of earlier stars
    where the round lets them skip the provincial ranking."""
    return queryset.filter(reevaluates__isnull=True) if award_round.reevaluation_skips_province else queryset


def scoring_nominations(award_round, province=None):
    """The round's locked nominations that are scored (of one province, or all)."""
    queryset = Nomination.objects.filter(round=award_round, status=NominationStatus.LOCKED)
    if province is not None:
        queryset = queryset.filter(regency__province=province)
    return provincial(passed_selection(queryset, award_round), award_round)


class Assignment(models.Model):
    """An assessor named by a ministry admin to a stage of a round: a national assessor to one commodity type
    (stage NATIONAL), or a member of the expert panel of the round's Go Global selection as a whole (stage
    GO_GLOBAL, no commodity type)."""

    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("award round")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("assessor")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.NATIONAL, editable=False)
    commodity = models.ForeignKey(
        "nominations.CommodityType",
        on_delete=models.PROTECT,
        related_name="assignments",
        null=True,
        blank=True,
        verbose_name=_("commodity type"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commodity", "assessor__last_name", "assessor__first_name"]
        verbose_name = _("assessor assignment")
        verbose_name_plural = _("assessor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "assessor", "commodity"],
                name="assignment_once_per_commodity",
                violation_error_message=_("This assessor already assesses this commodity type in this round."),
            ),
            models.UniqueConstraint(
                fields=["round", "assessor"],
                condition=Q(stage="go_global"),
                name="assignment_once_per_go_global_panel",
                violation_error_message=_("This assessor is already on the Go Global panel of this round."),
            ),
            models.CheckConstraint(
                condition=Q(stage="national", commodity__isnull=False) | Q(stage="go_global", commodity__isnull=True),
                name="assignment_commodity_per_stage",
                violation_error_message=_(
                    "A national assessor is assigned to a commodity type; a Go Global panel member to none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.assessor} · {self.commodity or self.get_stage_display()} · {self.round}"


def national_nominations(award_round, commodities=None):
    """The round's nominations that reach the ministry (its national assessment, or its decision): those the
    provinces forwarded (of some commodities), and, where the round lets re-evaluations skip the provincial ranking,
    its re-evaluations in curation that passed the administrative selection (if the round has one)."""
    links = Shortlist.nominations.through.objects.filter(
        shortlist__round=award_round, shortlist__forwarded_at__isnull=False
    )
    reaching = Q(pk__in=links.values("nomination_id"))
    if award_round.reevaluation_skips_province:
        reevaluations = passed_selection(
            Nomination.objects.filter(round=award_round, reevaluates__isnull=False, status__in=CURATED_STATUSES),
            award_round,
        )
        reaching |= Q(pk__in=reevaluations.values("pk"))
    queryset = Nomination.objects.filter(reaching)
    if commodities is not None:
        queryset = queryset.filter(commodity__in=commodities)
    return queryset


def go_global_candidates(award_round):
    """The candidates of the round's Go Global selection: once its results are published, its awarded nominations
    whose award level is eligible (awards.models.AwardLevel.eligible_for_go_global; read by name, curation does not
    import awards)."""
    return Nomination.objects.filter(
        round=award_round,
        round__results_published_at__isnull=False,
        decision__level__eligible_for_go_global=True,
    )
