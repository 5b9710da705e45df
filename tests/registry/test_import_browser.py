"""A supervisor uploads the example file on a 360 px phone and sees the import finish."""

import pytest

from pendamping.registry.importer.examples import EXAMPLE_CSV
from tests.factories import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_on_a_phone(live_server, phone, reference_transactional, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = make_user("supervisor")
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", user.username)
    phone.fill("#id_password", TEST_PASSWORD)
    phone.click("#login-submit")
    phone.wait_for_load_state()

    phone.goto(f"{live_server.url}/registry/import/")
    assert phone.locator("[data-testid=example-xlsx]").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.set_input_files("#id_file", str(EXAMPLE_CSV))
    phone.click("[data-testid=import-submit]")
    phone.wait_for_selector("[data-testid=job-progress][data-status=done]")
    assert phone.inner_text("[data-testid=created-people]") == "6"
    assert phone.inner_text("[data-testid=error-rows]") == "0"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
