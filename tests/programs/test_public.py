"""The public complaint form and status page, with no login: code and PIN, nothing personal
shown, and the abuse limits (honeypot, per-address limits, sizes, duplicates)."""

import io
import re

import pytest
from django.test import override_settings
from PIL import Image

from pendamping.programs.complaints.models import Complaint, PublicHit
from pendamping.wilayah.models import Area

from .conftest import KEL

pytestmark = pytest.mark.django_db
FORM = "/programs/aduan/"
STATUS = "/programs/aduan/status/"


def _data(**kw):
    data = {
        "category": "not_receiving",
        "kelurahan": str(Area.objects.get(code=KEL).pk),
        "description": "Sudah terdaftar PKH tapi tiga bulan bantuan tidak masuk.",
        "nik": "",
        "name": "Ibu Rahmah",
        "contact": "081234567890",
        "about_name": "",
        "website": "",
    }
    data.update(kw)
    return data


def _code_pin(response) -> tuple[str, str]:
    html = response.content.decode()
    code = re.search(r'data-testid="code">([A-Z0-9-]+)<', html).group(1)
    pin = re.search(r'data-testid="pin">(\d{6})<', html).group(1)
    return code, pin


def test_form_in_indonesian_without_login(client):
    response = client.get(FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sampaikan pengaduan" in html
    assert 'name="website"' in html  # the honeypot is there, hidden by CSS


def test_submit_gives_code_and_pin_and_status_shows_no_personal_data(client, psm):
    response = client.post(FORM, _data(nik="", name="Ibu Rahmah"))
    assert response.status_code == 200
    code, pin = _code_pin(response)
    complaint = Complaint.objects.get(code=code)
    assert complaint.channel == "web"
    assert complaint.assignee == psm
    status = client.post(STATUS, {"code": code.lower(), "pin": pin})
    html = status.content.decode()
    assert "Diterima" in html
    for private in ("Rahmah", "081234567890", "tiga bulan bantuan"):
        assert private not in html
    complaint.status = "in_progress"
    complaint.save()
    assert "Sedang ditangani" in client.post(STATUS, {"code": code, "pin": pin}).content.decode()


def test_wrong_pin_reveals_nothing_and_lookups_are_limited(client, psm):
    code, pin = _code_pin(client.post(FORM, _data()))
    wrong = "000000" if pin != "000000" else "111111"
    response = client.post(STATUS, {"code": code, "pin": wrong})
    assert "Tidak ada pengaduan" in response.content.decode()
    assert 'data-testid="public-status"' not in response.content.decode()
    with override_settings(PENDAMPING_LOOKUPS_PER_HOUR=3):
        for _ in range(2):
            client.post(STATUS, {"code": "AAAA-AAAA", "pin": "123456"})
        blocked = client.post(STATUS, {"code": code, "pin": pin})
    assert blocked.status_code == 429
    assert 'data-testid="public-status"' not in blocked.content.decode()


def test_honeypot_stores_nothing(client):
    response = client.post(FORM, _data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Complaint.objects.exists()


def test_per_address_limit(client, psm):
    with override_settings(PENDAMPING_COMPLAINTS_PER_HOUR=2):
        for n in range(2):
            ok = client.post(FORM, _data(description=f"Keluhan nomor {n} tentang bantuan."))
            assert ok.status_code == 200
        blocked = client.post(FORM, _data(description="Keluhan ketiga tentang bantuan."))
        assert blocked.status_code == 429
        other = client.post(FORM, _data(description="Dari alamat lain."), REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 200
    assert Complaint.objects.count() == 3
    assert PublicHit.objects.filter(kind="submit").count() == 3
    assert all(len(h.address) == 64 for h in PublicHit.objects.all())  # hashed, not the address


def test_double_submission_gives_the_same_code(client, psm):
    first = _code_pin(client.post(FORM, _data()))
    second_response = client.post(FORM, _data())
    assert _code_pin(second_response) == first
    assert "sudah diterima" in second_response.content.decode()
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"description": "x" * 2001}, "2000"),
        ({"description": "pendek"}, "10"),
        ({"nik": "123"}, "NIK"),
        ({"kelurahan": "999999999"}, "999999999"),
        ({"name": "n" * 101}, "100"),
    ],
)
def test_limits_and_bad_input_in_indonesian(client, change, message):
    response = client.post(FORM, _data(**change))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert message in html.split('class="errorlist', 1)[1][:400]
    assert not Complaint.objects.exists()


def _image(fmt="PNG", size=(40, 30)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, fmt)
    buffer.seek(0)
    return buffer


def test_photo_accepted_and_fake_image_refused(client, psm, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photo = _image()
    photo.name = "bukti.png"
    client.post(FORM, _data(photo=photo))
    complaint = Complaint.objects.get()
    assert complaint.photo.name.endswith(".img")
    fake = io.BytesIO(b"MZ\x90\x00 not an image at all")
    fake.name = "bukti.jpg"
    response = client.post(FORM, _data(description="Lain kali dengan foto palsu.", photo=fake))
    assert Complaint.objects.count() == 1
    assert "gambar" in response.content.decode().lower()
