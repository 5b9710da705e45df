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
    result_photo = models.ImageField(
        _("photo of evidence"), upload_to="verval/%Y/%m/", blank=True, max_length=200
    )
    corrections = models.JSONField(_("corrections"), default=dict, blank=True)
    national_record = models.ForeignKey(
        "linkage.NationalRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("national record"),
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


class NationalSource(models.TextChoices):
    DTKS = "dtks", _("DTKS")
    DTSEN = "dtsen", _("DTSEN")


class Snapshot(models.Model):
    """One national extract (DTKS or DTSEN) as of a date, kept so two can be compared."""

    source = models.CharField(_("source"), max_length=8, choices=NationalSource.choices)
    as_of = models.DateField(_("data as of"))
    label = models.CharField(_("label"), max_length=120, blank=True)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with problems"), default=0)
    columns = models.JSONField(_("columns recognised"), default=dict)
    ignored_columns = models.JSONField(_("columns ignored"), default=list)
    problems = models.JSONField(_("problems"), default=list)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("national data snapshot")
        verbose_name_plural = _("national data snapshots")
        ordering = ["-as_of", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.as_of:%Y-%m-%d}"


class NationalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DECEASED = "deceased", _("Deceased")
    MOVED = "moved", _("Moved")


class NationalRecord(models.Model):
    """One person's row of a snapshot, as written there (cleaned, not corrected)."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="records")
    row_number = models.PositiveIntegerField(_("row"))
    record_key = models.CharField(max_length=40, db_index=True)
    id_dtks = models.CharField(_("DTKS ID"), max_length=40, blank=True)
    id_dtsen = models.CharField(_("DTSEN ID"), max_length=40, blank=True)
    nik = models.CharField(_("NIK"), max_length=20, blank=True, db_index=True)
    kk = models.CharField(_("KK number"), max_length=20, blank=True)
    name = models.CharField(_("full name"), max_length=150, blank=True)
    birth_place = models.CharField(_("birth place"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    birth_date_text = models.CharField(max_length=30, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    relationship = models.CharField(_("relationship to head"), max_length=16, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    rt = models.PositiveSmallIntegerField(_("RT"), null=True, blank=True)
    rw = models.PositiveSmallIntegerField(_("RW"), null=True, blank=True)
    kelurahan_code = models.CharField(_("kelurahan code"), max_length=20, blank=True)
    kelurahan = models.ForeignKey(
        "wilayah.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decile = models.PositiveSmallIntegerField(_("welfare decile (desil)"), null=True, blank=True)
    programs = models.JSONField(_("programs"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=NationalStatus.choices, default=NationalStatus.ACTIVE
    )

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("national record")
        verbose_name_plural = _("national records")
        ordering = ["snapshot", "row_number"]
        indexes = [models.Index(fields=["snapshot", "record_key"])]

    def __str__(self) -> str:
        return self.name or self.record_key


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReconciliationRun(models.Model):
    """One reconciliation of a snapshot with the registry, run as a background task."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=120, blank=True)
    backend = models.CharField(max_length=10, default="duckdb")
    counts = models.JSONField(default=dict)
    seconds = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    create_tasks = models.BooleanField(_("create field checks"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reconciliation run")
        verbose_name_plural = _("reconciliation runs")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.snapshot}"


class PairKind(models.TextChoices):
    LINK = "link", _("Registry and national data")
    DUP_REGISTRY = "dup_registry", _("Duplicate in the registry")
    DUP_NATIONAL = "dup_national", _("Duplicate in the national data")


class PairDecision(models.TextChoices):
    AUTO = "auto", _("Accepted automatically")
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class MatchPair(models.Model):
    """A pair the engine scored, with its probability and the per-field evidence."""

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="pairs")
    kind = models.CharField(max_length=14, choices=PairKind.choices, default=PairKind.LINK)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    national = models.ForeignKey(
        NationalRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    other_national = models.ForeignKey(
        NationalRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kelurahan = models.ForeignKey(
        "wilayah.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    probability = models.FloatField(_("match probability"))
    weight = models.FloatField(default=0)
    evidence = models.JSONField(_("evidence"), default=dict)
    decision = models.CharField(
        _("decision"), max_length=10, choices=PairDecision.choices, default=PairDecision.AUTO
    )
    remembered = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("matched pair")
        verbose_name_plural = _("matched pairs")
        ordering = ["run", "-probability", "pk"]
        indexes = [models.Index(fields=["run", "kind", "decision"])]

    def __str__(self) -> str:
        return f"{self.person_id}~{self.national_id} {self.probability:.3f}"


class ReviewDecision(models.Model):
    """A supervisor's decision on a pair, re-applied whenever the same two records meet again
    (the registry person, and the national record by its DTSEN/DTKS ID, else its NIK)."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    national_key = models.CharField(max_length=40)
    accepted = models.BooleanField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "national_key"], name="review_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}~{self.national_key}: {self.accepted}"


class OutcomeKind(models.TextChoices):
    CONSISTENT = "consistent", _("Matched and consistent")
    DIFFERENT = "different", _("Matched with differences")
    NATIONAL_ONLY = "national_only", _("In the national data, not in the registry")
    REGISTRY_ONLY = "registry_only", _("In the registry, not in the national data")
    DUPLICATE = "duplicate", _("Duplicates")
    DECEASED = "deceased", _("Deceased in one source, active in the other")
    REVIEW = "review", _("Waiting for review")


class Outcome(models.Model):
    """One line of a reconciliation's result lists."""

    run = models.ForeignKey(ReconciliationRun, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=14, choices=OutcomeKind.choices)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    national = models.ForeignKey(
        NationalRecord, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pair = models.ForeignKey(
        MatchPair, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes"
    )
    kelurahan = models.ForeignKey(
        "wilayah.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    differences = models.JSONField(_("differences"), default=list)
    task = models.ForeignKey(
        VervalTask, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("reconciliation outcome")
        verbose_name_plural = _("reconciliation outcomes")
        ordering = ["run", "kind", "pk"]
        indexes = [models.Index(fields=["run", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person_id or self.national_id}"
