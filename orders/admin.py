"""Admin: read-only views of the register (all writes go through orders.services and the pages)."""

from django.contrib import admin

from .models import NumberSequence, Order, OrderApproval, OrderAttachment, OrderEvent, OrderSettings


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


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ["registration_number", "date", "heading", "issuer", "status", "signatory_name"]
    list_filter = ["status", "issuer", "sequence_year"]
    search_fields = ["registration_number", "heading"]
    date_hierarchy = "date"
    inlines = [ApprovalInline, EventInline]
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
