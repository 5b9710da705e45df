"""The assistant's day: due work with locations, an ordered route, done marks, roll-over."""

import datetime as dt

import pytest
from django.utils import timezone

from pendamping.audit.models import AuditEvent
from pendamping.core.exceptions import OutOfScope
from pendamping.planning import dayplan
from pendamping.planning.models import DayPlan, StopStatus, Worker

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def tksk(make_user):
    return make_user("tksk", "14.71.01", username="tksk.sukajadi.day")


def _work(tksk, located_household, verval_for, n=4):
    points = [(0.51 + 0.004 * i, 101.435 + 0.003 * (i % 3)) for i in range(n)]
    return [
        verval_for(tksk, located_household(lat=lat, lon=lon), days=i - 1)
        for i, (lat, lon) in enumerate(points)
    ]


def test_due_work_is_ordered_by_priority_from_the_due_date(tksk, located_household, verval_for):
    tasks = _work(tksk, located_household, verval_for, n=4)
    items = dayplan.due_work(user=tksk, day=TODAY)
    assert [i.ref_id for i in items][:2] == [tasks[0].pk, tasks[1].pk]  # overdue, due today
    assert [i.priority for i in items] == [1, 1, 2, 2]


def test_a_plan_orders_the_visits_and_starts_at_the_area(tksk, located_household, verval_for):
    _work(tksk, located_household, verval_for, n=5)
    plan = dayplan.day_plan_make(actor=tksk, day=TODAY)
    stops = list(dayplan.plan_stops(actor=tksk, plan=plan))
    assert [s.seq for s in stops] == [1, 2, 3, 4, 5]
    arrivals = [s.arrival_minute for s in stops]
    assert arrivals == sorted(arrivals)
    assert arrivals[0] >= 8 * 60
    assert plan.depot_label == "Sukajadi"
    assert plan.travel_minutes > 0
    assert AuditEvent.objects.filter(object_type="planning.dayplan").exists()


def test_the_start_point_of_the_worker_profile_is_used(tksk, located_household, verval_for):
    Worker.objects.create(
        user=tksk,
        name="T",
        worker_type="tksk",
        basis="contract",
        started_on=dt.date(2020, 1, 1),
        base_lat=0.52,
        base_lon=101.45,
    )
    _work(tksk, located_household, verval_for, n=1)
    plan = dayplan.day_plan_make(actor=tksk, day=TODAY)
    assert (plan.depot_lat, plan.depot_lon) == (0.52, 101.45)


def test_visits_that_do_not_fit_roll_over_one_priority_higher(tksk, located_household, verval_for):
    _work(tksk, located_household, verval_for, n=6)
    plan = dayplan.day_plan_make(actor=tksk, day=TODAY, start_minute=8 * 60, end_minute=9 * 60)
    dropped = plan.stops.filter(status=StopStatus.DROPPED)
    assert dropped.exists()
    kept = {s.priority for s in plan.stops.filter(status=StopStatus.PLANNED)}
    assert min(kept) == 1
    missed = {(s.ref_id, s.priority) for s in dropped}
    tomorrow = dayplan.due_work(user=tksk, day=TODAY + dt.timedelta(days=1))
    again = {i.ref_id: i for i in tomorrow}
    for ref_id, _priority in missed:
        assert again[ref_id].rolled_over
    assert all(
        again[ref].priority <= max(1, dayplan._priority_by_due(again[ref].due_on, TODAY) - 1)
        for ref, _ in missed
    )


def test_done_visits_stay_done_on_replan_and_are_not_planned_tomorrow(
    tksk, located_household, verval_for
):
    _work(tksk, located_household, verval_for, n=3)
    plan = dayplan.day_plan_make(actor=tksk, day=TODAY)
    first = plan.stops.get(seq=1)
    dayplan.plan_stop_done(actor=tksk, stop_id=first.pk)
    plan = dayplan.day_plan_make(actor=tksk, day=TODAY)
    assert plan.stops.filter(status=StopStatus.DONE, ref_id=first.ref_id).count() == 1
    assert plan.stops.filter(ref_id=first.ref_id).count() == 1
    tomorrow = dayplan.due_work(user=tksk, day=TODAY + dt.timedelta(days=1))
    assert first.ref_id not in {i.ref_id for i in tomorrow}
    dayplan.plan_stop_done(actor=tksk, stop_id=first.pk, done=False)
    first.refresh_from_db()
    assert first.status == StopStatus.PLANNED


def test_someone_else_cannot_mark_my_visits(tksk, make_user, located_household, verval_for):
    _work(tksk, located_household, verval_for, n=1)
    plan = dayplan.day_plan_make(actor=tksk, day=TODAY)
    other = make_user("tksk", "14.71.01")
    with pytest.raises(OutOfScope):
        dayplan.plan_stop_done(actor=other, stop_id=plan.stops.first().pk)


def test_without_any_area_there_is_no_start_point(make_user):
    lonely = make_user("psm")
    with pytest.raises(dayplan.PlanningError):
        dayplan.day_plan_make(actor=lonely, day=TODAY)
    assert not DayPlan.objects.exists()


def test_an_open_complaint_about_a_household_is_a_visit_and_counted_in_the_workload(
    make_user, located_household
):
    from pendamping.planning.workload import Period, area_workload
    from pendamping.programs.complaints.models import Category, Channel
    from pendamping.programs.complaints.services import complaint_submit
    from pendamping.wilayah.models import Area

    psm = make_user("psm", "14.71.01.1002", username="psm.jadirejo.day")
    household = located_household()
    head = household.members.order_by("pk").first()
    category = next(c for c in Category.values if c != Category.ASSISTANT_CONDUCT)
    complaint, _ = complaint_submit(
        actor=None,
        channel=Channel.WEB,
        category=category,
        kelurahan=Area.objects.get(code="14.71.01.1002"),
        description="Bantuan tidak sampai sejak tiga bulan.",
        nik=head.nik,
    )
    assert complaint.assignee == psm
    items = dayplan.due_work(user=psm, day=TODAY)
    visit = next(i for i in items if i.kind == "complaint")
    assert visit.ref_id == complaint.pk
    assert visit.lat == household.latitude
    rows = area_workload(Period(TODAY, TODAY), level="kelurahan")
    jadirejo = next(r for r in rows if r.code == "14.71.01.1002")
    assert jadirejo.complaints == 1
    assert jadirejo.complaints_open == 1
