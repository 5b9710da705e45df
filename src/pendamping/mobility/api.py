"""Mobility endpoints (router mounted at /api/v1/mobility), for field apps and other systems.
Same selectors and services as the pages; a report sent twice with the same `client_id` is
stored once (the second answer is 200 with the first report, the first one 201)."""

import datetime as dt

from django.utils import timezone
from ninja import Query, Router, Schema, Status

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope
from pendamping.core.models import Notification
from pendamping.core.notifications import mark_read
from pendamping.core.scope import get_scoped
from pendamping.registry.models import Household, Person
from pendamping.registry.nikmask import nik_display
from pendamping.wilayah.models import Area, Level

from . import selectors, services, tracing
from .models import TracingSource

router = Router(tags=["mobility"])


def _area(code: str | None, *, levels: tuple[str, ...], field: str) -> Area | None:
    if not code:
        return None
    area = Area.objects.filter(code=code, level__in=levels, valid_to__isnull=True).first()
    if area is None:
        raise services.MobilityError(
            services.MobilityErrorCode.AREA, f"Unknown area code: {code}", field=field
        )
    return area


KELURAHAN = (Level.KELURAHAN, Level.DESA)
RT = (Level.RT,)


class ReportIn(Schema):
    client_id: str | None = None
    kind: str
    event_on: dt.date
    event_time: dt.time | None = None
    household_id: int | None = None
    person_id: int | None = None
    subject_name: str = ""
    subject_nik: str = ""
    subject_sex: str = ""
    kelurahan_code: str | None = None
    rt_code: str | None = None
    destination: str = ""
    to_kelurahan_code: str | None = None
    to_rt_code: str | None = None
    to_address: str = ""
    came_from: str = ""
    new_kk: str = ""
    notes: str = ""


class ReportOut(Schema):
    id: int
    client_id: str | None
    kind: str
    status: str
    household_id: int | None
    person_id: int | None
    subject: str
    kelurahan_code: str
    rt_code: str | None
    event_at: dt.datetime
    reported_at: dt.datetime
    late: bool
    destination: str
    to_kelurahan_code: str | None
    to_address: str
    reporter: str
    decided_by: str | None
    decided_at: dt.datetime | None
    decision_reason: str
    corrections: dict
    handover: dict

    @staticmethod
    def resolve_subject(obj) -> str:
        return obj.subject_label

    @staticmethod
    def resolve_kelurahan_code(obj) -> str:
        return obj.kelurahan.code

    @staticmethod
    def resolve_rt_code(obj) -> str | None:
        return obj.rt.code if obj.rt_id else None

    @staticmethod
    def resolve_to_kelurahan_code(obj) -> str | None:
        return obj.to_kelurahan.code if obj.to_kelurahan_id else None

    @staticmethod
    def resolve_reporter(obj) -> str:
        return obj.reporter.username

    @staticmethod
    def resolve_decided_by(obj) -> str | None:
        return obj.decided_by.username if obj.decided_by_id else None


class ConfirmIn(Schema):
    note: str = ""
    destination: str | None = None
    to_kelurahan_code: str | None = None
    to_rt_code: str | None = None
    to_address: str | None = None
    event_on: dt.date | None = None
    subject_name: str | None = None
    subject_nik: str | None = None
    subject_sex: str | None = None
    new_kk: str | None = None


class RejectIn(Schema):
    reason: str


class ReportFilters(Schema):
    status: str = ""
    kind: str = ""
    limit: int = 50
    offset: int = 0


@router.post("/reports", response={200: ReportOut, 201: ReportOut}, summary="Report an event")
def report_create(request, payload: ReportIn):
    household = person = None
    if payload.person_id:
        person = get_scoped(Person.objects.all(), request.user, pk=payload.person_id)
    if payload.household_id:
        household = get_scoped(Household.objects.all(), request.user, pk=payload.household_id)
    report, created = services.report_submit(
        actor=request.user,
        kind=payload.kind,
        event_on=payload.event_on,
        event_time=payload.event_time,
        household=household,
        person=person,
        subject_name=payload.subject_name,
        subject_nik=payload.subject_nik,
        subject_sex=payload.subject_sex,
        kelurahan=_area(payload.kelurahan_code, levels=KELURAHAN, field="kelurahan_code"),
        rt=_area(payload.rt_code, levels=RT, field="rt_code"),
        destination=payload.destination,
        to_kelurahan=_area(payload.to_kelurahan_code, levels=KELURAHAN, field="to_kelurahan_code"),
        to_rt=_area(payload.to_rt_code, levels=RT, field="to_rt_code"),
        to_address=payload.to_address,
        came_from=payload.came_from,
        new_kk=payload.new_kk,
        notes=payload.notes,
        client_id=payload.client_id,
        channel="api",
        request=request,
    )
    return Status(201 if created else 200, report)


