"""Django admin views of rounds, commodity types and nominations, read only (the portal's own pages and services
change them: a closed round stays closed, and every change is audited)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AwardRound, Certification, CommodityType, Ikm, Nomination, NominationDocument, NominationPhoto


@admin.register(CommodityType)
class CommodityTypeAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "is_active", "position")
    list_filter = ("is_active",)
    search_fields = ("code", "name_id", "name_en")


@admin.register(AwardRound)
class AwardRoundAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = (
        "name",
        "year",
        "status",
        "nomination_opens",
        "nomination_closes",
        "scoring_opens",
        "scoring_closes",
    )
    list_filter = ("status", "year")
    search_fields = ("name",)
    readonly_fields = ("status",)


@admin.register(Ikm)
class IkmAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The regency is changed only by the portal's audited move (the IKM page, nominations.services.move_ikm)."""

    list_display = ("business_name", "nib", "regency")
    search_fields = ("business_name", "nib")
    list_select_related = ("regency",)
    readonly_fields = ("regency", "moved_at")


class PhotoInline(ReadOnlyAdmin, admin.TabularInline):
    model = NominationPhoto
    extra = 0


class DocumentInline(ReadOnlyAdmin, admin.TabularInline):
    model = NominationDocument
    extra = 0


class CertificationInline(ReadOnlyAdmin, admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ("__str__", "nib", "round", "regency", "commodity", "status", "updated_at")
    list_filter = ("status", "round", "commodity", "regency__province")
    search_fields = ("business_name", "product_name", "nib")
    list_select_related = ("round", "regency", "commodity")
    readonly_fields = ("status", "submitted_at", "return_reason")
    autocomplete_fields = ("regency", "ikm")
    inlines = [CertificationInline, PhotoInline, DocumentInline]
