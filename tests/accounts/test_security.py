"""Log-in protection: lockout per account and per address, two-factor log-in, password rules,
RT/RW accounts that can only report."""

import time

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from pendamping.accounts.models import FailedLogin, TotpDevice
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


def _enrol(client) -> str:
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    secret = client.session["pendamping_2fa_secret"]
    done = client.post(reverse("accounts:otp_setup"), {"code": pyotp.TOTP(secret).now()})
    assert done.status_code == 302
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
