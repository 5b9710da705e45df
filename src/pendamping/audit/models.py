"""An append-only log of who read or changed personal data, chained by hash.

Each entry stores the hash of the one before it, and `AuditHead` the hash and count of the
last one, so editing, deleting or truncating entries is detectable by `pendamping audit verify`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Write")
    EXPORT = "export", _("Export")
    API_READ = "api_read", _("API read")
    BREAK_GLASS = "break_glass", _("Break the glass")
    LOGIN = "login", _("Log in")
    LOGIN_FAILED = "login_failed", _("Failed log in")
    LOGOUT = "logout", _("Log out")
    ADMIN = "admin", _("Administration")


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    path = models.CharField(max_length=300, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"


class AuditHead(models.Model):
    """One row: the last hash and the count, locked while appending so the chain stays linear."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    count = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.count} entries, last {self.last_hash[:12]}"


class BreachStatus(models.TextChoices):
    OPEN = "open", _("Being handled")
    NOTIFIED = "notified", _("Notified")
    CLOSED = "closed", _("Closed")


class BreachReport(models.Model):
    """A personal-data breach and the duty to notify within 3x24 hours (UU 27/2022 art. 46)."""

    discovered_at = models.DateTimeField(_("discovered"))
    description = models.TextField(_("what happened"))
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("account involved"),
    )
    window_from = models.DateTimeField(_("from"))
    window_to = models.DateTimeField(_("until"))
    people_count = models.PositiveIntegerField(_("people affected"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)
    notified_to = models.CharField(_("notified to"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("data breaches")
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return f"{self.discovered_at:%Y-%m-%d} {self.description[:40]}"

    @property
    def notify_by(self):
        from datetime import timedelta

        return self.discovered_at + timedelta(hours=72)
