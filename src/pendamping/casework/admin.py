"""Only the agency registry is edited in the admin. Cases are deliberately not registered:
the admin would bypass the protection rule decided in `selectors.visible_cases`."""

from django.contrib import admin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "contact")
    list_filter = ("kind",)
    search_fields = ("name", "services")
