"""Reports of RT/RW heads and assistants about people who move, arrive, die or are born;
the tracing of people who cannot be found; thresholds for the "not seen" worklist."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class ReportKind(models.TextChoices):
    MOVED_OUT = "moved_out", _("Moved out")
    MOVED_IN = "moved_in", _("Moved in (newcomer)")
    DECEASED = "deceased", _("Deceased")
    BIRTH = "birth", _("Birth")
    UNKNOWN = "unknown", _("Whereabouts unknown")
    PRESENT = "present", _("Still living here")


class Destination(models.TextChoices):
    UNKNOWN = "unknown", _("Not known")
    SAME_KELURAHAN = "same_kelurahan", _("Another RT in this kelurahan")
    OTHER_KELURAHAN = "other_kelurahan", _("Another kelurahan in the city")
    OUTSIDE_CITY = "outside_city", _("Outside the city")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class ReportChannel(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")


class MoveReport(models.Model):
    """One event reported by an RT/RW head or an assistant. It changes nothing in the registry
    until the assistant covering the area confirms it (`services.report_confirm`)."""

    client_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    kind = models.CharField(_("event"), max_length=12, choices=ReportKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    household = models.ForeignKey(
        "registry.Household",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="move_reports",
        verbose_name=_("household"),
    )
    person = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="move_reports",
        verbose_name=_("person"),
        help_text=_("Empty when the whole household is concerned."),
    )
    subject_name = models.CharField(_("name"), max_length=150, blank=True)
    subject_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    subject_sex = models.CharField(_("sex"), max_length=1, blank=True)
    kelurahan = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    rt = models.ForeignKey(
        "wilayah.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("RT"),
    )
    event_at = models.DateTimeField(_("when it happened"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    late = models.BooleanField(_("reported late"), default=False)
    destination = models.CharField(
        _("destination"), max_length=16, choices=Destination.choices, blank=True
    )
    to_kelurahan = models.ForeignKey(
        "wilayah.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination kelurahan"),
    )
    to_rt = models.ForeignKey(
        "wilayah.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination RT"),
    )
    to_address = models.CharField(_("new address or place"), max_length=255, blank=True)
    came_from = models.CharField(_("came from"), max_length=255, blank=True)
    new_kk = models.CharField(_("KK number"), max_length=16, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    reporter = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="move_reports", verbose_name=_("reported by")
    )
    reporter_role = models.CharField(_("reporter's role"), max_length=12)
    channel = models.CharField(max_length=6, choices=ReportChannel.choices, default="web")
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    corrections = models.JSONField(_("corrections"), default=dict, blank=True)
    handover = models.JSONField(_("handover"), default=dict, blank=True)
    result_person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_kelurahan = "kelurahan_id"
    scope_rt = "rt_id"

    class Meta:
        verbose_name = _("mobility report")
        verbose_name_plural = _("mobility reports")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["rt", "reported_at"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["household", "status"]),
            models.Index(fields=["to_kelurahan", "status"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def subject_label(self) -> str:
        if self.person_id:
            return self.person.name
        if self.household_id and not self.subject_name:
            if hasattr(self, "head_name"):  # annotated by the list selectors
                head_name = self.head_name
            else:
                head = self.household.members.order_by("pk").first()
                head_name = head.name if head else None
            return head_name or f"KK {self.household.kk}"
        return self.subject_name

    @property
    def delay_hours(self) -> int:
        return max(0, int((self.reported_at - self.event_at).total_seconds() // 3600))


class TracingStatus(models.TextChoices):
    OPEN = "open", _("Being traced")
    FOUND = "found", _("Found")
    PROPOSED = "proposed", _("Proposed for deactivation")
    DEACTIVATED = "deactivated", _("Deactivated")


class TracingSource(models.TextChoices):
    REPORT = "report", _("Report: whereabouts unknown")
    VERVAL = "verval", _("Verval result: not found")
    MANUAL = "manual", _("Opened by an assistant")


class TracingRecord(models.Model):
    """The search for one person nobody can find, from their last known address onwards."""

    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="tracing_records",
        verbose_name=_("person"),
    )
    kelurahan = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    rt = models.ForeignKey(
        "wilayah.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    last_known_address = models.CharField(_("last known address"), max_length=255, blank=True)
    last_seen_on = models.DateField(_("last seen"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=TracingSource.choices)
    source_ref = models.CharField(_("source reference"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TracingStatus.choices, default=TracingStatus.OPEN
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    opened_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counted_from = models.DateTimeField(
        default=timezone.now,
        help_text="Failed attempts are counted from here (reset when a supervisor keeps it open).",
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    scope_kelurahan = "kelurahan_id"
    scope_rt = "rt_id"

    class Meta:
        verbose_name = _("tracing record")
        verbose_name_plural = _("tracing records")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["open", "proposed"]),
                name="one_active_tracing_per_person",
            )
        ]
        indexes = [models.Index(fields=["kelurahan", "status"])]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_status_display()})"


class AttemptMethod(models.TextChoices):
    VISIT = "visit", _("Visit to the last address")
    NEIGHBOURS = "neighbours", _("Asked neighbours")
    RT_RW = "rt_rw", _("Asked the RT/RW")
    PHONE = "phone", _("Phone or message")
    FAMILY = "family", _("Asked relatives")
    OTHER = "other", _("Other")


class AttemptOutcome(models.TextChoices):
    NOT_FOUND = "not_found", _("Not found")
    LEAD = "lead", _("A lead, not found yet")
    FOUND = "found", _("Found")


class TracingAttempt(models.Model):
    record = models.ForeignKey(TracingRecord, on_delete=models.CASCADE, related_name="attempts")
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    attempted_on = models.DateField(_("date"), default=timezone.localdate)
    method = models.CharField(_("how"), max_length=12, choices=AttemptMethod.choices)
    contacts_asked = models.CharField(_("who was asked"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=AttemptOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_kelurahan = "record__kelurahan_id"

    class Meta:
        verbose_name = _("tracing attempt")
        verbose_name_plural = _("tracing attempts")
        ordering = ["-attempted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.record_id} {self.attempted_on} {self.outcome}"


class NotSeenThreshold(models.Model):
    """How many days without a visit, a verval result or a confirmed report a person of this
    PPKS category may go before they appear on the assistant's "not seen" worklist.
    A person in several categories takes the shortest; others take the default setting."""

    category = models.OneToOneField(
        "registry.PpksCategory", on_delete=models.CASCADE, related_name="+"
    )
    days = models.PositiveIntegerField(_("days"))

    class Meta:
        verbose_name = _("not-seen threshold")
        verbose_name_plural = _("not-seen thresholds")
        ordering = ["days"]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.days}"
