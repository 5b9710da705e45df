"""Casework endpoints (router mounted at /api/v1/casework): the same selectors and services
as the pages, so scope and protection rules are the same."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status

from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import get_scoped
from pendamping.registry.models import PpksCategory
from pendamping.registry.selectors import person_get
from pendamping.wilayah.models import Area, Level

from . import selectors, services
from .models import Agency
from .roles import role_options

router = Router(tags=["casework"])


def _require_role(request) -> None:
    if request.user.role not in services.CASEWORK_ROLES:
        raise OutOfScope


class RoleOut(Schema):
    code: str
    label: str
    definition: str


class GoalOut(Schema):
    id: int
    text: str
    due_on: dt.date | None
    done_on: dt.date | None


class CaseOut(Schema):
    id: int
    person_id: int
    kelurahan_code: str
    lead: str
    category: str
    status: str
    urgency: int
    protection: bool
    protection_kind: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    outcome: str

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code

    @staticmethod
    def resolve_lead(obj) -> str:
        return obj.lead.username

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code


class CaseDetailOut(CaseOut):
    problem: str
    strengths: str
    goals: list[GoalOut]
    allowed_transitions: list[str]

    @staticmethod
    def resolve_goals(obj) -> list:
        return list(obj.goals.all())

    @staticmethod
    def resolve_allowed_transitions(obj) -> list[str]:
        return list(services.allowed_transitions(obj))


class GoalIn(Schema):
    text: str
    due_on: dt.date | None = None


class CaseIn(Schema):
    person_id: int
    category_code: str
    problem: str
    strengths: str = ""
    urgency: int = 2
    household_level: bool = False
    protection: bool = False
    protection_kind: str = ""
    goals: list[GoalIn] = []


class TransitionIn(Schema):
    to_status: str
    note: str = ""
    outcome: str = ""


class ActivityOut(Schema):
    id: int
    client_id: str | None
    case_id: int | None
    kind: str
    date: dt.date
    duration_minutes: int
    place: str
    latitude: float | None
    longitude: float | None
    kelurahan_id: int
    roles: list[str]
    notes: str


class ActivityIn(Schema):
    client_id: str | None = None
    case_id: int | None = None
    kelurahan_id: int | None = None
    kind: str
    roles: list[str]
    date: dt.date | None = None
    duration_minutes: int = 30
    place: str = ""
    latitude: float | None = None
    longitude: float | None = None
    person_ids: list[int] = []
    notes: str = ""


class ReferralOut(Schema):
    id: int
    case_id: int | None
    person_id: int
    agency_id: int
    agency: str
    need: str
    due_on: dt.date
    status: str
    feedback: str

    @staticmethod
    def resolve_agency(obj) -> str:
        return obj.agency.name


class ReferralIn(Schema):
    case_id: int | None = None
    person_id: int | None = None
    agency_id: int
    need: str
    due_on: dt.date


class ReferralTransitionIn(Schema):
    to_status: str
    feedback: str = ""


class EventOut(Schema):
    id: int
    topic: str
    program: str
    area_code: str
    date: dt.date
    status: str
    target_group: str
    attendance_male: int
    attendance_female: int

    @staticmethod
    def resolve_area_code(obj) -> str:
        return obj.area.code


class EventIn(Schema):
    topic: str
    area_code: str
    date: dt.date
    program: str = ""
    target_group: str = ""
    materials: str = ""


class EventHeldIn(Schema):
    attendance_male: int
    attendance_female: int
    attendance_by_group: dict[str, int] = {}
    follow_ups: str = ""


class CaseFilter(Schema):
    mine: bool = True
    status: str = "open"


@router.get("/roles", response=list[RoleOut], summary="The assistant's roles and definitions")
def list_roles(request):
    return [
        {**r, "label": str(r["label"]), "definition": str(r["definition"])} for r in role_options()
    ]


@router.get("/cases", response=list[CaseOut], summary="Cases you may see (open ones by default)")
def list_cases(request, params: Query[CaseFilter]):
    _require_role(request)
    qs = selectors.case_list(request.user, mine=params.mine, status=params.status)
    return [c for c in qs[:200] if c.may_open]


@router.get("/cases/{case_id}", response=CaseDetailOut, summary="One case")
def get_case(request, case_id: int):
    _require_role(request)
    return selectors.case_get(request.user, case_id, channel="api")


@router.post("/cases", response={201: CaseDetailOut}, summary="Open a case from an assessment")
def create_case(request, payload: CaseIn):
    _require_role(request)
    person = person_get(actor=request.user, pk=payload.person_id)
    category = get_object_or_404(PpksCategory, code=payload.category_code)
    case = services.case_open(
        actor=request.user,
        person=person,
        category=category,
        problem=payload.problem,
        strengths=payload.strengths,
        urgency=payload.urgency,
        household_level=payload.household_level,
        protection=payload.protection,
        protection_kind=payload.protection_kind,
        goals=[(g.text, g.due_on) for g in payload.goals],
    )
    return Status(201, case)


@router.post("/cases/{case_id}/transition", response=CaseDetailOut, summary="Change status")
def transition_case(request, case_id: int, payload: TransitionIn):
    _require_role(request)
    case = selectors.case_get(request.user, case_id, channel="api")
    if payload.to_status == "closed":
        return services.case_close(
            actor=request.user, case=case, outcome=payload.outcome, note=payload.note
        )
    return services.case_transition(
        actor=request.user, case=case, to_status=payload.to_status, note=payload.note
    )


@router.get("/activities", response=list[ActivityOut], summary="Your recent activities")
def list_activities(request, case_id: int | None = None):
    _require_role(request)
    qs = selectors.visible_activities(request.user)
    if case_id is not None:
        qs = qs.filter(case_id=selectors.case_get(request.user, case_id, channel="api").pk)
    else:
        qs = qs.filter(actor=request.user)
    return qs[:200]


@router.post(
    "/activities",
    response={200: ActivityOut, 201: ActivityOut},
    summary="Record an activity (idempotent by client_id: a repeat returns the stored one, 200)",
)
def create_activity(request, payload: ActivityIn):
    _require_role(request)
    case = None
    if payload.case_id is not None:
        case = selectors.case_get(request.user, payload.case_id, channel="api")
    people = [person_get(actor=request.user, pk=pk) for pk in payload.person_ids]
    activity, created = services.activity_record(
        actor=request.user,
        case=case,
        kelurahan_id=payload.kelurahan_id,
        kind=payload.kind,
        roles=payload.roles,
        on=payload.date,
        duration_minutes=payload.duration_minutes,
        place=payload.place,
        latitude=payload.latitude,
        longitude=payload.longitude,
        people=people,
        notes=payload.notes,
        client_id=payload.client_id,
    )
    return Status(201 if created else 200, activity)


@router.get("/referrals", response=list[ReferralOut], summary="Referrals you may see")
def list_referrals(request, overdue: bool = False):
    _require_role(request)
    qs = selectors.visible_referrals(request.user).select_related("agency")
    if overdue:
        from django.utils import timezone

        qs = qs.filter(status__in=("sent", "no_response"), due_on__lt=timezone.localdate())
    return qs[:200]


@router.post("/referrals", response={201: ReferralOut}, summary="Refer a person to an agency")
def create_referral(request, payload: ReferralIn):
    _require_role(request)
    case = (
        selectors.case_get(request.user, payload.case_id, channel="api")
        if payload.case_id
        else None
    )
    person = person_get(actor=request.user, pk=payload.person_id) if payload.person_id else None
    referral = services.referral_create(
        actor=request.user,
        case=case,
        person=person,
        agency=get_object_or_404(Agency, pk=payload.agency_id),
        need=payload.need,
        due_on=payload.due_on,
    )
    return Status(201, referral)


@router.post(
    "/referrals/{referral_id}/transition", response=ReferralOut, summary="Record the answer"
)
def transition_referral(request, referral_id: int, payload: ReferralTransitionIn):
    _require_role(request)
    referral = selectors.referral_get(request.user, referral_id)
    return services.referral_transition(
        actor=request.user,
        referral=referral,
        to_status=payload.to_status,
        feedback=payload.feedback,
    )


@router.get("/events", response=list[EventOut], summary="Outreach events in your areas")
def list_events(request):
    _require_role(request)
    return selectors.event_list(request.user)[:200]


@router.get("/events/{event_id}", response=EventOut, summary="One outreach event")
def get_event(request, event_id: int):
    _require_role(request)
    event = selectors.event_list(request.user).filter(pk=event_id).first()
    if event is None:
        raise OutOfScope
    return event


@router.post("/events", response={201: EventOut}, summary="Plan an outreach event in an area")
def create_event(request, payload: EventIn):
    from pendamping.wilayah.models import Area

    _require_role(request)
    area = Area.objects.filter(code=payload.area_code).select_related("parent__parent").first()
    if area is None:
        raise OutOfScope
    event = services.event_plan(
        actor=request.user,
        topic=payload.topic,
        area=area,
        on=payload.date,
        program=payload.program,
        target_group=payload.target_group,
        materials=payload.materials,
    )
    return Status(201, event)


@router.post("/events/{event_id}/held", response=EventOut, summary="Record attendance")
def hold_event(request, event_id: int, payload: EventHeldIn):
    _require_role(request)
    event = get_event(request, event_id)
    return services.event_held(actor=request.user, event=event, **payload.dict())


class AssessmentIn(Schema):
    category_code: str | None = None
    problem: str | None = None
    strengths: str | None = None
    urgency: int | None = None
    note: str = ""


@router.patch("/cases/{case_id}/assessment", response=CaseDetailOut, summary="Edit the assessment")
def update_assessment(request, case_id: int, payload: AssessmentIn):
    """Only the fields sent change; the case history keeps what they were before."""
    _require_role(request)
    case = selectors.case_get(request.user, case_id, channel="api")
    changes = payload.dict(exclude_unset=True, exclude={"note", "category_code"})
    if payload.category_code is not None:
        changes["category"] = get_object_or_404(PpksCategory, code=payload.category_code)
    return services.case_assessment_update(
        actor=request.user, case=case, note=payload.note, **changes
    )


class EscalationIn(Schema):
    body: str
    body_detail: str = ""
    note: str = ""
    handed_over_at: dt.datetime | None = None


class EscalationOut(Schema):
    id: int
    case_id: int
    body: str
    body_detail: str
    note: str
    handed_over_at: dt.datetime


@router.post(
    "/cases/{case_id}/escalations",
    response={201: EscalationOut},
    summary="Hand a protection case to a body (UPTD PPA, police...), time-stamped",
)
def add_escalation(request, case_id: int, payload: EscalationIn):
    _require_role(request)
    case = selectors.case_get(request.user, case_id, channel="api")
    escalation = services.escalation_add(
        actor=request.user,
        case=case,
        body=payload.body,
        body_detail=payload.body_detail,
        note=payload.note,
        at=payload.handed_over_at,
    )
    return Status(201, escalation)


class BreakGlassIn(Schema):
    reason: str


@router.post(
    "/cases/{case_id}/emergency-access",
    response=CaseDetailOut,
    summary="A supervisor opens a protection case in an emergency (reason logged, shown)",
)
def break_glass(request, case_id: int, payload: BreakGlassIn):
    _require_role(request)
    services.case_break_glass(
        actor=request.user, case_id=case_id, reason=payload.reason, channel="api"
    )
    return selectors.case_get(request.user, case_id, channel="api")


class MediationSessionOut(Schema):
    id: int
    held_on: dt.date
    notes: str


class MediationOut(Schema):
    id: int
    case_id: int | None
    kelurahan_code: str
    subject: str
    party_ids: list[int]
    other_parties: str
    mediator: str
    agreement_reached: bool | None
    agreement: str
    follow_up_on: dt.date | None
    opened_on: dt.date
    sessions: list[MediationSessionOut]

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code

    @staticmethod
    def resolve_party_ids(obj) -> list[int]:
        return [p.pk for p in obj.parties.all()]

    @staticmethod
    def resolve_mediator(obj) -> str:
        return obj.mediator.username

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())


class MediationIn(Schema):
    subject: str
    kelurahan_code: str | None = None
    case_id: int | None = None
    party_ids: list[int] = []
    other_parties: str = ""


class MediationSessionIn(Schema):
    notes: str
    held_on: dt.date | None = None
    agreement_reached: bool | None = None
    agreement: str = ""
    follow_up_on: dt.date | None = None


class PartyIn(Schema):
    person_id: int


def _mediation(request, mediation_id: int):
    return get_scoped(selectors.mediation_list(request.user), request.user, pk=mediation_id)


@router.get("/mediations", response=list[MediationOut], summary="Mediations in your areas")
def list_mediations(request):
    _require_role(request)
    qs = selectors.mediation_list(request.user).select_related("kelurahan", "mediator")
    return qs.prefetch_related("parties", "sessions")[:200]


@router.get("/mediations/{mediation_id}", response=MediationOut, summary="One mediation")
def get_mediation(request, mediation_id: int):
    _require_role(request)
    return _mediation(request, mediation_id)


@router.post("/mediations", response={201: MediationOut}, summary="Open a dispute record")
def create_mediation(request, payload: MediationIn):
    _require_role(request)
    case = (
        selectors.case_get(request.user, payload.case_id, channel="api")
        if payload.case_id
        else None
    )
    kelurahan_id = case.kelurahan_id if case else None
    if kelurahan_id is None:
        area = get_object_or_404(Area, code=payload.kelurahan_code or "", level=Level.KELURAHAN)
        kelurahan_id = area.pk
    parties = [person_get(actor=request.user, pk=pk) for pk in payload.party_ids]
    mediation = services.mediation_open(
        actor=request.user,
        kelurahan_id=kelurahan_id,
        subject=payload.subject,
        parties=parties,
        other_parties=payload.other_parties,
        case=case,
    )
    return Status(201, mediation)


@router.post(
    "/mediations/{mediation_id}/sessions", response={201: MediationOut}, summary="Add a session"
)
def add_mediation_session(request, mediation_id: int, payload: MediationSessionIn):
    _require_role(request)
    mediation = _mediation(request, mediation_id)
    services.mediation_session_add(actor=request.user, mediation=mediation, **payload.dict())
    return Status(201, _mediation(request, mediation_id))


@router.post(
    "/mediations/{mediation_id}/parties", response=MediationOut, summary="Add a registry party"
)
def add_mediation_party(request, mediation_id: int, payload: PartyIn):
    _require_role(request)
    mediation = _mediation(request, mediation_id)
    person = person_get(actor=request.user, pk=payload.person_id)
    services.mediation_party_add(actor=request.user, mediation=mediation, person=person)
    return _mediation(request, mediation_id)
