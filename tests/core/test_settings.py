import os
import subprocess
import sys

import pytest
from django.db import connection


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pendamping.settings.prod",
        "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-0123456789",
        "ALLOWED_HOSTS": "pendamping.example.go.id",
        "PENDAMPING_VAR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "-m", "pendamping.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    env.update(DJANGO_SETTINGS_MODULE="pendamping.settings.prod", PENDAMPING_VAR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "pendamping.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from pendamping.settings.base import sqlite_options

    init = sqlite_options()["OPTIONS"]["init_command"]
    assert "journal_mode=WAL" in init
    assert "busy_timeout" in init


def test_default_database_is_sqlite_under_var(tmp_path):
    code = "from pendamping.settings import base; print(base.DATABASES['default']['NAME'])"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["PENDAMPING_VAR"] = str(tmp_path / "var")
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(tmp_path / "var" / "pendamping.sqlite3")
