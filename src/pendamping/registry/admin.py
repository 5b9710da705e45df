"""Only reference categories here: people and households are read through the scoped, audited
pages and API, never through the admin."""

from django.contrib import admin

from .models import PpksCategory, PsksCategory


@admin.register(PpksCategory)
class PpksCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "sensitive")
    list_filter = ("sensitive",)


@admin.register(PsksCategory)
class PsksCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_id", "name_en", "subject_type")
