"""The workforce registry: workers, their employment, and areas over time with history."""

import datetime as dt

import pytest
from django.utils import timezone

from pendamping.accounts.models import Assignment
from pendamping.audit.models import AuditEvent
from pendamping.core.scope import scope_of
from pendamping.planning import services
from pendamping.planning.models import Worker
from pendamping.wilayah.models import Area

pytestmark = pytest.mark.django_db

D = dt.date


def _volunteer(supervisor, name="Relawan Tagana Uji"):
    return services.worker_register(
        actor=supervisor,
        name=name,
        worker_type="volunteer",
        basis="volunteer",
        started_on=D(2023, 1, 2),
    )


def test_a_volunteer_without_login_is_listed_with_an_account_that_cannot_log_in(supervisor):
    worker = _volunteer(supervisor)
    assert worker.user.is_active is False
    assert not worker.user.has_usable_password()
    assert worker.has_login is False
    assert scope_of(worker.user).empty
    assert AuditEvent.objects.filter(object_type="planning.worker", action="write").exists()


def test_field_workers_cannot_change_the_registry(make_user):
    tksk = make_user("tksk", "14.71.01")
    with pytest.raises(services.PlanningError) as exc:
        _volunteer(tksk)
    assert exc.value.code == services.PlanningErrorCode.FORBIDDEN
    assert not Worker.objects.exists()


def test_a_name_is_required(supervisor):
    with pytest.raises(services.PlanningError) as exc:
        _volunteer(supervisor, name="   ")
    assert exc.value.field == "name"


def test_moving_a_worker_keeps_the_history_and_changes_the_scope(supervisor, make_user):
    user = make_user("psm", "14.71.01.1002")
    worker = services.worker_register(
        actor=supervisor,
        user=user,
        name="PSM Uji",
        worker_type="psm",
        basis="volunteer",
        started_on=D(2021, 1, 1),
    )
    jadirejo = Area.objects.get(code="14.71.01.1002")
    other = Area.objects.get(code="14.71.01.1003")
    today = timezone.localdate()
    services.assignment_move(
        actor=supervisor, worker=worker, from_area=jadirejo, to_area=other, on=today
    )
    history = list(Assignment.objects.filter(user=user).order_by("valid_from"))
    assert [(a.area.code, a.valid_to) for a in history] == [
        ("14.71.01.1002", today),
        ("14.71.01.1003", None),
    ]
    user.refresh_from_db()
    assert scope_of(user).kelurahan_ids == {other.pk}


def test_an_overlapping_assignment_to_the_same_area_is_refused(supervisor):
    worker = _volunteer(supervisor)
    area = Area.objects.get(code="14.71.01.1002")
    services.assignment_start(actor=supervisor, worker=worker, area=area, valid_from=D(2023, 2, 1))
    with pytest.raises(services.PlanningError) as exc:
        services.assignment_start(
            actor=supervisor, worker=worker, area=area, valid_from=D(2024, 1, 1)
        )
    assert exc.value.code == services.PlanningErrorCode.OVERLAP
    assert Assignment.objects.filter(user=worker.user).count() == 1


def test_an_assignment_cannot_start_before_the_worker_or_on_an_rt(supervisor):
    worker = _volunteer(supervisor)
    area = Area.objects.get(code="14.71.01.1002")
    with pytest.raises(services.PlanningError):
        services.assignment_start(
            actor=supervisor, worker=worker, area=area, valid_from=D(2020, 1, 1)
        )
    province = Area.objects.get(code="14")
    with pytest.raises(services.PlanningError) as exc:
        services.assignment_start(
            actor=supervisor, worker=worker, area=province, valid_from=D(2024, 1, 1)
        )
    assert exc.value.code == services.PlanningErrorCode.LEVEL


def test_ending_service_ends_every_open_assignment(supervisor, tampan_tksk):
    worker = services.worker_register(
        actor=supervisor,
        user=tampan_tksk,
        name="TKSK Tampan",
        worker_type="tksk",
        basis="contract",
        started_on=D(2019, 1, 1),
    )
    end = timezone.localdate() + dt.timedelta(days=1)
    services.worker_end(actor=supervisor, worker=worker, ended_on=end)
    assert set(Assignment.objects.filter(user=tampan_tksk).values_list("valid_to", flat=True)) == {
        end
    }
    with pytest.raises(services.PlanningError):
        services.worker_end(actor=supervisor, worker=worker, ended_on=D(2018, 1, 1))


def test_ending_an_assignment_must_come_after_its_start(supervisor):
    worker = _volunteer(supervisor)
    area = Area.objects.get(code="14.71.01.1002")
    a = services.assignment_start(
        actor=supervisor, worker=worker, area=area, valid_from=D(2023, 2, 1)
    )
    with pytest.raises(services.PlanningError) as exc:
        services.assignment_end(actor=supervisor, assignment=a, valid_to=D(2023, 2, 1))
    assert exc.value.code == services.PlanningErrorCode.DATES
    services.assignment_end(actor=supervisor, assignment=a, valid_to=D(2024, 1, 1))
    with pytest.raises(services.PlanningError):
        services.assignment_end(actor=supervisor, assignment=a, valid_to=D(2024, 6, 1))
