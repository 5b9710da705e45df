"""A reconciliation run: the registry and one snapshot through the matching engine, then the
outcome lists, the remembered review decisions, the decile copy and the field checks.

The engine (`matching/`) is pure; this module feeds it frames read from the ORM and writes
what it found. It runs inside the background task (`tasks.reconciliation_task`).
"""

from __future__ import annotations

import logging
import re
import time
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pendamping.registry.models import ChangeSource, Person, RecordStatus
from pendamping.wilayah.models import Area

from .matching import link as engine
from .matching.prepare import CANONICAL
from .models import (
    MatchPair,
    NationalRecord,
    NationalStatus,
    Outcome,
    OutcomeKind,
    PairDecision,
    PairKind,
    ReconciliationRun,
    ReviewDecision,
    RunStatus,
    VervalSource,
    VervalStatus,
    VervalTask,
)

logger = logging.getLogger(__name__)
FIELDS = engine.FIELDS
# Outcomes that need somebody in the field.
TASK_KINDS = (
    OutcomeKind.DIFFERENT,
    OutcomeKind.NATIONAL_ONLY,
    OutcomeKind.REGISTRY_ONLY,
    OutcomeKind.DECEASED,
    OutcomeKind.DUPLICATE,
)
MATCHED = (PairDecision.AUTO, PairDecision.ACCEPTED)


def backend() -> str:
    return getattr(settings, "LINKAGE_BACKEND", "") or "duckdb"


def auto_accept() -> float:
    """Pairs at or above this are linked without review (setting LINKAGE_AUTO_ACCEPT); the
    ones between the engine's REVIEW (0.5) and this go to a supervisor."""
    return float(getattr(settings, "LINKAGE_AUTO_ACCEPT", engine.AUTO_ACCEPT))


def _progress(run: ReconciliationRun, progress: int, step: str) -> None:
    ReconciliationRun.objects.filter(pk=run.pk).update(progress=progress, step=step[:120])


def _rt_rw(code: str | None) -> tuple[str, str]:
    """RW and RT numbers from an RT area code such as 14.71.01.1002.003.005."""
    if not code or code.count(".") < 5:
        return "", ""
    parts = code.split(".")
    return str(int(parts[-1])), str(int(parts[-2]))


def registry_frame():
    """Every registry person in the engine's canonical columns (id = person pk)."""
    import pandas as pd

    rows = Person.objects.values_list(
        "pk",
        "nik",
        "household__kk",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "relationship",
        "household__address",
        "household__rt__code",
        "household__kelurahan__code",
    ).iterator(chunk_size=5000)
    data = []
    for pk, nik, kk, name, place, dob, sex, rel, address, rt_code, kel in rows:
        rt, rw = _rt_rw(rt_code)
        data.append(
            (
                str(pk),
                nik or "",
                kk,
                name,
                place,
                dob.isoformat() if dob else "",
                sex,
                rel,
                address,
                rt,
                rw,
                kel,
            )
        )
    columns = [
        "id",
        "nik",
        "kk",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "relationship",
        "address",
        "rt",
        "rw",
        "kelurahan_code",
    ]
    return pd.DataFrame(data, columns=columns)


def national_frame(snapshot_id: int):
    import pandas as pd

    rows = NationalRecord.objects.filter(snapshot_id=snapshot_id).values_list(
        "pk",
        "nik",
        "kk",
        "name",
        "birth_place",
        "birth_date",
        "birth_date_text",
        "sex",
        "relationship",
        "address",
        "rt",
        "rw",
        "kelurahan_code",
    )
    data = [
        (
            str(pk),
            nik,
            kk,
            name,
            place,
            dob.isoformat() if dob else dob_text,
            sex,
            rel,
            address,
            "" if rt is None else str(rt),
            "" if rw is None else str(rw),
            kel,
        )
        for pk, nik, kk, name, place, dob, dob_text, sex, rel, address, rt, rw, kel in rows
    ]
    columns = [
        "id",
        "nik",
        "kk",
        "name",
        "birth_place",
        "birth_date",
        "sex",
        "relationship",
        "address",
        "rt",
        "rw",
        "kelurahan_code",
    ]
    assert set(columns) - {"id"} <= set(CANONICAL)
    return pd.DataFrame(data, columns=columns)


def _evidence(row) -> dict:
    """Per field: [level reached, weight in bits]; missing values as None (JSON has no NaN)."""

    def clean(value):
        if isinstance(value, str):
            return value
        if value is None or value != value:  # NaN
            return None
        return round(float(value), 2)

    return {f: [clean(row[f"{f}_level"]), clean(row[f"{f}_weight"])] for f in FIELDS}


# ---------------------------------------------------------------------------
# Classification of one matched pair
# ---------------------------------------------------------------------------


