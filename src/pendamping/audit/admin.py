"""Read-only view of the audit log for admins: no add, change or delete. Breaches are edited."""

from django.contrib import admin

from .models import AuditEvent, BreachReport


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


@admin.register(BreachReport)
class BreachReportAdmin(admin.ModelAdmin):
    list_display = ("discovered_at", "description", "people_count", "status", "notified_at")
    list_filter = ("status",)
    readonly_fields = ("recorded_by", "recorded_at", "people_count")
    raw_id_fields = ("account",)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)
