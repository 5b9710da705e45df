"""Log-in protection: lockout per account and per address, two-factor log-in, password rules,
RT/RW accounts that can only report."""

import re
import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from pendamping.accounts.models import FailedLogin, RecoveryCode, TotpDevice
from pendamping.accounts.services import api_token_create
from pendamping.audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


def _login(client, username, password=PASSWORD, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_account_locks_after_five_failures_even_with_the_right_password(client, make_user):
    make_user("psm", username="budi", password=PASSWORD)
    for _ in range(5):
        assert _login(client, "budi", "salah-sandi").status_code == 200
    refused = _login(client, "budi")
    assert refused.status_code == 200
    assert "Terlalu banyak percobaan masuk" in refused.content.decode()
    assert not refused.wsgi_request.user.is_authenticated
    assert AuditEvent.objects.filter(action=Action.LOGIN_FAILED).count() >= 6
    # Other accounts from another address are unaffected.
    make_user("psm", username="siti", password=PASSWORD)
    assert _login(Client(), "siti", ip="10.0.0.2").status_code == 302


def test_address_is_throttled_across_accounts(client, make_user, settings):
    settings.PENDAMPING_LOCKOUT_ADDRESS_FAILURES = 4
    make_user("psm", username="target", password=PASSWORD)
    for n in range(4):
        _login(client, f"guess{n}", "salah-sandi", ip="10.9.9.9")
    assert _login(client, "target", ip="10.9.9.9").status_code == 200
    assert _login(Client(), "target", ip="10.9.9.10").status_code == 302


def test_success_clears_the_account_failures(client, make_user):
    make_user("psm", username="rina", password=PASSWORD)
    for _ in range(3):
        _login(client, "rina", "salah-sandi")
    assert _login(client, "rina").status_code == 302
    assert not FailedLogin.objects.filter(username="rina").exists()
    assert AuditEvent.objects.filter(action=Action.LOGIN, actor_name="rina").exists()


@pytest.fixture
def two_factor(settings):
    settings.PENDAMPING_REQUIRE_2FA = True


def _setup_fields(page) -> tuple[str, str]:
    """The secret as the setup page shows it, and the page's signed setup field."""
    html = page.content.decode()
    secret = re.search(r'data-testid="secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    token = re.search(r'name="setup" value="([^"]+)"', html).group(1)
    return secret, token


def _codes(response) -> list[str]:
    return re.findall(r"<li>([a-z0-9]{5}-[a-z0-9]{5})</li>", response.content.decode())


def _enrol(client, codes: list | None = None) -> str:
    """Set up the app; the page that follows shows the recovery codes (put in `codes`)."""
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    secret, token = _setup_fields(page)
    # Requests of other pages in between (they save the session too) change nothing.
    client.get(reverse("core:home"))
    done = client.post(
        reverse("accounts:otp_setup"), {"code": pyotp.TOTP(secret).now(), "setup": token}
    )
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    shown = _codes(done)
    assert len(shown) == 10 == len(set(shown))
    if codes is not None:
        codes[:] = shown
    return secret


def test_supervisor_must_enrol_then_give_a_code_at_each_log_in(two_factor, make_user):
    make_user("supervisor", username="kabid", password=PASSWORD)
    client = Client()
    assert _login(client, "kabid").status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:otp_setup"))
    assert client.get("/api/v1/casework/cases").status_code == 401
    secret = _enrol(client)
    assert client.get(reverse("core:home")).status_code == 200

    client = Client()
    _login(client, "kabid")
    assert client.get(reverse("core:home")).url.startswith(reverse("accounts:otp_verify"))
    wrong = client.post(reverse("accounts:otp_verify"), {"code": "000000"})
    assert "Kode salah" in wrong.content.decode()
    # The enrolment used this 30-second step's code; the next step's is still accepted.
    code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post(reverse("accounts:otp_verify"), {"code": code}).status_code == 302
    assert client.get(reverse("core:home")).status_code == 200

    # The same code is accepted only once.
    replay = Client()
    _login(replay, "kabid")
    replayed = replay.post(reverse("accounts:otp_verify"), {"code": code})
    assert replayed.status_code == 200
    assert "Kode salah" in replayed.content.decode()
    assert replay.get(reverse("core:home")).status_code == 302


def test_field_worker_may_choose_two_factor(two_factor, make_user):
    make_user("psm", "14.71.01.1002", username="psm.a", password=PASSWORD)
    client = Client()
    _login(client, "psm.a")
    assert client.get(reverse("core:home")).status_code == 200
    assert "Mati" in client.get(reverse("accounts:security")).content.decode()
    _enrol(client)
    assert TotpDevice.objects.filter(user__username="psm.a").exists()
    again = Client()
    _login(again, "psm.a")
    assert again.get(reverse("core:home")).status_code == 302
    client.post(reverse("accounts:otp_remove"))
    assert not TotpDevice.objects.filter(user__username="psm.a").exists()


def test_admin_site_needs_the_second_step(two_factor, make_user):
    make_user("admin", username="adm", password=PASSWORD)
    client = Client()
    _login(client, "adm")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:otp_setup"))


