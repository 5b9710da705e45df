"""On a 360 px phone: the Kabid reads the staffing need (Tampan's TKSK counts half in each
kecamatan) and runs a what-if with 3 more TKSK; the TKSK opens today's route and ticks a visit."""

import os
from pathlib import Path

import pytest

from pendamping.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _shot(page, tmp_path: Path, name: str) -> None:
    out = Path(os.environ.get("PENDAMPING_SCREENSHOT_DIR", tmp_path))
    page.screenshot(path=str(out / f"workforce-{name}-phone.png"), full_page=True)


def _login(page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_load_state()


def test_staffing_what_if_and_todays_route_on_a_phone(live_server, phone, small_demo, tmp_path):
    _login(phone, live_server.url, "kabid")
    phone.goto(f"{live_server.url}/workforce/")
    phone.click("#open-staffing")
    phone.wait_for_selector("[data-testid=staffing-table]")
    _fits(phone)
    tuahmadani = phone.locator("tr[data-code='14.71.13'] [data-testid=short-tksk]")
    assert float(tuahmadani.inner_text()) >= 0.5
    assert "TKSK" in phone.inner_text("[data-testid=city-totals]")
    _shot(phone, tmp_path, "staffing")

    phone.goto(f"{live_server.url}/workforce/workload/?view=chart&metric=ppks_per_psm")
    phone.wait_for_selector("[data-testid=workload-chart] svg")
    _fits(phone)
    _shot(phone, tmp_path, "chart")

    phone.goto(f"{live_server.url}/workforce/what-if/")
    phone.select_option("#id_worker_type", "tksk")
    phone.fill("#id_extra", "3")
    phone.fill("#id_inertia", "0")
    phone.click("#whatif-submit")
    phone.wait_for_selector("[data-testid=whatif-result]")
    _fits(phone)
    assert phone.locator("[data-testid=whatif-areas] tr[data-new]").count() >= 1
    after = float(phone.inner_text("[data-testid=max-after]"))
    assert after > 0
    _shot(phone, tmp_path, "whatif")

    phone.context.clear_cookies()
    _login(phone, live_server.url, "tksk.tampan")
    phone.goto(f"{live_server.url}/workforce/")
    phone.click("#open-today")
    phone.wait_for_selector("[data-testid=visits]")
    _fits(phone)
    visits = phone.locator("#visits [data-testid=visit]")
    assert visits.count() >= 1
    assert "Rute saya" in phone.inner_text("h1")
    _shot(phone, tmp_path, "today")
    first = visits.first
    first.locator("[data-testid=done]").click()
    phone.wait_for_selector("#visits .visit.done")
    phone.reload()
    assert phone.locator("#visits .visit.done").count() == 1
