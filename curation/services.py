"""State changes of curation: the rubric, score sheets, conflicts of interest and shortlists.

Like nominations.services: each function checks actor, state and window, changes the state and writes
the audit record inside one transaction, and raises WorkflowError with a message for the user.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, ExpressionWrapper, F, FloatField, OuterRef, ProtectedError, Q, Sum
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from audit.models import record
from core.exceptions import StaleEdit, WorkflowError
from core.text import has_text
from nominations.models import AwardRound, CommodityType, Nomination
from notifications.services import notify

from . import rules
from .models import (
    AdminCheck,
    Aspect,
    Assignment,
    Criterion,
    Requirement,
    Score,
    ScoreSheet,
    SheetStatus,
    Shortlist,
    Stage,
    scoring_nominations,
)

# The default OVOP rubric: (aspect id, aspect en, [(criterion id, criterion en, guidance id, weight)]).
DEFAULT_RUBRIC = [
    (
        "Produk",
        "Product",
        [
            ("Mutu produk", "Product quality", "Konsistensi mutu, bahan, dan pengerjaan.", 12),
            ("Desain dan kemasan", "Design and packaging", "Daya tarik desain, kemasan, dan label.", 10),
            (
                "Keunikan dan kearifan lokal",
                "Uniqueness and local wisdom",
                "Ciri khas daerah dan cerita budaya di balik produk.",
                10,
            ),
            ("Pemanfaatan bahan baku lokal", "Use of local raw materials", "Porsi bahan baku dari daerah sendiri.", 8),
        ],
    ),
    (
        "Usaha",
        "Business",
        [
            ("Legalitas dan sertifikasi", "Legality and certifications", "NIB, PIRT/BPOM, halal, SNI, HKI/merek.", 10),
            (
                "Kapasitas dan kontinuitas produksi",
                "Production capacity and continuity",
                "Kemampuan memenuhi pesanan secara berkelanjutan.",
                9,
            ),
            (
                "Manajemen dan SDM",
                "Management and human resources",
                "Pembukuan, pembagian kerja, pelatihan tenaga kerja.",
                8,
            ),
            (
                "Keterkaitan dengan sentra dan masyarakat",
                "Ties to its sentra and community",
                "Peran bagi sentra IKM dan warga sekitar.",
                8,
            ),
        ],
    ),
    (
        "Pasar",
        "Market",
        [
            ("Jangkauan pasar", "Market reach", "Lokal, regional, nasional, atau ekspor.", 8),
            (
                "Pemasaran dan digitalisasi",
                "Marketing and digitalisation",
                "Lokapasar, media sosial, situs web, e-katalog.",
                9,
            ),
            (
                "Kesiapan ekspor",
                "Export readiness",
                "Pengalaman pameran, dokumen ekspor, kapasitas untuk pasar ekspor.",
                8,
            ),
        ],
    ),
]

# The default national rubric of the commodity assessors (data of the round; the ministry's own aspects were not
# found, see ../shared/DOMAIN.md: these follow the published eligibility criteria).
DEFAULT_NATIONAL_RUBRIC = [
    (
        "Keunggulan produk",
        "Product excellence",
        [
            (
                "Keunikan, orisinalitas, dan kearifan lokal",
                "Uniqueness, originality and local wisdom",
                "Motif, desain, atau resep khas daerah; cerita budaya di balik produk.",
                20,
            ),
            ("Mutu dan tampilan", "Quality and appearance", "Mutu bahan dan pengerjaan, kemasan, label.", 20),
            (
                "Bahan baku dan sumber daya lokal",
                "Local raw materials and resources",
                "Porsi dan ketersediaan bahan baku lokal.",
                15,
            ),
        ],
    ),
    (
        "Usaha dan pasar",
        "Business and market",
        [
            ("Potensi pasar", "Market potential", "Pasar domestik yang ada; peluang pasar ekspor.", 20),
            (
                "Kontinuitas produksi",
                "Continuity of production",
                "Kapasitas, tenaga kerja, pesanan yang dipenuhi.",
                15,
            ),
            (
                "Peran dalam sentra IKM",
                "Role in the sentra IKM",
                "Sebagai penghela sentra dan pemberdaya masyarakat sekitar.",
                10,
            ),
        ],
    ),
]
# The default rubric of the Go Global selection: the three things the expert team chooses on (DOMAIN.md).
DEFAULT_GO_GLOBAL_RUBRIC = [
    (
        "Seleksi Go Global",
        "Go Global selection",
        [
            (
                "Potensi produk",
                "Product potential",
                "Daya saing produk di pasar tujuan ekspor: keunikan, mutu, harga, dan peluang pengembangan produk.",
                "Competitiveness of the product in a target export market: uniqueness, quality, price and room for "
                "product development.",
                40,
            ),
            (
                "Kesiapan ekspor",
                "Export readiness",
                "Kapasitas dan kontinuitas produksi, legalitas dan sertifikasi, dokumen dan pengalaman ekspor atau "
                "pameran internasional.",
                "Production capacity and continuity, legality and certifications, export documents and experience of "
                "export or international exhibitions.",
                40,
            ),
            (
                "Komitmen",
                "Commitment",
                "Kesediaan mengikuti pembinaan: rencana pemasaran ekspor, pengembangan produk, digitalisasi, pameran.",
                "Willingness to follow the coaching: export marketing plan, product development, digitalisation, "
                "exhibitions.",
                20,
            ),
        ],
    ),
]
RUBRICS = {
    Stage.PROVINCE: DEFAULT_RUBRIC,
    Stage.NATIONAL: DEFAULT_NATIONAL_RUBRIC,
    Stage.GO_GLOBAL: DEFAULT_GO_GLOBAL_RUBRIC,
}

# A nomination whose sheets differ by more than this many points (of 100) is flagged for discussion.
DISAGREEMENT_POINTS = 20


def _when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


# Rubric --------------------------------------------------------------------------------------------


def check_rubric_editable(award_round, *, by, stage=Stage.PROVINCE):
    """The service guard of every rubric change (rules.may_edit_rubric says why not)."""
    rules.may_edit_rubric(by, award_round, stage).enforce()


def _rubric_snapshot(award_round, stage=Stage.PROVINCE):
    return {
        "stage": str(stage),
        "aspects": list(
            Aspect.objects.filter(round=award_round, stage=stage).order_by("pk").values_list("name_id", flat=True)
        ),
        "criteria": [
            [name, str(weight)]
            for name, weight in Criterion.objects.filter(aspect__round=award_round, aspect__stage=stage)
            .order_by("pk")
            .values_list("name_id", "weight")
        ],
    }


@transaction.atomic
def save_rubric(award_round, formset, *, by, stage=Stage.PROVINCE):
    """Save a posted aspect or criterion formset of the round's rubric, checked on what is stored afterwards.

    The round is locked for the transaction (two admins saving at once are serialised), the rubric must not be
    frozen, and the stored criteria's weights, not just the forms posted, must add up to exactly 100%: a
    formset that leaves out some criteria cannot leave the rubric at 188%. Audited with before and after.
    """
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    check_rubric_editable(award_round, by=by, stage=stage)
    before = _rubric_snapshot(award_round, stage)
    for form in formset.forms:
        if isinstance(form.instance, Aspect):
            form.instance.round = award_round
            form.instance.stage = stage
        elif form.instance.aspect_id is not None and form.instance.aspect.stage != stage:
            raise WorkflowError(_("A criterion can only belong to an aspect of the same rubric."))
    try:
        formset.save()
    except ProtectedError as error:  # a criterion that a member's draft sheet already scores
        names = sorted({str(score.criterion) for score in error.protected_objects})
        raise WorkflowError(
            _(
                "Not saved: team members have draft scores on %(criteria)s. A criterion that was scored cannot be "
                "deleted; change its name, guidance or weight instead."
            )
            % {"criteria": ", ".join(names)}
        ) from error
    total = rules.total_weight(award_round, stage)
    if Criterion.objects.filter(aspect__round=award_round, aspect__stage=stage).exists() and total != Decimal(100):
        raise WorkflowError(
            _("Not saved: the rubric's weights would add up to %(total)s%%; they must add up to exactly 100%%.")
            % {"total": formats.number_format(total, 2)}
        )
    after = _rubric_snapshot(award_round, stage)
    if after != before:
        record(by, "rubric.changed", award_round, before=before, after=after)
    return award_round


@transaction.atomic
def seed_default_rubric(award_round, *, by=None, stage=None):
    """Give a round without a rubric of the stage its default rubric (weights add up to 100%); without a stage,
    every stage the round has (the provincial one, and the national one where the round has that stage)."""
    if stage is None:
        for each in (Stage.PROVINCE, Stage.NATIONAL) if award_round.national_assessment else (Stage.PROVINCE,):
            seed_default_rubric(award_round, by=by, stage=each)
        return
    if award_round.aspects.filter(stage=stage).exists():
        return
    for a_position, (aspect_id, aspect_en, criteria) in enumerate(RUBRICS[stage], start=1):
        aspect = Aspect.objects.create(
            round=award_round, stage=stage, name_id=aspect_id, name_en=aspect_en, position=a_position
        )
        Criterion.objects.bulk_create(
            [
                Criterion(
                    aspect=aspect,
                    name_id=name_id,
                    name_en=name_en,
                    guidance_id=guidance[0],
                    guidance_en=guidance[1] if len(guidance) > 1 else "",
                    weight=guidance[-1],
                    scale_min=1,
                    scale_max=5,
                    position=position,
                )
                for position, (name_id, name_en, *guidance) in enumerate(criteria, start=1)
            ]
        )
    record(by, "rubric.changed", award_round, before=None, after=_rubric_snapshot(award_round, stage))


@transaction.atomic
def add_default_rubric(award_round, *, by, stage=Stage.PROVINCE):
    """The admin's "add the default rubric": only to an editable, empty rubric (seed_default_rubric, which rounds
    get when created, silently keeps an existing one)."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    check_rubric_editable(award_round, by=by, stage=stage)
    if award_round.aspects.filter(stage=stage).exists():
        raise WorkflowError(_("The default rubric is added only to an empty rubric: this round already has aspects."))
    seed_default_rubric(award_round, by=by, stage=stage)
    return award_round


