"""Casework writes: each checks scope and protection through the selectors, validates
against the allowed-transition tables, and runs in a transaction."""

from datetime import date
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import DomainError, OutOfScope
from pendamping.core.scope import area_in_scope, get_scoped
from pendamping.registry.models import Person

from . import selectors
from .models import (
    AccessKind,
    AccessLog,
    Activity,
    ActivityKind,
    Agency,
    Body,
    Case,
    CaseEvent,
    CaseReview,
    CaseStatus,
    Escalation,
    EventStatus,
    Mediation,
    MediationSession,
    Outcome,
    OutreachEvent,
    PlanGoal,
    ProtectionKind,
    Referral,
    ReferralEvent,
    ReferralStatus,
    Urgency,
)
from .roles import WorkRole

CASEWORK_ROLES = (*CITY_WIDE_ROLES, *FIELD_ROLES)

CASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.ASSESSMENT: (CaseStatus.PLANNED, CaseStatus.CLOSED),
    CaseStatus.PLANNED: (CaseStatus.IN_PROGRESS, CaseStatus.CLOSED),
    CaseStatus.IN_PROGRESS: (CaseStatus.REVIEW, CaseStatus.CLOSED),
    CaseStatus.REVIEW: (CaseStatus.IN_PROGRESS, CaseStatus.CLOSED),
    CaseStatus.CLOSED: (),
}

REFERRAL_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ReferralStatus.SENT: (
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.NO_RESPONSE,
    ),
    ReferralStatus.NO_RESPONSE: (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED),
    ReferralStatus.ACCEPTED: (ReferralStatus.SERVICE_GIVEN, ReferralStatus.DECLINED),
    ReferralStatus.SERVICE_GIVEN: (),
    ReferralStatus.DECLINED: (),
}


class CaseworkErrorCode(StrEnum):
    ROLE = "casework_role"
    TRANSITION = "transition_not_allowed"
    OUTCOME_REQUIRED = "outcome_required"
    ROLES_REQUIRED = "roles_required"
    ROLE_UNKNOWN = "role_unknown"
    PROTECTION_KIND = "protection_kind_required"
    REASON_REQUIRED = "reason_required"
    NOT_SUPERVISOR = "not_supervisor"
    INVALID = "invalid"
    CLOSED = "case_closed"


class CaseworkError(DomainError):
    def __init__(self, code: CaseworkErrorCode, message, *, field: str = "", **params):
        super().__init__(code, message, **params)
        self.field = field


def _require_role(actor) -> None:
    if getattr(actor, "role", None) not in CASEWORK_ROLES:
        raise OutOfScope


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise CaseworkError(CaseworkErrorCode.CLOSED, _("The case is closed."))


def allowed_transitions(case: Case) -> tuple[str, ...]:
    return CASE_TRANSITIONS[case.status]


@transaction.atomic
def case_open(
    *,
    actor,
    person: Person,
    category,
    problem: str,
    strengths: str = "",
    urgency: int = Urgency.NORMAL,
    household_level: bool = False,
    protection: bool = False,
    protection_kind: str = "",
    lead=None,
    goals: list[tuple[str, date | None]] | None = None,
) -> Case:
    _require_role(actor)
    person = get_scoped(Person.objects.all(), actor, pk=person.pk)
    if not problem.strip():
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Describe the problem."), field="problem")
    if protection:
        if protection_kind not in ProtectionKind.values:
            raise CaseworkError(
                CaseworkErrorCode.PROTECTION_KIND,
                _("Choose the protection concern."),
                field="protection_kind",
            )
        urgency = Urgency.URGENT
    else:
        protection_kind = ""
    _check_urgency(urgency)
    lead = lead or actor
    case = Case.objects.create(
        person=person,
        household_level=household_level,
        kelurahan_id=person.kelurahan_id,
        lead=lead,
        category=category,
        problem=problem.strip(),
        strengths=strengths.strip(),
        urgency=urgency,
        protection=protection,
        protection_kind=protection_kind,
    )
    if lead != actor:
        case.members.add(actor)
    CaseEvent.objects.create(case=case, actor=actor, to_status=case.status)
    for text, due_on in goals or ():
        if text.strip():
            PlanGoal.objects.create(case=case, text=text.strip(), due_on=due_on)
    return case


def _locked(actor, case: Case) -> Case:
    selectors.case_get(actor, case.pk)  # scope and protection
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_transition(*, actor, case: Case, to_status: str, note: str = "") -> Case:
    """Move a case along the allowed table; closing goes through `case_close`."""
    _require_role(actor)
    case = _locked(actor, case)
    if to_status == CaseStatus.CLOSED:
        raise CaseworkError(CaseworkErrorCode.OUTCOME_REQUIRED, _("Close with an outcome."))
    if to_status not in CASE_TRANSITIONS[case.status]:
        raise CaseworkError(
            CaseworkErrorCode.TRANSITION,
            _("A case cannot go from this status to that one."),
            from_status=case.status,
            to_status=to_status,
        )
    CaseEvent.objects.create(
        case=case, actor=actor, from_status=case.status, to_status=to_status, note=note
    )
    case.status = to_status
    case.save(update_fields=["status"])
    return case


