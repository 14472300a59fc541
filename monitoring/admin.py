"""The forms' questions in the admin, until the form builder shows every field (personal answers,
deficit areas)."""

from django.contrib import admin

from .models import Indicator, MonitoringForm


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "position",
        "code",
        "name",
        "kind",
        "required",
        "choices",
        "aggregate",
        "area",
        "deficit_answers",
    ]


@admin.register(MonitoringForm)
class MonitoringFormAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "personal_answers"]
    list_filter = ["year", "personal_answers"]
    fields = ["title", "year", "personal_answers"]
    inlines = [IndicatorInline]
