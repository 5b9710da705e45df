import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_logout_and_home(client, make_user):
    make_user("tksk", "14.71.01", username="tksk.test", password="kata-sandi-uji-123")
    assert client.get(reverse("core:home")).status_code == 302
    response = client.post(
        reverse("accounts:login"),
        {"username": "tksk.test", "password": "kata-sandi-uji-123"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Sukajadi" in response.content.decode()
    response = client.post(reverse("accounts:logout"), follow=True)
    assert client.get(reverse("core:home")).status_code == 302


def test_wrong_password_is_refused_in_indonesian(client, make_user):
    make_user("tksk", username="u1", password="kata-sandi-uji-123")
    response = client.post(reverse("accounts:login"), {"username": "u1", "password": "salah"})
    assert response.status_code == 200
    assert "dan sandi yang benar" in response.content.decode()


def test_password_change_enforces_rules(client, make_user):
    user = make_user("psm", username="u2", password="kata-sandi-uji-123")
    client.force_login(user)
    weak = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "kata-sandi-uji-123",
            "new_password1": "12345678",
            "new_password2": "12345678",
        },
    )
    assert weak.status_code == 200
    strong = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "kata-sandi-uji-123",
            "new_password1": "Pekanbaru-Madani-2026",
            "new_password2": "Pekanbaru-Madani-2026",
        },
    )
    assert strong.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Pekanbaru-Madani-2026")


def test_disabling_an_account_ends_its_sessions(client, make_user):
    user = make_user("tksk", "14.71.01")
    client.force_login(user)
    assert client.get(reverse("core:home")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("core:home")).status_code == 302


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_admin_site_only_for_admin_role(client, make_user):
    client.force_login(make_user("supervisor"))
    assert client.get("/admin/").status_code == 302
    client.force_login(make_user("admin"))
    assert client.get("/admin/").status_code == 200


def test_supervisor_home_shows_15_kecamatan_and_table2(client, make_user):
    client.force_login(make_user("supervisor"))
    page = client.get(reverse("core:home")).content.decode()
    assert "1.074.989" in page
    assert "Tuahmadani" in page or "Tuah Madani" in page
    assert page.count('href="/wilayah/14.71.') >= 15
    assert ">246<" in page


def test_field_home_lists_my_areas(client, make_user):
    client.force_login(make_user("tksk", "14.71.08", "14.71.13"))
    page = client.get(reverse("core:home")).content.decode()
    assert "Binawidya" in page or "Bina Widya" in page
    assert "Tuahmadani" in page or "Tuah Madani" in page


def test_area_page_shows_history_and_as_of(client, make_user):
    client.force_login(make_user("supervisor"))
    page = client.get("/wilayah/14.71.13.1001/").content.decode()
    assert "14.71.08.1006" in page
    old = client.get("/wilayah/14.71.08/", {"as_of": "2020-06-30"}).content.decode()
    assert "Sidomulyo Barat" in old


def test_english_switch(client, make_user):
    client.force_login(make_user("supervisor"))
    assert "Penduduk" in client.get(reverse("core:home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Population" in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/wilayah/area/?q=tuah",
        "/admin/accounts/user/",
        "/admin/registry/ppkscategory/",
        "/admin/wilayah/population/",
    ],
)
def test_admin_configures_reference_data_and_users(client, make_user, url):
    client.force_login(make_user("admin"))
    assert client.get(url).status_code == 200


def test_admin_does_not_expose_people(client, make_user):
    client.force_login(make_user("admin"))
    assert client.get("/admin/registry/person/").status_code == 404
