"""A supervisor reads the city dashboard and a role profile on a 360 px phone and on a
desktop; a TKSK writes the monthly report, the supervisor approves it and downloads it."""

import re

import pytest

from pendamping.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state("networkidle")


def _dashboard_and_profile(page, base: str, width: int) -> None:
    page.goto(f"{base}/reports/")
    page.wait_for_selector("#city-map path.leaflet-interactive")
    assert page.locator("#city-map path.leaflet-interactive").count() == 15
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert "Dasbor kota" in page.inner_text("h1")
    people = page.inner_text("[data-testid=headline-people]")
    total = page.inner_text("[data-testid=table-overview] tfoot td:nth-child(4)")
    assert people == total

    page.click("[data-testid=table-overview] a:text('Tuah Madani')")
    page.wait_for_selector("[data-testid=area-workers]")
    assert "Kecamatan Tuah Madani" in page.inner_text("h1")
    tksk = page.locator("[data-testid=worker-tksk\\.tampan]")
    assert "berbagi wilayah" in tksk.inner_text()

    page.goto(f"{base}/reports/roles/?by=assistant")
    page.wait_for_selector("[data-testid=role-groups]")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"{base}/reports/roles/tksk.tampan/")
    page.wait_for_selector("[data-testid=profile-roles]")
    activities = int(page.inner_text("[data-testid=profile-activities]").replace(".", ""))
    broker = int(page.inner_text("[data-testid=profile-role-broker] td:nth-child(2)"))
    page.click("[data-testid=profile-role-broker] td:nth-child(2) a")
    page.wait_for_selector("[data-testid=activities-total]")
    assert page.inner_text("[data-testid=activities-total]").startswith(f"{broker} ")
    listed = page.locator("[data-testid=activity-list] li .badge:text('Broker')").count()
    assert listed == broker
    page.go_back()
    page.click("[data-testid=profile-activities] a")
    page.wait_for_selector("[data-testid=activities-total]")
    assert page.inner_text("[data-testid=activities-total]").startswith(f"{activities} ")


def test_dashboard_and_role_profile_on_a_phone(live_server, phone, small_demo):
    _login(phone, live_server.url, "kabid")
    _dashboard_and_profile(phone, live_server.url, 360)


def test_dashboard_on_a_desktop_and_the_monthly_report(live_server, browser, small_demo):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    _login(page, live_server.url, "kabid")
    _dashboard_and_profile(page, live_server.url, 1280)

    tksk = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID").new_page()
    _login(tksk, live_server.url, "tksk.tampan")
    tksk.goto(f"{live_server.url}/reports/monthly/")
    tksk.select_option("select[name=month]", index=0)
    tksk.click("[data-testid=generate]")
    tksk.wait_for_selector("[data-testid=report-status]")
    tksk.fill("#id_summary", "Kunjungan rumah dan verval di Tuah Madani.")
    tksk.click("[data-testid=submit]")
    tksk.wait_for_selector("text=Sudah diajukan ke supervisor.")
    url = tksk.url

    page.goto(url)
    page.fill("#id_note", "Lengkap.")
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=report-status]:text('Disetujui')")
    with page.expect_download() as download:
        page.click("[data-testid=report-xlsx]")
    assert re.match(
        r"laporan-tksk-tksk\.tampan-\d{4}-\d{2}\.xlsx", download.value.suggested_filename
    )
    context.close()
