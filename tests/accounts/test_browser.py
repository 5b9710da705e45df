"""A supervisor's first log-in on a 360 px phone: password, then enrolling an authenticator
app from the QR page (the secret typed by hand), the recovery codes, then home; the CSP
blocks nothing we ship."""

import pyotp
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_enrols_two_factor_on_a_phone(
    live_server, phone, settings, reference_transactional
):
    from tests.factories import make_user

    settings.PENDAMPING_REQUIRE_2FA = True
    make_user("supervisor", username="kabid.hp", password="kata-sandi-uji-123")
    blocked = []
    phone.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    phone.goto(f"{live_server.url}/")
    phone.fill("#id_username", "kabid.hp")
    phone.fill("#id_password", "kata-sandi-uji-123")
    phone.click("#login-submit")
    phone.wait_for_selector("[data-testid=qr] svg")
    assert "Atur verifikasi dua langkah" in phone.inner_text("h1")
    secret = phone.inner_text("[data-testid=secret]").replace(" ", "")
    phone.fill("#id_code", pyotp.TOTP(secret).now())
    phone.click("#otp-submit")
    phone.wait_for_selector("[data-testid=recovery-codes]")
    assert "Verifikasi dua langkah aktif" in phone.inner_text("main")
    assert phone.locator("[data-testid=recovery-codes] li").count() == 10
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("#codes-done")
    phone.wait_for_url(f"{live_server.url}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert blocked == []
