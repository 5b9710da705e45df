"""The whole path at 360 px: an RT head reports a move (late), the TKSK confirms it, the
person's open case and verval task are with the TKSK of the destination kecamatan with their
history, and the RT's participation figures count the report."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from pendamping.accounts.models import User
from pendamping.core.demo import DEMO_PASSWORD
from pendamping.mobility.models import MoveReport
from pendamping.registry.models import PpksCategory
from pendamping.wilayah.models import Area, Level

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JADIREJO = "14.71.01.1002"
SIMPANG_EMPAT = "14.71.02.1001"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _login(browser, live_server, username):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="id-ID"
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("[data-testid=my-areas]")
    return page


def test_rt_reports_a_move_and_the_work_follows_the_person(browser, live_server, small_demo):
    from pendamping.casework.services import case_open
    from pendamping.linkage.models import VervalSource, VervalTask
    from tests.factories import make_household

    rt_head = User.objects.get(username="rt.jadirejo")
    rt_area = Area.objects.get(assignments__user=rt_head, level=Level.RT)
    household = make_household(JADIREJO, members=2, name="Hendra Saputra", rt=rt_area)
    person = household.members.order_by("pk").first()
    tksk = User.objects.get(username="tksk.sukajadi")
    case = case_open(
        actor=tksk,
        person=person,
        category=PpksCategory.objects.get(code="PPKS24"),
        problem="Lost his job; rent overdue.",
    )
    from pendamping.linkage.services import verval_task_create

    task = verval_task_create(
        actor=tksk, person=person, reason="Check income", source=VervalSource.MANUAL
    )
    before = MoveReport.objects.filter(rt=rt_area, reporter__role="rtrw")
    made_before, on_time_before = before.count(), before.filter(late=False).count()
    event_on = timezone.localdate() - dt.timedelta(days=3)

    # 1. the RT head, on a phone: household, event, send
    rt = _login(browser, live_server, "rt.jadirejo")
    rt.goto(f"{live_server.url}/mobility/")
    _fits(rt)
    rt.click(f"a[href='/mobility/report/household/{household.pk}/']")
    rt.check("input[name=event][value=moved_out]")
    rt.fill("#id_event_on", event_on.isoformat())
    rt.click("#destination-details summary")
    rt.check("input[name=destination][value=other_kelurahan]")
    rt.select_option("#id_to_kelurahan", label="Simpang Empat (Pekanbaru Kota)")
    rt.fill("#id_to_address", "Jl. Riau Gg. Damai No. 4")
    _fits(rt)
    rt.click("#report-submit")
    rt.wait_for_selector("[data-testid=report-status]")
    assert "Terlambat" in rt.inner_text("[data-testid=late]")
    _fits(rt)
    report = MoveReport.objects.get(household=household)
    assert report.late

    # 2. the TKSK of Sukajadi sees it waiting on the home page and confirms it
    origin = _login(browser, live_server, "tksk.sukajadi")
    origin.wait_for_selector("[data-testid=mobility-panel]")  # loaded after the page
    assert person.name in origin.inner_text("[data-testid=mobility-panel]")
    origin.click(f"[data-testid=mobility-panel] a[href='/mobility/reports/{report.pk}/']")
    origin.click("#confirm-submit")
    origin.wait_for_selector("[data-testid=handover]")
    assert "Dikonfirmasi" in origin.inner_text("[data-testid=report-status]")
    _fits(origin)

    # 3. the TKSK of Pekanbaru Kota now holds the case and sees the verval task, history intact
    destination = _login(browser, live_server, "tksk.pekanbaru-kota")
    assert destination.locator("[data-testid=unread-count]").count() == 1
    destination.wait_for_selector("[data-testid=mobility-panel]")
    moved = destination.inner_text("[data-testid=mobility-panel] [data-testid=moved-in]")
    assert person.name in moved
    destination.goto(f"{live_server.url}/mobility/")
    items = destination.inner_text("[data-testid=moved-in]")
    assert f"#{case.pk}" in items
    assert "Check income" in items
    destination.goto(f"{live_server.url}/casework/cases/")
    destination.click(f"a[href='/casework/cases/{case.pk}/']")
    destination.wait_for_url(re.compile(rf"/casework/cases/{case.pk}/$"))
    history = destination.inner_text("main")
    assert "tksk.sukajadi" in history  # who opened it and who confirmed the move
    assert f"#{report.pk}" in history  # the handover note
    _fits(destination)
    case.refresh_from_db()
    task.refresh_from_db()
    assert case.lead.username == "tksk.pekanbaru-kota"
    assert task.kelurahan.code == SIMPANG_EMPAT
    assert VervalTask.objects.filter(pk=task.pk, status="open").exists()
    destination.goto(f"{live_server.url}/registry/people/{person.pk}/")
    assert "Simpang Empat" in destination.inner_text("main")

    # 4. the RT's participation: one more report, not on time, made today
    origin.goto(f"{live_server.url}/mobility/participation/{JADIREJO}/")
    row = origin.locator(f"tr[data-rt='{rt_area.code}'] td")
    cells = [row.nth(i).inner_text() for i in range(5)]
    made = made_before + 1
    assert cells[2] == str(made)
    assert cells[3] == f"{round(100 * on_time_before / made)}%"
    assert cells[4] == "0"
    _fits(origin)
