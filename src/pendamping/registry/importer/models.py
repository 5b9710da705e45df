"""Import jobs: one uploaded or command-line file and its progress (owned by the importer)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Source(models.TextChoices):
        WEB = "web", _("Upload")
        CLI = "cli", _("Command line")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(
        _("started from"), max_length=4, choices=Source.choices, default=Source.WEB
    )
    upload = models.FileField(_("uploaded file"), upload_to="imports/", blank=True, max_length=255)
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows in file"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    created_people = models.PositiveIntegerField(_("people created"), default=0)
    updated_people = models.PositiveIntegerField(_("people updated"), default=0)
    unchanged = models.PositiveIntegerField(_("people unchanged"), default=0)
    created_households = models.PositiveIntegerField(_("households created"), default=0)
    updated_households = models.PositiveIntegerField(_("households updated"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    error_file = models.FileField(_("error file"), upload_to="imports/", blank=True, max_length=255)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)
