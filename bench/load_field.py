# ruff: noqa: S310, S105
"""Load of field users against the production server setup, the `load` part of
bench/reliability.py (issue 10): N concurrent TKSK/PSM/PKH users, each logged in with their own
account, doing a field mix (search 40 %, open a person 40 %, record an activity 15 %, report a
move 5 %) with a person's think time between actions, for a fixed time, against
`pendamping serve` (waitress + the task worker, DEBUG off) on a copy of the cached demo
database of the stated scale (bench/common.py), SQLite or PostgreSQL.

Alone: .venv/bin/python bench/load_field.py --backend sqlite --scale 1000000 \
  --users 50 --seconds 600
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import demo_env, pg_base_url

PY = sys.executable
CLI = [PY, "-m", "pendamping.cli"]
DEMO_PASSWORD = "pendamping-demo"
NAMES = ["budi", "siti", "ahmad", "nur", "muhammad", "sri", "dewi", "rahmat", "yanti", "agus"]


class FieldUser:
    """One person's browser: a cookie jar, CSRF token, timed requests."""

    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username, self.password = username, password

    def csrf(self) -> str:
        return next((c.value for c in self.jar if "csrf" in c.name), "")

    def _send(self, request) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=30) as response:
                response.read()
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        except OSError:
            code = 599
        return code, time.perf_counter() - started

    def get(self, path: str) -> tuple[int, float]:
        return self._send(self.base + path)

    def post(self, path: str, data: dict) -> tuple[int, float]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        return self._send(
            urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base})
        )

    def post_json(self, path: str, data: dict) -> tuple[int, float]:
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.csrf(),
            "Referer": self.base + "/",
        }
        body = json.dumps(data, default=str).encode()
        return self._send(urllib.request.Request(self.base + path, data=body, headers=headers))

    def login(self) -> bool:
        self.get("/accounts/login/")
        code, _ = self.post(
            "/accounts/login/", {"username": self.username, "password": self.password}
        )
        return code == 200 and any("session" in c.name for c in self.jar)


FIELD_USERS_SQL = (
    "SELECT username, role FROM accounts_user WHERE role IN ('psm','pkh','tksk') "
    "AND is_active ORDER BY username"
)
PEOPLE_SQL = (
    "SELECT p.id, p.kelurahan_id, p.household_id FROM registry_person p "
    "JOIN wilayah_area k ON k.id = p.kelurahan_id WHERE p.status = 'active' AND "
    "(p.kelurahan_id IN (SELECT a.area_id FROM accounts_assignment a JOIN accounts_user u "
    "ON u.id = a.user_id WHERE u.username = {p}) OR k.parent_id IN "
    "(SELECT a.area_id FROM accounts_assignment a JOIN accounts_user u "
    "ON u.id = a.user_id WHERE u.username = {p})) ORDER BY p.id LIMIT 300"
)


def field_users(db_url: str) -> tuple[dict, list]:
    """Field users of the demo and, for each, up to 300 active people of their own areas."""
    if db_url.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        mark = "?"
    else:
        import psycopg

        conn = psycopg.connect(db_url.replace("postgres://", "postgresql://"))
        mark = "%s"
    with conn:
        users = conn.execute(FIELD_USERS_SQL).fetchall()
        people = {
            username: conn.execute(PEOPLE_SQL.format(p=mark), (username, username)).fetchall()
            for username, _role in users
        }
    conn.close()
    return people, [u for u in users if people.get(u[0])]


