"""Programs app writes: programs and their rules, quotas, enrolments with their transitions,
usulan to the national data. Complaints are in `complaints/services.py`, deliveries in
`deliveries.py`. Every write checks role and scope, runs in a transaction and is audited."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES, Role
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import DomainError, OutOfScope
from pendamping.core.handover import HandoverContext, OpenItem
from pendamping.core.scope import get_scoped
from pendamping.registry.models import Person
from pendamping.wilayah.models import Area

from . import eligibility
from .models import (
    OPEN_ENROLMENT,
    RECEIVING,
    Condition,
    Enrolment,
    EnrolmentEvent,
    EnrolmentStatus,
    Kind,
    Owner,
    Program,
    Quota,
    Unit,
    Usulan,
    UsulanKind,
    UsulanStatus,
)

PROGRAM_EDITORS = CITY_WIDE_ROLES
APPROVERS = CITY_WIDE_ROLES
PROPOSERS = (*CITY_WIDE_ROLES, *FIELD_ROLES)

S = EnrolmentStatus
ENROLMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.PROPOSED: (S.APPROVED, S.ENDED),
    S.APPROVED: (S.ACTIVE, S.ENDED),
    S.ACTIVE: (S.SUSPENDED, S.GRADUATED, S.ENDED),
    S.SUSPENDED: (S.ACTIVE, S.ENDED),
    S.GRADUATED: (),
    S.ENDED: (),
}
REASON_REQUIRED = (S.SUSPENDED, S.GRADUATED, S.ENDED)


class ProgramsErrorCode(StrEnum):
    ROLE = "programs_role"
    INVALID = "invalid"
    RULE = "rule_invalid"
    TRANSITION = "transition_not_allowed"
    REASON_REQUIRED = "reason_required"
    ALREADY_ENROLLED = "already_enrolled"
    QUOTA_FULL = "quota_full"
    DUPLICATE = "duplicate"


class ProgramsError(DomainError):
    def __init__(self, code: ProgramsErrorCode, message, *, field: str = "", **params):
        super().__init__(code, message, **params)
        self.field = field


def _require(actor, roles) -> None:
    if getattr(actor, "role", None) not in roles:
        raise ProgramsError(ProgramsErrorCode.ROLE, _("Your role may not do this."))


@transaction.atomic
def program_save(
    *,
    actor,
    code: str,
    name: str,
    owner: str,
    kind: str,
    unit: str = Unit.PERSON,
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    active: bool = True,
    target_categories=(),
    program: Program | None = None,
) -> Program:
    """Create a program, or update `program` (its code stays)."""
    _require(actor, PROGRAM_EDITORS)
    if owner not in Owner.values or kind not in Kind.values or unit not in Unit.values:
        raise ProgramsError(ProgramsErrorCode.INVALID, _("Choose an owner, a kind and a unit."))
    if not name.strip():
        raise ProgramsError(ProgramsErrorCode.INVALID, _("Give the program a name."), field="name")
    if starts_on and ends_on and ends_on < starts_on:
        raise ProgramsError(
            ProgramsErrorCode.INVALID, _("The period ends before it starts."), field="ends_on"
        )
    if program is None:
        if Program.objects.filter(code=code).exists():
            raise ProgramsError(
                ProgramsErrorCode.DUPLICATE, _("This code is already used."), field="code"
            )
        program = Program(code=code)
    for attr, value in {
        "name": name.strip(),
        "owner": owner,
        "kind": kind,
        "unit": unit,
        "description": description.strip(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "active": active,
    }.items():
        setattr(program, attr, value)
    program.save()
    program.target_categories.set(target_categories)
    audit_record(actor=actor, action=Action.WRITE, obj=program, summary=f"program {code} saved")
    return program


@transaction.atomic
def condition_add(*, actor, program: Program, condition: dict) -> Condition:
    _require(actor, PROGRAM_EDITORS)
    try:
        clean = eligibility.normalise(condition, program_code=program.code)
    except eligibility.RuleError as exc:
        raise ProgramsError(ProgramsErrorCode.RULE, str(exc)) from exc
    if (
        clean["field"] == "program"
        and not Program.objects.filter(code=clean["value"]["program"]).exists()
    ):
        raise ProgramsError(ProgramsErrorCode.RULE, _("There is no program with that code."))
    position = program.conditions.count()
    row = Condition.objects.create(program=program, position=position, **clean)
    audit_record(actor=actor, action=Action.WRITE, obj=program, summary=f"condition added: {row}")
    return row


@transaction.atomic
def condition_remove(*, actor, condition: Condition) -> None:
    _require(actor, PROGRAM_EDITORS)
    program = condition.program
    summary = f"condition removed: {condition}"
    condition.delete()
    audit_record(actor=actor, action=Action.WRITE, obj=program, summary=summary)


@transaction.atomic
def quota_set(*, actor, program: Program, area: Area, quota: int | None) -> Quota | None:
    """Set (or with None remove) the quota of a program in a kelurahan or kecamatan."""
    _require(actor, PROGRAM_EDITORS)
    if quota is None:
        Quota.objects.filter(program=program, area=area).delete()
        return None
    row, _created = Quota.objects.update_or_create(
        program=program, area=area, defaults={"quota": quota}
    )
    audit_record(
        actor=actor, action=Action.WRITE, obj=program, summary=f"quota {area.code}={quota}"
    )
    return row


def _check_quota(program: Program, kelurahan: Area) -> None:
    """Approving one more must not pass the quota of the kelurahan or of its kecamatan.
    The caller holds a lock on the program row, so two approvals cannot both take the last place."""
    quotas = Quota.objects.filter(
        program=program, area_id__in=[kelurahan.pk, kelurahan.parent_id]
    ).select_related("area")
    for quota in quotas:
        held = Enrolment.objects.filter(program=program, status__in=(*RECEIVING, S.SUSPENDED))
        if quota.area_id == kelurahan.pk:
            held = held.filter(kelurahan=kelurahan)
        else:
            held = held.filter(kelurahan__parent_id=quota.area_id)
        if held.count() >= quota.quota:
            raise ProgramsError(
                ProgramsErrorCode.QUOTA_FULL,
                _("The quota of this program in %(area)s is full (%(n)s).")
                % {"area": quota.area.name, "n": quota.quota},
            )


def _event(enrolment: Enrolment, actor, from_status: str, reason: str, on: date) -> None:
    EnrolmentEvent.objects.create(
        enrolment=enrolment,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=enrolment.status,
        reason=reason[:300],
        on=on,
    )


@transaction.atomic
def enrolment_propose(*, actor, program: Program, person: Person, reason: str = "") -> Enrolment:
    """An assistant proposes a person for a program; a supervisor approves."""
    _require(actor, PROPOSERS)
    person = get_scoped(Person.objects.all(), actor, pk=person.pk)
    if not program.active:
        raise ProgramsError(ProgramsErrorCode.INVALID, _("The program is not active."))
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                program=program,
                person=person,
                kelurahan_id=person.kelurahan_id,
                proposed_by=actor,
                assistant=actor if actor.role in FIELD_ROLES else None,
                reason=reason.strip()[:300],
            )
    except IntegrityError as exc:
        raise ProgramsError(
            ProgramsErrorCode.ALREADY_ENROLLED,
            _("This person is already proposed for or enrolled in this program."),
        ) from exc
    _event(enrolment, actor, "", reason, timezone.localdate())
    audit_record(
        actor=actor, action=Action.WRITE, obj=enrolment, summary=f"proposed for {program.code}"
    )
    return enrolment


def allowed_transitions(enrolment: Enrolment, actor=None) -> tuple[str, ...]:
    allowed = ENROLMENT_TRANSITIONS[enrolment.status]
    if actor is not None and actor.role not in APPROVERS:
        allowed = tuple(s for s in allowed if s != S.APPROVED)
    return allowed


@transaction.atomic
def enrolment_transition(
    *, actor, enrolment: Enrolment, to_status: str, reason: str = "", on: date | None = None
) -> Enrolment:
    """Move an enrolment along the table; approval is a supervisor's, with the quota checked."""
    _require(actor, PROPOSERS)
    get_scoped(Enrolment.objects.all(), actor, pk=enrolment.pk)
    Program.objects.select_for_update().get(pk=enrolment.program_id)
    enrolment = (
        Enrolment.objects.select_for_update().select_related("kelurahan").get(pk=enrolment.pk)
    )
    if to_status not in ENROLMENT_TRANSITIONS[enrolment.status]:
        raise ProgramsError(
            ProgramsErrorCode.TRANSITION,
            _("An enrolment cannot go from this status to that one."),
            from_status=enrolment.status,
            to_status=to_status,
        )
    if to_status == S.APPROVED:
        _require(actor, APPROVERS)
        _check_quota(enrolment.program, enrolment.kelurahan)
        enrolment.approved_by = actor
    if to_status in REASON_REQUIRED and not reason.strip():
        raise ProgramsError(
            ProgramsErrorCode.REASON_REQUIRED, _("Give the reason."), field="reason"
        )
    on = on or timezone.localdate()
    from_status = enrolment.status
    enrolment.status = to_status
    enrolment.status_on = on
    enrolment.reason = reason.strip()[:300]
    enrolment.save()
    _event(enrolment, actor, from_status, reason.strip(), on)
    audit_record(
        actor=actor,
        action=Action.WRITE,
        obj=enrolment,
        summary=f"enrolment {from_status} -> {to_status}",
    )
    return enrolment


