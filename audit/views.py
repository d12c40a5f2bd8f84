"""Ministry admins browse the audit trail with filters."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.decorators import rule_required
from core.forms import FilterFormMixin
from core.views import paginate

from .models import AuditRecord
from .presentation import action_label, events


class AuditFilterForm(FilterFormMixin, forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Who (username)"), required=False)
    target_type = forms.ModelChoiceField(
        label=_("Record type"), queryset=None, required=False, empty_label=_("All types")
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditRecord.objects.order_by("action").values_list("action", flat=True).distinct()
        labelled = sorted(((a, str(action_label(a))) for a in actions), key=lambda choice: choice[1].lower())
        self.fields["action"].choices = [("", _("All actions")), *labelled]
        self.fields["target_type"].queryset = ContentType.objects.filter(
            pk__in=AuditRecord.objects.values("target_type")
        ).order_by("model")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["action"]:
            queryset = queryset.filter(action=data["action"])
        if data["actor"]:
            queryset = queryset.filter(actor__username__icontains=data["actor"].strip())
        if data["target_type"]:
            queryset = queryset.filter(target_type=data["target_type"])
        if data["date_from"]:
            queryset = queryset.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            queryset = queryset.filter(at__date__lte=data["date_to"])
        return queryset


@rule_required("audit.browse")
def audit_list(request):
    filters = AuditFilterForm(request.GET or None)
    records = filters.filter(AuditRecord.objects.select_related("actor", "target_type"))
    page, query = paginate(request, records, 50)
    context = {"filters": filters, "page": page, "query": query, "events": events(page.object_list, request.user)}
    return render(request, "audit/list.html", context)
