"""Programs endpoints (router mounted at /api/v1/programs): the same selectors and services as
the pages, so scope, the conduct rule and the audit are the same."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope
from pendamping.registry.selectors import person_get
from pendamping.wilayah.models import Area

from . import selectors, services
from .complaints import selectors as complaint_selectors
from .complaints import services as complaint_services
from .models import Program

router = Router(tags=["programs"])


def _require(request, roles) -> None:
    if getattr(request.user, "role", None) not in roles:
        raise OutOfScope


class ConditionOut(Schema):
    field: str
    op: str
    value: dict
    group: int


class ProgramOut(Schema):
    code: str
    name: str
    owner: str
    kind: str
    unit: str
    description: str
    active: bool
    starts_on: dt.date | None
    ends_on: dt.date | None
    target_categories: list[str]
    conditions: list[ConditionOut]

    @staticmethod
    def resolve_target_categories(obj) -> list[str]:
        return [c.code for c in obj.target_categories.all()]

    @staticmethod
    def resolve_conditions(obj) -> list:
        return list(obj.conditions.all())


class ProgramIn(Schema):
    code: str
    name: str
    owner: str
    kind: str
    unit: str = "person"
    description: str = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    conditions: list[dict] = []


@router.get("/programs", response=list[ProgramOut])
def program_list(request):
    _require(request, services.PROPOSERS)
    return list(selectors.program_list())


@router.post("/programs", response={201: ProgramOut})
def program_create(request, payload: ProgramIn):
    _require(request, services.PROGRAM_EDITORS)
    program = services.program_save(
        actor=request.user,
        **payload.dict(exclude={"conditions"}),
    )
    for condition in payload.conditions:
        services.condition_add(actor=request.user, program=program, condition=condition)
    return Status(201, selectors.program_get(code=program.code))


class CheckOut(Schema):
    condition: dict
    text: str
    met: bool
    observed: str


class PersonEligibilityOut(Schema):
    program: str
    eligible: bool
    checks: list[CheckOut]


@router.get("/people/{person_id}/eligibility", response=list[PersonEligibilityOut])
def person_eligibility(request, person_id: int):
    """Each active program for one person, with every condition met or failed."""
    _require(request, services.PROPOSERS)
    person = person_get(actor=request.user, pk=person_id)
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        obj=person,
        request=request,
        summary="eligibility",
    )
    return [
        {
            "program": r["program"].code,
            "eligible": r["eligible"],
            "checks": [c.__dict__ for c in r["checks"]],
        }
        for r in selectors.person_eligibility(person=person)
    ]


class EligibilityOut(Schema):
    program: str
    eligible: int
    eligible_not_enrolled: list[int]
    enrolled_not_eligible: list[int]


@router.get("/programs/{code}/eligibility", response=EligibilityOut)
def program_eligibility(request, code: str, limit: int = 1000):
    """Counts for the caller's areas, and person ids (up to `limit`) of both gap lists."""
    _require(request, services.PROPOSERS)
    program = get_object_or_404(Program, code=code)
    result = selectors.registry_eligibility(actor=request.user, programs=[program])[0]
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        obj=program,
        request=request,
        summary="eligibility list",
    )
    limit = max(0, min(limit, 10000))
    return {
        "program": code,
        "eligible": len(result.eligible),
        "eligible_not_enrolled": sorted(result.eligible_not_enrolled)[:limit],
        "enrolled_not_eligible": sorted(result.enrolled_not_eligible)[:limit],
    }


class EnrolmentOut(Schema):
    id: int
    program: str
    person_id: int
    kelurahan_code: str
    status: str
    status_on: dt.date
    reason: str
    allowed_transitions: list[str]

    @staticmethod
    def resolve_program(obj) -> str:
        return obj.program.code

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code

    @staticmethod
    def resolve_allowed_transitions(obj) -> list[str]:
        return list(services.ENROLMENT_TRANSITIONS[obj.status])


class EnrolmentIn(Schema):
    program: str
    person_id: int
    reason: str = ""


class TransitionIn(Schema):
    to_status: str
    reason: str = ""
    on: dt.date | None = None


@router.get("/enrolments", response=list[EnrolmentOut])
def enrolment_list(request, program: str = "", status: str = "open", offset: int = 0):
    _require(request, services.PROPOSERS)
    found = get_object_or_404(Program, code=program) if program else None
    rows = selectors.enrolment_list(actor=request.user, program=found, status=status)
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="programs.enrolment",
        summary="enrolment list",
        request=request,
    )
    return list(rows[max(offset, 0) : max(offset, 0) + 500])


