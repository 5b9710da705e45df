"""Workload and coverage per area and per worker over a period (reads only; aggregates).

Coverage counts workers as full-time equivalents: a worker's share is split evenly over their
assignments and, within one, evenly over its kelurahan, so the TKSK of old Tampan is 0.5 in
Binawidya and 0.5 in Tuahmadani and a city-wide Peksos is 1/83 in each kelurahan.
Counts are as of the period's end (open cases, open verval) or within it (activities,
referrals, complaints received, verval done).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db.models import Avg, Count, F, FloatField, Q
from django.db.models.functions import Cos, Power, Radians, Sqrt
from django.utils import timezone

from pendamping.accounts.models import FIELD_ROLES, Assignment
from pendamping.wilayah.models import Area, Level, Population

from .models import Worker, WorkerType

KM_PER_DEGREE = 111.32
TYPES = [t.value for t in WorkerType]
OPEN_COMPLAINT = ("received", "in_progress")


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def start_dt(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))

    @property
    def end_dt(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.max))

    @classmethod
    def last_days(cls, days: int = 90, end: dt.date | None = None) -> Period:
        end = end or timezone.localdate()
        return cls(end - dt.timedelta(days=days - 1), end)


@dataclass
class AreaRow:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    parent_name: str = ""
    population: int = 0
    population_estimated: bool = False
    ppks_people: int = 0
    ppks_households: int = 0
    open_cases: int = 0
    verval_open: int = 0
    verval_done: int = 0
    referrals: int = 0
    activities: int = 0
    complaints: int | None = None
    complaints_open: int | None = None
    area_km2: float | None = None
    spread_km: float | None = None
    fte: dict[str, float] = field(default_factory=dict)
    workers: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def open_work(self) -> int:
        return self.open_cases + self.verval_open + (self.complaints_open or 0)

    @property
    def total_fte(self) -> float:
        return sum(v for k, v in self.fte.items() if k != WorkerType.VOLUNTEER)

    @property
    def people_per_worker(self) -> float | None:
        return self.population / self.total_fte if self.total_fte else None

    def ppks_per(self, worker_type: str) -> float | None:
        fte = self.fte.get(worker_type, 0.0)
        return self.ppks_people / fte if fte else None

    @property
    def ppks_per_tksk(self) -> float | None:
        return self.ppks_per(WorkerType.TKSK)

    @property
    def ppks_per_psm(self) -> float | None:
        return self.ppks_per(WorkerType.PSM)

    @property
    def ppks_per_pkh(self) -> float | None:
        return self.ppks_per(WorkerType.PKH)


def complaint_model():
    """The complaints model of `programs`, or None while that app has none."""
    try:
        return apps.get_model("programs", "Complaint")
    except LookupError:
        return None


def region_areas() -> tuple[list[Area], list[Area]]:
    """The region's current kecamatan and kelurahan (the areas the tables list)."""
    region = settings.PENDAMPING_REGION_CODE
    kecamatan = list(
        Area.objects.filter(
            parent__code=region, level=Level.KECAMATAN, valid_to__isnull=True
        ).order_by("code")
    )
    kelurahan = list(
        Area.objects.filter(
            parent__in=kecamatan, level__in=(Level.KELURAHAN, Level.DESA), valid_to__isnull=True
        ).order_by("code")
    )
    return kecamatan, kelurahan


def worker_type_of(user, worker: Worker | None) -> str | None:
    if worker is not None:
        return worker.worker_type
    return user.role if user.role in FIELD_ROLES else None


