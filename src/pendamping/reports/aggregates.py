"""The figures behind the dashboards, counted from the records with GROUP BY queries.

Each source is one function yielding `FactRow`s; `services.facts_refresh` runs them all and
stores the rows as `Fact`s. A new source (mobility reports, complaints...) is one more
function in `SOURCES`. Counting happens here, in the database, on all records (aggregates,
not personal data); who may see which kelurahan's figures is decided when they are read.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone


class FactRow(NamedTuple):
    kelurahan_id: int
    month: date | None
    metric: str
    key: str
    actor_id: int | None
    value: int


def _month(value) -> date | None:
    if value is None:
        return None
    if hasattr(value, "date"):
        value = value.date()
    return value.replace(day=1)


def registry_facts(today: date) -> Iterator[FactRow]:
    """People and households in the registry, and PPKS by category (valid classifications)."""
    from pendamping.registry.models import Classification, Household, Person, RecordStatus

    for kel, n in (
        Person.objects.filter(status=RecordStatus.ACTIVE)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    ):
        yield FactRow(kel, None, "people", "", None, n)
    for kel, n in (
        Household.objects.filter(status=RecordStatus.ACTIVE)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "n")
    ):
        yield FactRow(kel, None, "households", "", None, n)
    valid = Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    people: set[tuple[int, int, str]] = set()
    households: set[tuple[int, int, str]] = set()
    for person_id, household_id, kel, code in (
        Classification.objects.filter(valid, person__status=RecordStatus.ACTIVE)
        .values_list("person_id", "person__household_id", "person__kelurahan_id", "category__code")
        .iterator(chunk_size=20000)
    ):
        people.add((person_id, kel, code))
        households.add((household_id, kel, code))
    for household_id, kel, code in (
        Classification.objects.filter(
            valid, person__isnull=True, household__status=RecordStatus.ACTIVE
        )
        .values_list("household_id", "household__kelurahan_id", "category__code")
        .iterator(chunk_size=20000)
    ):
        households.add((household_id, kel, code))
    for metric, members in (("ppks_people", people), ("ppks_households", households)):
        counts: dict[tuple[int, str], int] = defaultdict(int)
        for _subject, kel, code in members:
            counts[(kel, code)] += 1
        for (kel, code), n in counts.items():
            yield FactRow(kel, None, metric, code, None, n)


def casework_facts(today: date) -> Iterator[FactRow]:
    """Cases open now and opened/closed per month; referrals by status; outreach events."""
    from pendamping.casework.models import Case, CaseStatus, EventStatus, OutreachEvent, Referral

    for kel, status, n in (
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .values_list("kelurahan_id", "status")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "status", "n")
    ):
        yield FactRow(kel, None, "cases_open", status, None, n)
    for kel, month, n in (
        Case.objects.annotate(m=TruncMonth("opened_at"))
        .values_list("kelurahan_id", "m")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "n")
    ):
        yield FactRow(kel, _month(month), "cases_opened", "", None, n)
    for kel, month, outcome, n in (
        Case.objects.filter(status=CaseStatus.CLOSED, closed_at__isnull=False)
        .annotate(m=TruncMonth("closed_at"))
        .values_list("kelurahan_id", "m", "outcome")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "outcome", "n")
    ):
        yield FactRow(kel, _month(month), "cases_closed", outcome, None, n)
    for kel, month, status, n in (
        Referral.objects.annotate(m=TruncMonth("sent_at"))
        .values_list("kelurahan_id", "m", "status")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "status", "n")
    ):
        yield FactRow(kel, _month(month), "referrals", status, None, n)
    for kel, month, n, male, female in (
        OutreachEvent.objects.filter(status=EventStatus.HELD)
        .annotate(m=TruncMonth("date"))
        .values_list("kelurahan_id", "m")
        .annotate(n=Count("pk"), male=Sum("attendance_male"), female=Sum("attendance_female"))
        .values_list("kelurahan_id", "m", "n", "male", "female")
    ):
        yield FactRow(kel, _month(month), "events_held", "", None, n)
        yield FactRow(
            kel, _month(month), "events_attendance", "", None, (male or 0) + (female or 0)
        )


def activity_facts(today: date) -> Iterator[FactRow]:
    """Activities per kelurahan and month, and per assistant with their roles. An activity
    tagged with several roles counts once for each role; its minutes are split evenly
    between them (decision 0061). Role figures are kept per assistant only: shares per
    area, type or month are sums of them."""
    from pendamping.casework.models import Activity

    area: dict[tuple[int, date], list[float]] = defaultdict(lambda: [0, 0.0])
    actor: dict[tuple[int, int, date, str], list[float]] = defaultdict(lambda: [0, 0.0])
    grouped = (
        Activity.objects.annotate(m=TruncMonth("date"))
        .values_list("actor_id", "kelurahan_id", "m", "roles")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
        .values_list("actor_id", "kelurahan_id", "m", "roles", "n", "minutes")
    )
    for actor_id, kel, month, roles, n, minutes in grouped.iterator(chunk_size=20000):
        month = _month(month)
        roles = [r for r in (roles or []) if isinstance(r, str)] or [""]
        share = (minutes or 0) / len(roles)
        total = area[(kel, month)]
        total[0] += n
        total[1] += minutes or 0
        total = actor[(actor_id, kel, month, "*")]
        total[0] += n
        total[1] += minutes or 0
        for role in roles:
            cell = actor[(actor_id, kel, month, role)]
            cell[0] += n
            cell[1] += share
    for (kel, month), (n, minutes) in area.items():
        yield FactRow(kel, month, "activities", "", None, n)
        yield FactRow(kel, month, "activity_minutes", "", None, round(minutes))
    for (actor_id, kel, month, role), (n, minutes) in actor.items():
        if role == "*":
            yield FactRow(kel, month, "actor_activities", "", actor_id, n)
            yield FactRow(kel, month, "actor_minutes", "", actor_id, round(minutes))
        else:
            yield FactRow(kel, month, "actor_role_tags", role, actor_id, n)
            yield FactRow(kel, month, "actor_role_minutes", role, actor_id, round(minutes))


def verval_facts(today: date) -> Iterator[FactRow]:
    """Field checks open and overdue now; done per month by result code."""
    from pendamping.linkage.models import VervalStatus, VervalTask

    for kel, n, overdue in (
        VervalTask.objects.filter(status=VervalStatus.OPEN)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
        .values_list("kelurahan_id", "n", "overdue")
    ):
        yield FactRow(kel, None, "verval_open", "", None, n)
        yield FactRow(kel, None, "verval_overdue", "", None, overdue)
    for kel, month, result, n in (
        VervalTask.objects.filter(status=VervalStatus.DONE, result_at__isnull=False)
        .annotate(m=TruncMonth("result_at"))
        .values_list("kelurahan_id", "m", "result")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "result", "n")
    ):
        yield FactRow(kel, _month(month), "verval_done", result, None, n)


def mobility_facts(today: date) -> Iterator[FactRow]:
    """Move reports per month (by status, late ones), reports of each RT/RW head per month,
    and the RT/RW heads with an account in each kelurahan today."""
    from pendamping.accounts.models import Role
    from pendamping.accounts.selectors import current_assignments
    from pendamping.mobility.models import MoveReport
    from pendamping.wilayah.models import Level

    for kel, month, status, n, late in (
        MoveReport.objects.annotate(m=TruncMonth("reported_at"))
        .values_list("kelurahan_id", "m", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(late=True)))
        .values_list("kelurahan_id", "m", "status", "n", "late")
    ):
        yield FactRow(kel, _month(month), "mobility_reports", status, None, n)
        yield FactRow(kel, _month(month), "mobility_late", "", None, late)
    for kel, month, reporter, n in (
        MoveReport.objects.filter(reporter_role=Role.RTRW)
        .annotate(m=TruncMonth("reported_at"))
        .values_list("kelurahan_id", "m", "reporter_id")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "reporter_id", "n")
    ):
        yield FactRow(kel, _month(month), "rtrw_reports", "", reporter, n)
    heads: dict[int, set[int]] = defaultdict(set)
    for user_id, level, rw_parent, rt_grandparent in (
        current_assignments()
        .filter(user__role=Role.RTRW, user__is_active=True, area__level__in=(Level.RT, Level.RW))
        .values_list("user_id", "area__level", "area__parent_id", "area__parent__parent_id")
    ):
        heads[rt_grandparent if level == Level.RT else rw_parent].add(user_id)
    for kel, users in heads.items():
        yield FactRow(kel, None, "rtrw_heads", "", None, len(users))


def complaint_facts(today: date) -> Iterator[FactRow]:
    """Complaints received per month by category, resolved per month with a histogram of the
    days they took (for the median over any range), open and overdue today."""
    from pendamping.programs.complaints.models import OPEN_COMPLAINT, Complaint, ComplaintStatus

    now = timezone.now()
    for kel, month, category, n in (
        Complaint.objects.annotate(m=TruncMonth("created_at"))
        .values_list("kelurahan_id", "m", "category")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "m", "category", "n")
    ):
        yield FactRow(kel, _month(month), "complaints", category, None, n)
    days: dict[tuple[int, date, str], int] = defaultdict(int)
    for kel, created, resolved in Complaint.objects.filter(
        status=ComplaintStatus.RESOLVED, resolved_at__isnull=False
    ).values_list("kelurahan_id", "created_at", "resolved_at"):
        month = _month(timezone.localtime(resolved))
        days[(kel, month, str(max(0, (resolved - created).days)))] += 1
    for (kel, month, key), n in days.items():
        yield FactRow(kel, month, "complaint_days", key, None, n)
    for kel, n, overdue in (
        Complaint.objects.filter(status__in=OPEN_COMPLAINT)
        .values_list("kelurahan_id")
        .annotate(n=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        .values_list("kelurahan_id", "n", "overdue")
    ):
        yield FactRow(kel, None, "complaints_open", "", None, n)
        yield FactRow(kel, None, "complaints_overdue", "", None, overdue)


def program_facts(today: date) -> Iterator[FactRow]:
    """Per program and kelurahan today: people eligible by its rules, enrolled (open
    enrolments), receiving, and eligible but not enrolled."""
    from django.conf import settings

    from pendamping.programs import eligibility
    from pendamping.programs.models import OPEN_ENROLMENT, RECEIVING, Enrolment
    from pendamping.programs.selectors import conditions_of, eligibility_facts, program_list
    from pendamping.wilayah.models import Area

    kelurahan = dict(
        Area.objects.filter(
            code__startswith=settings.PENDAMPING_REGION_CODE + ".",
            level__in=("kelurahan", "desa"),
        ).values_list("code", "pk")
    )
    programs = list(program_list(active_only=True))
    if not programs:
        return
    enrolled: dict[tuple[int, int], set[int]] = defaultdict(set)
    receiving: dict[tuple[int, int], set[int]] = defaultdict(set)
    for program_id, person_id, kel, status in Enrolment.objects.filter(
        status__in=OPEN_ENROLMENT
    ).values_list("program_id", "person_id", "kelurahan_id", "status"):
        enrolled[(program_id, kel)].add(person_id)
        if status in RECEIVING:
            receiving[(program_id, kel)].add(person_id)
    for (program_id, kel), people in enrolled.items():
        code = next((p.code for p in programs if p.pk == program_id), None)
        if code is not None:
            yield FactRow(kel, None, "enrolled", code, None, len(people))
            yield FactRow(kel, None, "receiving", code, None, len(receiving[(program_id, kel)]))
    facts = eligibility_facts(kelurahan_ids=list(kelurahan.values()), today=today)
    kel_of = {f.person_id: kelurahan.get(f.kelurahan_code) for f in facts}
    for program in programs:
        eligible = eligibility.eligible_ids(conditions_of(program), facts, today=today)
        per_kel: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for person_id in eligible:
            kel = kel_of.get(person_id)
            if kel is None:
                continue
            per_kel[kel][0] += 1
            if person_id not in enrolled.get((program.pk, kel), ()):
                per_kel[kel][1] += 1
        for kel, (n, missing) in per_kel.items():
            yield FactRow(kel, None, "eligible", program.code, None, n)
            yield FactRow(kel, None, "eligible_not_enrolled", program.code, None, missing)


def reconciliation_facts(today: date) -> Iterator[FactRow]:
    """Outcomes of the latest finished reconciliation with the national data, per kelurahan."""
    from pendamping.linkage.models import Outcome, ReconciliationRun, RunStatus

    run = ReconciliationRun.objects.filter(status=RunStatus.DONE).order_by("-finished_at").first()
    if run is None:
        return
    for kel, kind, n in (
        Outcome.objects.filter(run=run, kelurahan__isnull=False)
        .values_list("kelurahan_id", "kind")
        .annotate(n=Count("pk"))
        .values_list("kelurahan_id", "kind", "n")
    ):
        yield FactRow(kel, None, "recon", kind, None, n)


def reconciliation_info() -> dict:
    from pendamping.linkage.models import ReconciliationRun, RunStatus

    run = (
        ReconciliationRun.objects.filter(status=RunStatus.DONE)
        .select_related("snapshot")
        .order_by("-finished_at")
        .first()
    )
    if run is None:
        return {}
    return {
        "source": run.snapshot.get_source_display(),
        "label": run.snapshot.label,
        "as_of": run.snapshot.as_of.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else "",
    }


def staffing_info() -> dict:
    """The planning app's staffing need per kecamatan (need, present, shortfall per type)."""
    from pendamping.planning.selectors import staffing_table

    table = staffing_table()
    return {
        "types": list(table.types),
        "rows": {
            row.area.code: {
                t: [round(n.need, 1), round(n.present, 1), round(n.shortfall, 1)]
                for t, n in row.needs.items()
            }
            for row in table.rows
        },
    }


EXTRAS: dict[str, Callable[[], dict]] = {
    "reconciliation": reconciliation_info,
    "staffing": staffing_info,
}


SOURCES: list[Callable[[date], Iterator[FactRow]]] = [
    registry_facts,
    casework_facts,
    activity_facts,
    verval_facts,
    mobility_facts,
    complaint_facts,
    program_facts,
    reconciliation_facts,
]


def all_facts(today: date | None = None) -> Iterator[FactRow]:
    today = today or timezone.localdate()
    for source in SOURCES:
        yield from source(today)
