"""Reads of the mobility app: reports, conflicts, the tracing list, the "not seen" worklist,
participation of RT/RW. Every read of personal data goes through `core.scope`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from pendamping.accounts.models import Role
from pendamping.accounts.selectors import current_assignments
from pendamping.core import handover
from pendamping.core.exceptions import OutOfScope
from pendamping.core.scope import scope_of, scoped
from pendamping.registry.models import Classification, Household, Person, RecordStatus
from pendamping.wilayah.models import Area, Level

from .models import (
    MoveReport,
    NotSeenThreshold,
    ReportKind,
    ReportStatus,
    TracingRecord,
    TracingStatus,
)

HOUSEHOLD_PAGE = 30
CONFLICTING = {
    ReportKind.PRESENT: {ReportKind.MOVED_OUT, ReportKind.UNKNOWN, ReportKind.DECEASED},
    ReportKind.MOVED_OUT: {ReportKind.PRESENT, ReportKind.DECEASED, ReportKind.UNKNOWN},
    ReportKind.UNKNOWN: {ReportKind.PRESENT, ReportKind.MOVED_OUT, ReportKind.DECEASED},
    ReportKind.DECEASED: {ReportKind.PRESENT, ReportKind.MOVED_OUT, ReportKind.UNKNOWN},
}


def default_not_seen_days() -> int:
    return int(getattr(settings, "PENDAMPING_NOT_SEEN_DAYS", 180))


def _related():
    return (
        "household",
        "person",
        "kelurahan",
        "rt",
        "to_kelurahan",
        "reporter",
        "decided_by",
    )


def _with_head(qs: QuerySet[MoveReport]) -> QuerySet[MoveReport]:
    """The first member's name of household reports, so lists show a name without N+1."""
    first = Person.objects.filter(household=OuterRef("household_id")).order_by("pk")
    return qs.annotate(head_name=Subquery(first.values("name")[:1]))


def visible_reports(actor) -> QuerySet[MoveReport]:
    """Reports of the actor's areas; for assistants also confirmed moves into their areas (the
    handover record), for RT/RW heads also the reports they sent."""
    qs = MoveReport.objects.all()
    scope = scope_of(actor)
    if scope.everything:
        return qs
    mine = Q(pk__in=scoped(qs, actor).values("pk"))
    if actor.role == Role.RTRW:
        return qs.filter(mine | Q(reporter=actor))
    return qs.filter(
        mine | Q(to_kelurahan_id__in=scope.kelurahan_ids, status=ReportStatus.CONFIRMED)
    )


def report_get(actor, pk: int) -> MoveReport:
    report = visible_reports(actor).select_related(*_related()).filter(pk=pk).first()
    if report is None:
        raise OutOfScope
    return report


def report_list(
    actor, *, status: str = "", kind: str = "", mine: bool = False
) -> QuerySet[MoveReport]:
    qs = _with_head(visible_reports(actor).select_related(*_related()))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if mine:
        qs = qs.filter(reporter=actor)
    return qs.order_by("-reported_at", "-pk")


def pending_reports(actor) -> QuerySet[MoveReport]:
    """Reports waiting for the actor's decision, oldest first."""
    return _with_head(
        scoped(MoveReport.objects.filter(status=ReportStatus.PENDING), actor)
        .select_related(*_related())
        .order_by("reported_at", "pk")
    )


def same_subject(report: MoveReport) -> list[dict]:
    """Other reports about the same person or household in the last 90 days, each flagged
    when it says something incompatible (moved out per the RT, still here per the PSM)."""
    q = Q()
    if report.person_id:
        q |= Q(person_id=report.person_id) | Q(household_id=report.household_id, person=None)
    elif report.household_id:
        q |= Q(household_id=report.household_id)
    elif report.subject_nik:
        q |= Q(subject_nik=report.subject_nik)
    else:
        return []
    since = report.reported_at - dt.timedelta(days=90)
    others = (
        MoveReport.objects.filter(q, reported_at__gte=since)
        .exclude(pk=report.pk)
        .exclude(status=ReportStatus.REJECTED)
        .select_related("reporter", "person", "household", "to_kelurahan")
        .order_by("-reported_at")[:10]
    )
    conflicting = CONFLICTING.get(report.kind, set())
    return [{"report": o, "conflict": o.kind in conflicting} for o in others]


