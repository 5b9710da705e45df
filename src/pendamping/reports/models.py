"""Pre-computed figures for the dashboards, and the monthly TKSK report.

`Fact` rows are counts, never personal data: one figure (`metric`, `key`) of one kelurahan,
for one month when it is a flow (cases opened, activities) or with no month when it is a
standing figure as of the last refresh (people in the registry, open cases). Activity
figures per assistant carry the assistant's id. They are rebuilt as a whole by
`services.facts_refresh`, so the dashboard reads thousands of small rows, not millions.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Fact(models.Model):
    kelurahan_id = models.BigIntegerField()
    month = models.DateField(null=True, blank=True)
    metric = models.CharField(max_length=32)
    key = models.CharField(max_length=40, blank=True, default="")
    actor_id = models.BigIntegerField(null=True, blank=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["metric", "month"], name="fact_metric_month"),
            models.Index(fields=["actor_id", "month"], name="fact_actor_month"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}[{self.key}] {self.kelurahan_id} {self.month}: {self.value}"


class FactRefresh(models.Model):
    """When the figures were last rebuilt and how long it took (a single row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)
    requested_at = models.DateTimeField(null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)  # figures not per kelurahan (staffing)

    def __str__(self) -> str:
        return f"facts refreshed {self.refreshed_at}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class MonthlyReport(models.Model):
    """A TKSK's report of one month: figures generated from the records, narrative by hand,
    approved by a supervisor. Figures are frozen when the report is submitted."""

    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="monthly_reports", verbose_name=_("TKSK")
    )
    month = models.DateField(_("month"), help_text=_("First day of the month reported."))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict)
    generated_at = models.DateTimeField(_("figures generated"), null=True, blank=True)
    summary = models.TextField(_("summary of the month"), blank=True)
    constraints = models.TextField(_("constraints met"), blank=True)
    follow_up = models.TextField(_("plans for next month"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    supervisor_note = models.TextField(_("supervisor's note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monthly TKSK report")
        verbose_name_plural = _("monthly TKSK reports")
        ordering = ["-month", "author"]
        constraints = [
            models.UniqueConstraint(fields=["author", "month"], name="uniq_monthly_report")
        ]

    def __str__(self) -> str:
        return f"{self.author} {self.month:%Y-%m}"
