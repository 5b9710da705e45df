"""Reconciliation with the national data and the field checks (verval) it produces."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VervalSource(models.TextChoices):
    RECONCILIATION = "reconciliation", _("Reconciliation with national data")
    COMPLAINT = "complaint", _("Complaint")
    MOBILITY = "mobility", _("Mobility report")
    MANUAL = "manual", _("Assigned by hand")


class VervalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class VervalResult(models.TextChoices):
    FOUND_VALID = "found_valid", _("Found and valid")
    FOUND_CORRECTED = "found_corrected", _("Found, with corrections")
    MOVED_WITHIN = "moved_within", _("Moved within the city")
    MOVED_OUT = "moved_out", _("Moved out of the city")
    DECEASED = "deceased", _("Deceased")
    NOT_FOUND = "not_found", _("Not found")
    DUPLICATE = "duplicate", _("Duplicate")
    NOT_ELIGIBLE = "not_eligible", _("No longer eligible")


class VervalTask(models.Model):
    """One field check of a person (or a record of the national data not yet in the registry)."""

    scope_kelurahan = "kelurahan_id"

    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verval_tasks",
        verbose_name=_("person"),
    )
    kelurahan = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    subject = models.CharField(_("who to check"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verval_tasks",
        verbose_name=_("assigned to"),
    )
    source = models.CharField(_("source"), max_length=20, choices=VervalSource.choices)
    source_ref = models.CharField(_("source reference"), max_length=60, blank=True)
    reason = models.CharField(_("what to check"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=VervalStatus.choices, default=VervalStatus.OPEN
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=20, choices=VervalResult.choices, blank=True)
    result_notes = models.TextField(_("notes"), blank=True)
    result_at = models.DateTimeField(null=True, blank=True)
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handover_note = models.TextField(_("handover note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("verval task")
        verbose_name_plural = _("verval tasks")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["kelurahan", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.subject or self.person_id}"
