"""Panels added as their sources landed: move reports and RT/RW participation, complaints,
program enrolment against eligibility. Counts against records made here, within scope."""

import pytest

from pendamping.reports import selectors
from pendamping.reports.services import facts_refresh
from pendamping.wilayah.models import Area

from .conftest import JADIREJO, SUKAJADI

pytestmark = pytest.mark.django_db


def _total(table):
    return [c.value for c in table.total]


def test_move_reports_and_rtrw_participation(world, make_user, make_household):
    from pendamping.mobility import services as mobility
    from pendamping.registry.services import rt_resolve

    kelurahan = Area.objects.get(code=JADIREJO)
    rt = rt_resolve(actor=world.tksk, kelurahan=kelurahan, rw=1, rt=2)
    head = make_user("rtrw", rt.code, username="rt.jadirejo.rep")
    make_user("rtrw", rt.code, username="rt.jadirejo.silent")
    household = make_household(JADIREJO, members=2, rt=rt)
    mobility.report_submit(
        actor=head,
        kind="moved_out",
        event_on=world.today,
        household=household,
        destination="outside_city",
    )
    mobility.report_submit(
        actor=world.tksk,
        kind="deceased",
        event_on=world.today,
        person=household.members.order_by("pk").first(),
    )
    facts_refresh()
    table = selectors.table_get(selectors.default_window(world.supervisor), "mobility")
    received, late, confirmed, waiting, heads, reporting = _total(table)[1:]
    assert received == 2
    assert late == 0  # reported the same day
    assert waiting + confirmed == 2
    assert heads == 2
    assert reporting == 1
    other = selectors.table_get(selectors.default_window(world.other_tksk), "mobility")
    assert _total(other)[1] == 0


def test_complaints_received_resolved_median_and_overdue(world):
    from pendamping.programs.complaints import services as complaints

    kelurahan = Area.objects.get(code=JADIREJO)
    first, _ = complaints.complaint_submit(
        actor=None,
        channel="web",
        category="not_served",
        kelurahan=kelurahan,
        description="Belum dilayani di kantor lurah.",
    )
    complaints.complaint_submit(
        actor=None,
        channel="web",
        category="data_wrong",
        kelurahan=kelurahan,
        description="Nama saya salah di data.",
    )
    complaints.complaint_transition(
        actor=world.tksk, complaint=first, to_status="resolved", answer="Sudah dilayani."
    )
    facts_refresh()
    table = selectors.table_get(selectors.default_window(world.supervisor), "complaints")
    sukajadi = next(r for r in table.rows if r[0].value == "Sukajadi")
    assert [c.value for c in sukajadi[1:]] == [2, 1, 0.0, 1, 0]
    assert (
        _total(selectors.table_get(selectors.default_window(world.other_tksk), "complaints"))[1]
        == 0
    )


def test_median_from_histogram():
    assert selectors.median_from_histogram({}) is None
    assert selectors.median_from_histogram({"2": 1, "9": 1, "4": 1}) == 4
    assert selectors.median_from_histogram({"1": 2, "3": 2}) == 2
    assert selectors.median_from_histogram({"5": 3, "1": 1}) == 5


def test_program_enrolment_against_eligibility_agrees_with_the_programs_app(world):
    from pendamping.programs import services as programs
    from pendamping.programs.models import Program
    from pendamping.programs.seed import programs_seed_load
    from pendamping.programs.selectors import registry_eligibility

    programs_seed_load()
    program = Program.objects.filter(active=True).order_by("code").first()
    person = world.cases[0].person
    programs.enrolment_propose(actor=world.tksk, program=program, person=person)
    facts_refresh()
    table = selectors.table_get(selectors.default_window(world.supervisor), "programs")
    by_name = {r[0].value: [c.value for c in r[1:]] for r in table.rows}
    expected = {e.program.name: e for e in registry_eligibility(actor=world.supervisor)}
    for name, (eligible, enrolled, receiving, missing, _per100) in by_name.items():
        assert eligible == len(expected[name].eligible)
        assert missing == len(expected[name].eligible_not_enrolled)
        assert enrolled == len(expected[name].enrolled_open)
        assert receiving == len(expected[name].receiving)
    assert by_name[program.name][1] == 1
    tksk_table = selectors.table_get(selectors.default_window(world.tksk), "programs")
    assert {r[0].value: r[2].value for r in tksk_table.rows}[program.name] == 1


def test_area_page_of_a_kelurahan_links_rt_participation(client, world):
    facts_refresh()
    client.force_login(world.supervisor)
    text = client.get(f"/reports/area/{SUKAJADI}/").content.decode()
    assert f"/mobility/participation/{JADIREJO}/" in text


def test_reconciliation_outcomes_of_the_latest_run(world):
    from django.utils import timezone

    from pendamping.linkage.models import Outcome, ReconciliationRun, Snapshot

    snapshot = Snapshot.objects.create(source="dtsen", as_of=world.today, label="Uji")
    old = ReconciliationRun.objects.create(
        snapshot=snapshot, status="done", finished_at=timezone.now() - timezone.timedelta(days=9)
    )
    run = ReconciliationRun.objects.create(
        snapshot=snapshot, status="done", finished_at=timezone.now()
    )
    jadirejo = Area.objects.get(code=JADIREJO)
    other = Area.objects.get(code=world.other_kelurahan)
    for kind, kel in (("different", jadirejo), ("different", jadirejo), ("national_only", other)):
        Outcome.objects.create(run=run, kind=kind, kelurahan=kel)
    Outcome.objects.create(run=old, kind="duplicate", kelurahan=jadirejo)
    facts_refresh()
    table = selectors.table_get(selectors.default_window(world.supervisor), "reconciliation")
    # columns: area, then the outcome kinds in order: consistent, different, national only...
    assert _total(table)[2:4] == [2, 1]
    assert sum(v for v in _total(table)[1:]) == 3  # the older run does not count
    assert "Uji" in table.note
    mine = selectors.table_get(selectors.default_window(world.tksk), "reconciliation")
    assert sum(_total(mine)[1:]) == 2


def test_staffing_need_comes_from_the_planning_app(world):
    from pendamping.planning.selectors import staffing_table

    facts_refresh()
    expected = {row.area.code: row.needs for row in staffing_table().rows}
    table = selectors.table_get(selectors.default_window(world.supervisor), "staffing")
    assert len(table.rows) == 15
    sukajadi = next(r for r in table.rows if r[0].value == "Sukajadi")
    first_type = next(iter(expected[SUKAJADI]))
    need = expected[SUKAJADI][first_type]
    assert [c.value for c in sukajadi[1:4]] == [
        round(need.need, 1),
        round(need.present, 1),
        round(need.shortfall, 1),
    ]
    mine = selectors.table_get(selectors.default_window(world.tksk), "staffing")
    assert [r[0].value for r in mine.rows] == ["Sukajadi"]