@router.get("/reports", response=list[ReportOut], summary="Reports you may see")
def report_list(request, filters: Query[ReportFilters]):
    qs = selectors.report_list(request.user, status=filters.status, kind=filters.kind)
    rows = list(
        qs[max(0, filters.offset) : max(0, filters.offset) + min(max(1, filters.limit), 200)]
    )
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="mobility.movereport",
        summary=f"{len(rows)} reports",
        request=request,
    )
    return rows


@router.get("/reports/{report_id}", response=ReportOut, summary="One report")
def report_get(request, report_id: int):
    report = selectors.report_get(request.user, report_id)
    audit_record(actor=request.user, action=Action.API_READ, obj=report, request=request)
    return report


@router.post(
    "/reports/{report_id}/confirm", response=ReportOut, summary="Confirm (with corrections)"
)
def report_confirm(request, report_id: int, payload: ConfirmIn):
    report = selectors.report_get(request.user, report_id)
    corrections: dict = {}
    for name in (
        "destination",
        "to_address",
        "event_on",
        "subject_name",
        "subject_nik",
        "subject_sex",
        "new_kk",
    ):
        value = getattr(payload, name)
        if value is not None:
            corrections[name] = value
    if payload.to_kelurahan_code is not None:
        corrections["to_kelurahan"] = _area(
            payload.to_kelurahan_code, levels=KELURAHAN, field="to_kelurahan_code"
        )
    if payload.to_rt_code is not None:
        corrections["to_rt"] = _area(payload.to_rt_code, levels=RT, field="to_rt_code")
    services.report_confirm(
        actor=request.user,
        report=report,
        corrections=corrections,
        note=payload.note,
        request=request,
    )
    return selectors.report_get(request.user, report_id)


@router.post("/reports/{report_id}/reject", response=ReportOut, summary="Reject with a reason")
def report_reject(request, report_id: int, payload: RejectIn):
    report = selectors.report_get(request.user, report_id)
    services.report_reject(
        actor=request.user, report=report, reason=payload.reason, request=request
    )
    return selectors.report_get(request.user, report_id)


class TracingOut(Schema):
    id: int | None
    person_id: int
    name: str
    status: str
    last_known_address: str
    last_seen_on: dt.date | None
    failed_attempts: int
    verval_task_id: int | None


class TracingOpenIn(Schema):
    person_id: int


class AttemptIn(Schema):
    method: str
    outcome: str
    contacts_asked: str = ""
    notes: str = ""
    attempted_on: dt.date | None = None


class DecisionIn(Schema):
    deactivate: bool
    note: str


def _tracing_out(record, failed: int) -> dict:
    return {
        "id": record.pk,
        "person_id": record.person_id,
        "name": record.person.name,
        "status": record.status,
        "last_known_address": record.last_known_address,
        "last_seen_on": record.last_seen_on,
        "failed_attempts": failed,
        "verval_task_id": None,
    }


def _require_assistant(request) -> None:
    if request.user.role not in services.CONFIRMING_ROLES:
        raise OutOfScope


@router.get("/tracing", response=list[TracingOut], summary="The tracing list of your areas")
def tracing_list(request, status: str = "active"):
    _require_assistant(request)
    rows = selectors.tracing_list(request.user, status=status)
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="mobility.tracingrecord",
        summary=f"{len(rows)} tracing rows",
        request=request,
    )
    out = []
    for row in rows:
        if row.record is not None:
            out.append(_tracing_out(row.record, row.failed))
        else:
            out.append(
                {
                    "id": None,
                    "person_id": row.person.pk,
                    "name": row.person.name,
                    "status": "not_started",
                    "last_known_address": "",
                    "last_seen_on": None,
                    "failed_attempts": 0,
                    "verval_task_id": row.verval_task_id,
                }
            )
    return out


