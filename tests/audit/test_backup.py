"""`pendamping backup` while the app writes, `pendamping restore` into a fresh database: every
record committed before the backup is there, and the audit chain of the copy verifies (the
copy is one consistent point in time)."""

import os
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

WRITER = """
import os, sys, time, django
django.setup()
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
out = open(sys.argv[1], "a", buffering=1)
stop, deadline, n = sys.argv[2], time.monotonic() + 180, 0
while not os.path.exists(stop) and time.monotonic() < deadline:
    event = audit_record(actor=None, action=Action.WRITE, object_type="bench", object_id=n)
    out.write(f"{event.pk}\\n")  # written after the commit
    n += 1
"""


def _env(database_url: str, var: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pendamping.settings.test",
        "DATABASE_URL": database_url,
        "PENDAMPING_VAR": str(var),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _cli(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pendamping.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _committed(path: Path) -> set[int]:
    if not path.exists():
        return set()
    return {int(line) for line in path.read_text().split() if line.strip()}


def _backup_during_writes(env: dict, tmp_path: Path, backup_file: Path) -> set[int]:
    """Start a writer, back up in the middle of its writes; the ids committed before."""
    log, stop = tmp_path / "committed.txt", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(log), str(stop)], env=env)
    try:
        deadline = time.monotonic() + 60
        while len(_committed(log)) < 100 and time.monotonic() < deadline:
            time.sleep(0.05)
        before = _committed(log)
        result = _cli(env, "backup", str(backup_file))
        assert result.returncode == 0, result.stderr
        assert writer.poll() is None, "the writer finished before the backup: not a live test"
    finally:
        stop.touch()
        writer.wait(timeout=120)
    assert len(before) >= 100
    return before


def test_sqlite_backup_while_writing_restores_every_committed_record(tmp_path):
    db = tmp_path / "live.sqlite3"
    env = _env(f"sqlite:///{db}", tmp_path)
    assert _cli(env, "migrate", "--noinput").returncode == 0
    backup_file = tmp_path / "copy.sqlite3"
    before = _backup_during_writes(env, tmp_path, backup_file)

    fresh = tmp_path / "fresh.sqlite3"
    result = _cli(env, "restore", str(backup_file), "--into", str(fresh))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(fresh) as conn:
        restored = {row[0] for row in conn.execute("SELECT id FROM audit_auditevent")}
    assert before <= restored
    verify = _cli(_env(f"sqlite:///{fresh}", tmp_path), "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "intact" in verify.stdout


POSTGRES = os.environ.get("DATABASE_URL", "")


@pytest.mark.skipif(not POSTGRES.startswith("postgres"), reason="PostgreSQL run only")
def test_postgresql_backup_while_writing_restores_every_committed_record(tmp_path):
    import psycopg

    base = POSTGRES.rsplit("/", 1)[0]
    names = [f"pendamping_bk_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        live, fresh = (f"{base}/{name}" for name in names)
        env = _env(live, tmp_path)
        assert _cli(env, "migrate", "--noinput").returncode == 0
        backup_file = tmp_path / "copy.pgdump"
        before = _backup_during_writes(env, tmp_path, backup_file)
        result = _cli(env, "restore", str(backup_file), "--into", fresh)
        assert result.returncode == 0, result.stderr
        with psycopg.connect(fresh) as conn:
            restored = {row[0] for row in conn.execute("SELECT id FROM audit_auditevent")}
        assert before <= restored
        verify = _cli(_env(fresh, tmp_path), "audit", "verify")
        assert verify.returncode == 0, verify.stderr
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
