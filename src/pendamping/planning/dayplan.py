"""An assistant's day of field visits: their due work with household locations, planned by
`routing.plan_day` (priorities, time windows, travel), marked done on the day; what is not
done rolls over to the next plan one priority higher.

Due work: open verval tasks assigned to them, follow-ups of the open cases they lead
(plan goals or reviews due, urgent cases) and open complaints assigned to them (when the
complaints app has its model). Work without a household location cannot be routed and is
listed apart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import scoped

from .models import DayPlan, PlanStop, StopKind, StopStatus
from .routing import Stop, plan_day
from .services import PlanningError, PlanningErrorCode
from .workload import OPEN_COMPLAINT, complaint_model

SERVICE_MINUTES = {StopKind.VERVAL: 20, StopKind.CASE: 45, StopKind.COMPLAINT: 30}
LOOKAHEAD_DAYS = 14
DONE_QUIET_DAYS = 7  # a visit marked done is not planned again for a week
MAX_CANDIDATES = 60


@dataclass
class DueItem:
    kind: str
    ref_id: int
    label: str
    kelurahan_id: int
    household_id: int | None
    address: str
    lat: float | None
    lon: float | None
    priority: int
    due_on: dt.date | None
    rolled_over: bool = False


def _priority_by_due(due_on: dt.date | None, day: dt.date) -> int:
    if due_on is not None and due_on <= day:
        return 1
    if due_on is not None and due_on <= day + dt.timedelta(days=3):
        return 2
    return 3


def due_work(*, user, day: dt.date) -> list[DueItem]:
    """The user's open field work for `day`, highest priority and earliest due first."""
    from pendamping.casework.models import Case, CaseStatus, Urgency
    from pendamping.linkage.models import VervalStatus, VervalTask

    horizon = day + dt.timedelta(days=LOOKAHEAD_DAYS)
    items: list[DueItem] = []
    tasks = (
        VervalTask.objects.filter(assignee=user, status=VervalStatus.OPEN)
        .filter(Q(due_on__isnull=True) | Q(due_on__lte=horizon))
        .select_related("person__household")
    )
    for t in scoped(tasks, user):
        hh = t.person.household if t.person_id else None
        items.append(
            DueItem(
                StopKind.VERVAL,
                t.pk,
                f"{t.person.name if t.person_id else t.subject}: {t.reason}"[:200],
                t.kelurahan_id,
                hh.pk if hh else None,
                hh.address if hh else "",
                hh.latitude if hh else None,
                hh.longitude if hh else None,
                _priority_by_due(t.due_on, day),
                t.due_on,
            )
        )
    cases = (
        Case.objects.filter(lead=user)
        .exclude(status=CaseStatus.CLOSED)
        .filter(
            Q(urgency__gte=Urgency.URGENT)
            | Q(goals__done_on__isnull=True, goals__due_on__lte=day + dt.timedelta(days=2))
            | Q(reviews__next_review_on__lte=day)
        )
        .distinct()
        .select_related("person__household")
        .prefetch_related("goals")
    )
    for c in scoped(cases, user):
        hh = c.person.household
        dues = [g.due_on for g in c.goals.all() if g.done_on is None and g.due_on]
        due = min(dues) if dues else None
        priority = 1 if c.urgency >= Urgency.URGENT else _priority_by_due(due, day)
        if c.urgency == Urgency.HIGH:
            priority = min(priority, 2)
        items.append(
            DueItem(
                StopKind.CASE,
                c.pk,
                f"{c.person.name}: {c.problem}"[:200],
                c.kelurahan_id,
                hh.pk,
                hh.address,
                hh.latitude,
                hh.longitude,
                priority,
                due,
            )
        )
    complaint = complaint_model()
    if complaint is not None:
        open_complaints = complaint.objects.filter(assignee=user, status__in=OPEN_COMPLAINT)
        for c in scoped(open_complaints.select_related("person__household"), user):
            hh = c.person.household if c.person_id else None
            due = timezone.localtime(c.due_at).date() if c.due_at else None
            items.append(
                DueItem(
                    StopKind.COMPLAINT,
                    c.pk,
                    f"{c.code} {c.get_category_display()}: {c.description}"[:200],
                    c.kelurahan_id,
                    hh.pk if hh else None,
                    hh.address if hh else "",
                    hh.latitude if hh else None,
                    hh.longitude if hh else None,
                    _priority_by_due(due, day),
                    due,
                )
            )
    _roll_over(user, day, items)
    items.sort(key=lambda i: (i.priority, i.due_on or dt.date.max, i.kind, i.ref_id))
    return items


def _roll_over(user, day: dt.date, items: list[DueItem]) -> None:
    """Drop what was visited lately; raise by one level what an earlier plan did not reach."""
    earlier = PlanStop.objects.filter(plan__user=user, plan__day__lt=day).values_list(
        "kind", "ref_id", "status", "plan__day"
    )
    quiet_since = day - dt.timedelta(days=DONE_QUIET_DAYS)
    done, missed = set(), set()
    for kind, ref_id, status, plan_day_ in earlier:
        if status == StopStatus.DONE and plan_day_ >= quiet_since:
            done.add((kind, ref_id))
        elif status != StopStatus.DONE:
            missed.add((kind, ref_id))
    items[:] = [i for i in items if (i.kind, i.ref_id) not in done]
    for i in items:
        if (i.kind, i.ref_id) in missed:
            i.rolled_over = True
            i.priority = max(1, i.priority - 1)


