"""Reports, confirmation through the registry, handover of open work, late flag."""

import datetime as dt

import pytest
from django.utils import timezone

from pendamping.casework.models import CaseEvent, CaseStatus, Outcome
from pendamping.casework.services import case_open
from pendamping.core.exceptions import OutOfScope
from pendamping.core.models import Notification
from pendamping.linkage.models import VervalSource, VervalStatus
from pendamping.linkage.services import verval_task_create
from pendamping.mobility import services
from pendamping.mobility.models import Destination, ReportKind, ReportStatus, TracingRecord
from pendamping.registry.models import Change, ChangeSource, RecordStatus


def _case(actor, person, category):
    return case_open(actor=actor, person=person, category=category, problem="Lost his job.")


def test_late_flag_is_about_24_hours():
    now = timezone.now()
    assert not services.is_late(event_at=now - dt.timedelta(hours=23), reported_at=now)
    assert services.is_late(event_at=now - dt.timedelta(hours=25), reported_at=now)


def test_a_report_changes_nothing_until_confirmed(reporter, household, days_ago):
    report, created = services.report_submit(
        actor=reporter,
        kind=ReportKind.MOVED_OUT,
        household=household,
        event_on=days_ago(3),
        destination=Destination.OUTSIDE_CITY,
        to_address="Kota Dumai",
    )
    assert created
    assert report.status == ReportStatus.PENDING
    assert report.late
    household.refresh_from_db()
    assert household.status == RecordStatus.ACTIVE
    assert not Change.objects.filter(source=ChangeSource.MOBILITY).exists()


def test_same_day_report_is_on_time(reporter, household, today):
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.MOVED_OUT, household=household, event_on=today
    )
    assert not report.late
    assert report.destination == Destination.UNKNOWN


def test_same_client_id_is_stored_once(reporter, household, today):
    first, created = services.report_submit(
        actor=reporter,
        kind=ReportKind.UNKNOWN,
        household=household,
        event_on=today,
        client_id="dev-1:42",
    )
    again, created_again = services.report_submit(
        actor=reporter,
        kind=ReportKind.UNKNOWN,
        household=household,
        event_on=today,
        client_id="dev-1:42",
    )
    assert created
    assert not created_again
    assert again.pk == first.pk


def test_client_id_of_another_sender_is_refused(reporter, psm, household, today):
    services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, event_on=today, client_id="x1"
    )
    with pytest.raises(services.MobilityError) as exc:
        services.report_submit(
            actor=psm, kind=ReportKind.UNKNOWN, household=household, event_on=today, client_id="x1"
        )
    assert exc.value.code == services.MobilityErrorCode.CLIENT_ID


def test_rt_head_cannot_report_outside_their_rt(make_household, reporter, rt2, today):
    other = make_household("14.71.01.1002", rt=rt2)
    with pytest.raises(OutOfScope):
        services.report_submit(
            actor=reporter, kind=ReportKind.MOVED_OUT, household=other, event_on=today
        )


def test_future_date_and_bad_nik_are_refused(reporter, today):
    with pytest.raises(services.MobilityError) as exc:
        services.report_submit(
            actor=reporter,
            kind=ReportKind.MOVED_IN,
            subject_name="Andi",
            event_on=today + dt.timedelta(days=2),
        )
    assert exc.value.field == "event_on"
    with pytest.raises(services.MobilityError) as exc:
        services.report_submit(
            actor=reporter,
            kind=ReportKind.MOVED_IN,
            subject_name="Andi",
            subject_nik="1471",
            event_on=today,
        )
    assert exc.value.field == "subject_nik"


def test_rt_head_cannot_confirm(reporter, household, today):
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, event_on=today
    )
    with pytest.raises(OutOfScope):
        services.report_confirm(actor=reporter, report=report)


def test_reject_needs_a_reason_and_is_final(reporter, tksk, household, today):
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, event_on=today
    )
    with pytest.raises(services.MobilityError):
        services.report_reject(actor=tksk, report=report, reason=" ")
    services.report_reject(actor=tksk, report=report, reason="Saw them this morning.")
    with pytest.raises(services.MobilityError) as exc:
        services.report_confirm(actor=tksk, report=report)
    assert exc.value.code == services.MobilityErrorCode.TRANSITION
    assert Notification.objects.filter(user=reporter, kind="mobility_decision").exists()