@transaction.atomic
def case_close(*, actor, case: Case, outcome: str, note: str = "") -> Case:
    _require_role(actor)
    case = _locked(actor, case)
    if CaseStatus.CLOSED not in CASE_TRANSITIONS[case.status]:
        raise CaseworkError(CaseworkErrorCode.TRANSITION, _("The case is already closed."))
    if outcome not in Outcome.values:
        raise CaseworkError(
            CaseworkErrorCode.OUTCOME_REQUIRED, _("Choose an outcome."), field="outcome"
        )
    CaseEvent.objects.create(
        case=case, actor=actor, from_status=case.status, to_status=CaseStatus.CLOSED, note=note
    )
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.outcome_note = note
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "outcome_note", "closed_at"])
    return case


@transaction.atomic
def case_join(*, actor, case: Case, user) -> Case:
    _require_role(actor)
    case = _locked(actor, case)
    _require_open(case)
    if user != case.lead and area_in_scope(user, case.kelurahan_id):
        case.members.add(user)
    return case


@transaction.atomic
def goal_add(*, actor, case: Case, text: str, due_on: date | None) -> PlanGoal:
    _require_role(actor)
    case = _locked(actor, case)
    _require_open(case)
    if not text.strip():
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Write the goal."), field="text")
    return PlanGoal.objects.create(case=case, text=text.strip(), due_on=due_on)


@transaction.atomic
def goal_toggle(*, actor, goal: PlanGoal) -> PlanGoal:
    _require_role(actor)
    _locked(actor, goal.case)
    goal.done_on = None if goal.done_on else timezone.localdate()
    goal.save(update_fields=["done_on"])
    return goal


@transaction.atomic
def review_add(
    *, actor, case: Case, progress: str, next_review_on: date | None = None
) -> CaseReview:
    _require_role(actor)
    case = _locked(actor, case)
    if not progress.strip():
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Write the progress."), field="progress")
    return CaseReview.objects.create(
        case=case, author=actor, progress=progress.strip(), next_review_on=next_review_on
    )


