"""Programs, their eligibility rules (as data), enrolments, benefit deliveries and usulan."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Owner(models.TextChoices):
    CITY = "city", _("City (Dinas Sosial)")
    PROVINCE = "province", _("Province")
    MINISTRY = "ministry", _("Ministry of Social Affairs")


class Kind(models.TextChoices):
    CASH = "cash", _("Cash")
    IN_KIND = "in_kind", _("In kind")
    SERVICE = "service", _("Service")
    INSURANCE = "insurance", _("Insurance premium")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    EMPOWERMENT = "empowerment", _("Empowerment")


class Unit(models.TextChoices):
    PERSON = "person", _("Person")
    HOUSEHOLD = "household", _("Household (its head receives)")


class Program(models.Model):
    """A social program; its eligibility is the list of its `Condition` rows (all must hold)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=150)
    owner = models.CharField(_("owner"), max_length=10, choices=Owner.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.PERSON)
    description = models.TextField(_("description"), blank=True)
    target_categories = models.ManyToManyField(
        "registry.PpksCategory", blank=True, related_name="+", verbose_name=_("target PPKS")
    )
    starts_on = models.DateField(_("period from"), null=True, blank=True)
    ends_on = models.DateField(_("period until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["owner", "name"]

    def __str__(self) -> str:
        return self.name


class Condition(models.Model):
    """One eligibility condition: `field` `op` `value` (see `eligibility.FIELDS`)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="conditions")
    field = models.CharField(_("field"), max_length=30)
    op = models.CharField(_("operator"), max_length=30)
    value = models.JSONField(_("value"), default=dict, blank=True)
    group = models.PositiveSmallIntegerField(
        _("group"), default=0, help_text=_("0: must hold. 1-9: at least one of the group holds.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("eligibility condition")
        verbose_name_plural = _("eligibility conditions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.field} {self.op} {self.value}"


class Quota(models.Model):
    """How many people (or households) a program may hold in an area (kelurahan or kecamatan)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="quotas")
    area = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveIntegerField(_("quota"))

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["program", "area"], name="quota_once")]

    def __str__(self) -> str:
        return f"{self.program_id} {self.area_id}: {self.quota}"


class EnrolmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    GRADUATED = "graduated", _("Graduated")
    ENDED = "ended", _("Ended")


OPEN_ENROLMENT = (
    EnrolmentStatus.PROPOSED,
    EnrolmentStatus.APPROVED,
    EnrolmentStatus.ACTIVE,
    EnrolmentStatus.SUSPENDED,
)
RECEIVING = (EnrolmentStatus.APPROVED, EnrolmentStatus.ACTIVE)


class Enrolment(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="enrolments"
    )
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default="proposed"
    )
    status_on = models.DateField(_("since"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assistant = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "person"],
                condition=models.Q(status__in=["proposed", "approved", "active", "suspended"]),
                name="one_open_enrolment",
            )
        ]
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["kelurahan", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.program_id}/{self.person_id} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ENROLMENT


class EnrolmentEvent(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(default=timezone.localdate)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.from_status} → {self.to_status}"


class DeliveryStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    NOT_RECEIVED = "not_received", _("Not received")


class DeliveryImport(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="imports")
    period = models.CharField(_("period"), max_length=7)
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.program_id} {self.period} {self.file_name}"


class Delivery(models.Model):
    """A benefit for one enrolment in one period (YYYY-MM), as the program reported it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="deliveries")
    period = models.CharField(_("period"), max_length=7)
    status = models.CharField(_("status"), max_length=14, choices=DeliveryStatus.choices)
    reason = models.CharField(_("why not received"), max_length=200, blank=True)
    amount = models.PositiveIntegerField(_("amount (Rp)"), null=True, blank=True)
    source = models.ForeignKey(
        DeliveryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_kelurahan = "enrolment__kelurahan_id"

    class Meta:
        verbose_name = _("benefit delivery")
        verbose_name_plural = _("benefit deliveries")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "period"], name="delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.period} {self.status}"


class UsulanKind(models.TextChoices):
    INCLUSION = "inclusion", _("Inclusion in the national data")
    REMOVAL = "removal", _("Removal from the national data")


class UsulanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed at the musyawarah kelurahan")
    REJECTED = "rejected", _("Rejected at the musyawarah kelurahan")
    SUBMITTED = "submitted", _("Submitted upstream")


class Usulan(models.Model):
    """A person proposed for inclusion in or removal from the national data (DTSEN)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("proposal"), max_length=10, choices=UsulanKind.choices)
    program = models.ForeignKey(
        Program, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=UsulanStatus.choices, default=UsulanStatus.DRAFT
    )
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        ordering = ["kelurahan", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=models.Q(status__in=["draft", "agreed"]),
                name="one_open_usulan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id}"


from .complaints.models import (  # noqa: E402, F401  (complaints live in this app)
    Complaint,
    ComplaintDeadline,
    ComplaintEvent,
    PublicHit,
)