# Score sheets --------------------------------------------------------------------------------------


def sheet_total_expression():
    """Weighted total of a sheet on 0-100: sum of weight × (score − lowest) / (highest − lowest)."""
    # Cast to float first: SQLite divides integers as integers.
    return Sum(
        ExpressionWrapper(
            Cast("criterion__weight", FloatField())
            * (F("value") - F("criterion__scale_min"))
            / (F("criterion__scale_max") - F("criterion__scale_min")),
            output_field=FloatField(),
        )
    )


def weighted_total(scores):
    """The weighted total of these scores (a queryset of Score) rounded to hundredths, as a submitted sheet stores
    it; None without scores. The score page's live total (static/js/score-total.js) computes the same in the
    browser."""
    total = scores.aggregate(total=sheet_total_expression())["total"]
    return None if total is None else Decimal(str(round(total, 2)))


def _lock_shortlist(nomination):
    """The province's shortlist row, locked for the rest of the transaction (made if needed, empty).

    forward_shortlist locks the same row: a sheet saved at the moment of forwarding either commits before the
    forwarding counts the sheets, or waits and then reads it forwarded (rules.may_score refuses it).
    """
    Shortlist.objects.select_for_update().get(pk=shortlist_for(nomination.round, nomination.regency.province).pk)


def _lock_stage(nomination, stage):
    """Serialise a sheet's save with what freezes the stage's sheets: the province's shortlist row (forwarding
    locks it), or the round row for the national assessment (decisions and publication lock it) and the Go Global
    selection (closing it locks it). The round is then the nomination's round as read under the lock: the rule
    asked again afterwards must see a publication or closing that committed while this request waited, not the round
    read before."""
    if stage == Stage.PROVINCE:
        _lock_shortlist(nomination)
    else:
        nomination.round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)


