"""Read-only view of the audit log for admins: no add, change or delete."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_name", "actor_role", "action", "object_type", "object_id", "ip")
    list_filter = ("action", "actor_role")
    search_fields = ("actor_name", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
