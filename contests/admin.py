from django.contrib import admin

from .models import Application, Contest, JuryMember


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "kind", "status", "organizer"]
    list_filter = ["year", "status", "kind"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["person", "contest", "nomination", "organization", "state"]
    list_filter = ["contest", "state"]


@admin.register(JuryMember)
class JuryMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "contest", "round", "role"]
    list_filter = ["contest"]
