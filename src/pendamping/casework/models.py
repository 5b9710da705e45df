"""Cases, activities by role, referrals, mediation, protection and outreach events."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class CaseStatus(models.TextChoices):
    ASSESSMENT = "assessment", _("Assessment")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    REVIEW = "review", _("Under review")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    GOAL_REACHED = "goal_reached", _("Goal reached")
    REFERRED_ON = "referred_on", _("Referred on")
    MOVED_AWAY = "moved_away", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    REFUSED = "refused", _("Refused")
    OTHER = "other", _("Other")


class Urgency(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class ProtectionKind(models.TextChoices):
    VIOLENCE = "violence", _("Violence")
    ABUSE = "abuse", _("Abuse")
    TRAFFICKING = "trafficking", _("Trafficking")
    NEGLECT = "neglect", _("Neglect")
    EXPLOITATION = "exploitation", _("Exploitation")


class Case(models.Model):
    """Casework for a person (or their household), opened from an assessed need."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    household_level = models.BooleanField(_("for the whole household"), default=False)
    kelurahan = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    lead = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="led_cases", verbose_name=_("lead assistant")
    )
    members = models.ManyToManyField(
        USER, blank=True, related_name="joined_cases", verbose_name=_("other assistants")
    )
    category = models.ForeignKey(
        "registry.PpksCategory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("PPKS category"),
    )
    problem = models.TextField(_("problem statement"))
    strengths = models.TextField(_("strengths"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.ASSESSMENT
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Urgency.choices, default=Urgency.NORMAL
    )
    protection = models.BooleanField(_("protection case"), default=False)
    protection_kind = models.CharField(
        _("protection concern"), max_length=14, choices=ProtectionKind.choices, blank=True
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("closing note"), blank=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-urgency", "-opened_at"]
        indexes = [
            models.Index(fields=["kelurahan", "status"]),
            models.Index(fields=["lead", "status"]),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.person}"

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED


class PlanGoal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal or step"), max_length=300)
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_on = models.DateField(_("done"), null=True, blank=True)

    scope_kelurahan = "case__kelurahan_id"

    class Meta:
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class CaseReview(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    progress = models.TextField(_("progress"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    scope_kelurahan = "case__kelurahan_id"

    class Meta:
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.reviewed_on}"


class CaseEvent(models.Model):
    """The history of a case's status: who moved it from what to what, and when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


class ActivityKind(models.TextChoices):
    HOME_VISIT = "home_visit", _("Home visit")
    PHONE_CALL = "phone_call", _("Phone call")
    MEETING = "meeting", _("Meeting")
    ACCOMPANIMENT = "accompaniment", _("Accompaniment")
    INFO_SESSION = "info_session", _("Information session")
    DOCUMENT_HELP = "document_help", _("Help with documents")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """One piece of work, tagged with one or more of the assistant's roles."""

    client_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="activities"
    )
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="casework_activities")
    kind = models.CharField(_("kind"), max_length=14, choices=ActivityKind.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    place = models.CharField(_("place"), max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    people = models.ManyToManyField("registry.Person", blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True)
    roles = models.JSONField(_("roles"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["actor", "date"]),
            models.Index(fields=["kelurahan", "date"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", _("Government office")
    HEALTH = "health", _("Health")
    INSURANCE = "insurance", _("Social insurance (BPJS)")
    CIVIL_REGISTRY = "civil_registry", _("Civil registry (Disdukcapil)")
    LKS = "lks", _("Social welfare institution (LKS)")
    TRAINING = "training", _("Training centre")
    CSR = "csr", _("Company CSR program")
    PROTECTION = "protection", _("Protection body (UPTD PPA, police)")
    OTHER = "other", _("Other")


class Agency(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=AgencyKind.choices)
    services = models.TextField(_("services provided"))
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    SERVICE_GIVEN = "service_given", _("Service given")
    DECLINED = "declined", _("Declined")
    NO_RESPONSE = "no_response", _("No response")


class Referral(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    need = models.TextField(_("need"))
    due_on = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=14, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    feedback = models.TextField(_("agency feedback"), blank=True)
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.person} → {self.agency}"


class ReferralEvent(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=14, blank=True)
    to_status = models.CharField(max_length=14)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.to_status}"


class Body(models.TextChoices):
    DINSOS = "dinsos", _("Dinas Sosial")
    UPTD_PPA = "uptd_ppa", _("UPTD PPA")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class Escalation(models.Model):
    """A hand-off of a protection case to a body with authority, time-stamped."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations")
    body = models.CharField(_("handed to"), max_length=10, choices=Body.choices)
    body_detail = models.CharField(_("office or officer"), max_length=200, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), default=timezone.now)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["handed_over_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.body}"


class AccessKind(models.TextChoices):
    REFUSED = "refused", _("Refused")
    BREAK_GLASS = "break_glass", _("Emergency opening")


class AccessLog(models.Model):
    """Refused attempts on protection cases and emergency openings, shown on the case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="access_log")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=AccessKind.choices)
    reason = models.TextField(blank=True)
    channel = models.CharField(max_length=10, default="web")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["case", "user", "kind", "at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.case_id}"


class Mediation(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="mediations"
    )
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    parties = models.ManyToManyField("registry.Person", blank=True, related_name="+")
    other_parties = models.TextField(_("other parties"), blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    mediator = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    agreement_reached = models.BooleanField(_("agreement reached"), null=True, blank=True)
    agreement = models.TextField(_("agreement"), blank=True)
    follow_up_on = models.DateField(_("follow-up"), null=True, blank=True)
    opened_on = models.DateField(default=timezone.localdate)

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-opened_on", "-pk"]

    def __str__(self) -> str:
        return self.subject


class MediationSession(models.Model):
    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    notes = models.TextField(_("notes"))

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.held_on}"


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class OutreachEvent(models.Model):
    """A socialisation event: a topic brought to a target group in an area."""

    topic = models.CharField(_("topic"), max_length=200)
    program = models.CharField(_("program"), max_length=120, blank=True)
    area = models.ForeignKey(
        "wilayah.Area", on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    kelurahan = models.ForeignKey("wilayah.Area", on_delete=models.PROTECT, related_name="+")
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    facilitators = models.ManyToManyField(USER, blank=True, related_name="+")
    attendance_male = models.PositiveIntegerField(_("men attending"), default=0)
    attendance_female = models.PositiveIntegerField(_("women attending"), default=0)
    attendance_by_group = models.JSONField(_("attendance by group"), default=dict, blank=True)
    materials = models.TextField(_("materials"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    scope_kelurahan = "kelurahan_id"

    class Meta:
        verbose_name = _("outreach event")
        verbose_name_plural = _("outreach events")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.topic

    @property
    def attendance_total(self) -> int:
        return self.attendance_male + self.attendance_female