_JALAN = re.compile(r"\b(jalan|jln)\b")
_NOMOR = re.compile(r"\b(nomor|nmr)\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _norm_address(text: str) -> str:
    """The engine's address form (prepare.py): Jalan/Jln -> jl, Nomor -> no, punctuation out."""
    text = _NOMOR.sub("no", _JALAN.sub("jl", (text or "").lower()))
    return _NOT_ALNUM.sub(" ", text).strip()


def differences(person: Person, national: NationalRecord, composition: dict) -> list[str]:
    """What a matched pair disagrees on: address, rt_rw, kelurahan, status, household."""
    household = person.household
    found = []
    if national.address and _norm_address(household.address) != _norm_address(national.address):
        found.append("address")
    rt, rw = _rt_rw(household.rt.code if household.rt_id else None)
    if national.rt is not None and (str(national.rt), str(national.rw or "")) != (rt, rw):
        found.append("rt_rw")
    if national.kelurahan_id and national.kelurahan_id != household.kelurahan_id:
        found.append("kelurahan")
    moved_here = person.status in (RecordStatus.MOVED_OUT, RecordStatus.NOT_FOUND)
    if (national.status == NationalStatus.MOVED) != moved_here:
        found.append("status")
    registry_size, national_size = composition.get(person.pk, (None, None))
    if national.kk and (national.kk != household.kk or registry_size != national_size):
        found.append("household")
    return found


def deceased_conflict(person: Person, national: NationalRecord) -> bool:
    registry_dead = person.status == RecordStatus.DECEASED
    national_dead = national.status == NationalStatus.DECEASED
    return registry_dead != national_dead


def _composition(pairs: Iterable[MatchPair], snapshot_id: int) -> dict[int, tuple[int, int]]:
    """Per matched person: (living members of the registry household, living national
    records on the KK of the matched record)."""
    person_ids = [p.person_id for p in pairs]
    households = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "household_id"))
    sizes = defaultdict(int)
    for hh in (
        Person.objects.filter(household_id__in=set(households.values()))
        .exclude(status__in=(RecordStatus.DECEASED, RecordStatus.MOVED_OUT))
        .values_list("household_id", flat=True)
    ):
        sizes[hh] += 1
    kk_sizes = defaultdict(int)
    for kk in (
        NationalRecord.objects.filter(snapshot_id=snapshot_id)
        .exclude(kk="")
        .exclude(status=NationalStatus.DECEASED)
        .values_list("kk", flat=True)
    ):
        kk_sizes[kk] += 1
    return {
        p.person_id: (sizes[households.get(p.person_id)], kk_sizes[p.national.kk])
        for p in pairs
        if p.person_id in households
    }


def outcome_for_pair(run: ReconciliationRun, pair: MatchPair, composition: dict) -> Outcome:
    person, national = pair.person, pair.national
    if deceased_conflict(person, national):
        kind, diff = OutcomeKind.DECEASED, ["status"]
    else:
        diff = differences(person, national, composition)
        kind = OutcomeKind.DIFFERENT if diff else OutcomeKind.CONSISTENT
    return Outcome(
        run=run,
        kind=kind,
        person=person,
        household=person.household,
        national=national,
        pair=pair,
        kelurahan_id=person.household.kelurahan_id,
        differences=diff,
    )


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def execute(run_id: int) -> ReconciliationRun:
    """Run a queued reconciliation to the end; a failure marks it failed, leaving nothing."""
    run = ReconciliationRun.objects.select_related("snapshot", "started_by").get(pk=run_id)
    if run.status not in (RunStatus.QUEUED, RunStatus.FAILED):
        return run
    ReconciliationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1, error=""
    )
    try:
        _execute(run)
    except Exception as exc:
        logger.exception("reconciliation run %s failed", run.pk)
        MatchPair.objects.filter(run=run).delete()
        Outcome.objects.filter(run=run).delete()
        ReconciliationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def _execute(run: ReconciliationRun) -> None:
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    _progress(run, 5, _("Reading the registry and the snapshot"))
    reg, nat = registry_frame(), national_frame(run.snapshot_id)
    seconds["read"] = time.perf_counter() - t

    t = time.perf_counter()
    _progress(run, 15, _("Linking the snapshot to the registry"))
    linked = (
        engine.link(reg, nat, threshold=engine.REVIEW, backend=run.backend)
        if len(reg) and len(nat)
        else None
    )
    seconds["link"] = time.perf_counter() - t
    t = time.perf_counter()
    _progress(run, 55, _("Finding duplicates in the registry"))
    dup_reg = engine.dedupe(reg, backend=run.backend) if len(reg) > 1 else None
    _progress(run, 70, _("Finding duplicates in the snapshot"))
    dup_nat = engine.dedupe(nat, backend=run.backend) if len(nat) > 1 else None
    seconds["dedupe"] = time.perf_counter() - t

    t = time.perf_counter()
    _progress(run, 85, _("Writing the outcome lists"))
    with transaction.atomic():
        counts = _store(run, linked, dup_reg, dup_nat)
        seconds["store"] = time.perf_counter() - t
        ReconciliationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=100,
            step=_("Done"),
            counts=counts,
            seconds={k: round(v, 2) for k, v in seconds.items()},
            finished_at=timezone.now(),
        )


