"""Complaints from the public, by phone or walk-in, or via the API, and their handling."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Category(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("Not registered")
    NOT_RECEIVING = "not_receiving", _("Registered but not receiving")
    INCLUSION_ERROR = "inclusion_error", _("Receiving but not eligible")
    NOT_SERVED = "not_served", _("Not served")
    DATA_WRONG = "data_wrong", _("Data wrong")
    ASSISTANT_CONDUCT = "assistant_conduct", _("Conduct of an assistant")
    OTHER = "other", _("Other")


# Targeting and data complaints make a field check (verval) of the person concerned.
VERVAL_CATEGORIES = (
    Category.NOT_REGISTERED,
    Category.NOT_RECEIVING,
    Category.INCLUSION_ERROR,
    Category.DATA_WRONG,
)
DEFAULT_DAYS = {
    Category.NOT_REGISTERED: 14,
    Category.NOT_RECEIVING: 14,
    Category.INCLUSION_ERROR: 21,
    Category.NOT_SERVED: 7,
    Category.DATA_WRONG: 14,
    Category.ASSISTANT_CONDUCT: 7,
    Category.OTHER: 14,
}


class Channel(models.TextChoices):
    WEB = "web", _("Public web form")
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    API = "api", _("API")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("Being handled")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed without resolution")


OPEN_COMPLAINT = (ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS)


class Complaint(models.Model):
    code = models.CharField(_("tracking code"), max_length=12, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    kelurahan = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    description = models.TextField(_("description"), max_length=2000)
    photo = models.ImageField(_("photo"), upload_to="complaints/%Y/%m/", blank=True)
    about_user = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    about_name = models.CharField(_("assistant concerned"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ComplaintStatus.choices, default="received"
    )
    assignee = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    due_at = models.DateTimeField(_("due"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    answer = models.TextField(_("answer to the complainant"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    created_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["status", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMPLAINT

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_at < timezone.now()


class ComplaintEvent(models.Model):
    """A step in handling; `public` steps (status changes, the answer) show on the status page."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.to_status}"


class ComplaintDeadline(models.Model):
    """Days to resolve a complaint of a category; the defaults in code apply without a row."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices, unique=True)
    days = models.PositiveSmallIntegerField(_("days to resolve"))

    class Meta:
        verbose_name = _("complaint deadline")
        verbose_name_plural = _("complaint deadlines")

    def __str__(self) -> str:
        return f"{self.category}: {self.days}"


class PublicHit(models.Model):
    """A submission or status lookup from a hashed address, counted for the rate limits."""

    kind = models.CharField(max_length=10)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at}"
