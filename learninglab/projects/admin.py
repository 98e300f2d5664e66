from django.contrib import admin

from learninglab.projects.models import Partner, PolicyInstrument, Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["acronym", "title", "programme", "start_date", "end_date"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["slug", "institution", "city", "country", "role", "ecoc_year"]
    list_filter = ["project", "role"]


@admin.register(PolicyInstrument)
class PolicyInstrumentAdmin(admin.ModelAdmin):
    list_display = ["name", "partner"]
