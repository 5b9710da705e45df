"""Reads of the workforce registry and the staffing need.

The registry (names, phones, employment) is read by the Dinas; a field worker reads only
their own profile. Workload and need are aggregates (counts per area), not personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from pendamping.accounts.models import CITY_WIDE_ROLES, Assignment
from pendamping.core.exceptions import OutOfScope
from pendamping.wilayah.models import Level

from .models import NormLevel, StaffingNorm, Worker, WorkerType
from .staffing import AreaFigures, Need, Norm, area_need, heads
from .workload import AreaRow, Period, area_workload_levels

# Starting values the Dinas is expected to change in the admin (docs/workforce.md).
DEFAULT_NORMS = {
    WorkerType.TKSK: {
        "level": NormLevel.KECAMATAN,
        "min_per_area": 1.0,
        "travel_reference_km": 3.0,
        "travel_weight": 0.1,
        "note": "Permensos: one TKSK per kecamatan; more where travel is long",
    },
    WorkerType.PSM: {
        "level": NormLevel.KELURAHAN,
        "min_per_area": 1.0,
        "population_per_worker": 7000,
        "note": "At least one PSM per kelurahan; one per 7,000 people",
    },
    WorkerType.PKH: {
        "level": NormLevel.KELURAHAN,
        "min_per_area": 0.0,
        "ppks_households_per_worker": 250,
        "note": "Caseload ceiling of 250 families per PKH assistant",
    },
    WorkerType.PENYULUH: {
        "level": NormLevel.KECAMATAN,
        "min_per_area": 0.5,
        "note": "One counsellor for two kecamatan",
    },
    WorkerType.PEKSOS: {
        "level": NormLevel.KOTA,
        "min_per_area": 3.0,
        "open_work_per_worker": 60,
        "note": "Three at least; one per 60 open items city-wide",
    },
}


def is_manager(user) -> bool:
    return getattr(user, "role", None) in CITY_WIDE_ROLES


def worker_list(
    *, actor, worker_type: str = "", include_ended: bool = False, query: str = ""
) -> QuerySet[Worker]:
    if not is_manager(actor):
        return Worker.objects.filter(user=actor)
    today = timezone.localdate()
    qs = Worker.objects.select_related("user").prefetch_related(
        Prefetch(
            "user__assignments",
            queryset=Assignment.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today
            ).select_related("area"),
            to_attr="current",
        )
    )
    if worker_type:
        qs = qs.filter(worker_type=worker_type)
    if not include_ended:
        qs = qs.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(user__username__icontains=query))
    return qs.order_by("worker_type", "name")


def worker_get(*, actor, pk: int) -> Worker:
    """A worker's profile: the Dinas reads all, a worker their own; others get 404."""
    try:
        worker = Worker.objects.select_related("user").get(pk=pk)
    except Worker.DoesNotExist as exc:
        raise OutOfScope from exc
    if not is_manager(actor) and worker.user_id != actor.pk:
        raise OutOfScope
    return worker


def worker_history(*, worker: Worker) -> QuerySet[Assignment]:
    """Every assignment the worker ever had, newest first (the areas over time)."""
    return worker.user.assignments.select_related("area", "area__parent").order_by(
        "-valid_from", "-pk"
    )


def norms() -> dict[str, Norm]:
    """The norms in force: the admin's, else the defaults (so a fresh system has figures)."""
    stored = {n.worker_type: n for n in StaffingNorm.objects.all()}
    result = {}
    for t in WorkerType:
        if t in stored:
            n = stored[t]
            result[t.value] = Norm(
                t.value,
                n.level,
                n.min_per_area,
                n.ppks_households_per_worker,
                n.population_per_worker,
                n.open_work_per_worker,
                n.travel_reference_km,
                n.travel_weight,
            )
        elif t in DEFAULT_NORMS:
            values = {k: v for k, v in DEFAULT_NORMS[t].items() if k != "note"}
            result[t.value] = Norm(t.value, **values)
    return result