def coverage_shares(as_of: dt.date, kelurahan: list[Area]) -> dict[int, dict[int, float]]:
    """user id -> {kelurahan id: share} for everyone covering the region on `as_of`."""
    kel_ids = {k.pk for k in kelurahan}
    by_parent: dict[int, list[int]] = defaultdict(list)
    for k in kelurahan:
        by_parent[k.parent_id].append(k.pk)
    rows = (
        Assignment.objects.filter(valid_from__lte=as_of)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=as_of))
        .filter(Q(user__is_active=True) | Q(user__worker__isnull=False))
        .exclude(user__worker__ended_on__lte=as_of)
        .values_list("user_id", "area_id", "area__level", "area__parent_id")
    )
    kec_parent = dict(Area.objects.filter(pk__in=list(by_parent)).values_list("pk", "parent_id"))
    per_user: dict[int, list[list[int]]] = defaultdict(list)
    for user_id, area_id, level, parent_id in rows:
        if level in (Level.KELURAHAN, Level.DESA):
            under = [area_id] if area_id in kel_ids else []
        elif level == Level.KECAMATAN:
            under = by_parent.get(area_id, [])
        elif level in (Level.KOTA, Level.KABUPATEN):
            under = [k for p, ks in by_parent.items() for k in ks if kec_parent[p] == area_id]
        elif level == Level.RW:
            under = [parent_id] if parent_id in kel_ids else []
        else:
            under = []
        if under:
            per_user[user_id].append(under)
    shares: dict[int, dict[int, float]] = {}
    for user_id, groups in per_user.items():
        share: dict[int, float] = defaultdict(float)
        for group in groups:
            for k in group:
                share[k] += 1 / len(groups) / len(group)
        shares[user_id] = dict(share)
    return shares


