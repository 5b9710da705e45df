"""The demo shows a reconciled snapshot with every kind of outcome and field checks."""

import pytest

from pendamping.linkage.models import (
    Outcome,
    OutcomeKind,
    ReconciliationRun,
    RunStatus,
    Snapshot,
    VervalSource,
    VervalTask,
)


@pytest.mark.django_db(transaction=True)
def test_demo_has_a_finished_reconciliation(small_demo):
    snapshot = Snapshot.objects.get()
    assert snapshot.row_count >= 40
    run = ReconciliationRun.objects.get()
    assert run.status == RunStatus.DONE, run.error
    kinds = set(Outcome.objects.filter(run=run).values_list("kind", flat=True))
    assert {OutcomeKind.CONSISTENT, OutcomeKind.DIFFERENT, OutcomeKind.REGISTRY_ONLY} <= kinds
    tasks = VervalTask.objects.filter(source=VervalSource.RECONCILIATION)
    assert tasks.exists()
    assert not tasks.filter(assignee__isnull=True).exists()
