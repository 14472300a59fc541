"""Admin: read-only views of the register (all writes go through orders.services and the pages)."""

from django.contrib import admin

from .models import (
    NumberSequence,
    Order,
    OrderAppendix,
    OrderApproval,
    OrderAttachment,
    OrderEvent,
    OrderPreview,
    OrderQualifiedSignature,
    OrderSettings,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ApprovalInline(admin.TabularInline):
    model = OrderApproval
    extra = 0
    can_delete = False
    fields = ["round", "person", "decision", "comment", "decided_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ["at", "user", "action", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.StackedInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AppendixInline(ReadOnlyInline):
    model = OrderAppendix
    fields = ["position", "source_kind", "source_id", "approves"]
    readonly_fields = fields


class PreviewInline(ReadOnlyInline):
    model = OrderPreview
    fields = ["status", "pdf", "content_sha256", "error", "requested_at"]
    readonly_fields = fields


class QualifiedSignatureInline(ReadOnlyInline):
    model = OrderQualifiedSignature
    fields = [
        "certificate_serial",
        "owner",
        "valid_from",
        "valid_to",
        "signed_at",
        "attached_at",
        "file",
        "file_sha256",
        "stamped_pdf",
        "stamped_pdf_sha256",
    ]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "date", "heading", "issuer", "status", "signatory_name"]
    list_filter = ["status", "issuer", "sequence_year"]
    search_fields = ["registration_number", "heading"]
    date_hierarchy = "date"
    inlines = [AppendixInline, ApprovalInline, EventInline, PreviewInline, QualifiedSignatureInline]
    exclude = ["signed_content"]


@admin.register(OrderSettings)
class OrderSettingsAdmin(ReadOnlyAdmin):
    list_display = ["issuer", "number_pattern", "font_family", "font_size_pt", "date_format"]


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ["issuer", "year", "last"]
    list_filter = ["issuer", "year"]


@admin.register(OrderAttachment)
class OrderAttachmentAdmin(ReadOnlyAdmin):
    list_display = ["title", "order", "kind", "size", "uploaded_at"]
