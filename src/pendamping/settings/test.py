"""Test runs: fast hashing, tasks run inline, static files found without collectstatic."""

from .base import *  # noqa: F403
from .base import STORAGES

SECRET_KEY = "test-only-not-secret"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Persistent connections would keep the test database busy at teardown (PostgreSQL).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# Two-factor log-in is tested with it switched on (tests/accounts); other tests log in directly.
PENDAMPING_REQUIRE_2FA = False
# Counting requests across tests would make them depend on their order; tests/core switch it on.
PENDAMPING_RATE_LIMITS = False
# One cache per test process, emptied by tests/conftest.py between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