def _lock_sheet(nomination, member, stage=Stage.PROVINCE):
    """The scorer's sheet of the stage for this nomination, created if needed, locked for this transaction."""
    try:
        with transaction.atomic():
            ScoreSheet.objects.get_or_create(nomination=nomination, member=member, stage=stage)
    except IntegrityError:
        pass  # another request created it at the same moment
    return ScoreSheet.objects.select_for_update().get(nomination=nomination, member=member, stage=stage)


@transaction.atomic
def save_sheet(nomination, *, by, values, comment, submit=False, expected_version=None, now=None):
    """Save the scorer's scores (criterion id -> (value or None, note)) in their stage of the nomination's round
    (rules.stage_of); with submit, also submit the sheet."""
    now = now or timezone.now()
    nomination = Nomination.objects.select_related("round", "regency__province", "commodity").get(pk=nomination.pk)
    stage = rules.stage_of(by, nomination.round)
    rules.may_score(by, nomination, now=now, stage=stage).enforce()
    _lock_stage(nomination, stage)
    sheet = _lock_sheet(nomination, by, stage)
    rules.may_score(by, nomination, sheet, now, stage).enforce()
    if expected_version is not None and sheet.version != expected_version:
        raise StaleEdit(
            _(
                "This score sheet was saved in another tab after you opened it. Your input is still on this page: "
                "reload to see the saved version."
            )
        )
    criteria = {c.pk: c for c in Criterion.objects.filter(aspect__round=nomination.round, aspect__stage=stage)}
    errors = []
    for criterion_id, (value, _note) in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(_("Unknown criterion."))
        elif value is not None and not criterion.scale_min <= value <= criterion.scale_max:
            errors.append(
                _("%(criterion)s: the score must be between %(low)s and %(high)s.")
                % {"criterion": criterion, "low": criterion.scale_min, "high": criterion.scale_max}
            )
    if submit:
        missing = [str(c) for pk, c in criteria.items() if values.get(pk, (None, ""))[0] is None]
        if missing:
            errors.append(
                _("Score every criterion before submitting; missing: %(criteria)s.") % {"criteria": ", ".join(missing)}
            )
    if errors:
        raise WorkflowError(" ".join(errors))
    Score.objects.filter(sheet=sheet).exclude(
        criterion_id__in=[pk for pk, (v, _n) in values.items() if v is not None]
    ).delete()
    for criterion_id, (value, note) in values.items():
        if value is not None:
            Score.objects.update_or_create(
                sheet=sheet, criterion_id=criterion_id, defaults={"value": value, "note": note or ""}
            )
    before = {"status": sheet.status, "total": str(sheet.total) if sheet.total is not None else None}
    sheet.comment = comment
    sheet.version += 1
    if submit or sheet.status == SheetStatus.SUBMITTED:
        sheet.total = weighted_total(Score.objects.filter(sheet=sheet)) or Decimal(0)
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = sheet.submitted_at or now
    sheet.save()
    if sheet.status == SheetStatus.SUBMITTED:
        record(by, "sheet.submitted", sheet, before=before, after={"status": sheet.status, "total": str(sheet.total)})
    return sheet


