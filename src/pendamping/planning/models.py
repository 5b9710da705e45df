"""The workforce (PSKS workers and their employment), staffing norms, and day plans.

Assignments of workers to areas stay in `accounts.Assignment` (its validity dates are the
history and drive the data scope); a `Worker` adds what accounts do not know: the worker's
type, employment basis and dates, and a start point for the day. Volunteers without a login
get an inactive account (no usable password) so that their areas are recorded the same way.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerType(models.TextChoices):
    TKSK = "tksk", _("TKSK")
    PSM = "psm", _("PSM")
    PKH = "pkh", _("Pendamping PKH")
    PENYULUH = "penyuluh", _("Penyuluh Sosial")
    PEKSOS = "peksos", _("Pekerja Sosial Profesional")
    VOLUNTEER = "volunteer", _("Volunteer")


class EmploymentBasis(models.TextChoices):
    CIVIL_SERVANT = "pns", _("Civil servant (PNS)")
    PPPK = "pppk", _("Government contract employee (PPPK)")
    CONTRACT = "contract", _("Contract / honorarium")
    VOLUNTEER = "volunteer", _("Volunteer (incentive)")


class Worker(models.Model):
    """One member of the social-welfare workforce (PSKS), with or without a login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="worker",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150)
    worker_type = models.CharField(_("type"), max_length=10, choices=WorkerType.choices)
    basis = models.CharField(_("employment basis"), max_length=10, choices=EmploymentBasis.choices)
    employer = models.CharField(
        _("employer"), max_length=100, blank=True, help_text=_("Kemensos, province or city.")
    )
    started_on = models.DateField(_("started"))
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    base_lat = models.FloatField(_("start point latitude"), null=True, blank=True)
    base_lon = models.FloatField(_("start point longitude"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["worker_type", "name"]
        indexes = [models.Index(fields=["worker_type", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="worker_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_worker_type_display()})"

    @property
    def has_login(self) -> bool:
        return self.user.is_active and self.user.has_usable_password()


class NormLevel(models.TextChoices):
    KECAMATAN = "kecamatan", _("Per kecamatan")
    KELURAHAN = "kelurahan", _("Per kelurahan")
    KOTA = "kota", _("For the whole city")


class StaffingNorm(models.Model):
    """How many workers of a type an area needs; set by the Dinas in the admin.

    need = max(minimum per area, PPKS households / ceiling, population / ceiling,
    open work / ceiling) x (1 + travel weight x km of household spread above the reference).
    An empty ceiling is not used.
    """

    worker_type = models.CharField(
        _("worker type"), max_length=10, choices=WorkerType.choices, unique=True
    )
    level = models.CharField(_("counted"), max_length=10, choices=NormLevel.choices)
    min_per_area = models.FloatField(
        _("minimum per area"), default=1.0, validators=[MinValueValidator(0)]
    )
    ppks_households_per_worker = models.PositiveIntegerField(
        _("PPKS households per worker (ceiling)"), null=True, blank=True
    )
    population_per_worker = models.PositiveIntegerField(
        _("population per worker (ceiling)"), null=True, blank=True
    )
    open_work_per_worker = models.PositiveIntegerField(
        _("open work items per worker (ceiling)"),
        null=True,
        blank=True,
        help_text=_("Open cases, open verval tasks and open complaints together."),
    )
    travel_reference_km = models.FloatField(
        _("travel: reference spread (km)"), default=0.0, validators=[MinValueValidator(0)]
    )
    travel_weight = models.FloatField(
        _("travel: extra need per km above the reference"),
        default=0.0,
        validators=[MinValueValidator(0)],
        help_text=_("0.05 means 5% more workers per km of mean distance above the reference."),
    )
    note = models.CharField(_("source or reason"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("staffing norm")
        verbose_name_plural = _("staffing norms")
        ordering = ["worker_type"]

    def __str__(self) -> str:
        return f"{self.get_worker_type_display()}: {self.get_level_display()}"


class StopKind(models.TextChoices):
    VERVAL = "verval", _("Verval check")
    CASE = "case", _("Case follow-up")
    COMPLAINT = "complaint", _("Complaint")


class StopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DROPPED = "dropped", _("Does not fit today")
    DONE = "done", _("Done")


class DayPlan(models.Model):
    """An assistant's planned day of field visits; replanning the same day replaces it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="day_plans"
    )
    day = models.DateField(_("day"))
    depot_lat = models.FloatField()
    depot_lon = models.FloatField()
    depot_label = models.CharField(max_length=100, blank=True)
    start_minute = models.PositiveSmallIntegerField(default=8 * 60)
    end_minute = models.PositiveSmallIntegerField(default=16 * 60)
    travel_minutes = models.FloatField(default=0)
    distance_km = models.FloatField(default=0)
    finish_minute = models.FloatField(default=0)
    solve_seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("day plan")
        verbose_name_plural = _("day plans")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="uniq_day_plan")]

    def __str__(self) -> str:
        return f"{self.user} {self.day}"


class PlanStop(models.Model):
    """One due visit in a day plan: planned in order, dropped (rolls over) or done."""

    plan = models.ForeignKey(DayPlan, on_delete=models.CASCADE, related_name="stops")
    kind = models.CharField(max_length=10, choices=StopKind.choices)
    ref_id = models.PositiveIntegerField()
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    label = models.CharField(max_length=200)
    address = models.CharField(max_length=255, blank=True)
    lat = models.FloatField()
    lon = models.FloatField()
    priority = models.PositiveSmallIntegerField(default=3)
    rolled_over = models.BooleanField(default=False)
    seq = models.PositiveSmallIntegerField(null=True, blank=True)
    arrival_minute = models.FloatField(null=True, blank=True)
    departure_minute = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=StopStatus.choices)
    done_at = models.DateTimeField(null=True, blank=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["plan", "seq", "priority", "pk"]
        indexes = [models.Index(fields=["kind", "ref_id", "status"])]

    def __str__(self) -> str:
        return f"{self.seq or '-'} {self.label}"
