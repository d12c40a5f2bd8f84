"""A regency's nomination of one IKM in one award round, with its product, certifications and files.

Every field may be empty in a draft (nothing an officer typed is refused for being incomplete);
`Nomination.missing_for_submit` says what must be filled before submitting. Status changes go
through nominations.services only.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.text_limits import LONG_TEXT_MAX, SHORT_TEXT_MAX, TEXT_MAX, length_checks

from ..uploads import DOCUMENT_SUFFIX, photo_suffix
from .ikm import nib_validator
from .round import RoundStatus


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for revision")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    LOCKED = "locked", _("In curation")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Set when the round's results are published (awards.services.publish_results), never before: until
    # then a decided nomination stays "in curation" for everyone but ministry admins.
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


# Statuses of a nomination that went through curation: locked, and its outcome once published.
CURATED_STATUSES = [NominationStatus.LOCKED, NominationStatus.AWARDED, NominationStatus.NOT_AWARDED]
# Statuses that occupy one of the regency's places in the round's quota.
QUOTA_STATUSES = [
    NominationStatus.SUBMITTED,
    NominationStatus.RETURNED,
    NominationStatus.RESUBMITTED,
    *CURATED_STATUSES,
]
# Statuses the provincial team sees.
TEAM_VISIBLE_STATUSES = QUOTA_STATUSES


class LegalForm(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual business (perorangan/UD)")
    CV = "cv", _("CV")
    PT = "pt", _("PT")
    COOPERATIVE = "cooperative", _("Cooperative (koperasi)")
    OTHER = "other", _("Other")


class MarketingReach(models.TextChoices):
    LOCAL = "local", _("Local")
    REGIONAL = "regional", _("Regional (province)")
    NATIONAL = "national", _("National")
    EXPORT = "export", _("Export")


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The nominations a user may see: their regency's, their province's submitted ones, or all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_ministry_admin:
            return self
        if user.is_officer:
            return self.filter(regency_id=user.regency_id)
        if user.is_team_member:
            return self.filter(regency__province_id=user.province_id, status__in=TEAM_VISIBLE_STATUSES)
        if user.is_assessor:
            # What the provinces forwarded, of the commodity types the assessor is assigned to in its round.
            assigned = Exists(
                user.assignments.filter(
                    round_id=OuterRef("round_id"), stage="national", commodity_id=OuterRef("commodity_id")
                )
            )
            forwarded = Exists(
                self.model.shortlists.through.objects.filter(
                    nomination_id=OuterRef("pk"), shortlist__forwarded_at__isnull=False
                )
            )
            # On a round's Go Global panel: its candidates (curation.models.go_global_candidates), once published.
            on_panel = Exists(user.assignments.filter(round_id=OuterRef("round_id"), stage="go_global"))
            candidate = Q(
                on_panel, round__results_published_at__isnull=False, decision__level__eligible_for_go_global=True
            )
            # A re-evaluation reaches the ministry without a shortlist where its round skips the provincial ranking
            # (curation.models.national_nominations): in curation, past the administrative selection if any.
            skipping = Q(
                Q(round__admin_selection=False) | Q(admin_check__passed=True),
                reevaluates__isnull=False,
                round__reevaluation_skips_province=True,
                status__in=CURATED_STATUSES,
            )
            return self.filter((Q(assigned) & (Q(forwarded) | skipping)) | candidate, status__in=TEAM_VISIBLE_STATUSES)
        return self.none()

    def with_list_data(self):
        """What a list row shows, without the long texts (the story, description, address) it does not."""
        return self.select_related("round", "regency__province", "commodity").defer(*LONG_TEXTS)


# The sections of the nomination form: the IKM, then its product. Every field is needed to submit, but for the
# optional ones of the IKM.
IKM_FIELDS = [
    "nib",
    "business_name",
    "owner_name",
    "legal_form",
    "address",
    "sentra",
    "year_founded",
    "workforce_women",
    "workforce_men",
    "production_capacity",
    "capacity_unit",
    "yearly_turnover",
    "marketing_reach",
    "export_destinations",
    "phone",
    "email",
]
OPTIONAL_IKM_FIELDS = ("sentra", "export_destinations", "email")
PRODUCT_FIELDS = [
    "product_name",
    "commodity",
    "product_description",
    "raw_materials",
    "local_wisdom",
    "uniqueness",
    "price_min",
    "price_max",
]
LONG_TEXTS = ("return_reason", "address", "product_description", "raw_materials", "local_wisdom", "uniqueness")


class Nomination(models.Model):
    round = models.ForeignKey(
        "nominations.AwardRound", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("award round")
    )
    regency = models.ForeignKey(
        "accounts.Regency", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("regency/city")
    )
    ikm = models.ForeignKey(
        "nominations.Ikm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("IKM"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
        editable=False,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    # A re-evaluation entry: the earlier awarded nomination whose star this one re-evaluates (set by the ministry
    # when it chooses the holders to re-evaluate; outside the regency's quota).
    reevaluates = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reevaluations",
        editable=False,
        verbose_name=_("re-evaluates the star of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    return_reason = models.TextField(_("reason for revision"), blank=True, editable=False, max_length=TEXT_MAX)

    # The IKM, as of this nomination.
    nib = models.CharField(
        _("Nomor Induk Berusaha (NIB)"),
        max_length=13,
        blank=True,
        validators=[nib_validator],
        help_text=_("13 digits, from OSS."),
    )
    business_name = models.CharField(_("business name"), max_length=200, blank=True)
    owner_name = models.CharField(_("owner's name"), max_length=150, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    address = models.TextField(_("address"), blank=True, max_length=SHORT_TEXT_MAX)
    sentra = models.CharField(
        _("sentra IKM"),
        max_length=200,
        blank=True,
        help_text=_("The IKM centre (sentra) the business belongs to, if any."),
    )
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    workforce_women = models.PositiveIntegerField(
        _("workers (women)"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    workforce_men = models.PositiveIntegerField(
        _("workers (men)"), null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    production_capacity = models.DecimalField(
        _("production capacity per year"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=40, blank=True, help_text=_("For example pcs, kg, litre, metre.")
    )
    yearly_turnover = models.PositiveBigIntegerField(
        _("yearly turnover (Rp)"), null=True, blank=True, validators=[MaxValueValidator(10**15)]
    )
    marketing_reach = models.CharField(_("marketing reach"), max_length=20, choices=MarketingReach.choices, blank=True)
    export_destinations = models.CharField(
        _("export destination countries"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, for example Japan, Netherlands."),
    )
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)

    # The product.
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    commodity = models.ForeignKey(
        "nominations.CommodityType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("commodity type"),
    )
    product_description = models.TextField(_("product description"), blank=True, max_length=LONG_TEXT_MAX)
    raw_materials = models.TextField(_("local raw materials used"), blank=True, max_length=TEXT_MAX)
    local_wisdom = models.TextField(_("local wisdom or cultural story"), blank=True, max_length=LONG_TEXT_MAX)
    uniqueness = models.TextField(_("what makes it unique"), blank=True, max_length=LONG_TEXT_MAX)
    price_min = models.PositiveBigIntegerField(
        _("lowest price (Rp)"), null=True, blank=True, validators=[MaxValueValidator(10**12)]
    )
    price_max = models.PositiveBigIntegerField(
        _("highest price (Rp)"), null=True, blank=True, validators=[MaxValueValidator(10**12)]
    )

    objects = NominationQuerySet.as_manager()

    REQUIRED_FOR_SUBMIT = [name for name in IKM_FIELDS if name not in OPTIONAL_IKM_FIELDS] + PRODUCT_FIELDS

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            # A regency nominates an IKM once a round; drafts of other regencies claim nothing (models/ikm.py), but
            # only one nomination of an IKM a round gets past the draft.
            models.UniqueConstraint(
                fields=["round", "ikm", "regency"],
                condition=~Q(status="withdrawn"),
                name="nomination_one_per_ikm_regency_round",
                violation_error_message=_("This IKM already has a nomination in this round."),
            ),
            models.UniqueConstraint(
                fields=["round", "ikm"],
                condition=~Q(status__in=["draft", "withdrawn"]),
                name="nomination_one_submitted_per_ikm_per_round",
                violation_error_message=_("This IKM already has a nomination in this round."),
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_min__lte=models.F("price_max")),
                name="nomination_price_range_ordered",
                violation_error_message=_("The lowest price cannot be above the highest price."),
            ),
            *length_checks(
                "nomination",
                return_reason=TEXT_MAX,
                address=SHORT_TEXT_MAX,
                product_description=LONG_TEXT_MAX,
                raw_materials=TEXT_MAX,
                local_wisdom=LONG_TEXT_MAX,
                uniqueness=LONG_TEXT_MAX,
            ),
        ]
        indexes = [
            models.Index(fields=["round", "regency", "status"], name="nomination_round_regency_idx"),
            # The nomination lists' order (most recently changed first): without it, a ministry admin's page of
            # all 100,000 nominations sorted the whole table (90 ms a page on the benchmark database).
            models.Index(fields=["-updated_at", "-id"], name="nomination_recent_idx"),
        ]

    def __str__(self):
        return self.business_name or self.product_name or _("Nomination #%(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return reverse("nominations:detail", args=[self.pk])

    @property
    def is_reevaluation(self):
        return self.reevaluates_id is not None

    @property
    def title(self):
        return str(self)

    def missing_for_submit(self):
        """Labels of what still has to be filled before this nomination can be submitted."""
        return [label for _key, label in self.missing_fields_for_submit()]

    def missing_fields_for_submit(self):
        """What still has to be filled, as (field name, label): a model field, or "photos" for the photos (the
        confirmation page links each to its place in the form, nominations.forms.missing_links)."""
        missing = [
            (name, str(self._meta.get_field(name).verbose_name))
            for name in self.REQUIRED_FOR_SUBMIT
            if getattr(self, name) in (None, "")
        ]
        if self.marketing_reach == MarketingReach.EXPORT and not self.export_destinations:
            missing.append(("export_destinations", str(self._meta.get_field("export_destinations").verbose_name)))
        if self.commodity_id and not self.round.commodity_types.filter(pk=self.commodity_id).exists():
            missing.append(("commodity", str(_("a commodity type open in this round"))))
        if not self.photos.exists():
            missing.append(("photos", str(_("at least one product photo"))))
        if self.ikm_id and not self.ikm.may_be_nominated_by(self.regency_id):
            missing.append(
                (
                    "nib",
                    str(
                        _(
                            "a NIB not registered to another regency/city's IKM (contact the ministry, Ditjen IKMA, "
                            "if the IKM has moved)"
                        )
                    ),
                )
            )
        return missing

    def completeness(self):
        """Percentage of the submit requirements met (required fields and one photo)."""
        total = len(self.REQUIRED_FOR_SUBMIT) + 1
        return round(100 * (total - len(self.missing_for_submit())) / total) if total else 100

    @property
    def is_editable(self):
        return self.status in (NominationStatus.DRAFT, NominationStatus.RETURNED)

    @property
    def can_be_withdrawn(self):
        """Before curation starts (nominations.services.withdraw_nomination says why not otherwise)."""
        return self.status != NominationStatus.WITHDRAWN and self.round.status in (
            RoundStatus.DRAFT,
            RoundStatus.NOMINATION,
        )

    @property
    def workforce_total(self):
        return (self.workforce_women or 0) + (self.workforce_men or 0)


def upload_path(instance, filename):
    """A random storage name under the extension of the file's real type; the officer's file name is never
    used, neither as a path nor for its extension (a PDF called doc.html is stored as .pdf). A photo takes the
    extension of the format Pillow reads in its content, a document is a PDF (the forms checked both)."""
    if isinstance(instance, NominationPhoto):
        folder, suffix = "photos", photo_suffix(instance.image.file)
    else:
        folder, suffix = "documents", DOCUMENT_SUFFIX
    return f"nominations/{instance.nomination.round_id}/{folder}/{uuid.uuid4().hex}{suffix}"


class NominationPhoto(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=upload_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # {"320": [width, height], ...} of the smaller copies made (nominations/renditions.py); empty until they are.
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self):
        return self.original_name or self.image.name


class NominationDocument(models.Model):
    class Kind(models.TextChoices):
        NIB = "nib", _("NIB")
        CERTIFICATE = "certificate", _("Certificate")
        OTHER = "other", _("Other document")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("document (PDF)"), upload_to=upload_path)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.original_name or self.file.name


class Certification(models.Model):
    class Kind(models.TextChoices):
        PIRT = "pirt", _("PIRT")
        BPOM = "bpom", _("BPOM")
        HALAL = "halal", _("Halal")
        SNI = "sni", _("SNI")
        HKI = "hki", _("HKI / brand")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("certification"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=100)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty if it does not expire."))

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