@transaction.atomic
def declare_conflict(nomination, *, by, reason, now=None):
    now = now or timezone.now()
    nomination = Nomination.objects.select_related("round", "regency__province", "commodity").get(pk=nomination.pk)
    stage = rules.stage_of(by, nomination.round)
    rules.may_declare_conflict(by, nomination, now=now, stage=stage).enforce()
    if not has_text(reason):
        raise WorkflowError(_("Say why you have a conflict of interest; it goes into the selection minutes."))
    _lock_stage(nomination, stage)
    sheet = _lock_sheet(nomination, by, stage)
    rules.may_declare_conflict(by, nomination, sheet, now, stage).enforce()
    before = {"status": sheet.status}
    sheet.scores.all().delete()
    sheet.status, sheet.conflict_reason, sheet.total, sheet.submitted_at = SheetStatus.CONFLICT, reason, None, None
    sheet.version += 1
    sheet.save()
    record(by, "sheet.conflict", sheet, before=before, after={"status": sheet.status}, reason=reason)
    return sheet


# Shortlists ----------------------------------------------------------------------------------------


def shortlist_for(award_round, province):
    shortlist, _created = Shortlist.objects.get_or_create(round=award_round, province=province)
    return shortlist


@transaction.atomic
def set_shortlist(award_round, province, nominations, *, by):
    award_round = AwardRound.objects.get(pk=award_round.pk)
    rules.may_shortlist(by, award_round, province).enforce()
    shortlist = Shortlist.objects.select_for_update().get(pk=shortlist_for(award_round, province).pk)
    rules.may_shortlist(by, award_round, province, shortlist).enforce()
    chosen = list(nominations)
    if len(chosen) > award_round.province_shortlist_quota:
        raise WorkflowError(
            _("At most %(quota)s nominations per province can be shortlisted in %(round)s; you chose %(count)s.")
            % {"quota": award_round.province_shortlist_quota, "round": award_round, "count": len(chosen)}
        )
    valid = scoring_nominations(award_round, province)
    if valid.filter(pk__in=[n.pk for n in chosen]).count() != len(chosen):
        raise WorkflowError(_("Only this province's nominations in curation can be shortlisted."))
    awarded_leaving = shortlist.nominations.exclude(pk__in=[n.pk for n in chosen]).filter(decision__level__isnull=False)
    if awarded_leaving.exists():
        raise WorkflowError(
            _(
                "%(names)s already received an award decision from the ministry: a ministry admin must change it "
                "to not awarded before it can leave the shortlist."
            )
            % {"names": ", ".join(str(n) for n in awarded_leaving)}
        )
    before = sorted(shortlist.nominations.values_list("pk", flat=True))
    shortlist.nominations.set(chosen)
    record(
        by,
        "shortlist.changed",
        shortlist,
        before={"nominations": before},
        after={"nominations": sorted(n.pk for n in chosen)},
    )
    return shortlist