@transaction.atomic
def usulan_create(
    *,
    actor,
    person: Person,
    kind: str,
    reason: str,
    evidence: str = "",
    program: Program | None = None,
) -> Usulan:
    """Propose a person for inclusion in or removal from the national data, with evidence."""
    _require(actor, PROPOSERS)
    person = get_scoped(Person.objects.all(), actor, pk=person.pk)
    if kind not in UsulanKind.values:
        raise ProgramsError(ProgramsErrorCode.INVALID, _("Choose inclusion or removal."))
    if not reason.strip():
        raise ProgramsError(ProgramsErrorCode.INVALID, _("Give the reason."), field="reason")
    try:
        with transaction.atomic():
            usulan = Usulan.objects.create(
                person=person,
                kelurahan_id=person.kelurahan_id,
                kind=kind,
                program=program,
                reason=reason.strip()[:300],
                evidence=evidence.strip()[:4000],
                proposed_by=actor,
            )
    except IntegrityError as exc:
        raise ProgramsError(
            ProgramsErrorCode.DUPLICATE, _("This person is already on an open list of this kind.")
        ) from exc
    audit_record(actor=actor, action=Action.WRITE, obj=usulan, summary=f"usulan {kind}")
    return usulan


USULAN_TRANSITIONS = {
    UsulanStatus.DRAFT: (UsulanStatus.AGREED, UsulanStatus.REJECTED),
    UsulanStatus.AGREED: (UsulanStatus.SUBMITTED,),
    UsulanStatus.REJECTED: (),
    UsulanStatus.SUBMITTED: (),
}