def _count_by(qs, key: str = "kelurahan_id") -> dict[int, int]:
    return dict(qs.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def _spread(prefix: str, ids: list[int]) -> dict[int, float]:
    """Mean straight-line distance (km) of active households from their area's centre."""
    from pendamping.registry.models import Household, RecordStatus

    lat, lon = F(f"{prefix}__centroid_lat"), F(f"{prefix}__centroid_lon")
    dist = Sqrt(
        Power(F("latitude") - lat, 2) + Power((F("longitude") - lon) * Cos(Radians(lat)), 2),
        output_field=FloatField(),
    )
    qs = (
        Household.objects.filter(
            **{f"{prefix}_id__in" if prefix == "kelurahan" else f"{prefix}__in": ids},
            status=RecordStatus.ACTIVE,
            latitude__isnull=False,
            **{f"{prefix}__centroid_lat__isnull": False},
        )
        .values(prefix)
        .annotate(d=Avg(dist))
        .values_list(prefix, "d")
    )
    return {k: round(d * KM_PER_DEGREE, 2) for k, d in qs if d is not None}


def area_workload(period: Period, *, level: str = Level.KELURAHAN) -> list[AreaRow]:
    """One row per kelurahan (or kecamatan) of the region with its workload and coverage."""
    kec_rows, kel_rows = area_workload_levels(period)
    return kec_rows if level == Level.KECAMATAN else kel_rows


def area_workload_levels(period: Period) -> tuple[list[AreaRow], list[AreaRow]]:
    """The kecamatan rows and the kelurahan rows, from one set of queries."""
    from pendamping.casework.models import Activity, Case, Referral
    from pendamping.linkage.models import VervalStatus, VervalTask
    from pendamping.registry.models import Household, Person, RecordStatus

    kecamatan, kelurahan = region_areas()
    kel_ids = [k.pk for k in kelurahan]
    start, end = period.start_dt, period.end_dt
    counts = {
        "ppks_people": _count_by(
            Person.objects.filter(kelurahan_id__in=kel_ids, status=RecordStatus.ACTIVE)
        ),
        "ppks_households": _count_by(
            Household.objects.filter(kelurahan_id__in=kel_ids, status=RecordStatus.ACTIVE)
        ),
        "open_cases": _count_by(
            Case.objects.filter(kelurahan_id__in=kel_ids, opened_at__lte=end).filter(
                Q(closed_at__isnull=True) | Q(closed_at__gt=end)
            )
        ),
        "verval_open": _count_by(
            VervalTask.objects.filter(kelurahan_id__in=kel_ids, created_at__lte=end)
            .exclude(status=VervalStatus.CANCELLED)
            .filter(Q(status=VervalStatus.OPEN) | Q(result_at__gt=end))
        ),
        "verval_done": _count_by(
            VervalTask.objects.filter(
                kelurahan_id__in=kel_ids, status=VervalStatus.DONE, result_at__range=(start, end)
            )
        ),
        "referrals": _count_by(
            Referral.objects.filter(kelurahan_id__in=kel_ids, sent_at__range=(start, end))
        ),
        "activities": _count_by(
            Activity.objects.filter(
                kelurahan_id__in=kel_ids, date__range=(period.start, period.end)
            )
        ),
    }
    complaint = complaint_model()
    if complaint is not None:
        counts["complaints"] = _count_by(
            complaint.objects.filter(kelurahan_id__in=kel_ids, created_at__range=(start, end))
        )
        counts["complaints_open"] = _count_by(
            complaint.objects.filter(
                kelurahan_id__in=kel_ids, created_at__lte=end, status__in=OPEN_COMPLAINT
            )
        )
    population = _population(kecamatan, kelurahan, period.end.year)
    shares = coverage_shares(period.end, kelurahan)
    names, types = _worker_names(shares)
    spread_kel = _spread("kelurahan", kel_ids)
    kec_name = {k.pk: k.display_name for k in kecamatan}
    rows: dict[int, AreaRow] = {}
    for k in kelurahan:
        row = AreaRow(k.pk, k.code, k.display_name, k.level, k.parent_id, kec_name[k.parent_id])
        row.population, row.population_estimated = population[k.pk]
        for key, values in counts.items():
            setattr(row, key, values.get(k.pk, 0))
        row.area_km2, row.spread_km = k.area_km2, spread_kel.get(k.pk)
        rows[k.pk] = row
    for user_id, share in shares.items():
        t = types.get(user_id)
        if t is None:
            continue
        for kel_id, value in share.items():
            row = rows[kel_id]
            row.fte[t] = row.fte.get(t, 0.0) + value
            row.workers.setdefault(t, []).append(names[user_id])
    kel_rows = list(rows.values())
    kec_rows = _roll_up(kecamatan, kel_rows, population)
    for row in kel_rows:
        _finish(row)
    return kec_rows, kel_rows


def _roll_up(kecamatan: list[Area], kel_rows: list[AreaRow], population) -> list[AreaRow]:
    spread = _spread("kelurahan__parent", [k.pk for k in kecamatan])
    out = []
    for kec in kecamatan:
        row = AreaRow(kec.pk, kec.code, kec.display_name, kec.level, kec.parent_id)
        row.population, row.population_estimated = population[kec.pk]
        row.area_km2, row.spread_km = kec.area_km2, spread.get(kec.pk)
        mine = [r for r in kel_rows if r.parent_id == kec.pk]
        for key in (
            "ppks_people",
            "ppks_households",
            "open_cases",
            "verval_open",
            "verval_done",
            "referrals",
            "activities",
            "complaints",
            "complaints_open",
        ):
            values = [getattr(r, key) for r in mine]
            setattr(row, key, None if any(v is None for v in values) else sum(values))
        for r in mine:
            for t, v in r.fte.items():
                row.fte[t] = row.fte.get(t, 0.0) + v
            for t, ws in r.workers.items():
                row.workers.setdefault(t, [])
                row.workers[t] += [w for w in ws if w not in row.workers[t]]
        _finish(row)
        out.append(row)
    return out


def _finish(row: AreaRow) -> None:
    row.fte = {t: round(v, 2) for t, v in row.fte.items()}
    main = (WorkerType.TKSK, WorkerType.PSM, WorkerType.PKH)
    row.missing = [t for t in main if row.fte.get(t, 0) <= 0]


def _population(kecamatan, kelurahan, year: int) -> dict[int, tuple[int, bool]]:
    """Latest figure up to `year` (else the latest); a kelurahan without its own figure gets
    an even share of its kecamatan's, marked as estimated."""
    ids = [a.pk for a in [*kecamatan, *kelurahan]]
    best: dict[int, tuple[int, int]] = {}
    for area_id, y, total in Population.objects.filter(area_id__in=ids).values_list(
        "area_id", "year", "total"
    ):
        rank = (y <= year, y)
        if area_id not in best or rank > best[area_id][0]:
            best[area_id] = (rank, total)
    result = {k.pk: (best[k.pk][1], False) if k.pk in best else (0, True) for k in kecamatan}
    per_kec = defaultdict(int)
    for k in kelurahan:
        per_kec[k.parent_id] += 1
    for k in kelurahan:
        if k.pk in best:
            result[k.pk] = (best[k.pk][1], False)
        else:
            result[k.pk] = (round(result[k.parent_id][0] / per_kec[k.parent_id]), True)
    return result


def _worker_names(shares: dict[int, dict[int, float]]) -> tuple[dict[int, str], dict[int, str]]:
    from pendamping.accounts.models import User

    users = User.objects.filter(pk__in=shares).select_related("worker")
    names, types = {}, {}
    for user in users:
        worker = getattr(user, "worker", None)
        names[user.pk] = worker.name if worker else (user.get_full_name() or user.username)
        t = worker_type_of(user, worker)
        if t is not None:
            types[user.pk] = t
    return names, types


@dataclass
class WorkerRow:
    user_id: int
    worker_id: int | None
    name: str
    worker_type: str
    areas: list[str]
    ppks_households: float = 0.0
    open_cases: int = 0
    verval_open: int = 0
    verval_done: int = 0
    referrals: int = 0
    activities: int = 0
    complaints_open: int | None = None


def worker_workload(period: Period, *, worker_type: str | None = None) -> list[WorkerRow]:
    """One row per worker covering the region: the PPKS households of their share of areas
    and the work on their name."""
    from pendamping.accounts.models import User
    from pendamping.casework.models import Activity, Case, Referral
    from pendamping.linkage.models import VervalStatus, VervalTask
    from pendamping.registry.models import Household, RecordStatus

    _, kelurahan = region_areas()
    kel_name = {k.pk: k.display_name for k in kelurahan}
    shares = coverage_shares(period.end, kelurahan)
    households = _count_by(
        Household.objects.filter(kelurahan_id__in=kel_name, status=RecordStatus.ACTIVE)
    )
    start, end = period.start_dt, period.end_dt
    ids = list(shares)
    per = {
        "open_cases": _count_by(
            Case.objects.filter(lead_id__in=ids, opened_at__lte=end).filter(
                Q(closed_at__isnull=True) | Q(closed_at__gt=end)
            ),
            "lead_id",
        ),
        "verval_open": _count_by(
            VervalTask.objects.filter(assignee_id__in=ids, status=VervalStatus.OPEN), "assignee_id"
        ),
        "verval_done": _count_by(
            VervalTask.objects.filter(result_by_id__in=ids, result_at__range=(start, end)),
            "result_by_id",
        ),
        "referrals": _count_by(
            Referral.objects.filter(referred_by_id__in=ids, sent_at__range=(start, end)),
            "referred_by_id",
        ),
        "activities": _count_by(
            Activity.objects.filter(actor_id__in=ids, date__range=(period.start, period.end)),
            "actor_id",
        ),
    }
    complaint = complaint_model()
    if complaint is not None:
        per["complaints_open"] = _count_by(
            complaint.objects.filter(assignee_id__in=ids, status__in=OPEN_COMPLAINT),
            "assignee_id",
        )
    rows = []
    for user in User.objects.filter(pk__in=ids).select_related("worker").order_by("username"):
        worker = getattr(user, "worker", None)
        t = worker_type_of(user, worker)
        if t is None or (worker_type and t != worker_type):
            continue
        share = shares[user.pk]
        areas = sorted(kel_name[k] for k in share)
        row = WorkerRow(
            user.pk,
            worker.pk if worker else None,
            worker.name if worker else (user.get_full_name() or user.username),
            t,
            areas if len(areas) <= 6 else [*areas[:5], f"+{len(areas) - 5}"],
            ppks_households=round(sum(households.get(k, 0) * v for k, v in share.items()), 1),
        )
        for key, values in per.items():
            setattr(row, key, values.get(user.pk, 0))
        rows.append(row)
    return rows


def totals(rows: list[AreaRow]) -> dict[str, float]:
    """City totals of a table (population and counts summed, FTE by type summed)."""
    keys = (
        "population",
        "ppks_people",
        "ppks_households",
        "open_cases",
        "verval_open",
        "verval_done",
        "referrals",
        "activities",
        "complaints",
        "complaints_open",
    )
    out: dict[str, float] = {}
    for key in keys:
        values = [getattr(r, key) for r in rows]
        out[key] = None if any(v is None for v in values) else sum(values)
    for t in TYPES:
        out[f"fte_{t}"] = round(sum(r.fte.get(t, 0.0) for r in rows), 1)
    out["area_km2"] = round(sum(r.area_km2 or 0 for r in rows), 1)
    return out