TEAM_ORDER = ("-is_team_chair", "last_name", "first_name")


def team_of_the_minutes(award_round, province):
    """The province's active team members, and those who scored or declared a conflict in this round and have
    left the team since: all of them took part, so all sign and count in the team's size. Chair first."""
    took_part = ScoreSheet.objects.filter(
        member=OuterRef("pk"),
        nomination__round=award_round,
        stage=Stage.PROVINCE,
        status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT],
    )
    return (
        User.objects.filter(role=User.Role.TEAM_MEMBER, province=province)
        .filter(Q(is_active=True) | Exists(took_part))
        .order_by(*TEAM_ORDER)
    )


class MissingSheets(WorkflowError):
    """Forwarding while members still have sheets to submit: the chair must confirm, seeing the list."""

    def __init__(self, message, missing):
        super().__init__(message)
        self.missing = missing


def missing_sheets(award_round, province):
    """[(member, [nominations without their submitted sheet or declared conflict])] of the province's active team."""
    nominations = list(scoring_nominations(award_round, province).order_by("business_name", "pk"))
    done = set(
        ScoreSheet.objects.filter(
            nomination__in=nominations, stage=Stage.PROVINCE, status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT]
        ).values_list("member_id", "nomination_id")
    )
    members = User.objects.filter(role=User.Role.TEAM_MEMBER, province=province, is_active=True).order_by(
        "-is_team_chair", "last_name", "first_name", "pk"
    )
    missing = [(member, [n for n in nominations if (member.pk, n.pk) not in done]) for member in members]
    return [(member, left) for member, left in missing if left]


@transaction.atomic
def forward_shortlist(shortlist, *, by, now=None, confirm_missing=False):
    """Forward the chair's shortlist; it freezes the province's sheets of the round (see `_check_not_forwarded`).

    With sheets still missing, MissingSheets lists them unless the chair confirmed (confirm_missing).
    """
    shortlist = Shortlist.objects.select_for_update().select_related("round", "province").get(pk=shortlist.pk)
    rules.may_forward(by, shortlist).enforce()
    missing = missing_sheets(shortlist.round, shortlist.province)
    if missing and not confirm_missing:
        count = sum(len(left) for _member, left in missing)
        raise MissingSheets(
            ngettext(
                "%(count)s score sheet is still missing. Forwarding freezes every sheet of the province: confirm "
                "that the team forwards without it.",
                "%(count)s score sheets are still missing. Forwarding freezes every sheet of the province: confirm "
                "that the team forwards without them.",
                count,
            )
            % {"count": count},
            missing,
        )
    shortlist.forwarded_at = now or timezone.now()
    shortlist.forwarded_by = by
    shortlist.save(update_fields=["forwarded_at", "forwarded_by"])
    shortlist.team.set(team_of_the_minutes(shortlist.round, shortlist.province))
    chosen = sorted(shortlist.nominations.values_list("pk", flat=True))
    sheets = dict(
        scoring_nominations(shortlist.round, shortlist.province)
        .annotate(
            n=Count(
                "score_sheets",
                filter=Q(score_sheets__status=SheetStatus.SUBMITTED, score_sheets__stage=Stage.PROVINCE),
            )
        )
        .values_list("pk", "n")
    )
    record(
        by,
        "shortlist.forwarded",
        shortlist,
        after={
            "nominations": chosen,
            "sheets": {str(pk): n for pk, n in sorted(sheets.items())},
            "missing_sheets": sum(len(left) for _member, left in missing),
        },
    )
    notify(
        User.objects.ministry_admins(),
        "shortlist_forwarded",
        {"shortlist": shortlist, "count": len(chosen)},
        link=reverse("curation:minutes", args=[shortlist.pk]),
    )
    return shortlist