def households_for_reporter(actor, *, query: str = "") -> list[Household]:
    """The households a reporter may report about (an RT head: their RT), searchable by a
    member's name or the last digits of the KK; a short page, for slow connections."""
    qs = scoped(Household.objects.filter(status=RecordStatus.ACTIVE), actor)
    query = " ".join(query.split())
    if query.isdigit():
        qs = qs.filter(kk__endswith=query)
    elif query:
        qs = qs.filter(
            Exists(Person.objects.filter(household=OuterRef("pk"), name__icontains=query))
        )
    rows = list(qs.select_related("rt").order_by("address", "pk")[:HOUSEHOLD_PAGE])
    heads: dict[int, str] = {}
    for person in (
        Person.objects.filter(household__in=[h.pk for h in rows])
        .exclude(status__in=(RecordStatus.DECEASED, RecordStatus.MOVED_OUT))
        .order_by("household_id", "pk")
        .only("household_id", "name", "relationship")
    ):
        if person.household_id not in heads or person.relationship == "head":
            heads[person.household_id] = person.name
    for household in rows:
        household.head_name = heads.get(household.pk, "")
    return rows


def last_seen(person_ids) -> dict[int, dt.date]:
    """The last day each person was seen: a casework activity naming them or about their case,
    a verval result, a confirmed report about them or their household, else registration.
    `person_ids` is a list or a queryset of ids (used as a subquery: one grouped query per
    source, whatever the number of people)."""
    from pendamping.casework.models import Activity
    from pendamping.linkage.models import VervalTask

    seen: dict[int, dt.date] = {}
    tz = timezone.get_current_timezone()  # looked up once: per row it was half the time

    def keep(pid: int, day) -> None:
        if day is None:
            return
        if isinstance(day, dt.datetime):
            day = day.astimezone(tz).date()
        if pid not in seen or day > seen[pid]:
            seen[pid] = day

    def grouped(qs, key: str, value: str):
        return qs.values(key).annotate(d=Max(value)).values_list(key, "d").order_by()

    through = Activity.people.through
    for pid, day in grouped(
        through.objects.filter(person_id__in=person_ids), "person_id", "activity__date"
    ):
        keep(pid, day)
    for pid, day in grouped(
        Activity.objects.filter(case__person_id__in=person_ids), "case__person_id", "date"
    ):
        keep(pid, day)
    for pid, at in grouped(
        VervalTask.objects.filter(person_id__in=person_ids, result_at__isnull=False),
        "person_id",
        "result_at",
    ):
        keep(pid, at)
    by_household: dict[int, list[int]] = {}
    for pid, hid, created in Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "household_id", "created_at"
    ):
        keep(pid, created)
        by_household.setdefault(hid, []).append(pid)
    confirmed = MoveReport.objects.filter(status=ReportStatus.CONFIRMED)
    for pid, at in grouped(confirmed.filter(person_id__in=person_ids), "person_id", "event_at"):
        keep(pid, at)
    households = Person.objects.filter(pk__in=person_ids).values("household_id")
    for hid, at in grouped(
        confirmed.filter(household_id__in=households, person__isnull=True),
        "household_id",
        "event_at",
    ):
        for pid in by_household.get(hid, ()):
            keep(pid, at)
    return seen


@dataclass
class NotSeen:
    count: int
    people: list[Person]  # the most overdue first, each with .last_seen and .threshold_days


