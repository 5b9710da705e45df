"""The assistant's home shows households whose address disagrees with the latest snapshot."""

from datetime import date

import pytest

from pendamping.linkage.models import (
    NationalRecord,
    Outcome,
    OutcomeKind,
    ReconciliationRun,
    RunStatus,
    Snapshot,
)
from pendamping.linkage.selectors import address_mismatches
from pendamping.wilayah.models import Area
from tests.factories import make_household, make_user

pytestmark = pytest.mark.django_db


def _run(as_of, *items, kind=OutcomeKind.DIFFERENT):
    snap = Snapshot.objects.create(source="dtsen", as_of=as_of)
    nat = NationalRecord.objects.create(
        snapshot=snap,
        row_number=2,
        record_key="X1",
        name="Budi",
        address="Jl. Baru 9",
        rt=4,
        rw=2,
        kelurahan_code="14.71.01.1003",
        kelurahan=Area.objects.get(code="14.71.01.1003"),
    )
    run = ReconciliationRun.objects.create(snapshot=snap, status=RunStatus.DONE)
    for household, differences in items:
        Outcome.objects.create(
            run=run,
            kind=kind,
            person=household.members.first(),
            household=household,
            national=nat,
            kelurahan=household.kelurahan,
            differences=differences,
        )
    return run


def test_latest_snapshot_mismatches_in_scope_only():
    here = make_household("14.71.01.1002")
    there = make_household("14.71.02.1001")
    psm = make_user("psm", "14.71.01.1002")
    assert address_mismatches(actor=psm) == []
    _run(date(2025, 1, 1), (here, ["address"]), (there, ["rt_rw"]))
    found = address_mismatches(actor=psm)
    assert [h.pk for h in found] == [here.pk]
    m = found[0].linkage_mismatch
    assert m.fields == ("address",)
    assert m.national_address == "Jl. Baru 9"
    assert (m.national_rw, m.national_rt) == (2, 4)
    assert m.national_kelurahan_code == "14.71.01.1003"
    # A newer snapshot where the household agrees: nothing left to show.
    assert len(address_mismatches(actor=make_user("supervisor"))) == 2
    _run(date(2025, 6, 1), (here, ["status"]))
    assert address_mismatches(actor=psm) == []