def members_with_work_left(award_round):
    """(member, number of nominations still without their submitted sheet or conflict) for every team member."""
    open_by_province = dict(
        scoring_nominations(award_round)
        .values("regency__province")
        .annotate(n=Count("id"))
        .values_list("regency__province", "n")
    )
    done = dict(
        ScoreSheet.objects.filter(
            nomination__round=award_round,
            stage=Stage.PROVINCE,
            status__in=[SheetStatus.SUBMITTED, SheetStatus.CONFLICT],
        )
        .values("member")
        .annotate(n=Count("id"))
        .values_list("member", "n")
    )
    members = User.objects.filter(role=User.Role.TEAM_MEMBER, province_id__in=open_by_province, is_active=True)
    return [
        (m, open_by_province[m.province_id] - done.get(m.pk, 0))
        for m in members
        if open_by_province[m.province_id] > done.get(m.pk, 0)
    ]


@transaction.atomic
def send_scoring_reminders(award_round, *, now=None):
    """E-mail every team member who still has nominations to score; returns how many were reminded."""
    now = now or timezone.now()
    if not award_round.scoring_window_open(now):
        raise WorkflowError(_("Reminders go out only while the scoring window is open."))
    reminded = 0
    for member, todo in members_with_work_left(award_round):
        notify([member], "scoring_reminder", {"round": award_round, "todo": todo}, link=reverse("curation:worklist"))
        reminded += 1
    return reminded


# National assessment ------------------------------------------------------------------------------


@transaction.atomic
def assign_assessor(award_round, assessor, commodities, *, by):
    """Name an active national assessor to assess some commodity types of a round (a ministry admin, while the
    round is open for changes); the assessor is told by e-mail. Assignments that exist are kept."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_assign_assessors(by, award_round).enforce()
    if not (assessor.is_assessor and assessor.is_active):
        raise WorkflowError(_("Only an active national assessor can be assigned."))
    commodities = list(commodities)
    if not commodities:
        raise WorkflowError(_("Choose at least one commodity type."))
    open_here = set(award_round.commodity_types.values_list("pk", flat=True))
    if any(commodity.pk not in open_here for commodity in commodities):
        raise WorkflowError(_("Assessors are assigned only to commodity types open in this round."))
    existing = set(
        Assignment.objects.filter(round=award_round, assessor=assessor, stage=Stage.NATIONAL).values_list(
            "commodity_id", flat=True
        )
    )
    new = [commodity for commodity in commodities if commodity.pk not in existing]
    Assignment.objects.bulk_create(
        [Assignment(round=award_round, assessor=assessor, commodity=c, assigned_by=by) for c in new]
    )
    if new:
        record(
            by,
            "assessor.assigned",
            award_round,
            after={"assessor": assessor.username, "commodities": sorted(c.code for c in new)},
        )
        notify(
            [assessor],
            "assessor_assigned",
            {"round": award_round, "commodities": new},
            link=reverse("curation:worklist"),
        )
    return new


@transaction.atomic
def name_panel_member(award_round, assessor, *, by):
    """Name an active assessor to the expert panel of the round's Go Global selection (a ministry admin, until the
    selection is closed); the round gets the default Go Global rubric if it has none yet, and the assessor is told
    by e-mail."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_name_panel(by, award_round).enforce()
    if not (assessor.is_assessor and assessor.is_active):
        raise WorkflowError(_("Only an active assessor can sit on the Go Global panel."))
    if Assignment.objects.filter(round=award_round, assessor=assessor, stage=Stage.GO_GLOBAL).exists():
        raise WorkflowError(_("%(assessor)s is already on the Go Global panel.") % {"assessor": assessor})
    assignment = Assignment.objects.create(round=award_round, assessor=assessor, stage=Stage.GO_GLOBAL, assigned_by=by)
    seed_default_rubric(award_round, by=by, stage=Stage.GO_GLOBAL)
    record(by, "panel.named", award_round, after={"assessor": assessor.username, "stage": Stage.GO_GLOBAL.value})
    link = f"{reverse('curation:worklist')}?round={award_round.pk}"
    notify([assessor], "go_global_panel", {"round": award_round}, link=link)
    return assignment


