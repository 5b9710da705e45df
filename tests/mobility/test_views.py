"""Pages: the RT head's three-tap report, confirmation, tracing, participation, notifications."""

import datetime as dt

import pytest
from django.urls import reverse

from pendamping.core.models import Notification
from pendamping.mobility import services, tracing
from pendamping.mobility.models import (
    MoveReport,
    NotSeenThreshold,
    ReportKind,
    ReportStatus,
    TracingStatus,
)
from pendamping.registry.models import Classification, RecordStatus


def test_rt_head_reports_in_three_steps(client, reporter, household, tksk, today):
    client.force_login(reporter)
    home = client.get(reverse("mobility:home"))
    assert home.status_code == 200
    url = reverse("mobility:report_household", args=[household.pk])
    assert url in home.content.decode()  # tap 1: the household
    page = client.get(url)
    assert page.status_code == 200
    assert len(page.content) < 30_000  # small page for slow connections
    # tap 2 (the event) and tap 3 (send): the date defaults to today
    body = page.content.decode()
    assert 'value="moved_out"' in body
    assert f'value="{today.isoformat()}"' in body
    response = client.post(
        url, {"event": "moved_out", "event_on": today.isoformat(), "client_id": "c-1"}
    )
    report = MoveReport.objects.get()
    assert response.status_code == 302
    assert report.kind == ReportKind.MOVED_OUT
    assert not report.late
    client.post(url, {"event": "moved_out", "event_on": today.isoformat(), "client_id": "c-1"})
    assert MoveReport.objects.count() == 1  # a double tap is stored once
    assert Notification.objects.filter(kind="mobility_report").exists()


def test_page_in_indonesian_and_fits_no_heavy_script(client, reporter, household):
    client.force_login(reporter)
    body = client.get(reverse("mobility:report_household", args=[household.pk])).content.decode()
    assert "Seluruh keluarga pindah" in body
    assert "Kirim laporan" in body


def test_rt_head_cannot_open_another_rt(client, reporter, make_household, rt2):
    other = make_household("14.71.01.1002", rt=rt2)
    client.force_login(reporter)
    assert client.get(reverse("mobility:report_household", args=[other.pk])).status_code == 404


