"""A TKSK logs in on a 360 px phone in headless Chromium and sees the home page."""

import pytest

from pendamping.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tksk_logs_in_at_phone_width_and_sees_home(live_server, phone, registry_demo):
    phone.goto(f"{live_server.url}/")
    assert "/accounts/login/" in phone.url
    phone.fill("#id_username", "tksk.tampan")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("#login-submit")
    phone.wait_for_selector("[data-testid=my-areas]")
    text = phone.inner_text("[data-testid=my-areas]")
    assert "Binawidya" in text or "Bina Widya" in text
    assert "Tuahmadani" in text or "Tuah Madani" in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator("html").get_attribute("lang") == "id"