@transaction.atomic
def unassign_assessor(assignment, *, by):
    """Take an assignment back (a national assessor's commodity type, or a seat on the Go Global panel); refused
    once the assessor has scored or declared a conflict on its nominations (their sheets stay in the minutes)."""
    assignment = Assignment.objects.select_related("round", "assessor", "commodity").get(pk=assignment.pk)
    rules.may_assign(by, assignment.round, assignment.stage).enforce()
    worked = ScoreSheet.objects.filter(
        member=assignment.assessor, stage=assignment.stage, nomination__round=assignment.round
    ).exclude(status=SheetStatus.DRAFT)
    if assignment.stage == Stage.GO_GLOBAL:
        if worked.exists():
            raise WorkflowError(
                _("%(assessor)s has already scored Go Global candidates: the seat on the panel stays.")
                % {"assessor": assignment.assessor}
            )
        record(by, "panel.removed", assignment.round, before={"assessor": assignment.assessor.username})
    else:
        if worked.filter(nomination__commodity=assignment.commodity).exists():
            raise WorkflowError(
                _("%(assessor)s has already assessed %(commodity)s nominations: the assignment stays.")
                % {"assessor": assignment.assessor, "commodity": assignment.commodity}
            )
        record(
            by,
            "assessor.unassigned",
            assignment.round,
            before={"assessor": assignment.assessor.username, "commodity": assignment.commodity.code},
        )
    assignment.delete()


def assessors_with_work_left(award_round, stage=Stage.NATIONAL):
    """(assessor, number of their nominations of the stage still without their submitted sheet or conflict) for
    every active assessor of the stage in the round with work left."""
    counts = []
    assessors = (
        User.objects.assessors()
        .filter(assignments__round=award_round, assignments__stage=stage)
        .distinct()
        .order_by("pk")
    )
    for assessor in assessors:
        left = rules.sheets_left(assessor, award_round, stage)
        if left:
            counts.append((assessor, left))
    return counts


@transaction.atomic
def send_assessment_reminders(award_round, *, now=None):
    """E-mail every assessor who still has nominations to assess; returns how many were reminded."""
    now = now or timezone.now()
    if not award_round.national_window_open(now):
        raise WorkflowError(_("Reminders go out only while the national assessment is open."))
    reminded = 0
    for assessor, todo in assessors_with_work_left(award_round):
        notify(
            [assessor], "assessment_reminder", {"round": award_round, "todo": todo}, link=reverse("curation:worklist")
        )
        reminded += 1
    return reminded


@transaction.atomic
def send_go_global_reminders(award_round):
    """E-mail every member of the Go Global panel who still has candidates to score; returns how many."""
    if not award_round.go_global_window_open():
        raise WorkflowError(_("Reminders go out only while the Go Global selection is open."))
    reminded = 0
    for assessor, todo in assessors_with_work_left(award_round, Stage.GO_GLOBAL):
        notify(
            [assessor],
            "go_global_reminder",
            {"round": award_round, "todo": todo},
            link=f"{reverse('curation:worklist')}?round={award_round.pk}",
        )
        reminded += 1
    return reminded


@transaction.atomic
def reopen_shortlist(shortlist, *, by, reason):
    """A ministry admin's reopening (with a reason, audited): the chair may change and forward it again, and the
    province's sheets are no longer frozen."""
    shortlist = Shortlist.objects.select_for_update().select_related("round").get(pk=shortlist.pk)
    rules.may_reopen_shortlist(by, shortlist).enforce()
    if not has_text(reason):
        raise WorkflowError(
            _("Give the reason for reopening the shortlist: it goes into the audit trail and the team sees it.")
        )
    before = {"forwarded_at": shortlist.forwarded_at.isoformat()}
    shortlist.forwarded_at, shortlist.forwarded_by = None, None
    shortlist.save(update_fields=["forwarded_at", "forwarded_by"])
    shortlist.team.clear()
    record(by, "shortlist.reopened", shortlist, before=before, after={"forwarded_at": None}, reason=reason)
    return shortlist


