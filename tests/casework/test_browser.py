"""A TKSK runs a whole case on a 360 px phone: person → case → activity with two roles → close."""

import re

import pytest

from pendamping.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(phone) -> None:
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_tksk_runs_a_case_on_a_phone(live_server, phone, small_demo):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "tksk.tampan")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("#login-submit")
    phone.wait_for_selector("[data-testid=my-areas]")

    phone.goto(f"{live_server.url}/registry/people/")
    phone.locator("#person-rows a[href*='/registry/people/']").first.click()
    phone.wait_for_url(re.compile(r"/registry/people/\d+/$"))
    person_id = int(re.search(r"/people/(\d+)/", phone.url).group(1))
    name = phone.inner_text("h1")

    phone.goto(f"{live_server.url}/casework/cases/new/?person={person_id}")
    _fits(phone)
    phone.select_option("#id_category", index=1)
    phone.fill("#id_problem", "Lost his job; children may leave school.")
    phone.fill("#id_strengths", "Wife sews; helpful neighbours.")
    phone.fill("#id_goal", "Enrol in BLK sewing course")
    phone.click("#case-submit")
    phone.wait_for_selector("[data-testid=case-status]")
    assert name in phone.inner_text("h1")
    _fits(phone)

    phone.click("[data-testid=to-planned]")
    phone.wait_for_selector("[data-testid=to-in_progress]")
    phone.click("#add-activity")
    phone.wait_for_selector("[data-testid=activity-form]")
    _fits(phone)
    assert "Menghubungkan warga dengan lembaga" in phone.inner_text("[data-testid=activity-form]")
    phone.select_option("#id_kind", "home_visit")
    phone.check("input[name=roles][value=broker]")
    phone.check("input[name=roles][value=motivator]")
    phone.fill("#id_duration_minutes", "20")
    phone.fill("#id_notes", "Talked about the BLK course.")
    phone.click("#activity-submit")
    phone.wait_for_selector("[data-testid=activities] .badge.role")
    roles = phone.inner_text("[data-testid=activities]")
    assert "Broker" in roles
    assert "Motivator" in roles

    phone.click("#close-case summary")
    phone.select_option("#id_outcome", "goal_reached")
    phone.click("#close-submit")
    phone.wait_for_selector("[data-testid=outcome]")
    assert "Tujuan tercapai" in phone.inner_text("[data-testid=outcome]")
    assert phone.locator("#add-activity").count() == 0
    _fits(phone)
