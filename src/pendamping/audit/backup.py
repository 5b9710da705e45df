"""Backups that are consistent while the app runs, and their restore.

SQLite: the online backup API copies pages under a read transaction, so writers keep going
and the copy is one consistent point in time (WAL mode). PostgreSQL: pg_dump in custom format
(one snapshot), restored with pg_restore into an empty or a fresh database.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import urlparse

from django.db import connection

PAGES_PER_STEP = 4096


def _pg_env(settings_dict: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    return env, args


def _pg_settings_from_url(url: str) -> dict:
    parsed = urlparse(url)
    return {
        "NAME": parsed.path.lstrip("/"),
        "HOST": parsed.hostname or "",
        "PORT": parsed.port or "",
        "USER": parsed.username or "",
        "PASSWORD": parsed.password or "",
    }


def backup(target: Path) -> Path:
    """Write a backup of the default database to `target`; returns the file written."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "sqlite":
        connection.ensure_connection()
        tmp = target.with_name(target.name + ".part")
        tmp.unlink(missing_ok=True)
        dest = sqlite3.connect(tmp)
        try:
            connection.connection.backup(dest, pages=PAGES_PER_STEP)
        finally:
            dest.close()
        tmp.replace(target)
        return target
    if vendor == "postgresql":
        settings_dict = connection.settings_dict
        env, args = _pg_env(settings_dict)
        tmp = target.with_name(target.name + ".part")
        subprocess.run(  # noqa: S603
            [
                shutil.which("pg_dump") or "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--file",
                str(tmp),
                str(settings_dict["NAME"]),
            ],
            env=env,
            check=True,
        )
        tmp.replace(target)
        return target
    raise RuntimeError(f"no backup for the {vendor} database")


def restore(source: Path, *, into: str | None = None) -> None:
    """Restore a backup. `into`: a SQLite path or a postgres:// URL; default, the configured
    database (stop the app first: a restore replaces everything)."""
    source = Path(source)
    if not source.exists():
        raise FileNotFoundError(source)
    with source.open("rb") as fh:
        is_sqlite = fh.read(16) == b"SQLite format 3\x00"
    if is_sqlite:
        target = into or str(connection.settings_dict["NAME"])
        if into is None:
            connection.close()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dest = sqlite3.connect(target)
        try:
            src.backup(dest, pages=PAGES_PER_STEP)
        finally:
            dest.close()
            src.close()
        return
    settings_dict = _pg_settings_from_url(into) if into else connection.settings_dict
    if into is None:
        connection.close()
    env, args = _pg_env(settings_dict)
    subprocess.run(  # noqa: S603
        [
            shutil.which("pg_restore") or "pg_restore",
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            str(settings_dict["NAME"]),
            str(source),
        ],
        env=env,
        check=True,
    )
