"""Reads of the linkage app: snapshots, runs and their outcome lists, the review queue and the
verval worklists. Every read of personal data passes through `core.scope`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from pendamping.core.scope import get_scoped, scoped
from pendamping.registry.models import Household

from .models import (
    MatchPair,
    NationalRecord,
    Outcome,
    OutcomeKind,
    PairDecision,
    PairKind,
    ReconciliationRun,
    RunStatus,
    Snapshot,
    VervalStatus,
    VervalTask,
)

ADDRESS_FIELDS = frozenset({"address", "rt_rw", "kelurahan"})


@dataclass(frozen=True)
class AddressMismatch:
    """What the latest national data says about a household's address."""

    fields: tuple[str, ...]  # of "address", "rt_rw", "kelurahan"
    national_address: str
    national_rt: int | None
    national_rw: int | None
    national_kelurahan_code: str
    national_kelurahan_name: str
    snapshot_as_of: date
    person_id: int | None
    outcome_id: int


def latest_run() -> ReconciliationRun | None:
    """The finished run of the most recent snapshot (the newest run of it)."""
    return (
        ReconciliationRun.objects.filter(status=RunStatus.DONE)
        .select_related("snapshot")
        .order_by("-snapshot__as_of", "-snapshot_id", "-pk")
        .first()
    )


def address_mismatches(*, actor, limit: int = 200) -> list[Household]:
    """Registry households (in the actor's scope) whose address, RT/RW or kelurahan disagrees
    with their matched record in the latest snapshot: usually a move nobody reported.

    Each household carries `.linkage_mismatch`, an `AddressMismatch` with the national values.
    """
    run = latest_run()
    if run is None:
        return []
    outcomes = (
        scoped(Outcome.objects.filter(run=run, kind=OutcomeKind.DIFFERENT), actor)
        .filter(household__isnull=False)
        .select_related("national__kelurahan")
        .order_by("household_id", "pk")
    )
    first: dict[int, Outcome] = {}
    for outcome in outcomes:
        if ADDRESS_FIELDS & set(outcome.differences) and outcome.household_id not in first:
            first[outcome.household_id] = outcome
            if len(first) >= limit:
                break
    households = scoped(
        Household.objects.filter(pk__in=first).select_related("kelurahan", "rt"), actor
    )
    result = []
    for household in households.order_by("kelurahan__name", "pk"):
        o = first[household.pk]
        nat = o.national
        household.linkage_mismatch = AddressMismatch(
            fields=tuple(f for f in ("address", "rt_rw", "kelurahan") if f in o.differences),
            national_address=nat.address if nat else "",
            national_rt=nat.rt if nat else None,
            national_rw=nat.rw if nat else None,
            national_kelurahan_code=nat.kelurahan_code if nat else "",
            national_kelurahan_name=nat.kelurahan.name if nat and nat.kelurahan else "",
            snapshot_as_of=run.snapshot.as_of,
            person_id=o.person_id,
            outcome_id=o.pk,
        )
        result.append(household)
    return result


# ---------------------------------------------------------------------------
# Snapshots and runs
# ---------------------------------------------------------------------------


def snapshot_list() -> QuerySet[Snapshot]:
    return Snapshot.objects.select_related("imported_by").order_by("-as_of", "-pk")


def run_list(*, snapshot: Snapshot | None = None) -> QuerySet[ReconciliationRun]:
    qs = ReconciliationRun.objects.select_related("snapshot", "started_by")
    return qs.filter(snapshot=snapshot) if snapshot else qs


def national_records(*, actor, snapshot: Snapshot) -> QuerySet[NationalRecord]:
    return scoped(NationalRecord.objects.filter(snapshot=snapshot), actor)


def outcome_counts(*, actor, run: ReconciliationRun) -> dict[str, int]:
    """Outcomes of a run per kind, counted within the actor's scope (every kind present)."""
    rows = (
        scoped(Outcome.objects.filter(run=run), actor)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(OutcomeKind.values, 0)
    counts.update({r["kind"]: r["n"] for r in rows})
    return counts


def outcome_list(*, actor, run: ReconciliationRun, kind: str) -> QuerySet[Outcome]:
    qs = scoped(Outcome.objects.filter(run=run, kind=kind), actor)
    return qs.select_related(
        "person", "household", "national", "kelurahan", "task", "pair", "task__assignee"
    )


def review_queue(*, actor, run: ReconciliationRun | None = None) -> QuerySet[MatchPair]:
    qs = scoped(
        MatchPair.objects.filter(kind=PairKind.LINK, decision=PairDecision.PENDING), actor
    ).select_related("person", "national", "run__snapshot")
    return qs.filter(run=run) if run else qs


def pair_get(*, actor, pk: int) -> MatchPair:
    return get_scoped(
        MatchPair.objects.select_related(
            "person__household__rt", "person__kelurahan", "national__kelurahan", "run__snapshot"
        ),
        actor,
        pk=pk,
    )


def snapshot_compare(*, older: Snapshot, newer: Snapshot, actor, limit: int = 500) -> dict:
    """Records added, removed and changed between two snapshots, matched by their key
    (DTSEN ID, else DTKS ID, else NIK)."""
    fields = (
        "nik",
        "kk",
        "name",
        "birth_date",
        "address",
        "rt",
        "rw",
        "kelurahan_code",
        "decile",
        "programs",
        "status",
    )
    old = {r.record_key: r for r in national_records(actor=actor, snapshot=older)}
    new = {r.record_key: r for r in national_records(actor=actor, snapshot=newer)}
    added = [new[k] for k in new.keys() - old.keys()]
    removed = [old[k] for k in old.keys() - new.keys()]
    changed = []
    for key in new.keys() & old.keys():
        diff = {
            f: (getattr(old[key], f), getattr(new[key], f))
            for f in fields
            if getattr(old[key], f) != getattr(new[key], f)
        }
        if diff:
            changed.append((new[key], diff))
    added.sort(key=lambda r: r.row_number)
    removed.sort(key=lambda r: r.row_number)
    changed.sort(key=lambda c: c[0].row_number)
    return {
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        "added": added[:limit],
        "removed": removed[:limit],
        "changed": changed[:limit],
    }


# ---------------------------------------------------------------------------
# Verval worklists
# ---------------------------------------------------------------------------


def worklist(*, actor, status: str = VervalStatus.OPEN, mine: bool = True) -> QuerySet[VervalTask]:
    """Field checks: the actor's own (default), or every one in the actor's scope."""
    qs = scoped(VervalTask.objects.all(), actor)
    if mine:
        qs = qs.filter(assignee=actor)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("person", "kelurahan", "national_record", "assignee")


def task_get(*, actor, pk: int) -> VervalTask:
    return get_scoped(
        VervalTask.objects.select_related(
            "person__household__rt", "kelurahan", "national_record__kelurahan", "assignee"
        ),
        actor,
        pk=pk,
    )


def worklist_counts(*, actor) -> dict[str, int]:
    qs = scoped(VervalTask.objects.filter(assignee=actor), actor)
    return qs.aggregate(
        open=Count("pk", filter=Q(status=VervalStatus.OPEN)),
        done=Count("pk", filter=Q(status=VervalStatus.DONE)),
    )


def results_for_export(*, actor, since: date | None = None) -> QuerySet[VervalTask]:
    qs = scoped(VervalTask.objects.filter(status=VervalStatus.DONE), actor)
    if since:
        qs = qs.filter(result_at__date__gte=since)
    return qs.select_related(
        "person__household", "kelurahan", "national_record", "result_by"
    ).order_by("result_at", "pk")