def _store(run: ReconciliationRun, linked, dup_reg, dup_nat) -> dict[str, int]:
    snapshot = run.snapshot
    national = {r.pk: r for r in NationalRecord.objects.filter(snapshot=snapshot)}
    remembered = {
        (d.person_id, d.national_key): d.accepted
        for d in ReviewDecision.objects.filter(
            national_key__in={r.record_key for r in national.values()}
        )
    }
    people_ids: set[int] = set()
    frames = [f for f in (linked, dup_reg) if f is not None]
    for frame in frames:
        people_ids |= {int(x) for x in frame.left_id}
    if dup_reg is not None:
        people_ids |= {int(x) for x in dup_reg.right_id}
    people = Person.objects.select_related("household__rt").in_bulk(people_ids)

    pairs: list[MatchPair] = []
    threshold = auto_accept()
    if linked is not None:
        for row in linked.to_dict("records"):
            person, rec = people[int(row["left_id"])], national[int(row["right_id"])]
            probability = float(row["match_probability"])
            decision = PairDecision.AUTO if probability >= threshold else PairDecision.PENDING
            key = (person.pk, rec.record_key)
            if key in remembered:
                decision = PairDecision.ACCEPTED if remembered[key] else PairDecision.REJECTED
            pairs.append(
                MatchPair(
                    run=run,
                    kind=PairKind.LINK,
                    person=person,
                    national=rec,
                    kelurahan_id=person.household.kelurahan_id,
                    probability=probability,
                    weight=float(row["match_weight"]),
                    evidence=_evidence(row),
                    decision=decision,
                    remembered=key in remembered,
                )
            )
    for frame, kind in ((dup_reg, PairKind.DUP_REGISTRY), (dup_nat, PairKind.DUP_NATIONAL)):
        if frame is None:
            continue
        for row in frame.to_dict("records"):
            a, b = int(row["left_id"]), int(row["right_id"])
            pair = MatchPair(
                run=run,
                kind=kind,
                probability=float(row["match_probability"]),
                weight=float(row["match_weight"]),
                evidence=_evidence(row),
            )
            if kind == PairKind.DUP_REGISTRY:
                pair.person, pair.other_person = people[a], people[b]
                pair.kelurahan_id = people[a].household.kelurahan_id
            else:
                pair.national, pair.other_national = national[a], national[b]
                pair.kelurahan_id = national[a].kelurahan_id
            pairs.append(pair)
    MatchPair.objects.bulk_create(pairs, batch_size=2000)

    links = [p for p in pairs if p.kind == PairKind.LINK]
    matched = [p for p in links if p.decision in MATCHED]
    composition = _composition(matched, snapshot.pk)
    outcomes = [outcome_for_pair(run, p, composition) for p in matched]
    pending = [p for p in links if p.decision == PairDecision.PENDING]
    outcomes += [
        Outcome(
            run=run,
            kind=OutcomeKind.REVIEW,
            person=p.person,
            household=p.person.household,
            national=p.national,
            pair=p,
            kelurahan_id=p.kelurahan_id,
        )
        for p in pending
    ]
    held_nat = {p.national_id for p in matched + pending}
    held_people = {p.person_id for p in matched + pending}
    outcomes += [
        Outcome(run=run, kind=OutcomeKind.NATIONAL_ONLY, national=r, kelurahan_id=r.kelurahan_id)
        for r in national.values()
        if r.pk not in held_nat and r.status != NationalStatus.DECEASED
    ]
    covered = {r.kelurahan_id for r in national.values() if r.kelurahan_id}
    missing = (
        Person.objects.filter(household__kelurahan_id__in=covered, status=RecordStatus.ACTIVE)
        .exclude(pk__in=held_people)
        .values_list("pk", "household_id", "household__kelurahan_id")
    )
    outcomes += [
        Outcome(
            run=run,
            kind=OutcomeKind.REGISTRY_ONLY,
            person_id=pk,
            household_id=hh,
            kelurahan_id=kel,
        )
        for pk, hh, kel in missing
    ]
    for p in pairs:
        if p.kind == PairKind.DUP_REGISTRY:
            outcomes.append(
                Outcome(
                    run=run,
                    kind=OutcomeKind.DUPLICATE,
                    person=p.person,
                    household=p.person.household,
                    pair=p,
                    kelurahan_id=p.kelurahan_id,
                    differences=[f"registry:{p.other_person_id}"],
                )
            )
        elif p.kind == PairKind.DUP_NATIONAL:
            outcomes.append(
                Outcome(
                    run=run,
                    kind=OutcomeKind.DUPLICATE,
                    national=p.national,
                    pair=p,
                    kelurahan_id=p.kelurahan_id,
                    differences=[f"national:{p.other_national_id}"],
                )
            )
    Outcome.objects.bulk_create(outcomes, batch_size=2000)
    copy_deciles(run, matched)
    if run.create_tasks:
        tasks_for_outcomes(run, Outcome.objects.filter(run=run, kind__in=TASK_KINDS))
    counts = defaultdict(int)
    for o in outcomes:
        counts[o.kind] += 1
    counts["pairs"] = len(links)
    counts["registry_duplicates"] = sum(1 for p in pairs if p.kind == PairKind.DUP_REGISTRY)
    counts["national_duplicates"] = sum(1 for p in pairs if p.kind == PairKind.DUP_NATIONAL)
    counts["national_records"] = len(national)
    return dict(counts)


