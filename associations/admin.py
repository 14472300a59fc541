from django.contrib import admin

from .models import Association


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "organization", "head"]
    list_filter = ["kind"]
    raw_id_fields = ["head"]