@transaction.atomic
def usulan_decide(*, actor, usulan: Usulan, to_status: str, on: date | None = None) -> Usulan:
    """Record the musyawarah kelurahan's decision, then the submission upstream."""
    _require(actor, PROPOSERS)
    usulan = get_scoped(Usulan.objects.select_for_update(), actor, pk=usulan.pk)
    if to_status not in USULAN_TRANSITIONS[usulan.status]:
        raise ProgramsError(ProgramsErrorCode.TRANSITION, _("Not possible from this status."))
    usulan.status = to_status
    usulan.decided_on = on or timezone.localdate()
    usulan.save(update_fields=["status", "decided_on"])
    audit_record(actor=actor, action=Action.WRITE, obj=usulan, summary=f"usulan {to_status}")
    return usulan


class EnrolmentHandover:
    """Open enrolments follow a person who moves within the city; they end when the person left."""

    kind = "enrolment"

    def open_items(self, *, person_ids) -> list[OpenItem]:
        rows = Enrolment.objects.filter(person_id__in=person_ids, status__in=OPEN_ENROLMENT)
        return [
            OpenItem(
                "enrolment", e.pk, f"{_('Enrolment')}: {e.program.name}", owner_id=e.assistant_id
            )
            for e in rows.select_related("program")
        ]

    def hand_over(self, *, context: HandoverContext) -> list[OpenItem]:
        rows = list(
            Enrolment.objects.select_for_update()
            .filter(person_id__in=context.person_ids, status__in=OPEN_ENROLMENT)
            .select_related("program")
        )
        today = timezone.localdate()
        moved = []
        for e in rows:
            if context.left_city:
                from_status = e.status
                e.status = S.ENDED
                e.status_on = today
                e.reason = (str(_("Moved out of the city")) + ". " + context.note)[:300]
                e.save()
                _event(e, context.actor, from_status, e.reason, today)
            else:
                if context.to_kelurahan_id:
                    e.kelurahan_id = context.to_kelurahan_id
                e.assistant = context.to_user
                e.save(update_fields=["kelurahan", "assistant"])
                EnrolmentEvent.objects.create(
                    enrolment=e,
                    actor=context.actor
                    if getattr(context.actor, "is_authenticated", False)
                    else None,
                    from_status=e.status,
                    to_status=e.status,
                    reason=context.note[:300],
                )
            moved.append(
                OpenItem(
                    "enrolment",
                    e.pk,
                    f"{_('Enrolment')}: {e.program.name}",
                    owner_id=e.assistant_id,
                )
            )
        return moved


def require_field_or_city(actor) -> None:
    if getattr(actor, "role", None) == Role.RTRW:
        raise OutOfScope