def test_setup_refuses_a_secret_it_did_not_show_to_this_user(make_user):
    make_user("psm", "14.71.01.1002", username="psm.a", password=PASSWORD)
    make_user("psm", "14.71.01.1002", username="psm.b", password=PASSWORD)
    other = Client()
    _login(other, "psm.b")
    secret, token = _setup_fields(other.get(reverse("accounts:otp_setup")))
    client = Client()
    _login(client, "psm.a")
    client.get(reverse("accounts:otp_setup"))
    url = reverse("accounts:otp_setup")
    for field in (token, token[:-2] + "xx", ""):  # another user's, tampered, missing
        answer = client.post(url, {"code": pyotp.TOTP(secret).now(), "setup": field})
        assert answer.status_code == 200
        assert "Halaman pengaturan sudah kedaluwarsa" in answer.content.decode()
    assert not TotpDevice.objects.exists()
    assert other.post(url, {"code": pyotp.TOTP(secret).now(), "setup": token}).status_code == 200
    assert TotpDevice.objects.filter(user__username="psm.b").exists()


def test_a_recovery_code_replaces_the_lost_phone_once(two_factor, make_user):
    make_user("supervisor", username="kabid", password=PASSWORD)
    client = Client()
    _login(client, "kabid")
    codes: list[str] = []
    _enrol(client, codes)
    stored = "".join(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not any(code.replace("-", "") in stored for code in codes)  # only hashes kept

    lost_phone = Client()
    _login(lost_phone, "kabid")
    typed = " " + codes[3].upper().replace("-", " ") + " "  # as copied by hand from paper
    done = lost_phone.post(reverse("accounts:otp_verify"), {"code": typed}, follow=True)
    assert done.redirect_chain
    assert "kode pemulihan; tersisa 9" in done.content.decode()
    assert lost_phone.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(
        action=Action.LOGIN, actor_name="kabid", summary__contains="recovery code (9 left)"
    ).exists()
    security = lost_phone.get(reverse("accounts:security")).content.decode()
    assert 'data-testid="codes-left">9<' in security

    again = Client()
    _login(again, "kabid")
    refused = again.post(reverse("accounts:otp_verify"), {"code": codes[3]})
    assert refused.status_code == 200
    assert "Kode salah" in refused.content.decode()
    assert again.get(reverse("core:home")).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(two_factor, make_user):
    make_user("supervisor", username="kabid", password=PASSWORD)
    client = Client()
    _login(client, "kabid")
    old: list[str] = []
    _enrol(client, old)
    renewed = client.post(reverse("accounts:recovery_codes_new"))
    new = _codes(renewed)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert RecoveryCode.objects.filter(user__username="kabid").count() == 10

    other = Client()
    _login(other, "kabid")
    assert other.post(reverse("accounts:otp_verify"), {"code": old[0]}).status_code == 200
    assert other.post(reverse("accounts:otp_verify"), {"code": new[0]}).status_code == 302
    # Before the second step, no new codes can be made.
    pending = Client()
    _login(pending, "kabid")
    assert pending.post(reverse("accounts:recovery_codes_new")).status_code == 302
    assert RecoveryCode.objects.filter(user__username="kabid", used_at__isnull=True).count() == 9


def test_administrator_resets_a_lost_two_factor(client, make_user):
    from pendamping.accounts.services import recovery_codes_new

    user = make_user("psm", "14.71.01.1002", username="psm.lost", password=PASSWORD)
    TotpDevice.objects.create(user=user, secret=pyotp.random_base32())
    recovery_codes_new(user=user)
    client.force_login(make_user("admin", username="adm"))
    changelist = reverse("admin:accounts_user_changelist")
    response = client.post(
        changelist, {"action": "reset_two_factor", "_selected_action": [user.pk]}, follow=True
    )
    assert response.status_code == 200
    assert not TotpDevice.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(
        action=Action.ADMIN, actor_name="adm", summary="two-factor log-in reset"
    ).exists()


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("pendampingku", False),  # 12 lower-case letters: too plain
        ("Pendamping#2026", True),  # three kinds
        ("rumah di tepi sungai siak", True),  # long passphrase
        ("123456789012", False),
        ("Ab1!", False),
    ],
)
def test_password_rules(password, ok, make_user):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = make_user("psm", username="u")
    if ok:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_rtrw_reaches_only_the_reporting_pages(client, make_user, make_household):
    household = make_household("14.71.01.1002")
    rt = make_user("rtrw", username="rt.1")
    client.force_login(rt)
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get(reverse("mobility:home")).status_code == 200
    for url in (
        reverse("registry:person_list"),
        reverse("registry:household_detail", args=[household.pk]),
        reverse("casework:home"),
        reverse("planning:home"),
        reverse("linkage:home"),
        reverse("programs:home"),
        reverse("reports:home"),
        "/admin/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/people").status_code == 404
    _, key = api_token_create(user=rt, name="hp")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client().get("/api/v1/people", **bearer).status_code == 401
    assert Client().get("/api/v1/casework/cases", **bearer).status_code == 401
    assert Client().get("/api/v1/mobility/reports", **bearer).status_code != 401
