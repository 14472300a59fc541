from django.contrib import admin

from .models import MenteeDeparture, Pair


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["pk", "organization", "form", "starts_on", "ends_on", "status"]
    list_filter = ["status", "form"]
    raw_id_fields = ["curator", "created_by"]


@admin.register(MenteeDeparture)
class MenteeDepartureAdmin(admin.ModelAdmin):
    list_display = ["person", "organization", "left_on", "left_reason"]
    raw_id_fields = ["person", "pair", "recorded_by"]
