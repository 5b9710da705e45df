"""A snapshot imported from a file, reconciled with the registry: outcome lists, deciles,
field checks for the right assistant, review decisions remembered for the next run."""

import random
from datetime import date

import pandas as pd
import pytest

from pendamping.linkage import reconciliation, services
from pendamping.linkage.models import (
    MatchPair,
    Outcome,
    OutcomeKind,
    PairDecision,
    ReconciliationRun,
    ReviewDecision,
    RunStatus,
    VervalSource,
    VervalTask,
)
from pendamping.linkage.services import LinkageError
from pendamping.registry.models import Person
from tests.linkage.registry_data import KEL_B, build_registry

pytestmark = pytest.mark.django_db


def _reconcile(world, django_capture_on_commit_callbacks):
    snapshot = services.snapshot_import(
        actor=world["supervisor"], path=world["path"], source="dtsen", as_of=date(2025, 6, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.reconciliation_start(actor=world["supervisor"], snapshot=snapshot)
    run.refresh_from_db()
    return snapshot, run


def test_outcomes_deciles_and_tasks(world, django_capture_on_commit_callbacks):
    snapshot, run = _reconcile(world, django_capture_on_commit_callbacks)
    assert snapshot.row_count == Person.objects.count()  # one missing, one new
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100
    kinds = {}
    for o in Outcome.objects.filter(run=run):
        kinds.setdefault(o.kind, []).append(o)
    moved_people = set(world["moved"].members.values_list("pk", flat=True))
    different = {o.person_id for o in kinds[OutcomeKind.DIFFERENT]}
    assert moved_people <= different
    assert all(
        "address" in o.differences
        for o in kinds[OutcomeKind.DIFFERENT]
        if o.person_id in moved_people
    )
    assert [o.person_id for o in kinds[OutcomeKind.DECEASED]] == [world["dead"].pk]
    assert [o.person_id for o in kinds[OutcomeKind.REGISTRY_ONLY]] == [world["missing"].pk]
    assert [o.national.id_dtsen for o in kinds[OutcomeKind.NATIONAL_ONLY]] == ["NEW1"]
    # composition differs where a member is missing, dead or new; every other one agrees
    changed = {world["missing"].household_id, world["dead"].household_id}
    changed.add(world["households"][-1].pk)  # NEW1 was given the last household's KK
    for o in kinds[OutcomeKind.DIFFERENT]:
        if o.person_id not in moved_people:
            assert o.differences == ["household"]
            assert o.household_id in changed
    assert {o.household_id for o in kinds[OutcomeKind.CONSISTENT]}.isdisjoint(changed)
    assert len(kinds[OutcomeKind.CONSISTENT]) >= Person.objects.count() - 3 - 4 * 3
    # pairs carry probability and evidence
    pair = MatchPair.objects.filter(run=run, person=world["dead"]).get()
    assert pair.probability >= 0.99
    assert pair.evidence["nik"][0] == "exact"
    # the decile came across, with history
    hh = world["households"][3]
    hh.refresh_from_db()
    assert (hh.decile, hh.decile_as_of) == (4, date(2025, 6, 30))
    assert hh.changes.filter(fields__has_key="decile").exists()
    # field checks: the moved household once, for the PSM of kelurahan A
    tasks = VervalTask.objects.filter(source=VervalSource.RECONCILIATION)
    moved_tasks = tasks.filter(person__household=world["moved"])
    assert moved_tasks.count() == 1
    assert moved_tasks.get().assignee == world["psm"]
    dead_task = tasks.get(person=world["dead"])
    assert dead_task.assignee == world["tksk"]  # kelurahan B has no PSM: the kecamatan's TKSK
    assert tasks.filter(national_record__id_dtsen="NEW1").exists()
    assert run.counts[OutcomeKind.DECEASED] == 1


def test_rerun_reuses_open_tasks(world, django_capture_on_commit_callbacks):
    snapshot, _ = _reconcile(world, django_capture_on_commit_callbacks)
    before = VervalTask.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        run2 = services.reconciliation_start(actor=world["supervisor"], snapshot=snapshot)
    run2.refresh_from_db()
    assert run2.status == RunStatus.DONE
    assert VervalTask.objects.count() == before


def test_only_the_dinas_reconciles(world):
    with pytest.raises(LinkageError):
        services.snapshot_import(
            actor=world["psm"], path=world["path"], source="dtsen", as_of=date(2025, 1, 1)
        )


def _pending_run(world, person, national_rec, probability=0.8):
    run = ReconciliationRun.objects.create(
        snapshot=national_rec.snapshot, started_by=world["supervisor"], status=RunStatus.RUNNING
    )
    evidence = {f: ["exact", 1.0] for f in reconciliation.FIELDS}
    linked = pd.DataFrame(
        [
            {
                "left_id": str(person.pk),
                "right_id": str(national_rec.pk),
                "match_probability": probability,
                "match_weight": 2.0,
                **{f"{f}_level": v[0] for f, v in evidence.items()},
                **{f"{f}_weight": v[1] for f, v in evidence.items()},
            }
        ]
    )
    reconciliation._store(run, linked, None, None)
    return run


def test_review_decision_is_applied_and_remembered(world, django_capture_on_commit_callbacks):
    snapshot = services.snapshot_import(
        actor=world["supervisor"], path=world["path"], source="dtsen", as_of=date(2025, 6, 30)
    )
    person = world["missing"]
    national_rec = snapshot.records.get(id_dtsen="NEW1")
    run = _pending_run(world, person, national_rec)
    pair = MatchPair.objects.get(run=run)
    assert pair.decision == PairDecision.PENDING
    assert Outcome.objects.filter(run=run, kind=OutcomeKind.REVIEW, pair=pair).exists()
    with pytest.raises(LinkageError):
        services.review_decide(actor=world["psm"], pair=pair, accept=False)
    services.review_decide(actor=world["supervisor"], pair=pair, accept=False)
    assert not Outcome.objects.filter(run=run, kind=OutcomeKind.REVIEW).exists()
    assert Outcome.objects.filter(
        run=run, kind=OutcomeKind.NATIONAL_ONLY, national=national_rec
    ).exists()
    assert ReviewDecision.objects.get(person=person).accepted is False
    with pytest.raises(LinkageError):
        services.review_decide(actor=world["supervisor"], pair=pair, accept=True)
    # the next run meets the same two records: the rejection applies without review
    run2 = _pending_run(world, person, national_rec)
    pair2 = MatchPair.objects.get(run=run2)
    assert (pair2.decision, pair2.remembered) == (PairDecision.REJECTED, True)
    assert not Outcome.objects.filter(run=run2, kind=OutcomeKind.REVIEW).exists()


def test_accepting_a_pair_classifies_it(world):
    snapshot = services.snapshot_import(
        actor=world["supervisor"], path=world["path"], source="dtsen", as_of=date(2025, 6, 30)
    )
    person = world["missing"]
    national_rec = snapshot.records.get(id_dtsen="NEW1")
    run = _pending_run(world, person, national_rec)
    pair = MatchPair.objects.get(run=run)
    services.review_decide(actor=world["supervisor"], pair=pair, accept=True)
    outcome = Outcome.objects.get(run=run, pair=pair)
    assert outcome.kind in (OutcomeKind.CONSISTENT, OutcomeKind.DIFFERENT)
    run.refresh_from_db()
    assert run.counts.get(OutcomeKind.REVIEW, 0) == 0


def test_failed_run_leaves_nothing(world, monkeypatch):
    snapshot = services.snapshot_import(
        actor=world["supervisor"], path=world["path"], source="dtsen", as_of=date(2025, 6, 30)
    )
    run = ReconciliationRun.objects.create(snapshot=snapshot, started_by=world["supervisor"])

    def boom(*a, **k):
        raise RuntimeError("engine down")

    monkeypatch.setattr(reconciliation.engine, "dedupe", boom)
    run = reconciliation.execute(run.pk)
    assert run.status == RunStatus.FAILED
    assert "engine down" in run.error
    assert not MatchPair.objects.filter(run=run).exists()
    assert not Outcome.objects.filter(run=run).exists()


def test_demo_rows_are_random_but_reproducible():
    from pendamping.linkage.demo import extract_rows

    households = build_registry(6)
    people = list(
        Person.objects.filter(household__in=households).select_related(
            "household__rt", "household__kelurahan"
        )
    )
    a = extract_rows(people, random.Random(1), other_kelurahan=KEL_B)
    b = extract_rows(people, random.Random(1), other_kelurahan=KEL_B)
    assert a == b
    assert len(a) >= len(people) * 0.8
