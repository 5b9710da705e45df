from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ApiToken, Assignment, TotpDevice, User


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ("area",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "is_active",
        "two_factor",
        "last_login",
    )
    list_filter = ("role", "is_active")
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Role"), {"fields": ("role", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Role"), {"fields": ("role",)}))
    inlines = [AssignmentInline]
    actions = ["reset_two_factor"]

    def get_queryset(self, request):
        has_app = TotpDevice.objects.filter(user=OuterRef("pk"))
        return super().get_queryset(request).annotate(has_two_factor=Exists(has_app))

    @admin.display(boolean=True, description=_("two-factor"), ordering="has_two_factor")
    def two_factor(self, user: User) -> bool:
        return user.has_two_factor

    @admin.action(description=_("Reset two-factor log-in (lost phone, no recovery code)"))
    def reset_two_factor(self, request, queryset) -> None:
        """The user sets up the app again at the next log-in (their role may require it)."""
        for user in queryset:
            services.totp_remove(actor=request.user, user=user, request=request)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-factor log-in reset for %(count)d account.",
                "Two-factor log-in reset for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")
    raw_id_fields = ("user",)
