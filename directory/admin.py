from django.contrib import admin

from .models import AccountEvent, DirectoryImport, Invitation, Organization, Person, Role, Subject


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "kind", "head", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    raw_id_fields = ["head"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "organization", "category", "teaching_since", "user"]
    list_filter = ["organization__kind", "category", "subjects"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    list_select_related = ["organization", "user"]
    raw_id_fields = ["user"]
    filter_horizontal = ["subjects"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "organization", "scope_id"]
    list_filter = ["kind"]
    list_select_related = ["user", "organization"]
    raw_id_fields = ["user"]


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "created_by", "created_at", "status"]
    list_filter = ["status"]
    readonly_fields = ["payload"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record of what happened: seen in the admin, never changed there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "person", "user", "detail", "actor"]
    list_filter = ["action"]
    search_fields = ["person__last_name", "user__username", "detail"]
    list_select_related = ["person", "user", "actor"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["person", "email", "created_at", "expires_at", "used_at", "created_by"]
    list_select_related = ["person", "created_by"]
    exclude = ["token_hash"]
