"""Staffing norms are set by the Dinas in the admin. Workers and their areas are changed only
through the Workforce pages (services keep the assignment history and the audit log)."""

from django.contrib import admin

from .models import StaffingNorm


@admin.register(StaffingNorm)
class StaffingNormAdmin(admin.ModelAdmin):
    list_display = (
        "worker_type",
        "level",
        "min_per_area",
        "ppks_households_per_worker",
        "population_per_worker",
        "open_work_per_worker",
        "travel_reference_km",
        "travel_weight",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("worker_type", "level", "min_per_area")}),
        (
            "Ceilings",
            {
                "fields": (
                    "ppks_households_per_worker",
                    "population_per_worker",
                    "open_work_per_worker",
                )
            },
        ),
        ("Travel", {"fields": ("travel_reference_km", "travel_weight")}),
        (None, {"fields": ("note",)}),
    )
