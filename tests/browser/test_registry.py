"""A TKSK on a 360 px phone: searches as they type, opens a person, registers a household."""

from datetime import date

import pytest

from pendamping.core.demo import DEMO_PASSWORD
from pendamping.registry.models import Household, Person
from pendamping.registry.nik import make_kk, make_nik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-submit")
    page.wait_for_selector("[data-testid=my-areas]")


def test_search_as_you_type_and_register_a_household(live_server, phone, small_demo):
    target = Person.objects.filter(kelurahan__parent__code="14.71.01").order_by("pk").first()
    _login(phone, live_server.url, "tksk.sukajadi")
    phone.goto(f"{live_server.url}/registry/people/")
    words = target.name.split()
    phone.fill(
        "input[name=q]",
        " ".join([*words[:-1], words[-1][:3]]) if len(words) > 1 else target.name[:-1],
    )
    phone.wait_for_selector(f"a[href='/registry/people/{target.pk}/']")
    # The live server shares one in-memory SQLite connection between its threads: let the
    # search-as-you-type requests finish before the next page, or their savepoints collide.
    phone.wait_for_load_state("networkidle")
    phone.click(f"a[href='/registry/people/{target.pk}/']")
    phone.wait_for_selector("[data-testid=timeline]")
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.goto(f"{live_server.url}/registry/households/new/")
    birth = date(1981, 1, 20)
    phone.fill("#id_hh-kk", make_kk("14.71.01", date(2010, 5, 5), 9001))
    phone.select_option("#id_hh-kelurahan", label="Sukajadi › Jadirejo")
    phone.fill("#id_hh-rw", "2")
    phone.fill("#id_hh-rt", "3")
    phone.fill("#id_head-nik", "1471017213810000")  # month 13, serial 0000
    phone.wait_for_selector("#id_head-nik-check li.error")
    phone.fill("#id_head-nik", make_nik("14.71.01", birth, "L", 77))
    phone.fill("#id_head-name", "Bambang Sutrisno")
    phone.check("input[name=head-sex][value=L]")
    phone.fill("#id_head-birth_date", birth.isoformat())
    phone.wait_for_selector("#id_head-nik-check .ok-text")
    phone.click("button.primary[type=submit]")
    phone.wait_for_url("**/registry/households/*/")
    household = Household.objects.get(kk=make_kk("14.71.01", date(2010, 5, 5), 9001))
    assert household.members.get().name == "Bambang Sutrisno"
    assert household.rt.code == "14.71.01.1002.002.003"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
