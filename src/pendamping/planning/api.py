"""Workforce endpoints (router mounted at /api/v1/workforce): the same selectors, services and
day plan as the pages. The registry and the what-if are for the Dinas; "today" is the
assistant's own."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from pendamping.accounts.models import CITY_WIDE_ROLES, FIELD_ROLES
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope

from . import dayplan, selectors
from .models import StopStatus
from .workload import area_workload

router = Router(tags=["workforce"])


def _require(request, roles) -> None:
    if getattr(request.user, "role", None) not in roles:
        raise OutOfScope


class AssignmentOut(Schema):
    area_code: str
    area_name: str
    valid_from: dt.date
    valid_to: dt.date | None


class WorkerOut(Schema):
    id: int
    name: str
    worker_type: str
    basis: str
    employer: str
    started_on: dt.date
    ended_on: dt.date | None
    username: str
    has_login: bool


class WorkerDetailOut(WorkerOut):
    phone: str
    history: list[AssignmentOut]


def _worker(w) -> dict:
    return {
        "id": w.pk,
        "name": w.name,
        "worker_type": w.worker_type,
        "basis": w.basis,
        "employer": w.employer,
        "started_on": w.started_on,
        "ended_on": w.ended_on,
        "username": w.user.username,
        "has_login": w.has_login,
    }


@router.get("/workers", response=list[WorkerOut])
def workers(request, worker_type: str = "", include_ended: bool = False):
    _require(request, CITY_WIDE_ROLES)
    rows = list(
        selectors.worker_list(
            actor=request.user, worker_type=worker_type, include_ended=include_ended
        )
    )
    audit_record(
        actor=request.user,
        action=Action.API_READ,
        object_type="planning.worker",
        summary=f"worker list ({len(rows)})",
        request=request,
    )
    return [_worker(w) for w in rows]


@router.get("/workers/{pk}", response=WorkerDetailOut)
def worker(request, pk: int):
    w = selectors.worker_get(actor=request.user, pk=pk)
    audit_record(
        actor=request.user, action=Action.API_READ, obj=w, summary="worker profile", request=request
    )
    history = [
        {
            "area_code": a.area.code,
            "area_name": a.area.display_name,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
        }
        for a in selectors.worker_history(worker=w)
    ]
    return {**_worker(w), "phone": w.phone, "history": history}


class PeriodIn(Schema):
    level: str = "kecamatan"
    start: str | None = None
    end: str | None = None


class AreaLoadOut(Schema):
    code: str
    name: str
    population: int
    population_estimated: bool
    ppks_people: int
    ppks_households: int
    open_cases: int
    verval_open: int
    verval_done: int
    referrals: int
    activities: int
    complaints: int | None
    area_km2: float | None
    spread_km: float | None
    workers: dict[str, float]
    people_per_worker: float | None
    missing: list[str]


@router.get("/workload", response=list[AreaLoadOut])
def workload(request, q: Query[PeriodIn]):
    _require(request, (*CITY_WIDE_ROLES, *FIELD_ROLES))
    period = selectors.period_from(q.start, q.end)
    level = "kelurahan" if q.level == "kelurahan" else "kecamatan"
    return [
        {**{k: getattr(r, k) for k in AreaLoadOut.model_fields if k != "workers"}, "workers": r.fte}
        for r in area_workload(period, level=level)
    ]


class NeedOut(Schema):
    worker_type: str
    need: float
    present: float
    shortfall: float
    arithmetic: str


class AreaNeedOut(Schema):
    code: str
    name: str
    needs: list[NeedOut]


class StaffingOut(Schema):
    start: dt.date
    end: dt.date
    areas: list[AreaNeedOut]
    city: dict[str, dict[str, float]]


def _need(t, n) -> dict:
    return {
        "worker_type": t,
        "need": n.need,
        "present": n.present,
        "shortfall": n.shortfall,
        "arithmetic": n.arithmetic,
    }


@router.get("/staffing", response=StaffingOut)
def staffing(request, q: Query[PeriodIn]):
    _require(request, (*CITY_WIDE_ROLES, *FIELD_ROLES))
    period = selectors.period_from(q.start, q.end)
    level = "kelurahan" if q.level == "kelurahan" else "kecamatan"
    table = selectors.staffing_table(level=level, period=period)
    return {
        "start": period.start,
        "end": period.end,
        "areas": [
            {
                "code": r.area.code,
                "name": r.area.name,
                "needs": [_need(t, n) for t, n in r.needs.items()],
            }
            for r in table.rows
        ],
        "city": {t: table.total(t) for t in [*table.types, *table.city]},
    }


class WhatIfIn(Schema):
    worker_type: str = "tksk"
    extra: int = 3
    max_split: int = 2
    inertia: float = 5.0
    max_km: float | None = None


class WhatIfAreaOut(Schema):
    code: str
    name: str
    workload: float
    current: list[str]
    proposed: list[str]
    new: list[str]


class WhatIfOut(Schema):
    worker_type: str
    extra: int
    workers: int
    current_max_load: float | None
    balanced_max_load: float
    max_load_with_extra: float
    lower_bound: float
    gap: float
    optimal: bool
    solve_seconds: float
    adjacency_relaxed: bool
    areas: list[WhatIfAreaOut]


@router.get("/what-if", response=WhatIfOut)
def what_if(request, q: Query[WhatIfIn]):
    from .whatif import what_if as run

    _require(request, CITY_WIDE_ROLES)
    r = run(
        worker_type=q.worker_type,
        extra=q.extra,
        max_split=q.max_split,
        inertia=max(0.0, q.inertia),
        max_km=q.max_km,
    )
    return {
        "worker_type": r.worker_type,
        "extra": r.extra,
        "workers": r.workers,
        "current_max_load": r.base.current_max_load,
        "balanced_max_load": r.base.max_load,
        "max_load_with_extra": r.with_extra.max_load,
        "lower_bound": r.with_extra.lower_bound,
        "gap": r.with_extra.gap,
        "optimal": r.with_extra.optimal,
        "solve_seconds": r.base.solve_seconds + r.with_extra.solve_seconds,
        "adjacency_relaxed": r.relaxed,
        "areas": [
            {
                "code": a.code,
                "name": a.name,
                "workload": a.workload,
                "current": a.current,
                "proposed": a.proposed,
                "new": a.new,
            }
            for a in r.areas
        ],
    }


class StopOut(Schema):
    id: int
    seq: int | None
    kind: str
    ref_id: int
    label: str
    address: str
    lat: float
    lon: float
    priority: int
    arrival: str | None
    departure: str | None
    status: str
    rolled_over: bool


class DayPlanOut(Schema):
    day: dt.date
    start: str
    finish: str
    travel_minutes: float
    distance_km: float
    visits: list[StopOut]
    dropped: list[StopOut]


def _hhmm(minutes: float | None) -> str | None:
    if minutes is None:
        return None
    total = round(minutes)
    return f"{total // 60:02d}:{total % 60:02d}"


def _stop(s) -> dict:
    return {
        "id": s.pk,
        "seq": s.seq,
        "kind": s.kind,
        "ref_id": s.ref_id,
        "label": s.label,
        "address": s.address,
        "lat": s.lat,
        "lon": s.lon,
        "priority": s.priority,
        "arrival": _hhmm(s.arrival_minute),
        "departure": _hhmm(s.departure_minute),
        "status": s.status,
        "rolled_over": s.rolled_over,
    }


def _plan_out(request, plan) -> dict:
    stops = list(dayplan.plan_stops(actor=request.user, plan=plan))
    return {
        "day": plan.day,
        "start": _hhmm(plan.start_minute),
        "finish": _hhmm(plan.finish_minute),
        "travel_minutes": plan.travel_minutes,
        "distance_km": plan.distance_km,
        "visits": [_stop(s) for s in stops if s.seq],
        "dropped": [_stop(s) for s in stops if not s.seq and s.status != StopStatus.DONE],
    }


@router.get("/today", response=DayPlanOut)
def today(request, day: dt.date | None = None, replan: bool = False):
    """The caller's day plan; made on the first call of the day (or with replan=true)."""
    _require(request, FIELD_ROLES)
    from django.utils import timezone

    day = day or timezone.localdate()
    plan = None if replan else dayplan.day_plan_get(actor=request.user, day=day, request=request)
    if plan is None:
        plan = dayplan.day_plan_make(actor=request.user, day=day, request=request)
    return _plan_out(request, plan)


class DoneIn(Schema):
    done: bool = True


@router.post("/today/visits/{pk}/done", response=StopOut)
def visit_done(request, pk: int, body: DoneIn):
    _require(request, FIELD_ROLES)
    return _stop(
        dayplan.plan_stop_done(actor=request.user, stop_id=pk, done=body.done, request=request)
    )