def test_confirmed_move_to_another_kecamatan_hands_over_open_work(
    reporter, tksk, psm, tksk_kota, psm_simpang, household, simpang, rt_simpang, category, days_ago
):
    person = household.members.order_by("pk").first()
    case = _case(tksk, person, category)
    task = verval_task_create(
        actor=tksk, person=person, reason="Check address", source=VervalSource.MANUAL
    )
    report, _ = services.report_submit(
        actor=reporter,
        kind=ReportKind.MOVED_OUT,
        household=household,
        event_on=days_ago(2),
        destination=Destination.OTHER_KELURAHAN,
        to_kelurahan=simpang,
        to_rt=rt_simpang,
        to_address="Jl. Riau No. 9",
    )
    # the TKSK of Sukajadi confirms a move into Pekanbaru Kota, outside their own areas
    services.report_confirm(actor=tksk, report=report)

    household.refresh_from_db()
    assert household.kelurahan == simpang
    assert household.rt == rt_simpang
    person.refresh_from_db()
    assert person.kelurahan == simpang
    move = Change.objects.get(household=household, action="move")
    assert move.source == ChangeSource.MOBILITY
    assert move.actor == tksk
    assert f"#{report.pk}" in move.note

    case.refresh_from_db()
    assert case.lead == tksk_kota  # same role as the previous lead
    assert case.kelurahan == simpang
    assert case.status == CaseStatus.ASSESSMENT
    events = list(CaseEvent.objects.filter(case=case))
    assert len(events) == 2  # opening kept, handover added
    assert "tksk.kota.test" in events[-1].note
    # both assistants see the whole history: the previous lead stays on the case
    from pendamping.casework import selectors as casework_selectors

    assert casework_selectors.case_get(tksk, case.pk) == case
    assert casework_selectors.case_get(tksk_kota, case.pk) == case

    task.refresh_from_db()
    assert task.kelurahan == simpang
    assert task.assignee == psm_simpang  # the verval task goes to who covers the kelurahan
    assert task.status == VervalStatus.OPEN
    assert Notification.objects.filter(user=tksk_kota, kind="handover").exists()
    assert Notification.objects.filter(user=psm_simpang, kind="handover").exists()
    report.refresh_from_db()
    assert {i["kind"] for i in report.handover["items"]} == {"case", "verval_task"}


def test_move_out_of_city_closes_work_and_lists_it(reporter, tksk, household, category, today):
    person = household.members.order_by("pk").first()
    case = _case(tksk, person, category)
    report, _ = services.report_submit(
        actor=reporter,
        kind=ReportKind.MOVED_OUT,
        household=household,
        event_on=today,
        destination=Destination.OUTSIDE_CITY,
        to_address="Kabupaten Kampar",
    )
    services.report_confirm(actor=tksk, report=report)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.outcome == Outcome.MOVED_AWAY
    household.refresh_from_db()
    assert household.status == RecordStatus.MOVED_OUT
    assert set(household.members.values_list("status", flat=True)) == {RecordStatus.MOVED_OUT}
    report.refresh_from_db()
    assert report.handover["left_city"]
    assert [i["id"] for i in report.handover["items"]] == [case.pk]


def test_death_closes_the_case_as_deceased(reporter, tksk, household, category, today):
    person = household.members.order_by("pk").first()
    case = _case(tksk, person, category)
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.DECEASED, household=household, person=person, event_on=today
    )
    services.report_confirm(actor=tksk, report=report)
    person.refresh_from_db()
    case.refresh_from_db()
    assert person.status == RecordStatus.DECEASED
    assert case.outcome == Outcome.DECEASED


def test_birth_adds_a_child_with_history(reporter, psm, household, today):
    report, _ = services.report_submit(
        actor=reporter,
        kind=ReportKind.BIRTH,
        household=household,
        subject_name="Putri Santoso",
        subject_sex="P",
        event_on=today,
    )
    services.report_confirm(actor=psm, report=report)
    report.refresh_from_db()
    child = report.result_person
    assert child.household == household
    assert child.birth_date == today
    assert child.changes.get().source == ChangeSource.MOBILITY


def test_correction_is_recorded(reporter, tksk, household, simpang, days_ago):
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.MOVED_OUT, household=household, event_on=days_ago(4)
    )
    assert report.late
    services.report_confirm(
        actor=tksk,
        report=report,
        corrections={
            "destination": Destination.OTHER_KELURAHAN,
            "to_kelurahan": simpang,
            "event_on": days_ago(0),
        },
    )
    report.refresh_from_db()
    assert report.corrections["destination"] == ["unknown", "other_kelurahan"]
    assert report.corrections["to_kelurahan"] == [None, "14.71.02.1001"]
    assert not report.late  # the event was in fact today
    household.refresh_from_db()
    assert household.kelurahan == simpang


def test_newcomer_with_known_nik_moves_their_household_here(
    make_household, make_user, reporter, psm, tksk, rt1, jadirejo, category, today
):
    elsewhere = make_household("14.71.02.1001", members=2, name="Joko Widodo")
    newcomer = elsewhere.members.order_by("pk").first()
    other_tksk = make_user("tksk", "14.71.02")
    case = _case(other_tksk, newcomer, category)
    report, _ = services.report_submit(
        actor=reporter,
        kind=ReportKind.MOVED_IN,
        subject_name="Joko",
        subject_nik=newcomer.nik,
        came_from="Simpang Empat",
        event_on=today,
    )
    assert report.rt == rt1
    services.report_confirm(actor=psm, report=report)
    elsewhere.refresh_from_db()
    case.refresh_from_db()
    assert elsewhere.kelurahan == jadirejo
    assert case.kelurahan == jadirejo
    assert case.lead == tksk


def test_newcomer_without_kk_becomes_a_field_check(reporter, psm, today):
    from pendamping.linkage.models import VervalTask

    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.MOVED_IN, subject_name="Rina", event_on=today
    )
    services.report_confirm(actor=psm, report=report)
    task = VervalTask.objects.get(source=VervalSource.MOBILITY)
    assert task.subject == "Rina"
    assert task.assignee == psm


def test_whereabouts_unknown_opens_tracing(reporter, tksk, household, today):
    person = household.members.order_by("pk").first()
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, person=person, event_on=today
    )
    services.report_confirm(actor=tksk, report=report)
    person.refresh_from_db()
    assert person.status == RecordStatus.NOT_FOUND
    record = TracingRecord.objects.get(person=person)
    assert record.last_seen_on == today
    assert household.address in record.last_known_address