def test_tksk_confirms_and_sees_it_on_home(client, reporter, tksk, household, simpang, today):
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.MOVED_OUT, household=household, event_on=today
    )
    client.force_login(tksk)
    home = client.get(reverse("core:home")).content.decode()
    assert f'hx-get="{reverse("mobility:home_panel")}"' in home  # the panel loads after the page
    panel = client.get(reverse("mobility:home_panel")).content.decode()
    assert 'data-testid="mobility-panel"' in panel
    assert reverse("mobility:report_detail", args=[report.pk]) in panel
    response = client.post(
        reverse("mobility:report_confirm", args=[report.pk]),
        {"destination": "other_kelurahan", "to_kelurahan": simpang.pk, "to_address": "Jl. Riau 1"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CONFIRMED
    household.refresh_from_db()
    assert household.kelurahan == simpang
    detail = client.get(reverse("mobility:report_detail", args=[report.pk])).content.decode()
    assert "Dikonfirmasi" in detail


def test_conflicting_reports_side_by_side(client, reporter, psm, tksk, household, today):
    services.report_submit(
        actor=reporter, kind=ReportKind.MOVED_OUT, household=household, event_on=today
    )
    present, _ = services.report_submit(
        actor=psm, kind=ReportKind.PRESENT, household=household, event_on=today
    )
    client.force_login(tksk)
    body = client.get(reverse("mobility:report_detail", args=[present.pk])).content.decode()
    assert 'data-testid="conflict"' in body


def test_reject_from_page(client, reporter, tksk, household, today):
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, event_on=today
    )
    client.force_login(tksk)
    client.post(reverse("mobility:report_reject", args=[report.pk]), {"reason": "Seen today"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REJECTED


def test_newcomer_form_for_rt_head(client, reporter, today):
    client.force_login(reporter)
    response = client.post(
        reverse("mobility:report_other"),
        {
            "kind": "moved_in",
            "subject_name": "Andi Pratama",
            "subject_sex": "L",
            "came_from": "Kabupaten Kampar",
            "event_on": (today - dt.timedelta(days=3)).isoformat(),
            "client_id": "n-1",
        },
    )
    assert response.status_code == 302
    report = MoveReport.objects.get()
    assert report.late
    assert report.rt is not None


def test_participation_page_and_csv(client, reporter, make_user, psm, household, rt2, days_ago):
    make_user("rtrw", rt2.code, username="rt.silent")
    services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, event_on=days_ago(0)
    )
    services.report_submit(
        actor=reporter, kind=ReportKind.MOVED_OUT, household=household, event_on=days_ago(5)
    )
    client.force_login(psm)
    body = client.get(reverse("mobility:participation")).content.decode()
    assert 'data-testid="participation"' in body
    csv = client.get(reverse("mobility:participation_csv", args=["14.71.01.1002"]))
    text = csv.content.decode("utf-8-sig").splitlines()
    rows = {line.split(",")[0]: line.split(",") for line in text[1:]}
    reported = rows[household.rt.code]
    assert reported[4] == "2"
    assert reported[5] == "1"
    assert reported[6] == "50"
    assert reported[8] == "0"
    assert rows[rt2.code][9] == "ya"  # an RT head who never reports


def test_notifications_list_and_mark_read(client, tksk):
    note = Notification.objects.create(user=tksk, text="Halo", url="/mobility/")
    client.force_login(tksk)
    page = client.get(reverse("core:home")).content.decode()
    assert 'data-testid="unread-count"' in page
    response = client.get(reverse("mobility:notification_open", args=[note.pk]))
    assert response.status_code == 302
    assert response.url == "/mobility/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_tracing_attempts_then_supervisor_decides(
    client, reporter, tksk, supervisor, household, today
):
    person = household.members.order_by("pk").first()
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, person=person, event_on=today
    )
    services.report_confirm(actor=tksk, report=report)
    record = person.tracing_records.get()
    client.force_login(tksk)
    url = reverse("mobility:tracing_detail", args=[record.pk])
    for method in ("visit", "neighbours", "rt_rw"):
        client.post(
            url,
            {
                "attempted_on": today.isoformat(),
                "method": method,
                "outcome": "not_found",
                "contacts_asked": "Bu RT",
            },
        )
    record.refresh_from_db()
    assert record.status == TracingStatus.PROPOSED
    assert Notification.objects.filter(user=supervisor, kind="tracing_proposal").exists()
    client.force_login(supervisor)
    client.post(
        reverse("mobility:tracing_decide", args=[record.pk]),
        {"decision": "keep", "note": "Ask the family"},
    )
    record.refresh_from_db()
    assert record.status == TracingStatus.OPEN
    assert tracing.failed_attempts(record) == 0


def test_found_by_tracing_reactivates(reporter, tksk, household, today):
    person = household.members.order_by("pk").first()
    report, _ = services.report_submit(
        actor=reporter, kind=ReportKind.UNKNOWN, household=household, person=person, event_on=today
    )
    services.report_confirm(actor=tksk, report=report)
    record = person.tracing_records.get()
    tracing.tracing_attempt_add(actor=tksk, record=record, method="phone", outcome="found")
    person.refresh_from_db()
    assert person.status == RecordStatus.ACTIVE


def test_not_seen_threshold_per_category(tksk, household, category, today):
    from django.utils import timezone

    from pendamping.registry.models import Person

    people = list(household.members.order_by("pk"))
    old = timezone.now() - dt.timedelta(days=100)
    Person.objects.filter(pk__in=[p.pk for p in people]).update(created_at=old)
    Classification.objects.create(person=people[0], category=category, assessed_on=today)
    from pendamping.mobility.selectors import not_seen

    assert not_seen(tksk).count == 0  # default threshold 180 days
    NotSeenThreshold.objects.create(category=category, days=30)
    stale = not_seen(tksk)
    assert stale.count == 1
    assert [p.pk for p in stale.people] == [people[0].pk]
    assert stale.people[0].threshold_days == 30
    # an activity naming them counts as seen
    from pendamping.casework.services import activity_record

    activity_record(
        actor=tksk,
        kind="home_visit",
        people=[people[0]],
        roles=["facilitator"],
        kelurahan_id=people[0].kelurahan_id,
    )
    assert not_seen(tksk).count == 0


