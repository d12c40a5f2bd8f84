from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ("at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    search_fields = ("actor__username", "target_id", "reason")
    list_select_related = ("actor", "target_type")
