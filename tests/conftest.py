"""Shared fixtures: reference data loaded once per session, users with areas, registry records."""

import os
import shutil

import pytest
from django.core.management import call_command

from pendamping.registry.services import reference_categories_load
from pendamping.wilayah.services import reference_areas_load

# Playwright's sync API runs an event loop in the test thread; Django's ORM must still run there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The full national reference data, loaded once into the test database."""
    with django_db_blocker.unblock():
        reference_areas_load()
        reference_categories_load()


@pytest.fixture
def reference(db):
    """Nothing to do for ordinary tests: the session already loaded it."""
    return None


@pytest.fixture
def reference_transactional(transactional_db):
    """Transactional tests flush the database after each test, so they reload (one province)."""
    reference_areas_load(only="14")
    reference_categories_load()


@pytest.fixture
def make_user(db):
    from tests.factories import make_user

    return make_user


@pytest.fixture
def make_household(db):
    from tests.factories import make_household

    return make_household


@pytest.fixture
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        if os.environ.get("PENDAMPING_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (apt-get install -y chromium)")
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    return path


BROWSER_TIMEOUT_MS = 120_000


@pytest.fixture(autouse=True)
def _own_audit_anchors(settings, tmp_path):
    """Anchors of the audit chain live outside the database; each test gets its own file."""
    settings.PENDAMPING_AUDIT_ANCHORS = tmp_path / "audit-anchors.log"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered dashboards are cached; a test must not see another test's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        plain_new_context = browser.new_context

        def new_context(**kwargs):
            # A loaded 2-core CI machine runs a reconciliation or an import inside one request
            # in tens of seconds; Playwright's 30 s default then fails a test that would pass.
            context = plain_new_context(**kwargs)
            context.set_default_timeout(BROWSER_TIMEOUT_MS)
            context.set_default_navigation_timeout(BROWSER_TIMEOUT_MS)
            return context

        browser.new_context = new_context
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, locale="id-ID"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def registry_demo(reference_transactional):
    """The demo's workforce and registry only (seconds faster than the whole demo)."""
    from pendamping.core.demo import build_demo

    return build_demo(scale=300, seed=7, registry_only=True)


@pytest.fixture
def small_demo(reference_transactional):
    from pendamping.core.demo import build_demo

    call_command("check")
    return build_demo(scale=300, seed=7)