def not_seen(actor, *, today: dt.date | None = None, limit: int = 10) -> NotSeen:
    """Active people in scope not seen for longer than their category's threshold (the
    shortest of their categories, else the default), the most overdue first.

    Computed from one grouped query per source over the actor's people (a subquery), then in
    Python: an SQL filter with one EXISTS per source and threshold was measured 40x slower."""
    today = today or timezone.localdate()
    thresholds = dict(NotSeenThreshold.objects.values_list("category_id", "days"))
    default = default_not_seen_days()
    ids = scoped(Person.objects.filter(status=RecordStatus.ACTIVE), actor).values("pk")
    days: dict[int, int] = {}
    if thresholds:
        households: dict[int, list[int]] = {}
        for pid, hid in Person.objects.filter(pk__in=ids).values_list("pk", "household_id"):
            households.setdefault(hid, []).append(pid)
        categories = Classification.objects.filter(category_id__in=list(thresholds))
        for pid, cid in categories.filter(person_id__in=ids).values_list(
            "person_id", "category_id"
        ):
            days[pid] = min(days.get(pid, default), thresholds[cid])
        for hid, cid in categories.filter(household_id__in=list(households)).values_list(
            "household_id", "category_id"
        ):
            for pid in households.get(hid, ()):
                days[pid] = min(days.get(pid, default), thresholds[cid])
    overdue = []
    for pid, seen in last_seen(ids).items():
        limit_days = days.get(pid, default)
        late_by = (today - seen).days - limit_days
        if late_by > 0:
            overdue.append((-late_by, pid, seen, limit_days))
    overdue.sort()
    top = overdue[:limit]
    people = Person.objects.select_related("kelurahan").in_bulk([pid for _, pid, _, _ in top])
    rows = []
    for _, pid, seen, limit_days in top:
        person = people[pid]
        person.last_seen, person.threshold_days = seen, limit_days
        rows.append(person)
    return NotSeen(count=len(overdue), people=rows)


@dataclass
class TracingRow:
    person: Person
    record: TracingRecord | None
    verval_task_id: int | None
    failed: int = 0


def tracing_list(actor, *, status: str = "active") -> list[TracingRow]:
    """The tracing list of the actor's areas: records being traced (or in the chosen status),
    and, before any attempt, people whose verval result was "not found" (a record opens with
    the first attempt)."""
    from pendamping.linkage.models import VervalResult, VervalStatus, VervalTask

    records = scoped(TracingRecord.objects.all(), actor).select_related("person", "kelurahan", "rt")
    if status == "active":
        records = records.filter(status__in=(TracingStatus.OPEN, TracingStatus.PROPOSED))
    elif status:
        records = records.filter(status=status)
    records = records.annotate(
        failed=Count(
            "attempts",
            filter=Q(attempts__created_at__gte=F("counted_from")) & ~Q(attempts__outcome="found"),
        )
    ).order_by("last_seen_on", "pk")[:200]
    rows = [TracingRow(r.person, r, None, r.failed) for r in records]
    if status in ("active", TracingStatus.OPEN):
        tasks = (
            scoped(
                VervalTask.objects.filter(
                    status=VervalStatus.DONE,
                    result=VervalResult.NOT_FOUND,
                    person__status__in=(RecordStatus.ACTIVE, RecordStatus.NOT_FOUND),
                ),
                actor,
            )
            .exclude(person__tracing_records__isnull=False)
            .select_related("person", "person__kelurahan")
            .order_by("result_at")[:100]
        )
        rows += [TracingRow(t.person, None, t.pk) for t in tasks]
    return rows


