"""Forms of curation: the score sheet built from the round's rubric, conflicts, rubric editing, shortlist."""

from decimal import Decimal

from django import forms
from django.forms import BaseModelFormSet, modelformset_factory
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import FilterFormMixin
from core.text_limits import LONG_TEXT_MAX, TEXT_MAX

from .models import Aspect, Criterion, Requirement, Stage


class ScoreSheetForm(forms.Form):
    """One score (and note) per criterion of the round's rubric, plus an overall comment."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=LONG_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        existing = {s.criterion_id: s for s in sheet.scores.all()} if sheet and sheet.pk else {}
        if sheet and not self.is_bound:
            self.initial.update({"comment": sheet.comment, "version": sheet.version})
        for criterion in self.criteria:
            score = existing.get(criterion.pk)
            attrs = {
                "inputmode": "numeric",
                "min": criterion.scale_min,
                "max": criterion.scale_max,
                "data-weight": criterion.weight,  # for the live total, static/js/score-total.js
            }
            if criterion.guidance:  # read with the field (Django's help-text link is replaced, so it is kept)
                attrs["aria-describedby"] = f"guidance_{criterion.pk} id_score_{criterion.pk}_helptext"
            score_field = self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score"),
                required=False,
                min_value=criterion.scale_min,
                max_value=criterion.scale_max,
                help_text=_("%(low)s to %(high)s · weight %(weight)s%%")
                % {
                    "low": criterion.scale_min,
                    "high": criterion.scale_max,
                    "weight": floatformat(criterion.weight, -2),
                },
                initial=score.value if score else None,
                widget=forms.NumberInput(attrs=attrs),
            )
            # The label sits in the criterion's fieldset, under its name; the error summary names the criterion.
            score_field.summary_label = criterion.name
            note_field = self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=500,
                initial=score.note if score else "",
            )
            note_field.summary_label = _("Note on %(criterion)s") % {"criterion": criterion.name}

    def rows(self):
        """(aspect, [(criterion, score field, note field)]) in rubric order, for the template."""
        grouped = []
        for criterion in self.criteria:
            if not grouped or grouped[-1][0] != criterion.aspect:
                grouped.append((criterion.aspect, []))
            grouped[-1][1].append((criterion, self[f"score_{criterion.pk}"], self[f"note_{criterion.pk}"]))
        return grouped

    def values(self):
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"note_{c.pk}", ""))
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why you cannot score this nomination impartially"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
    )


class AspectForm(forms.ModelForm):
    class Meta:
        model = Aspect
        fields = ["name_id", "name_en", "position"]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "aspect",
            "name_id",
            "name_en",
            "guidance_id",
            "guidance_en",
            "weight",
            "scale_min",
            "scale_max",
            "position",
        ]
        widgets = {"guidance_id": forms.Textarea(attrs={"rows": 2}), "guidance_en": forms.Textarea(attrs={"rows": 2})}


class BaseCriterionFormSet(BaseModelFormSet):
    """The whole rubric at once: its weights must add up to 100%."""

    def __init__(self, *args, award_round, stage=Stage.PROVINCE, **kwargs):
        self.award_round = award_round
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.fields["aspect"].queryset = award_round.aspects.filter(stage=stage)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        total = sum(
            (form.cleaned_data.get("weight") or Decimal(0))
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        )
        if total != Decimal(100):
            raise forms.ValidationError(
                _("The weights add up to %(total)s%%; they must add up to exactly 100%%.")
                % {"total": floatformat(total, -2)}
            )


AspectFormSet = modelformset_factory(Aspect, form=AspectForm, extra=1, can_delete=True)
CriterionFormSet = modelformset_factory(
    Criterion, form=CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


class RankingFilterForm(FilterFormMixin, forms.Form):
    commodity = forms.ModelChoiceField(
        label=_("Commodity"), queryset=None, required=False, empty_label=_("All commodities")
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("mean", _("Mean score")), ("spread", _("Spread")), ("sheets", _("Number of sheets"))],
    )

    def __init__(self, *args, award_round, provinces=None, **kwargs):
        if provinces is not None:
            self.base_fields = {
                **self.base_fields,
                "province": forms.ModelChoiceField(
                    label=_("Province"), queryset=provinces, required=False, empty_label=_("All provinces")
                ),
            }
        super().__init__(*args, **kwargs)
        self.fields["commodity"].queryset = award_round.commodity_types.all()


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["name_id", "name_en", "commodities", "position"]
        widgets = {"commodities": forms.CheckboxSelectMultiple}


RequirementFormSet = modelformset_factory(Requirement, form=RequirementForm, extra=1, can_delete=True)


class AdminCheckForm(forms.Form):
    """The team's check of one nomination: the requirements it meets (those left unticked fail) and a reason."""

    met = forms.ModelMultipleChoiceField(
        label=_("Requirements met"),
        queryset=Requirement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Reason (required when a requirement is not met)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        required=False,
    )

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["met"].queryset = requirements


class AssignAssessorForm(forms.Form):
    """A ministry admin names an active national assessor for some of the round's commodity types."""

    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=None)
    commodities = forms.ModelMultipleChoiceField(
        label=_("Commodity types"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, award_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = User.objects.assessors().order_by("last_name", "first_name")
        self.fields["assessor"].label_from_instance = lambda user: (
            f"{user} · {user.organisation}" if user.organisation else str(user)
        )
        self.fields["commodities"].queryset = award_round.commodity_types.all()


class PanelMemberForm(forms.Form):
    """A ministry admin names an active assessor to the expert panel of a round's Go Global selection."""

    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=None)

    def __init__(self, *args, award_round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = (
            User.objects.assessors()
            .exclude(assignments__round=award_round, assignments__stage="go_global")
            .order_by("last_name", "first_name")
        )
        self.fields["assessor"].label_from_instance = lambda user: (
            f"{user} · {user.organisation}" if user.organisation else str(user)
        )
