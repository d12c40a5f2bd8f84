"""Forms of the nominations app: the nomination in sections, certifications, rounds, import."""

from dataclasses import dataclass

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Province, Regency
from core.forms import FilterFormMixin, SpreadsheetForm
from core.text_limits import TEXT_MAX

from .models import (
    AwardRound,
    Certification,
    CommodityType,
    Ikm,
    Interest,
    InterestStatus,
    Nomination,
    NominationDocument,
    NominationStatus,
    ProductSample,
    SampleStatus,
)
from .models.ikm import REGISTERED_ELSEWHERE
from .models.nomination import IKM_FIELDS, PRODUCT_FIELDS, MarketingReach, NominationPhoto
from .uploads import MAX_PHOTOS, MultiplePdfField, MultiplePhotoField, PhotoField

EMPTY = (None, "", [])
# The IKM's fields in two sections: who and where they are, then their workers, production and market.
BUSINESS_FIELDS = IKM_FIELDS[IKM_FIELDS.index("workforce_women") : IKM_FIELDS.index("phone")]
FORM_SECTIONS = [
    ("ikm", _("The IKM"), [name for name in IKM_FIELDS if name not in BUSINESS_FIELDS]),
    ("business", _("Workers, production and market"), BUSINESS_FIELDS),
    ("product", _("The product"), PRODUCT_FIELDS),
    ("certifications", _("Certifications"), []),
    (
        "files",
        _("Photos and documents"),
        ["new_photos", "new_documents", "document_kind", "delete_photos", "delete_documents"],
    ),
]
# Where the form shows what Nomination.missing_fields_for_submit names: a field's own id, or a section.
MISSING_ANCHORS = {"photos": "section-files"}


@dataclass
class FormSection:
    """A section of the nomination form with what it still lacks to submit, as typed now."""

    key: str
    title: str
    number: int
    fields: list
    missing: list
    has_errors: bool

    @property
    def marks_as_typed(self):
        """Whether filling in its fields completes it: its mark in the navigation then follows the typing
        (static/js/form-sections.js); a section with errors keeps its mark until saved."""
        return not self.has_errors and any("data-required-for-submit" in f.field.widget.attrs for f in self.fields)


def missing_links(nomination):
    """What the nomination still lacks to be submitted, as (label, id of its place in the edit form)."""
    return [(label, MISSING_ANCHORS.get(key, f"id_{key}")) for key, label in nomination.missing_fields_for_submit()]


