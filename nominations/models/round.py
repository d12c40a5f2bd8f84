"""Award rounds (e.g. "Penghargaan IKM OVOP 2024") and their phase.

The phase follows from the admin's actions (status) and the round's dates, computed in one place:
`AwardRound.phase_at`. Only one round may take nominations at a time (a partial unique constraint).
"""

from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    """What admins have done with the round; set only by nominations.services."""

    DRAFT = "draft", _("Draft")
    NOMINATION = "nomination", _("Taking nominations")
    CURATION = "curation", _("In curation")
    CLOSED = "closed", _("Closed")


class RoundPhase(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NOMINATIONS_OPEN = "nominations_open", _("Nominations open")
    CURATION = "curation", _("Curation")
    NATIONAL = "national", _("National assessment")
    DECISION = "decision", _("Decision")
    CLOSED = "closed", _("Closed")


class MissingReevaluation(models.TextChoices):
    """What happens to a holder whose regency did not submit its re-evaluation by the deadline."""

    DECIDE = "decide", _("A ministry admin decides each")
    KEEP = "keep", _("The star is kept")
    WITHDRAW = "withdraw", _("The star is withdrawn")


class AwardRoundQuerySet(models.QuerySet):
    def taking_nominations(self):
        """The one round taking nominations now, or None."""
        return self.filter(status=RoundStatus.NOMINATION).first()

    def current(self):
        """The round taking nominations, else the latest one under way (not a draft), or None."""
        return self.taking_nominations() or self.exclude(status=RoundStatus.DRAFT).order_by("-nomination_opens").first()


class AwardRound(models.Model):
    name = models.CharField(
        _("name"), max_length=150, unique=True, help_text=_('For example "Penghargaan IKM OVOP 2024".')
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    nomination_opens = models.DateTimeField(_("nominations open"))
    nomination_closes = models.DateTimeField(_("nominations close"))
    scoring_opens = models.DateTimeField(_("scoring opens"))
    scoring_closes = models.DateTimeField(_("scoring closes"))
    decision_date = models.DateField(_("decision date"))
    admin_selection = models.BooleanField(
        _("administrative selection before scoring"),
        default=False,
        help_text=_(
            "The provincial teams first check each submitted nomination against the round's requirements; only "
            "passed nominations are scored."
        ),
    )
    national_assessment = models.BooleanField(
        _("national assessment by commodity assessors"),
        default=False,
        help_text=_(
            "After the provinces forward their shortlists, national assessors of each commodity type score them on "
            "the round's national rubric; the decisions follow the national ranking."
        ),
    )
    national_opens = models.DateTimeField(_("national assessment opens"), null=True, blank=True)
    national_closes = models.DateTimeField(_("national assessment closes"), null=True, blank=True)
    reevaluation_skips_province = models.BooleanField(
        _("re-evaluations skip the provincial ranking"),
        default=False,
        help_text=_(
            "Re-evaluations of earlier star holders go from the administrative selection (if any) straight to the "
            "national assessment, or to the decision, without the provincial scoring and shortlist."
        ),
    )
    reevaluation_missing_rule = models.CharField(
        _("a re-evaluation not submitted by the deadline"),
        max_length=10,
        choices=MissingReevaluation.choices,
        default=MissingReevaluation.DECIDE,
    )
    commodity_types = models.ManyToManyField(
        "nominations.CommodityType", related_name="rounds", verbose_name=_("commodity types open in this round")
    )
    regency_quota = models.PositiveSmallIntegerField(
        _("nominations per regency/city"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("How many IKM each regency/city may submit in this round."),
    )
    province_shortlist_quota = models.PositiveSmallIntegerField(
        _("shortlist per province"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("How many nominations each provincial team may forward to the ministry."),
    )
    cohort_size = models.PositiveSmallIntegerField(
        _("Go Global cohort size"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("How many awarded IKM may join IKM OVOP Go Global (10 in 2022)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT, editable=False
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True, editable=False)
    # The Go Global selection runs from publication until a ministry admin closes it (awards.services) or the round
    # is closed: its panel's sheets and the promotions freeze then.
    go_global_closed_at = models.DateTimeField(
        _("Go Global selection closed at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AwardRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-nomination_opens"]
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="nomination"),
                name="round_one_taking_nominations",
                violation_error_message=_("Another round is already taking nominations."),
            ),
            models.CheckConstraint(
                condition=Q(nomination_opens__lt=models.F("nomination_closes")),
                name="round_nomination_window_ordered",
                violation_error_message=_("Nominations must open before they close."),
            ),
            models.CheckConstraint(
                condition=Q(scoring_opens__lt=models.F("scoring_closes")),
                name="round_scoring_window_ordered",
                violation_error_message=_("Scoring must open before it closes."),
            ),
            models.CheckConstraint(
                condition=Q(nomination_closes__lte=models.F("scoring_opens")),
                name="round_scoring_after_nominations",
                violation_error_message=_("Scoring can open only after nominations close."),
            ),
            models.CheckConstraint(
                condition=Q(national_assessment=False)
                | Q(
                    national_opens__isnull=False,
                    national_closes__isnull=False,
                    national_opens__gte=models.F("scoring_closes"),
                    national_opens__lt=models.F("national_closes"),
                ),
                name="round_national_window_ordered",
                violation_error_message=_(
                    "With a national assessment, give its window: it opens after provincial scoring closes and "
                    "before it closes."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.national_assessment:
            for field in ("national_opens", "national_closes"):
                if getattr(self, field) is None:
                    errors[field] = _("A round with a national assessment needs its window.")
            if self.national_opens and self.scoring_closes and self.national_opens < self.scoring_closes:
                errors["national_opens"] = _("The national assessment opens after provincial scoring closes.")
            if self.national_opens and self.national_closes and self.national_closes <= self.national_opens:
                errors["national_closes"] = _("The national assessment must open before it closes.")
        last = self.decision_opens
        if last and self.decision_date and self.decision_date < timezone.localdate(last):
            errors.setdefault(
                "decision_date",
                _("The decision date must come after the national assessment closes.")
                if self.national_assessment
                else _("The decision date must come after scoring closes."),
            )
        if errors:
            raise ValidationError(errors)

    @property
    def decision_opens(self):
        """When the decision stage begins: after the national assessment where the round has one, else after
        provincial scoring."""
        if self.national_assessment and self.national_closes:
            return self.national_closes
        return self.scoring_closes

    def phase_at(self, now=None):
        """The stage the round is in: its status (the admin's actions), then the stage windows by the clock."""
        now = now or timezone.now()
        if self.status == RoundStatus.DRAFT:
            return RoundPhase.DRAFT
        if self.status == RoundStatus.CLOSED:
            return RoundPhase.CLOSED
        if self.status == RoundStatus.NOMINATION:
            return RoundPhase.NOMINATIONS_OPEN
        if now < self.scoring_closes:
            return RoundPhase.CURATION
        if now < self.decision_opens:
            return RoundPhase.NATIONAL
        return RoundPhase.DECISION

    @property
    def results_published(self):
        return self.results_published_at is not None

    @property
    def phase(self):
        return self.phase_at()

    def get_phase_display(self):
        return RoundPhase(self.phase).label

    def timeline(self, now=None):
        """The round's stages in order, each with its dates and whether it is done, under way or to come."""
        now = now or timezone.now()
        decision_day = timezone.make_aware(datetime.combine(self.decision_date, time.min))

        def state(starts, done):
            return "done" if done else "now" if starts <= now else "next"

        selection = [
            {
                "name": _("Administrative selection by the provincial selection teams"),
                "starts": self.nomination_closes,
                "ends": self.scoring_opens,
                "state": state(self.nomination_closes, self.scoring_opens <= now),
            }
        ]
        return [
            {
                "name": _("Nominations by the regency/city offices"),
                "starts": self.nomination_opens,
                "ends": self.nomination_closes,
                "state": state(self.nomination_opens, self.nomination_closes <= now),
            },
            *(selection if self.admin_selection else []),
            {
                "name": _("Scoring by the provincial selection teams"),
                "starts": self.scoring_opens,
                "ends": self.scoring_closes,
                "state": state(self.scoring_opens, self.scoring_closes <= now),
            },
            *(
                [
                    {
                        "name": _("National assessment by the commodity assessors"),
                        "starts": self.national_opens,
                        "ends": self.national_closes,
                        "state": state(self.national_opens, self.national_closes <= now),
                    }
                ]
                if self.national_assessment
                else []
            ),
            {
                "name": _("Decision and award by the ministry"),
                "starts": decision_day,
                "ends": None,
                "state": state(decision_day, self.results_published),
            },
        ]

    def nomination_window_open(self, now=None):
        now = now or timezone.now()
        return self.status == RoundStatus.NOMINATION and self.nomination_opens <= now < self.nomination_closes

    def scoring_window_open(self, now=None):
        now = now or timezone.now()
        return self.status == RoundStatus.CURATION and self.scoring_opens <= now < self.scoring_closes

    def go_global_window_open(self):
        """The Go Global panel may score now: as curation.rules.go_global_window says, from publication until the
        selection or the round is closed."""
        return self.status == RoundStatus.CURATION and self.results_published and self.go_global_closed_at is None

    def national_window_open(self, now=None):
        """Assessors may score now: as curation.rules.national_window says, the assessment is over once the results
        are published, whatever its clock says."""
        now = now or timezone.now()
        return (
            self.national_assessment
            and self.status == RoundStatus.CURATION
            and not self.results_published
            and self.national_opens <= now < self.national_closes
        )