def copy_deciles(run: ReconciliationRun, matched: Iterable[MatchPair]) -> int:
    """Copy the snapshot's decile (desil) to each matched household, through the registry's
    service so the change keeps its history."""
    from pendamping.registry.services import household_update

    as_of = run.snapshot.as_of
    done: set[int] = set()
    for pair in matched:
        rec, household = pair.national, pair.person.household
        if rec.decile is None or household.pk in done:
            continue
        done.add(household.pk)
        if household.decile_as_of and household.decile_as_of > as_of:
            continue  # a newer snapshot already set it
        household_update(
            actor=run.started_by,
            household=household,
            decile=rec.decile,
            decile_as_of=as_of,
            source=ChangeSource.SYSTEM,
            note=f"{run.snapshot}",
        )
    return len(done)


def _reason(outcome: Outcome) -> str:
    labels = {
        "address": _("address"),
        "rt_rw": _("RT/RW"),
        "kelurahan": _("kelurahan"),
        "status": _("status"),
        "household": _("household composition"),
    }
    if outcome.kind == OutcomeKind.DIFFERENT:
        what = ", ".join(labels.get(d, d) for d in outcome.differences)
        return _("National data differs: %(what)s. Check where the family lives now.") % {
            "what": what
        }
    return {
        OutcomeKind.NATIONAL_ONLY: _(
            "In the national data but not in the registry: check whether they live here."
        ),
        OutcomeKind.REGISTRY_ONLY: _(
            "In the registry but not in the national data: possible exclusion error."
        ),
        OutcomeKind.DECEASED: _("Deceased in one source, active in the other: check."),
        OutcomeKind.DUPLICATE: _("Recorded twice: check which record is right."),
    }[outcome.kind]


def tasks_for_outcomes(run: ReconciliationRun, outcomes: Iterable[Outcome]) -> int:
    """A field check per outcome that needs one (one per household for address differences),
    routed to the assistant of the area; an open check of the same subject is reused."""
    from .services import verval_task_create

    made = 0
    per_household: dict[int, VervalTask] = {}
    for outcome in outcomes.select_related("person__household", "national__kelurahan"):
        if outcome.kind == OutcomeKind.DUPLICATE and outcome.person_id is None:
            continue  # duplicates inside the national data go back upstream, not to the field
        if outcome.kelurahan_id is None:
            continue  # a national record whose kelurahan is not known cannot be routed
        if outcome.kind == OutcomeKind.DIFFERENT and outcome.household_id in per_household:
            outcome.task = per_household[outcome.household_id]
            outcome.save(update_fields=["task"])
            continue
        national = outcome.national
        key = (national.record_key if national else f"p:{outcome.person_id}")[:40]
        ref = f"{outcome.kind}:{key}"[:60]
        if outcome.person_id is None:
            task = VervalTask.objects.filter(
                source=VervalSource.RECONCILIATION,
                source_ref=ref,
                kelurahan_id=outcome.kelurahan_id,
                status=VervalStatus.OPEN,
            ).first()
            if task is None:
                task = verval_task_create(
                    actor=run.started_by,
                    reason=_reason(outcome),
                    source=VervalSource.RECONCILIATION,
                    kelurahan=Area.objects.get(pk=outcome.kelurahan_id),
                    subject=national.name if national else "",
                    source_ref=ref,
                    national_record=national,
                )
                made += 1
        else:
            task = verval_task_create(
                actor=run.started_by,
                reason=_reason(outcome),
                source=VervalSource.RECONCILIATION,
                person=outcome.person,
                source_ref=ref,
                national_record=national,
            )
            made += 1
        outcome.task = task
        outcome.save(update_fields=["task"])
        if outcome.kind == OutcomeKind.DIFFERENT:
            per_household[outcome.household_id] = task
    return made