@pytest.mark.parametrize(
    "name",
    ["mobility:tracing_list", "mobility:report_list", "mobility:find", "mobility:notifications"],
)
def test_pages_render(client, tksk, name):
    client.force_login(tksk)
    assert client.get(reverse(name)).status_code == 200


def _report_many(reporter, make_household, rt1, n, today):
    for i in range(n):
        household = make_household("14.71.01.1002", rt=rt1, name=f"Warga Nomor{i}")
        services.report_submit(
            actor=reporter, kind=ReportKind.MOVED_OUT, household=household, event_on=today
        )


def test_lists_do_not_grow_queries_with_rows(
    client, reporter, tksk, make_household, rt1, today, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(tksk)
    counts = []
    for n in (2, 6):
        _report_many(reporter, make_household, rt1, n, today)
        for name in ("mobility:home", "mobility:report_list"):
            client.get(reverse(name))  # warm the session and caches
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(name)).status_code == 200
            counts.append((name, len(ctx.captured_queries)))
    assert counts[0] == counts[2]
    assert counts[1] == counts[3]
    panel_url = reverse("mobility:home_panel")
    with CaptureQueriesContext(connection) as ctx:
        client.get(panel_url)
    panel_queries = len(ctx.captured_queries)
    _report_many(reporter, make_household, rt1, 3, today)
    with django_assert_num_queries(panel_queries):
        client.get(panel_url)


def test_home_panel_lists_address_mismatches_from_reconciliation(client, psm, household):
    from pendamping.linkage.models import (
        NationalRecord,
        Outcome,
        OutcomeKind,
        ReconciliationRun,
        RunStatus,
        Snapshot,
    )
    from pendamping.wilayah.models import Area

    client.force_login(psm)
    panel_url = reverse("mobility:home_panel")
    assert 'data-testid="mismatch-unavailable"' in client.get(panel_url).content.decode()
    snapshot = Snapshot.objects.create(source="dtsen", as_of=dt.date(2025, 6, 1))
    national = NationalRecord.objects.create(
        snapshot=snapshot,
        row_number=2,
        record_key="X1",
        name="Budi",
        address="Jl. Nasional 7",
        rt=4,
        rw=2,
        kelurahan_code="14.71.01.1003",
        kelurahan=Area.objects.get(code="14.71.01.1003"),
    )
    run = ReconciliationRun.objects.create(snapshot=snapshot, status=RunStatus.DONE)
    Outcome.objects.create(
        run=run,
        kind=OutcomeKind.DIFFERENT,
        person=household.members.first(),
        household=household,
        national=national,
        kelurahan=household.kelurahan,
        differences=["address"],
    )
    body = client.get(panel_url).content.decode()
    assert 'data-testid="mismatches"' in body
    assert "Jl. Nasional 7" in body
    assert reverse("registry:household_detail", args=[household.pk]) in body


def test_verval_not_found_goes_on_the_tracing_list(client, tksk, household):
    from django.utils import timezone

    from pendamping.linkage.models import VervalResult, VervalSource, VervalStatus, VervalTask

    person = household.members.order_by("pk").first()
    task = VervalTask.objects.create(
        person=person,
        kelurahan=person.kelurahan,
        source=VervalSource.MANUAL,
        reason="Check",
        status=VervalStatus.DONE,
        result=VervalResult.NOT_FOUND,
        result_at=timezone.now(),
    )
    client.force_login(tksk)
    body = client.get(reverse("mobility:tracing_list")).content.decode()
    assert person.name in body
    assert reverse("mobility:tracing_start", args=[task.pk]) in body
    response = client.post(reverse("mobility:tracing_start", args=[task.pk]))
    record = person.tracing_records.get()
    assert response.url == reverse("mobility:tracing_detail", args=[record.pk])
    assert record.source == "verval"
    assert record.last_known_address.startswith(household.address)