class NominationForm(forms.ModelForm):
    """The officer's form. Any subset may be saved as a draft; submit checks completeness."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_photos = MultiplePhotoField(label=_("Add product photos"))
    new_documents = MultiplePdfField(label=_("Add documents"))
    document_kind = forms.ChoiceField(
        label=_("Type of the added documents"),
        choices=NominationDocument.Kind.choices,
        initial=NominationDocument.Kind.OTHER,
    )
    delete_photos = forms.ModelMultipleChoiceField(
        queryset=NominationPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Remove photos"),
    )
    delete_documents = forms.ModelMultipleChoiceField(
        queryset=NominationDocument.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Remove documents"),
    )

    class Meta:
        model = Nomination
        fields = IKM_FIELDS + PRODUCT_FIELDS
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "product_description": forms.Textarea(attrs={"rows": 3}),
            "raw_materials": forms.Textarea(attrs={"rows": 2}),
            "local_wisdom": forms.Textarea(attrs={"rows": 3}),
            "uniqueness": forms.Textarea(attrs={"rows": 2}),
            "nib": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 13}),
            "phone": forms.TextInput(attrs={"inputmode": "tel"}),
        }

    def __init__(self, *args, award_round, regency, **kwargs):
        super().__init__(*args, **kwargs)
        self.award_round = award_round
        self.regency = regency
        self.fields["commodity"].queryset = award_round.commodity_types.all()
        self.fields["commodity"].empty_label = _("Choose a commodity type")
        self.fields["version"].initial = self.instance.version
        if self.instance.pk:
            self.fields["delete_photos"].queryset = self.instance.photos.all()
            self.fields["delete_documents"].queryset = self.instance.documents.all()
        for name in IKM_FIELDS + PRODUCT_FIELDS:
            if name in Nomination.REQUIRED_FOR_SUBMIT:
                self.fields[name].widget.attrs["data-required-for-submit"] = "1"

    def sections(self, formset=None):
        """The form's sections in order, each with what is still missing to submit (as typed now) and whether
        it holds errors: the form shows them as a numbered navigation and, on a phone, one at a time."""
        values = {name: self[name].value() for name in Nomination.REQUIRED_FOR_SUBMIT + ["export_destinations"]}
        required = set(Nomination.REQUIRED_FOR_SUBMIT)
        if values["marketing_reach"] == MarketingReach.EXPORT:
            required.add("export_destinations")
        has_photos = bool(self.instance.pk) and self.instance.photos.exists()
        sections = []
        for key, title, names in FORM_SECTIONS:
            fields = [self[name] for name in names]
            missing = [field.label for field in fields if field.name in required and values[field.name] in EMPTY]
            if key == "files" and not has_photos:
                missing.append(_("at least one product photo"))
            errors = any(field.errors for field in fields)
            if key == "certifications" and formset is not None and formset.is_bound:
                errors = bool(formset.total_error_count())
            sections.append(FormSection(key, title, len(sections) + 1, fields, missing, errors))
        return sections

    def clean_nib(self):
        nib = self.cleaned_data["nib"]
        if not nib:
            return nib
        ikm = Ikm.objects.filter(nib=nib).first()
        if ikm and not ikm.may_be_nominated_by(self.regency.pk):
            raise forms.ValidationError(REGISTERED_ELSEWHERE)
        duplicate = Nomination.objects.filter(round=self.award_round, regency=self.regency, nib=nib).exclude(
            status=NominationStatus.WITHDRAWN
        )
        if self.instance.pk:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(
                _("This IKM (NIB %(nib)s) already has a nomination in this round.") % {"nib": nib}
            )
        return nib

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price cannot be below the lowest price."))
        photos_after = (
            (self.instance.photos.count() if self.instance.pk else 0)
            - len(cleaned.get("delete_photos") or [])
            + len(cleaned.get("new_photos") or [])
        )
        if photos_after > MAX_PHOTOS:
            self.add_error("new_photos", _("At most %(max)s photos per nomination.") % {"max": MAX_PHOTOS})
        return cleaned

    def file_changes(self):
        """The uploads to store and the files to remove, for nominations.services.save_nomination(files=...)."""
        return {
            "new_photos": self.cleaned_data.get("new_photos") or [],
            "new_documents": self.cleaned_data.get("new_documents") or [],
            "document_kind": self.cleaned_data.get("document_kind"),
            "delete_photos": self.cleaned_data.get("delete_photos") or [],
            "delete_documents": self.cleaned_data.get("delete_documents") or [],
        }


class PhotoAttachForm(forms.Form):
    """One photo attached as it is chosen (nominations.views.nominations.photo_attach), checked as the form's."""

    photo = PhotoField(label=_("Product photo"))


