"""Forms of the awards app."""

from django import forms
from django.db.models import Q
from django.forms import BaseModelFormSet, inlineformset_factory, modelformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import Province
from core.forms import FilterFormMixin
from core.text_limits import TEXT_MAX
from nominations.models import CommodityType
from nominations.uploads import check_pdf

from .models import CohortMembership, Exhibition, ScoreBand, band_order_problem
from .selectors import star_level_names, star_years


class DecisionForm(forms.Form):
    """One nomination's decision. The round's levels are read once by the caller and shared by every form
    on the decisions page (a ModelChoiceField would query them again for each row).

    The reason is optional here: awards.services.decide asks for it where the decision differs from the
    recommended level (or there is no recommendation)."""

    level = forms.TypedChoiceField(label=_("Award"), required=False, coerce=int, empty_value=None)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed where the decision differs from the recommended award."),
    )

    def __init__(self, *args, levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = {level.pk: level for level in levels}
        self.fields["level"].choices = [("", _("Not awarded")), *((level.pk, str(level)) for level in levels)]

    def clean_level(self):
        pk = self.cleaned_data["level"]
        return self.levels[pk] if pk is not None else None


class ScoreBandForm(forms.ModelForm):
    class Meta:
        model = ScoreBand
        fields = ["level", "min_score"]


class BaseScoreBandFormSet(BaseModelFormSet):
    """The round's score bands at once: levels of the round only, one band per level, strictly ordered (a higher
    level needs a higher minimum score). An empty row is offered for each level without a band."""

    def __init__(self, *args, award_round, **kwargs):
        self.award_round = award_round
        self.levels = list(award_round.award_levels.all())
        super().__init__(*args, queryset=ScoreBand.objects.filter(round=award_round).select_related("level"), **kwargs)
        self.extra = max(len(self.levels) - len(self.get_queryset()), 0)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        level = form.fields["level"]
        level.queryset = self.award_round.award_levels.all()
        # The choices from the levels read once, not a query per row.
        level.choices = [("", "---------"), *((choice.pk, str(choice)) for choice in self.levels)]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        chosen = [
            (form.cleaned_data["level"], form.cleaned_data["min_score"])
            for form in self.forms
            if form.cleaned_data.get("level") and not self._should_delete_form(form)
        ]
        seen = set()
        for level, _score in chosen:
            if level.pk in seen:
                raise forms.ValidationError(_("%(level)s has two bands: give each award one band.") % {"level": level})
            seen.add(level.pk)
        problem = band_order_problem(chosen)
        if problem:
            raise forms.ValidationError(problem)


ScoreBandFormSet = modelformset_factory(
    ScoreBand, form=ScoreBandForm, formset=BaseScoreBandFormSet, extra=0, can_delete=True
)


class SettleForm(DecisionForm):
    """The admin's decision on a re-evaluation left unsubmitted, where the round leaves each to the admin: a level
    (or none: the star is withdrawn) and a reason, always."""

    reason = forms.CharField(label=_("Reason"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class ShowcaseFilterForm(forms.Form):
    """The public showcase's filters. A value that is not one of the choices (huge, negative, not a number, a NUL
    character) leaves its field out of `cleaned_data`, and that filter is ignored."""

    q = forms.CharField(required=False, max_length=100)
    province = forms.ModelChoiceField(queryset=Province.objects.all(), required=False)
    commodity = forms.ModelChoiceField(queryset=CommodityType.objects.all(), required=False)
    go_global = forms.BooleanField(required=False)

    def chosen(self):
        """The filters as chosen, a wrong one as if left empty."""
        self.is_valid()
        return {"q": "", "province": None, "commodity": None, "go_global": False} | self.cleaned_data

    def filter(self, queryset):
        chosen = self.chosen()
        if chosen["province"]:
            queryset = queryset.filter(regency__province=chosen["province"])
        if chosen["commodity"]:
            queryset = queryset.filter(commodity=chosen["commodity"])
        if chosen["q"]:
            queryset = queryset.filter(Q(business_name__icontains=chosen["q"]) | Q(product_name__icontains=chosen["q"]))
        if chosen["go_global"]:
            queryset = queryset.filter(cohort_membership__isnull=False)
        return queryset


class RegisterFilterForm(FilterFormMixin, forms.Form):
    """The star register's filters: a level by its name (levels are data of each round), the year awarded, the
    province and commodity of the starred nomination, and a search by business name or NIB. A value that is not one
    of the choices leaves the list unfiltered (as the other filter forms do)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Business name or NIB"), "type": "search"}),
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False, empty_label=_("All provinces")
    )
    commodity = forms.ModelChoiceField(
        label=_("Commodity"), queryset=CommodityType.objects.all(), required=False, empty_label=_("All commodities")
    )
    level = forms.ChoiceField(label=_("Star"), required=False)
    year = forms.TypedChoiceField(label=_("Year awarded"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("All stars")), *((name, name) for name in star_level_names())]
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in star_years())]

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            queryset = queryset.filter(
                Q(business_name__icontains=q) | Q(ikm__business_name__icontains=q) | Q(ikm__nib__startswith=q)
            )
        if data["province"]:
            queryset = queryset.filter(regency__province=data["province"])
        if data["commodity"]:
            queryset = queryset.filter(commodity=data["commodity"])
        if data["level"]:
            queryset = queryset.filter(decision__level__name_id=data["level"])
        if data["year"]:
            queryset = queryset.filter(round__year=data["year"])
        return queryset


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = CohortMembership
        fields = [
            "export_plan",
            "export_plan_status",
            "target_markets",
            "product_development",
            "has_marketplace",
            "has_website",
            "has_social_media",
            "in_e_catalogue",
            "financing_referral",
            "mentor",
        ]
        widgets = {"product_development": forms.Textarea(attrs={"rows": 3})}

    def clean_export_plan(self):
        upload = self.cleaned_data.get("export_plan")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            if upload.size > 10 * 1024 * 1024:
                raise forms.ValidationError(_("The document is larger than 10 MB."))
            check_pdf(upload)
        return upload


ExhibitionFormSet = inlineformset_factory(
    CohortMembership,
    Exhibition,
    fields=["name", "place", "starts", "ends"],
    extra=1,
    can_delete=True,
    widgets={
        "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
)
