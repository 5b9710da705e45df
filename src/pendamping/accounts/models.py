"""Users, their role, and their assignments to areas over time."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Dinas Sosial administrator")
    SUPERVISOR = "supervisor", _("Supervisor (Kabid)")
    TKSK = "tksk", _("TKSK")
    PSM = "psm", _("PSM")
    PKH = "pkh", _("Pendamping PKH")
    PENYULUH = "penyuluh", _("Penyuluh Sosial")
    PEKSOS = "peksos", _("Pekerja Sosial")
    RTRW = "rtrw", _("Ketua RT/RW")


FIELD_ROLES = (Role.TKSK, Role.PSM, Role.PKH, Role.PENYULUH, Role.PEKSOS)
CITY_WIDE_ROLES = (Role.ADMIN, Role.SUPERVISOR)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.PSM)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_city_wide(self) -> bool:
        return self.role in CITY_WIDE_ROLES


class Assignment(models.Model):
    """A user covers an area from `valid_from` until `valid_to` (open while current)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    area = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="assignments")
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["user", "-valid_from"]
        indexes = [models.Index(fields=["area", "valid_to"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.area}"


class ApiToken(models.Model):
    """A bearer token for a field device; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(_("device name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)


class FailedLogin(models.Model):
    """One refused log-in (wrong password or wrong code), counted for lockout and throttling."""

    at = models.DateTimeField(default=timezone.now)
    username = models.CharField(max_length=150)
    ip = models.CharField(max_length=45, blank=True)

    class Meta:
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")
        indexes = [
            models.Index(fields=["username", "at"]),
            models.Index(fields=["ip", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.ip}"


class TotpDevice(models.Model):
    """An authenticator app enrolled for two-factor log-in (RFC 6238, 30-second codes)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(default=timezone.now)
    last_step = models.BigIntegerField(default=0, help_text=_("Codes are accepted once only."))

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"TOTP {self.user}"


class RecoveryCode(models.Model):
    """A one-time code for the second step of log-in when the phone with the authenticator
    app is lost or broken. Only a SHA-256 of the code is kept: the codes are random (50 bits),
    so a slow password hash would add nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        indexes = [models.Index(fields=["user", "code_hash"])]

    def __str__(self) -> str:
        return f"recovery code of {self.user}"

    @staticmethod
    def digest(code: str) -> str:
        """The stored form of a code as typed: case, spaces and dashes do not matter."""
        plain = "".join(ch for ch in code.lower() if ch.isalnum())
        return hashlib.sha256(plain.encode()).hexdigest()