CertificationFormSet = inlineformset_factory(
    Nomination,
    Certification,
    fields=["kind", "number", "valid_until"],
    extra=1,
    can_delete=True,
    widgets={"valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
)


class NominationFilterForm(FilterFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Business, product or NIB"), "type": "search"}),
    )
    round = forms.ModelChoiceField(
        label=_("Round"), queryset=AwardRound.objects.all(), required=False, empty_label=_("All rounds")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    commodity = forms.ModelChoiceField(
        label=_("Commodity"), queryset=CommodityType.objects.all(), required=False, empty_label=_("All commodities")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *NominationStatus.choices]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            from django.db.models import Q

            q = data["q"].strip()
            queryset = queryset.filter(
                Q(business_name__icontains=q) | Q(product_name__icontains=q) | Q(nib__startswith=q)
            )
        if data["round"]:
            queryset = queryset.filter(round=data["round"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["commodity"]:
            queryset = queryset.filter(commodity=data["commodity"])
        return queryset


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX, required=False
    )


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AwardRoundForm(forms.ModelForm):
    class Meta:
        model = AwardRound
        fields = [
            "name",
            "year",
            "nomination_opens",
            "nomination_closes",
            "scoring_opens",
            "scoring_closes",
            "national_assessment",
            "national_opens",
            "national_closes",
            "decision_date",
            "admin_selection",
            "reevaluation_skips_province",
            "reevaluation_missing_rule",
            "commodity_types",
            "regency_quota",
            "province_shortlist_quota",
            "cohort_size",
        ]
        widgets = {
            "nomination_opens": DateTimeLocalInput(),
            "nomination_closes": DateTimeLocalInput(),
            "scoring_opens": DateTimeLocalInput(),
            "scoring_closes": DateTimeLocalInput(),
            "national_opens": DateTimeLocalInput(),
            "national_closes": DateTimeLocalInput(),
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "commodity_types": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = CommodityType.objects.filter(is_active=True)
        if self.instance.pk:
            active = active | self.instance.commodity_types.all()
        self.fields["commodity_types"].queryset = active.distinct()


class CommodityTypeForm(forms.ModelForm):
    class Meta:
        model = CommodityType
        fields = ["code", "name_id", "name_en", "is_active", "position"]


class ImportForm(SpreadsheetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Use the template: one IKM per row, at most 500 rows.")


class IkmMoveForm(forms.Form):
    """A ministry admin's move of an IKM to another regency/city, with the reason for the audit trail."""

    regency = forms.ModelChoiceField(
        label=_("New regency/city"), queryset=Regency.objects.select_related("province").order_by("code")
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the IKM moved its workshop; it goes into the audit trail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].label_from_instance = lambda regency: f"{regency}, {regency.province}"


def regency_choices_by_province():
    """The 514 regencies/cities for a select, grouped by province (an <optgroup> each), read in one query."""
    groups = {}
    for regency in Regency.objects.select_related("province").order_by("province__name", "name"):
        groups.setdefault(regency.province.name, []).append((regency.pk, regency.name))
    return [("", "---------"), *groups.items()]


class InterestForm(forms.ModelForm):
    """The public interest form. `website` is a honeypot: hidden from people, filled in by form-filling robots."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Interest
        fields = [
            "nib",
            "business_name",
            "product_name",
            "commodity",
            "regency",
            "contact_name",
            "email",
            "phone",
            "message",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commodity"].queryset = CommodityType.objects.filter(is_active=True)
        self.fields["regency"].label = _("Regency/city of the business")
        self.fields["regency"].widget.choices = regency_choices_by_province()
        self.fields["nib"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


class InterestFilterForm(FilterFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *InterestStatus.choices]

    def filter(self, queryset):
        if self.is_valid() and self.cleaned_data["status"]:
            queryset = queryset.filter(status=self.cleaned_data["status"])
        return queryset


class ProductSampleForm(forms.ModelForm):
    class Meta:
        model = ProductSample
        fields = ["status", "received_on", "received_by", "condition", "kept_at", "returned_on", "note"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "returned_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("status") not in (None, SampleStatus.EXPECTED) and not data.get("received_on"):
            self.add_error("received_on", _("Give the date the sample arrived."))
        if data.get("status") == SampleStatus.RETURNED and not data.get("returned_on"):
            self.add_error("returned_on", _("Give the date the sample was returned to the IKM."))
        return data


class SampleFilterForm(FilterFormMixin, forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"), queryset=AwardRound.objects.all(), required=False, empty_label=None
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label=_("All provinces")
    )
    missing = forms.BooleanField(label=_("Only samples not yet received"), required=False)