@dataclass
class NeedRow:
    area: AreaRow
    needs: dict[str, Need] = field(default_factory=dict)

    @property
    def shortfall(self) -> float:
        return round(sum(n.shortfall for n in self.needs.values()), 1)


@dataclass
class StaffingTable:
    level: str
    period: Period
    rows: list[NeedRow]
    norms: dict[str, Norm]
    city: dict[str, Need]
    types: list[str]

    def total(self, worker_type: str) -> dict[str, float]:
        needs = [r.needs[worker_type] for r in self.rows if worker_type in r.needs]
        if worker_type in self.city:
            needs = [self.city[worker_type]]
        need = round(sum(n.need for n in needs), 1)
        present = round(sum(n.present for n in needs), 1)
        return {
            "need": need,
            "present": present,
            "shortfall": round(sum(n.shortfall for n in needs), 1),
            "need_heads": heads(need),
            "hire": heads(sum(n.shortfall for n in needs)),
        }


def _figures(row: AreaRow) -> AreaFigures:
    return AreaFigures(row.population, row.ppks_households, row.open_work, row.spread_km)


def staffing_table(*, level: str = Level.KECAMATAN, period: Period | None = None) -> StaffingTable:
    """Need, present and shortfall per area for each worker type normed at this level or
    below (kelurahan needs are summed into their kecamatan); city-wide norms in `city`."""
    period = period or Period.last_days(90)
    in_force = norms()
    kec_rows, kel_rows = area_workload_levels(period)
    kel_needs: dict[int, dict[str, Need]] = {r.id: {} for r in kel_rows}
    kec_needs: dict[int, dict[str, Need]] = {r.id: {} for r in kec_rows}
    for t, norm in in_force.items():
        if norm.level == NormLevel.KELURAHAN:
            for r in kel_rows:
                kel_needs[r.id][t] = area_need(norm, _figures(r), r.fte.get(t, 0.0))
        elif norm.level == NormLevel.KECAMATAN:
            for r in kec_rows:
                kec_needs[r.id][t] = area_need(norm, _figures(r), r.fte.get(t, 0.0))
    for r in kec_rows:  # kelurahan norms summed into the kecamatan
        for t, norm in in_force.items():
            if norm.level != NormLevel.KELURAHAN:
                continue
            mine = [kel_needs[k.id][t] for k in kel_rows if k.parent_id == r.id]
            need = round(sum(n.need for n in mine), 1)
            present = round(sum(n.present for n in mine), 2)
            kec_needs[r.id][t] = Need(
                need, present, arithmetic=f"sum over {len(mine)} kelurahan = {need:g}"
            )
    city = {}
    for t, norm in in_force.items():
        if norm.level == NormLevel.KOTA:
            total = AreaFigures(
                sum(r.population for r in kec_rows),
                sum(r.ppks_households for r in kec_rows),
                sum(r.open_work for r in kec_rows),
                None,
            )
            city[t] = area_need(norm, total, sum(r.fte.get(t, 0.0) for r in kec_rows))
    if level == Level.KELURAHAN:
        rows = [NeedRow(r, kel_needs[r.id]) for r in kel_rows]
        types = [t for t, n in in_force.items() if n.level == NormLevel.KELURAHAN]
    else:
        rows = [NeedRow(r, kec_needs[r.id]) for r in kec_rows]
        types = [t for t, n in in_force.items() if n.level != NormLevel.KOTA]
    return StaffingTable(level, period, rows, in_force, city, types)


def period_from(start: str | None, end: str | None, default_days: int = 90) -> Period:
    """A period from ISO dates given by a user; a bad or reversed one falls back to the default."""
    try:
        end_d = dt.date.fromisoformat(end) if end else timezone.localdate()
        start_d = dt.date.fromisoformat(start) if start else end_d - dt.timedelta(default_days - 1)
    except ValueError:
        return Period.last_days(default_days)
    if start_d > end_d:
        return Period.last_days(default_days)
    return Period(start_d, end_d)