def _check_roles(roles: list[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    if not roles:
        raise CaseworkError(
            CaseworkErrorCode.ROLES_REQUIRED, _("Tag at least one role."), field="roles"
        )
    unknown = [r for r in roles if r not in WorkRole.values]
    if unknown:
        raise CaseworkError(
            CaseworkErrorCode.ROLE_UNKNOWN, _("Unknown role."), field="roles", roles=unknown
        )
    return [r for r in WorkRole.values if r in roles]


def activity_record(
    *,
    actor,
    kind: str,
    roles: list[str],
    case: Case | None = None,
    kelurahan_id: int | None = None,
    on: date | None = None,
    duration_minutes: int = 30,
    place: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    people: list[Person] | None = None,
    notes: str = "",
    client_id: str | None = None,
) -> tuple[Activity, bool]:
    """Record an activity; the same `client_id` sent twice is stored once.
    Returns (activity, created)."""
    _require_role(actor)
    if client_id:
        existing = Activity.objects.filter(client_id=client_id, actor=actor).first()
        if existing is not None:
            return existing, False
    roles = _check_roles(roles)
    if kind not in ActivityKind.values:
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Choose the kind."), field="kind")
    if not 0 < duration_minutes <= 24 * 60:
        raise CaseworkError(
            CaseworkErrorCode.INVALID, _("Duration must be 1 to 1440 minutes."), field="duration"
        )
    if case is not None:
        case = selectors.case_get(actor, case.pk)
        _require_open(case)
        kelurahan_id = case.kelurahan_id
    if kelurahan_id is None or not area_in_scope(actor, kelurahan_id):
        raise OutOfScope
    people = [get_scoped(Person.objects.all(), actor, pk=p.pk) for p in people or ()]
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                client_id=client_id or None,
                case=case,
                actor=actor,
                kind=kind,
                date=on or timezone.localdate(),
                duration_minutes=duration_minutes,
                place=place.strip(),
                latitude=latitude,
                longitude=longitude,
                kelurahan_id=kelurahan_id,
                notes=notes.strip(),
                roles=roles,
            )
            if people:
                activity.people.set(people)
            elif case is not None:
                activity.people.set([case.person])
    except IntegrityError:
        existing = Activity.objects.filter(client_id=client_id, actor=actor).first()
        if existing is None:  # another user's client id: refuse rather than leak it
            raise CaseworkError(
                CaseworkErrorCode.INVALID, _("This client id is already used.")
            ) from None
        return existing, False
    return activity, True


@transaction.atomic
def referral_create(
    *,
    actor,
    agency: Agency,
    need: str,
    due_on: date,
    case: Case | None = None,
    person: Person | None = None,
) -> Referral:
    _require_role(actor)
    if case is not None:
        case = selectors.case_get(actor, case.pk)
        _require_open(case)
        person = person or case.person
    if person is None:
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Choose the person."), field="person")
    person = get_scoped(Person.objects.all(), actor, pk=person.pk)
    if not need.strip():
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Describe the need."), field="need")
    referral = Referral.objects.create(
        case=case,
        person=person,
        kelurahan_id=person.kelurahan_id,
        agency=agency,
        need=need.strip(),
        due_on=due_on,
        referred_by=actor,
    )
    ReferralEvent.objects.create(referral=referral, actor=actor, to_status=referral.status)
    return referral


@transaction.atomic
def referral_transition(
    *, actor, referral: Referral, to_status: str, feedback: str = ""
) -> Referral:
    """Move a referral on; the agency's feedback (if any) is kept and closes the loop."""
    _require_role(actor)
    selectors.referral_get(actor, referral.pk)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_status not in REFERRAL_TRANSITIONS[referral.status]:
        raise CaseworkError(
            CaseworkErrorCode.TRANSITION,
            _("A referral cannot go from this status to that one."),
            from_status=referral.status,
            to_status=to_status,
        )
    ReferralEvent.objects.create(
        referral=referral,
        actor=actor,
        from_status=referral.status,
        to_status=to_status,
        note=feedback.strip(),
    )
    referral.status = to_status
    if feedback.strip():
        referral.feedback = feedback.strip()
    referral.save(update_fields=["status", "feedback"])
    return referral


@transaction.atomic
def escalation_add(
    *, actor, case: Case, body: str, body_detail: str = "", note: str = "", at=None
) -> Escalation:
    """Hand a protection case over to a body with authority; each hand-off is time-stamped."""
    _require_role(actor)
    case = _locked(actor, case)
    if body not in Body.values:
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Choose the body."), field="body")
    return Escalation.objects.create(
        case=case,
        body=body,
        body_detail=body_detail.strip(),
        note=note.strip(),
        actor=actor,
        handed_over_at=at or timezone.now(),
    )


@transaction.atomic
def case_break_glass(*, actor, case_id: int, reason: str, channel: str = "web") -> Case:
    """A supervisor opens a protection case in an emergency; the reason is logged and
    shown to the case's assistants."""
    if actor.role not in CITY_WIDE_ROLES:
        raise CaseworkError(
            CaseworkErrorCode.NOT_SUPERVISOR, _("Only a supervisor may open it in an emergency.")
        )
    if not reason.strip() or len(reason.strip()) < 10:
        raise CaseworkError(
            CaseworkErrorCode.REASON_REQUIRED,
            _("Give the reason (at least 10 characters)."),
            field="reason",
        )
    case = selectors.listed_cases(actor).filter(pk=case_id, protection=True).first()
    if case is None:
        raise OutOfScope
    AccessLog.objects.create(
        case=case, user=actor, kind=AccessKind.BREAK_GLASS, reason=reason.strip(), channel=channel
    )
    audit_record(actor=actor, action=Action.BREAK_GLASS, obj=case, summary=reason.strip()[:250])
    return case


@transaction.atomic
def mediation_open(
    *,
    actor,
    kelurahan_id: int,
    subject: str,
    parties: list[Person] | None = None,
    other_parties: str = "",
    case: Case | None = None,
) -> Mediation:
    _require_role(actor)
    if case is not None:
        case = selectors.case_get(actor, case.pk)
        kelurahan_id = case.kelurahan_id
    if not area_in_scope(actor, kelurahan_id):
        raise OutOfScope
    if not subject.strip():
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Write the subject."), field="subject")
    mediation = Mediation.objects.create(
        case=case,
        kelurahan_id=kelurahan_id,
        subject=subject.strip(),
        other_parties=other_parties.strip(),
        mediator=actor,
    )
    if parties:
        mediation.parties.set([get_scoped(Person.objects.all(), actor, pk=p.pk) for p in parties])
    return mediation


@transaction.atomic
def mediation_session_add(
    *,
    actor,
    mediation: Mediation,
    notes: str,
    held_on: date | None = None,
    agreement_reached: bool | None = None,
    agreement: str = "",
    follow_up_on: date | None = None,
) -> MediationSession:
    _require_role(actor)
    mediation = get_scoped(selectors.mediation_list(actor), actor, pk=mediation.pk)
    session = MediationSession.objects.create(
        mediation=mediation, notes=notes.strip(), held_on=held_on or timezone.localdate()
    )
    if agreement_reached is not None:
        mediation.agreement_reached = agreement_reached
        mediation.agreement = agreement.strip()
    mediation.follow_up_on = follow_up_on
    mediation.save(update_fields=["agreement_reached", "agreement", "follow_up_on"])
    return session


def _kelurahan_of(area):
    from pendamping.wilayah.models import Level

    node = area
    while node is not None and node.level not in (Level.KELURAHAN, Level.DESA):
        node = node.parent
    return node


@transaction.atomic
def event_plan(
    *,
    actor,
    topic: str,
    area,
    on: date,
    program: str = "",
    target_group: str = "",
    materials: str = "",
) -> OutreachEvent:
    _require_role(actor)
    kelurahan = _kelurahan_of(area)
    if kelurahan is None or not area_in_scope(actor, kelurahan.pk):
        raise OutOfScope
    if not topic.strip():
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Write the topic."), field="topic")
    event = OutreachEvent.objects.create(
        topic=topic.strip(),
        program=program.strip(),
        area=area,
        kelurahan=kelurahan,
        date=on,
        target_group=target_group.strip(),
        materials=materials.strip(),
        created_by=actor,
    )
    event.facilitators.add(actor)
    return event


@transaction.atomic
def event_held(
    *,
    actor,
    event: OutreachEvent,
    attendance_male: int,
    attendance_female: int,
    attendance_by_group: dict[str, int] | None = None,
    follow_ups: str = "",
) -> OutreachEvent:
    _require_role(actor)
    event = get_scoped(OutreachEvent.objects.select_for_update(), actor, pk=event.pk)
    if event.status != EventStatus.PLANNED:
        raise CaseworkError(CaseworkErrorCode.TRANSITION, _("Only a planned event can be held."))
    if attendance_male < 0 or attendance_female < 0:
        raise CaseworkError(CaseworkErrorCode.INVALID, _("Attendance cannot be negative."))
    event.status = EventStatus.HELD
    event.attendance_male = attendance_male
    event.attendance_female = attendance_female
    event.attendance_by_group = attendance_by_group or {}
    event.follow_ups = follow_ups.strip()
    event.save()
    return event


ASSESSMENT_FIELDS = ("category", "problem", "strengths", "urgency")


def _check_urgency(urgency) -> None:
    if urgency not in Urgency.values:
        raise CaseworkError(
            CaseworkErrorCode.INVALID,
            _("Urgency is one of: 1 low, 2 normal, 3 high, 4 urgent."),
            field="urgency",
        )


@transaction.atomic
def case_assessment_update(*, actor, case: Case, note: str = "", **changes) -> Case:
    """Correct or deepen the assessment of an open case; the case's history says what changed
    and what it was before."""
    _require_role(actor)
    unknown = set(changes) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"Not assessment fields: {sorted(unknown)}")
    case = _locked(actor, case)
    _require_open(case)
    if "problem" in changes:
        changes["problem"] = (changes["problem"] or "").strip()
        if not changes["problem"]:
            raise CaseworkError(
                CaseworkErrorCode.INVALID, _("Describe the problem."), field="problem"
            )
    if "strengths" in changes:
        changes["strengths"] = (changes["strengths"] or "").strip()
    if "urgency" in changes:
        _check_urgency(changes["urgency"])
    if case.protection and "urgency" in changes:
        changes["urgency"] = Urgency.URGENT  # a protection case stays urgent
    before = []
    for field, value in changes.items():
        old = getattr(case, field)
        if old != value:
            shown = old.code if hasattr(old, "code") else old
            before.append(f"{Case._meta.get_field(field).verbose_name}: {shown}")
            setattr(case, field, value)
    if not before:
        return case
    case.save(update_fields=list(changes))
    text = _("Assessment changed. Before: %(before)s") % {"before": "; ".join(before)}
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        from_status=case.status,
        to_status=case.status,
        note=(text + (f" — {note.strip()}" if note.strip() else ""))[:2000],
    )
    return case


@transaction.atomic
def mediation_party_add(*, actor, mediation: Mediation, person: Person) -> Mediation:
    """A party from the registry, within the actor's scope."""
    _require_role(actor)
    mediation = get_scoped(selectors.mediation_list(actor), actor, pk=mediation.pk)
    person = get_scoped(Person.objects.all(), actor, pk=person.pk)
    mediation.parties.add(person)
    return mediation


@transaction.atomic
def mediation_party_remove(*, actor, mediation: Mediation, person_id: int) -> Mediation:
    _require_role(actor)
    mediation = get_scoped(selectors.mediation_list(actor), actor, pk=mediation.pk)
    mediation.parties.remove(person_id)
    return mediation
