from django.contrib import admin

from .models import Area, AreaVersion, Population


class AreaVersionInline(admin.TabularInline):
    model = AreaVersion
    extra = 0


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "alt_name", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name", "alt_name")
    raw_id_fields = ("parent", "successor")
    inlines = [AreaVersionInline, PopulationInline]
    readonly_fields = ("name_key", "alt_name_key")


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ("area", "year", "source", "male", "female", "total")
    list_filter = ("year", "source")
    search_fields = ("area__name", "area__code")
    raw_id_fields = ("area",)