@router.post("/tracing", response={201: TracingOut}, summary="Put a person on the tracing list")
def tracing_open(request, payload: TracingOpenIn):
    person = get_scoped(Person.objects.all(), request.user, pk=payload.person_id)
    record = tracing.tracing_open(
        actor=request.user, person=person, source=TracingSource.MANUAL, request=request
    )
    return Status(201, _tracing_out(record, tracing.failed_attempts(record)))


@router.post(
    "/tracing/{record_id}/attempts", response={201: TracingOut}, summary="Record an attempt"
)
def tracing_attempt(request, record_id: int, payload: AttemptIn):
    record = selectors.tracing_get(request.user, record_id)
    tracing.tracing_attempt_add(
        actor=request.user, record=record, **payload.dict(), request=request
    )
    record = selectors.tracing_get(request.user, record_id)
    return Status(201, _tracing_out(record, tracing.failed_attempts(record)))


@router.post("/tracing/{record_id}/decision", response=TracingOut, summary="Supervisor's decision")
def tracing_decision(request, record_id: int, payload: DecisionIn):
    record = selectors.tracing_get(request.user, record_id)
    record = tracing.tracing_decide(
        actor=request.user,
        record=record,
        deactivate=payload.deactivate,
        note=payload.note,
        request=request,
    )
    return _tracing_out(record, tracing.failed_attempts(record))


class ParticipationOut(Schema):
    rt_code: str
    rt: str
    accounts: list[str]
    reports: int
    on_time: int
    on_time_percent: int | None
    last_report_at: dt.datetime | None
    days_since_last: int | None
    never_reports: bool


@router.get(
    "/participation/{kelurahan_code}",
    response=list[ParticipationOut],
    summary="RT/RW participation",
)
def participation(request, kelurahan_code: str):
    _require_assistant(request)
    kelurahan = selectors.kelurahan_in_scope(request.user).filter(code=kelurahan_code).first()
    if kelurahan is None:
        raise OutOfScope
    return [
        {
            "rt_code": r["rt"].code,
            "rt": r["rt"].name,
            "accounts": r["accounts"],
            "reports": r["made"],
            "on_time": r["on_time"],
            "on_time_percent": r["on_time_share"],
            "last_report_at": r["last"],
            "days_since_last": r["days_since"],
            "never_reports": r["never"],
        }
        for r in selectors.participation(kelurahan)
    ]


class PersonBrief(Schema):
    id: int
    name: str
    nik: str
    kelurahan_code: str


class WorklistOut(Schema):
    pending_reports: list[ReportOut]
    pending_count: int
    not_seen: list[PersonBrief]
    not_seen_count: int
    tracing_count: int
    address_mismatch_available: bool
    address_mismatch_count: int


@router.get("/worklist", response=WorklistOut, summary="Your worklists and alerts")
def worklist(request):
    _require_assistant(request)
    panel = selectors.home_panel(request.user)
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="mobility.worklist",
        summary="worklist",
        request=request,
    )
    return {
        "pending_reports": panel["pending"],
        "pending_count": panel["pending_count"],
        "not_seen": [
            {
                "id": p.pk,
                "name": p.name,
                "nik": nik_display(request.user, p.nik) if p.nik else "",
                "kelurahan_code": p.kelurahan.code,
            }
            for p in panel["not_seen"]
        ],
        "not_seen_count": panel["not_seen_count"],
        "tracing_count": panel["tracing_count"],
        "address_mismatch_available": panel["mismatches"]["available"],
        "address_mismatch_count": panel["mismatches"]["count"],
    }


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    kind: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class ReadIn(Schema):
    ids: list[int] | None = None


@router.get("/notifications", response=list[NotificationOut], summary="Your notifications")
def notifications(request, unread: bool = False):
    qs = Notification.objects.filter(user=request.user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return list(qs[:100])


@router.post("/notifications/read", summary="Mark notifications as read (all when no ids)")
def notifications_read(request, payload: ReadIn):
    return {"marked": mark_read(user=request.user, ids=payload.ids), "at": timezone.now()}