def tracing_get(actor, pk: int) -> TracingRecord:
    record = (
        scoped(TracingRecord.objects.all(), actor)
        .select_related("person", "person__household", "kelurahan", "rt", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise OutOfScope
    return record


def proposals(actor) -> QuerySet[TracingRecord]:
    return scoped(
        TracingRecord.objects.filter(status=TracingStatus.PROPOSED), actor
    ).select_related("person", "kelurahan")


def kelurahan_in_scope(actor) -> QuerySet[Area]:
    scope = scope_of(actor)
    qs = Area.objects.filter(level__in=(Level.KELURAHAN, Level.DESA), valid_to__isnull=True)
    if scope.everything:
        return qs.filter(code__startswith=settings.PENDAMPING_REGION_CODE + ".").order_by("name")
    return qs.filter(pk__in=scope.kelurahan_ids).order_by("name")


def city_kelurahan() -> QuerySet[Area]:
    return (
        Area.objects.filter(
            level__in=(Level.KELURAHAN, Level.DESA),
            valid_to__isnull=True,
            code__startswith=settings.PENDAMPING_REGION_CODE + ".",
        )
        .select_related("parent")
        .order_by("name")
    )


def participation(kelurahan: Area, *, today: dt.date | None = None) -> list[dict]:
    """Per RT of the kelurahan: its head's account(s), reports they made, the share on time,
    days since the last one. RT with an account and no report come first: they never report."""
    today = today or timezone.localdate()
    rts = list(
        Area.objects.filter(level=Level.RT, parent__parent=kelurahan, valid_to__isnull=True)
        .select_related("parent")
        .order_by("code")
    )
    rt_ids = [a.pk for a in rts]
    heads: dict[int, list[str]] = {}
    rw_heads: dict[int, list[str]] = {}
    for assignment in (
        current_assignments()
        .filter(user__role=Role.RTRW, user__is_active=True)
        .filter(Q(area_id__in=rt_ids) | Q(area__parent=kelurahan, area__level=Level.RW))
    ):
        name = assignment.user.get_full_name() or assignment.user.username
        if assignment.area.level == Level.RT:
            heads.setdefault(assignment.area_id, []).append(name)
        else:
            rw_heads.setdefault(assignment.area_id, []).append(name)
    figures = {
        row["rt_id"]: row
        for row in MoveReport.objects.filter(rt_id__in=rt_ids, reporter__role=Role.RTRW)
        .values("rt_id")
        .annotate(
            made=Count("pk"),
            on_time=Count("pk", filter=Q(late=False)),
            last=Max("reported_at"),
        )
        .order_by()
    }
    rows = []
    for rt in rts:
        f = figures.get(rt.pk, {})
        made = f.get("made", 0)
        last = f.get("last")
        accounts = heads.get(rt.pk, []) + rw_heads.get(rt.parent_id, [])
        rows.append(
            {
                "rt": rt,
                "accounts": accounts,
                "made": made,
                "on_time": f.get("on_time", 0),
                "on_time_share": round(100 * f.get("on_time", 0) / made) if made else None,
                "last": last,
                "days_since": (today - timezone.localtime(last).date()).days if last else None,
                "never": bool(accounts) and made == 0,
            }
        )
    rows.sort(key=lambda r: (not r["never"], -(r["days_since"] or 0), r["rt"].code))
    return rows


def address_mismatch_panel(actor) -> dict:
    """Households whose address disagrees with the latest national snapshot, from the
    reconciliation app (`linkage.selectors.address_mismatches`); `available` is False until a
    snapshot has been reconciled."""
    try:
        from pendamping.linkage.selectors import address_mismatches, latest_run
    except ImportError:
        return {"available": False, "count": 0, "rows": []}
    if latest_run() is None:
        return {"available": False, "count": 0, "rows": []}
    rows = list(address_mismatches(actor=actor))
    return {"available": True, "count": len(rows), "rows": rows[:10]}


def moved_in(actor, *, days: int = 60) -> list[dict]:
    """Confirmed moves into the actor's areas with the open work that came along."""
    scope = scope_of(actor)
    if scope.everything or actor.role == Role.RTRW:
        return []
    since = timezone.now() - dt.timedelta(days=days)
    reports = list(
        _with_head(
            MoveReport.objects.filter(
                status=ReportStatus.CONFIRMED,
                decided_at__gte=since,
                to_kelurahan_id__in=scope.kelurahan_ids,
            )
            .exclude(kelurahan_id__in=scope.kelurahan_ids)
            .select_related("person", "household", "to_kelurahan", "kelurahan")
        ).order_by("-decided_at")[:10]
    )
    rows = []
    for report in reports:
        ids = (
            [report.person_id]
            if report.person_id
            else list(report.household.members.values_list("pk", flat=True))
            if report.household_id
            else []
        )
        rows.append({"report": report, "open_items": handover.open_items(person_ids=ids)})
    return rows


def home_panel(actor, *, today: dt.date | None = None) -> dict:
    """The mobility worklists on an assistant's home."""
    pending = pending_reports(actor)
    stale = not_seen(actor, today=today)
    return {
        "pending": list(pending[:10]),
        "pending_count": pending.count(),
        "not_seen": stale.people,
        "not_seen_count": stale.count,
        "mismatches": address_mismatch_panel(actor),
        "tracing_count": len(tracing_list(actor)),
        "moved_in": moved_in(actor),
    }