# Administrative selection (seleksi administrasi) --------------------------------------------------------

# The default checklist of a round: what the ministry's outreach names (../shared/DOMAIN.md); data of the round.
DEFAULT_REQUIREMENTS = [
    ("NIB dan legalitas industri", "NIB and industrial legality", []),
    (
        "Sentra IKM ditetapkan dengan keputusan bupati/walikota (nomor keputusan tercantum)",
        "Sentra IKM established by a decree of the bupati/walikota (with its number)",
        [],
    ),
    ("Izin edar PIRT atau BPOM", "Distribution permit (PIRT or BPOM)", ["makanan-minuman"]),
    ("Sertifikat halal", "Halal certificate", ["makanan-minuman"]),
    ("Contoh produk diterima", "Product sample received", []),
]


@transaction.atomic
def add_default_requirements(award_round, *, by):
    """Add the default checklist (the ministry's published requirements) to a round that has none."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_edit_requirements(by, award_round).enforce()
    if award_round.requirements.exists():
        raise WorkflowError(_("The round already has requirements: edit them instead."))
    for position, (name_id, name_en, commodity_codes) in enumerate(DEFAULT_REQUIREMENTS, start=1):
        requirement = Requirement.objects.create(round=award_round, name_id=name_id, name_en=name_en, position=position)
        requirement.commodities.set(CommodityType.objects.filter(code__in=commodity_codes))
    record(by, "requirements.changed", award_round, after={"requirements": _requirement_names(award_round)})


def _requirement_names(award_round):
    return list(award_round.requirements.order_by("position", "pk").values_list("name_id", flat=True))


@transaction.atomic
def save_requirements(award_round, formset, *, by):
    """Save the admin's edit of the round's checklist (a valid model formset), audited."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_edit_requirements(by, award_round).enforce()
    before = _requirement_names(award_round)
    for requirement in formset.save(commit=False):
        requirement.round = award_round
        requirement.save()
    formset.save_m2m()
    for requirement in formset.deleted_objects:
        requirement.delete()
    record(
        by,
        "requirements.changed",
        award_round,
        before={"requirements": before},
        after={"requirements": _requirement_names(award_round)},
    )


def requirements_for(nomination):
    """The round's requirements that apply to this nomination's commodity type."""
    applying = Q(commodities=None) | Q(commodities=nomination.commodity_id)
    return Requirement.objects.filter(applying, round_id=nomination.round_id).distinct().order_by("position", "pk")


@transaction.atomic
def check_nomination(nomination, *, by, met, reason=""):
    """Record the team's administrative selection of a nomination: it passes when it meets every requirement that
    applies to it; otherwise it does not, with the requirements it failed and a reason (both audited). The officers
    of its regency are told the result."""
    nomination = (
        Nomination.objects.select_for_update().select_related("round", "regency__province").get(pk=nomination.pk)
    )
    rules.may_check_selection(by, nomination).enforce()
    _lock_shortlist(nomination)
    rules.may_check_selection(by, nomination).enforce()  # forwarded while this request waited for the lock
    applying = list(requirements_for(nomination))
    if not applying:
        raise WorkflowError(_("The round has no requirements yet: a ministry admin must set them first."))
    met_ids = {requirement.pk for requirement in met}
    failed = [requirement for requirement in applying if requirement.pk not in met_ids]
    if failed and not has_text(reason):
        raise WorkflowError(_("Give the reason the nomination does not pass: its officers read it."))
    stored = AdminCheck.objects.filter(nomination=nomination).first()
    before = (
        {"passed": stored.passed, "failed": sorted(stored.failed.values_list("name_id", flat=True))} if stored else None
    )
    check, _created = AdminCheck.objects.update_or_create(
        nomination=nomination,
        defaults={"passed": not failed, "reason": reason.strip(), "checked_by": by, "checked_at": timezone.now()},
    )
    check.failed.set(failed)
    after = {"passed": check.passed, "failed": sorted(r.name_id for r in failed)}
    record(by, "selection.checked", nomination, before=before, after=after, reason=check.reason)
    notify(
        User.objects.filter(role=User.Role.OFFICER, regency_id=nomination.regency_id, is_active=True),
        "selection_result",
        {"nomination": nomination, "check": check, "failed": failed},
        link=reverse("nominations:detail", args=[nomination.pk]),
    )
    return check