def depot_of(user) -> tuple[float, float, str]:
    """Where the day starts and ends: the worker's start point, else the centre of their
    first area (the kantor lurah or camat is usually near it)."""
    from pendamping.accounts.selectors import current_assignments

    worker = getattr(user, "worker", None)
    if worker is not None and worker.base_lat is not None and worker.base_lon is not None:
        return worker.base_lat, worker.base_lon, str(_("Start point"))
    for a in current_assignments(user=user).order_by("valid_from", "pk"):
        if a.area.centroid_lat is not None:
            return a.area.centroid_lat, a.area.centroid_lon, a.area.display_name
    raise PlanningError(PlanningErrorCode.INVALID, _("Set a start point on your worker profile."))


def day_plan_make(
    *,
    actor,
    day: dt.date,
    start_minute: int = 8 * 60,
    end_minute: int = 16 * 60,
    speed_kmh: float = 25.0,
    detour: float = 1.4,
    time_limit_s: float = 2.0,
    request=None,
) -> DayPlan:
    """Plan (or replan) the actor's day; visits already marked done that day are kept."""
    items = due_work(user=actor, day=day)
    plan_prev = DayPlan.objects.filter(user=actor, day=day).first()
    done_today = set()
    if plan_prev is not None:
        done_today = set(
            plan_prev.stops.filter(status=StopStatus.DONE).values_list("kind", "ref_id")
        )
    routable = [i for i in items if i.lat is not None and (i.kind, i.ref_id) not in done_today]
    routable = routable[:MAX_CANDIDATES]
    lat, lon, label = depot_of(actor)
    depot = Stop("depot", lat, lon)
    key = {f"{i.kind}:{i.ref_id}": i for i in routable}
    stops = [
        Stop(k, i.lat, i.lon, SERVICE_MINUTES[i.kind], start_minute, end_minute, i.priority)
        for k, i in key.items()
    ]
    result = plan_day(
        depot,
        stops,
        start=start_minute,
        end=end_minute,
        speed_kmh=speed_kmh,
        detour=detour,
        time_limit_s=time_limit_s,
    )
    with transaction.atomic():
        plan, _created = DayPlan.objects.update_or_create(
            user=actor,
            day=day,
            defaults={
                "depot_lat": lat,
                "depot_lon": lon,
                "depot_label": label,
                "start_minute": start_minute,
                "end_minute": end_minute,
                "travel_minutes": result.travel_minutes,
                "distance_km": result.distance_km,
                "finish_minute": result.finish,
                "solve_seconds": result.solve_seconds,
            },
        )
        plan.stops.exclude(status=StopStatus.DONE).delete()
        rows = []
        for seq, visit in enumerate(result.visits, start=1):
            rows.append(_stop_row(plan, key[visit.id], StopStatus.PLANNED, seq, visit))
        for stop_id in result.dropped:
            rows.append(_stop_row(plan, key[stop_id], StopStatus.DROPPED, None, None))
        PlanStop.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=plan,
            summary=f"day plan {day}: {len(result.visits)} visits",
            request=request,
        )
    return plan


def _stop_row(plan, item: DueItem, status, seq, visit) -> PlanStop:
    return PlanStop(
        plan=plan,
        kind=item.kind,
        ref_id=item.ref_id,
        kelurahan_id=item.kelurahan_id,
        household_id=item.household_id,
        label=item.label,
        address=item.address,
        lat=item.lat,
        lon=item.lon,
        priority=item.priority,
        rolled_over=item.rolled_over,
        seq=seq,
        status=status,
        arrival_minute=visit.arrival if visit else None,
        departure_minute=visit.departure if visit else None,
    )


def day_plan_get(*, actor, day: dt.date, request=None) -> DayPlan | None:
    """The actor's plan for the day with its visits (read of personal data: audited)."""
    plan = DayPlan.objects.filter(user=actor, day=day).first()
    if plan is not None:
        audit_record(
            actor=actor, action=Action.READ, obj=plan, summary=f"day plan {day}", request=request
        )
    return plan


def plan_stops(*, actor, plan: DayPlan):
    return scoped(plan.stops.all(), actor).order_by("seq", "priority", "pk")


def plan_stop_done(*, actor, stop_id: int, done: bool = True, request=None) -> PlanStop:
    """Mark a planned visit done (or undo it) on the actor's own plan."""
    with transaction.atomic():
        try:
            stop = scoped(PlanStop.objects.select_for_update(), actor).get(
                pk=stop_id, plan__user=actor
            )
        except PlanStop.DoesNotExist as exc:
            raise OutOfScope from exc
        if done:
            stop.status, stop.done_at = StopStatus.DONE, timezone.now()
        else:
            stop.status = StopStatus.PLANNED if stop.seq else StopStatus.DROPPED
            stop.done_at = None
        stop.save(update_fields=["status", "done_at"])
        audit_record(
            actor=actor,
            action=Action.WRITE,
            obj=stop,
            summary=f"visit {'done' if done else 'undone'}",
            request=request,
        )
    return stop


def unlocated(items: list[DueItem]) -> list[DueItem]:
    return [i for i in items if i.lat is None]