@router.post("/enrolments", response={201: EnrolmentOut})
def enrolment_propose(request, payload: EnrolmentIn):
    _require(request, services.PROPOSERS)
    program = get_object_or_404(Program, code=payload.program)
    person = person_get(actor=request.user, pk=payload.person_id)
    enrolment = services.enrolment_propose(
        actor=request.user, program=program, person=person, reason=payload.reason
    )
    return Status(201, selectors.enrolment_get(actor=request.user, pk=enrolment.pk))


@router.post("/enrolments/{enrolment_id}/transition", response=EnrolmentOut)
def enrolment_transition(request, enrolment_id: int, payload: TransitionIn):
    _require(request, services.PROPOSERS)
    enrolment = selectors.enrolment_get(actor=request.user, pk=enrolment_id)
    services.enrolment_transition(
        actor=request.user,
        enrolment=enrolment,
        to_status=payload.to_status,
        reason=payload.reason,
        on=payload.on,
    )
    return selectors.enrolment_get(actor=request.user, pk=enrolment_id)


class ComplaintOut(Schema):
    id: int
    code: str
    category: str
    channel: str
    kelurahan_code: str
    status: str
    due_at: dt.datetime
    overdue: bool
    escalated_at: dt.datetime | None
    assignee: str | None
    answer: str
    created_at: dt.datetime

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code

    @staticmethod
    def resolve_assignee(obj) -> str | None:
        return obj.assignee.username if obj.assignee else None


class ComplaintIn(Schema):
    category: str
    kelurahan_code: str
    description: str
    channel: str = "api"
    nik: str = ""
    name: str = ""
    contact: str = ""
    about_name: str = ""


class ComplaintCreated(ComplaintOut):
    pin: str

    @staticmethod
    def resolve_pin(obj) -> str:
        return complaint_services.pin_for(obj.code)


class ComplaintTransitionIn(Schema):
    to_status: str
    answer: str = ""
    note: str = ""


@router.get("/complaints", response=list[ComplaintOut])
def complaint_list(
    request, status: str = "open", category: str = "", mine: bool = False, overdue: bool = False
):
    _require(request, complaint_services.HANDLERS)
    rows = complaint_selectors.complaint_list(
        actor=request.user, mine=mine, status=status, category=category, overdue=overdue
    )
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="programs.complaint",
        summary="complaint list",
        request=request,
    )
    return list(rows[:500])


@router.post("/complaints", response={201: ComplaintCreated, 200: ComplaintCreated})
def complaint_create(request, payload: ComplaintIn):
    """A complaint entered by staff or a partner system; the same text twice in a day is one."""
    _require(request, complaint_services.HANDLERS)
    kelurahan = Area.objects.filter(code=payload.kelurahan_code).first()
    complaint, created = complaint_services.complaint_submit(
        actor=request.user,
        channel=payload.channel,
        category=payload.category,
        kelurahan=kelurahan,
        description=payload.description,
        nik=payload.nik,
        name=payload.name,
        contact=payload.contact,
        about_name=payload.about_name,
    )
    return Status(201 if created else 200, complaint)


@router.get("/complaints/figures", response=list[dict])
def complaint_figures(request, level: str = "kecamatan"):
    _require(request, complaint_services.HANDLERS)
    return complaint_selectors.complaint_figures(actor=request.user, level=level)


@router.get("/complaints/{complaint_id}", response=ComplaintOut)
def complaint_get(request, complaint_id: int):
    _require(request, complaint_services.HANDLERS)
    complaint = complaint_selectors.complaint_get(actor=request.user, pk=complaint_id)
    audit_record(actor=request.user, action=Action.API_READ, obj=complaint, request=request)
    return complaint


@router.post("/complaints/{complaint_id}/transition", response=ComplaintOut)
def complaint_transition(request, complaint_id: int, payload: ComplaintTransitionIn):
    _require(request, complaint_services.HANDLERS)
    complaint = complaint_selectors.complaint_get(actor=request.user, pk=complaint_id)
    return complaint_services.complaint_transition(
        actor=request.user,
        complaint=complaint,
        to_status=payload.to_status,
        note=payload.note,
        answer=payload.answer,
    )
