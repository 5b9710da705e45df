"""The monthly TKSK report: generated from the month's records, narrative edited while a
draft, submitted, approved or returned by a supervisor; XLSX and printable page; audited."""

import io

import pytest
from python_calamine import CalamineWorkbook

from pendamping.audit.models import AuditEvent
from pendamping.reports import services
from pendamping.reports.models import ReportStatus
from pendamping.reports.services import ReportsError

pytestmark = pytest.mark.django_db


def test_figures_come_from_the_records_of_the_month(world):
    from pendamping.programs.complaints.services import complaint_submit
    from pendamping.wilayah.models import Area

    for code in ("14.71.01.1003", world.other_kelurahan):
        complaint_submit(
            actor=None,
            channel="web",
            category="not_served",
            kelurahan=Area.objects.get(code=code),
            description=f"Belum dilayani ({code}).",
        )
    report = services.report_generate(actor=world.tksk, month=world.month)
    f = report.figures
    assert f["activities"] == 3
    roles = {r["code"]: r for r in f["roles"]}
    assert roles["broker"]["tags"] == 2
    assert f["cases"]["opened"] == 2  # both in Sukajadi; the other kecamatan's is not counted
    assert f["cases"]["closed"] == 1
    assert f["referrals"]["sent"] == 1
    assert f["verval"]["done"] == 1
    assert f["verval"]["overdue"] == 1
    assert [e["topic"] for e in f["events"]] == ["PKH graduation"]
    assert f["attendance"] == 19
    assert f["constraints"]["overdue_referrals"] == 1
    assert f["complaints"]["received"] == 1  # the other kecamatan's complaint is not counted
    assert f["mobility"]["received"] == 0


def test_lifecycle_draft_submit_approve(world):
    report = services.report_generate(actor=world.tksk, month=world.month)
    services.report_update(
        actor=world.tksk,
        report=report,
        summary="Busy month",
        constraints="Rain; two RT did not report moves",
        follow_up="Visit Kampung Tengah",
    )
    with pytest.raises(ReportsError) as exc:
        services.report_approve(actor=world.supervisor, report=report)
    assert exc.value.code == "report_transition_not_allowed"
    services.report_submit(actor=world.tksk, report=report)
    with pytest.raises(ReportsError):
        services.report_update(
            actor=world.tksk, report=report, summary="x", constraints="", follow_up=""
        )
    with pytest.raises(ReportsError) as exc:
        services.report_approve(actor=world.tksk, report=report)
    assert exc.value.code == "report_not_supervisor"
    services.report_approve(actor=world.supervisor, report=report, note="Good")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.approved_by == world.supervisor
    with pytest.raises(ReportsError):
        services.report_generate(actor=world.tksk, month=world.month)
    assert (
        AuditEvent.objects.filter(object_type="reports.monthlyreport", action="write").count() == 4
    )


def test_return_needs_a_note_and_notifies_the_tksk(world):
    from pendamping.core.notifications import unread_for

    report = services.report_generate(actor=world.tksk, month=world.month)
    services.report_submit(actor=world.tksk, report=report)
    with pytest.raises(ReportsError):
        services.report_return(actor=world.supervisor, report=report, note="  ")
    services.report_return(actor=world.supervisor, report=report, note="Add the constraints")
    assert report.status == ReportStatus.DRAFT
    assert unread_for(user=world.tksk).filter(kind="report").count() == 1


def test_only_a_tksk_writes_and_only_for_a_started_month(world):
    from pendamping.reports.selectors import add_months

    with pytest.raises(ReportsError) as exc:
        services.report_generate(actor=world.psm, month=world.month)
    assert exc.value.code == "report_not_tksk"
    with pytest.raises(ReportsError) as exc:
        services.report_generate(actor=world.tksk, month=add_months(world.month, 1))
    assert exc.value.code == "report_month_in_future"


def test_pages_generate_edit_submit_approve_and_download(client, world):
    client.force_login(world.tksk)
    response = client.post("/reports/monthly/new/", {"month": f"{world.month:%Y-%m}"})
    url = response["Location"]
    client.post(
        url, {"action": "save", "summary": "Ringkas", "constraints": "Hujan", "follow_up": ""}
    )
    client.post(url, {"action": "submit"})
    client.force_login(world.supervisor)
    page = client.get(url).content.decode()
    assert 'data-testid="approve"' in page
    client.post(url, {"action": "approve", "note": "Baik"})
    page = client.get(url).content.decode()
    assert "Disetujui" in page
    xlsx = client.get(url + "report.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    cells = [str(v) for row in sheet.to_python() for v in row]
    assert "DINAS SOSIAL KOTA PEKANBARU" in cells
    assert "Ringkas" in cells
    assert str(world.supervisor) in cells
    printable = client.get(url + "print/").content.decode()
    assert "DINAS SOSIAL KOTA PEKANBARU" in printable
    assert "<script>" not in printable
    assert (
        AuditEvent.objects.filter(action="export", object_type="reports.monthlyreport").count() == 2
    )


def test_another_tksk_cannot_open_the_report(client, world):
    report = services.report_generate(actor=world.tksk, month=world.month)
    client.force_login(world.other_tksk)
    assert client.get(f"/reports/monthly/{report.pk}/").status_code == 404
    assert client.get(f"/reports/monthly/{report.pk}/report.xlsx").status_code == 404
    client.force_login(world.psm)
    assert client.get("/reports/monthly/").status_code == 404