def prepare(backend: str, scale: int, work: Path) -> tuple[str, dict]:
    """A throw-away copy of the cached demo database (built once per scale) and the server's
    environment; the copy keeps the cached one clean of the load's writes."""
    base = demo_env(backend, scale)
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "pendamping.settings.dev",
        "PENDAMPING_VAR": str(work),
        "PENDAMPING_REQUIRE_2FA": "0",  # demo accounts have no second factor set up
        "PENDAMPING_LOCKOUT_ADDRESS": "100000",  # every user logs in from 127.0.0.1
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    if backend == "sqlite":
        target = work / "load.sqlite3"
        shutil.copy(Path(base["PENDAMPING_VAR"]) / "pendamping.sqlite3", target)
        db_url = f"sqlite:///{target}"
    else:
        import psycopg

        source = base["DATABASE_URL"].rsplit("/", 1)[1]
        name = f"{source}_load"
        admin = pg_base_url().rsplit("/", 1)[0].replace("postgres://", "postgresql://")
        with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        db_url = f"{pg_base_url().rsplit('/', 1)[0]}/{name}"
    env["DATABASE_URL"] = db_url
    subprocess.run(
        [*CLI, "collectstatic", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL
    )
    return db_url, env


def drop(db_url: str) -> None:
    if db_url.startswith("sqlite"):
        return
    import psycopg

    admin = pg_base_url().rsplit("/", 1)[0].replace("postgres://", "postgresql://")
    with psycopg.connect(f"{admin}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db_url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _p(values: list[float], q: int) -> float:
    if len(values) < 2:
        return round(values[0] * 1000) if values else 0
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000)


def run(
    env: dict,
    people: dict,
    users: list,
    *,
    seconds: int,
    concurrency: int,
    think: tuple[float, float],
    port: int = 8799,
) -> dict:
    """Start the server, let `concurrency` users work for `seconds`, stop it; the figures."""
    server = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        return _users_at_work(base, people, users, seconds, concurrency, think)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def _users_at_work(base, people, users, seconds, concurrency, think) -> dict:
    samples: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    logged_in = threading.Barrier(concurrency + 1)
    stop_at: list[float] = []

    def act(user: FieldUser, rng: random.Random, n: int, mine: list) -> tuple[str, int, float]:
        roll = rng.random()
        person_id, kelurahan_id, household_id = rng.choice(mine)
        if roll < 0.40:
            return ("search", *user.get(f"/registry/people/?q={rng.choice(NAMES)}"))
        if roll < 0.80:
            return ("open person", *user.get(f"/registry/people/{person_id}/"))
        if roll < 0.95:
            body = {
                "client_id": f"load-{n}-{rng.random()}",
                "kelurahan_id": kelurahan_id,
                "kind": "home_visit",
                "roles": ["facilitator"],
                "person_ids": [person_id],
                "notes": "kunjungan rumah",
            }
            return ("record activity", *user.post_json("/api/v1/casework/activities", body))
        body = {
            "client_id": f"load-{n}-{rng.random()}",
            "kind": "unknown",
            "event_on": "2026-11-01",
            "household_id": household_id,
            "person_id": person_id,
            "notes": "tidak ditemukan",
        }
        return ("report a move", *user.post_json("/api/v1/mobility/reports", body))

    def worker(n: int) -> None:
        rng = random.Random(n)
        username, _role = users[n % len(users)]
        mine = people.get(username) or []
        user = FieldUser(base, username, DEMO_PASSWORD)
        ok = bool(mine) and user.login()
        if not ok:
            with lock:
                errors.append(f"login failed or no people for {username}")
        logged_in.wait()
        if not ok:
            return
        time.sleep(rng.uniform(0, think[1]))  # users do not all start at the same second
        while time.monotonic() < stop_at[0]:
            name, code, took = act(user, rng, n, mine)
            with lock:
                samples.setdefault(name, []).append(took)
                if code >= 400:
                    errors.append(f"{name} {code}")
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for t in threads:
        t.start()
    logged_in.wait()
    stop_at.append(time.monotonic() + seconds)
    started = time.monotonic()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    reads = samples.get("search", []) + samples.get("open person", [])
    writes = samples.get("record activity", []) + samples.get("report a move", [])
    per_action = {
        name: {
            "n": len(v),
            "median_ms": _p(v, 50),
            "p95_ms": _p(v, 95),
            "max_ms": round(max(v) * 1000),
        }
        for name, v in sorted(samples.items())
    }
    return {
        "users": concurrency,
        "seconds": seconds,
        "think_s": list(think),
        "requests_per_s": round((len(reads) + len(writes)) / elapsed, 1),
        "reads": len(reads),
        "writes": len(writes),
        "median_read_ms": _p(reads, 50),
        "p95_read_ms": _p(reads, 95),
        "median_write_ms": _p(writes, 50),
        "p95_write_ms": _p(writes, 95),
        "per_action": per_action,
        "errors": len(errors),
        "error_examples": errors[:5],
        "ok": not errors and bool(reads) and _p(reads, 95) < 500 and _p(writes, 95) < 1000,
    }


def part_load(backend: str, scale: int, *, seconds: int, concurrency: int, think) -> dict:
    work = Path(tempfile.mkdtemp(prefix=f"load-{backend}-"))
    db_url = ""
    try:
        db_url, env = prepare(backend, scale, work)
        people, users = field_users(db_url)
        result = run(
            env, people, users, seconds=seconds, concurrency=concurrency, think=tuple(think)
        )
        result.update(backend=backend, people=scale)
        return result
    finally:
        if db_url:
            drop(db_url)
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 10.0])
    args = parser.parse_args()
    result = part_load(
        args.backend,
        args.scale,
        seconds=args.seconds,
        concurrency=args.users,
        think=args.think,
    )
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendamping.settings.dev")
    main()
