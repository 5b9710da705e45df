# ruff: noqa: E501, S310
"""The reliability proof behind `make reliability`: access matrix and security tests, hostile
input against every API operation, imports killed with SIGKILL, PostgreSQL stopped abruptly
in the middle of writes, repeated API writes, and a load run of field users.

Usage:
  .venv/bin/python bench/reliability.py [--quick] [--only PART ...] [--out docs/reliability.md]
Parts: tests fuzz import_kill pg_crash idempotency load. The full run (the issue's scale:
500 cases per operation, 200,000 rows killed 20 times, 50 users for 10 minutes) takes about
an hour on 2 free cores; --quick runs each part small (a few minutes) to show it works.
Results are printed and written, with the command and the date, to docs/reliability.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
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

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CLI = [PY, "-m", "pendamping.cli"]
PG_BIN = Path("/usr/local/bin")


def _env(**extra) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pendamping.settings.test", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def _run(cmd, env=None, check=True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, check=check, capture_output=True, text=True, **kw)


# ---------------------------------------------------------------------------
# 1. The security tests (access matrix, audit chain, backup under writes, lockout, CSP, ...)
# ---------------------------------------------------------------------------


def part_tests(args) -> dict:
    started = time.monotonic()
    paths = ["tests/accounts", "tests/audit", "tests/core/test_security.py"]
    result = _run(
        [PY, "-m", "pytest", "-q", "-p", "no:randomly", *paths], env=os.environ, check=False
    )
    tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    return {
        "ok": result.returncode == 0,
        "summary": tail,
        "seconds": round(time.monotonic() - started),
    }


# ---------------------------------------------------------------------------
# 2. Hostile input against every API operation, for several roles
# ---------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "99999999999999999999",
    "1471084107900012",
    "'; DROP TABLE registry_person; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "%00",
    "\u0000",
    "ÿþ",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "a" * 5000,
    "null",
    "true",
    "[]",
    "{}",
    "14.71.01.1002",
    "2026-02-30",
]


def _hostile_value(rng: random.Random, schema: dict):
    kind = schema.get("type")
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(HOSTILE)
    if kind == "integer":
        return rng.choice([0, -1, 2**63, 1, rng.randint(-(10**9), 10**9)])
    if kind == "boolean":
        return rng.choice([True, False, "maybe"])
    if kind == "array":
        return [rng.choice(HOSTILE) for _ in range(rng.randint(0, 3))]
    if kind == "number":
        return rng.choice([1e308, -0.0, float("nan"), 3.5])
    return "".join(rng.choice("aiueo 0123456789'\"<>%\\") for _ in range(rng.randint(0, 40)))


FUZZ_SCRIPT = r"""
import json, random, sys, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from pendamping.api.api import api
sys.path.insert(0, sys.argv[3])
from reliability import _hostile_value
setup_test_environment()
cases, seed = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
from pendamping.accounts.models import User
from pendamping.accounts.services import api_token_create
from pendamping.registry.models import Person
schema = api.get_openapi_schema(path_prefix="/api/v1")
users = {u.role: u for u in User.objects.filter(username__in=[
    "admin", "kabid", "tksk.sukajadi", "psm.jadirejo", "rt.jadirejo", "pkh.01"])}
# A person outside Sukajadi: its name must never reach a Sukajadi worker.
outside = Person.objects.exclude(kelurahan__code__startswith="14.71.01").order_by("pk").first()
report = {"operations": 0, "requests": 0, "server_errors": [], "leaks": []}
for role, user in sorted(users.items()):
    _, key = api_token_create(user=user, name="fuzz")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}", raise_request_exception=False)
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            report["operations"] += 1
            params = op.get("parameters", [])
            body_schema = (op.get("requestBody", {}).get("content", {})
                           .get("application/json", {}).get("schema", {}))
            if "$ref" in body_schema:
                body_schema = schema["components"]["schemas"][body_schema["$ref"].split("/")[-1]]
            for _ in range(cases):
                url = path
                query = {}
                for p in params:
                    value = _hostile_value(rng, p.get("schema", {}))
                    if p["in"] == "path":
                        text = str(value) if not isinstance(value, list) else "x"
                        url = url.replace("{" + p["name"] + "}", text.replace("/", "%2F")[:200] or "0")
                    elif p["in"] == "query":
                        query[p["name"]] = value if not isinstance(value, list) else value[:1]
                body = {k: _hostile_value(rng, v if isinstance(v, dict) else {})
                        for k, v in body_schema.get("properties", {}).items()
                        if rng.random() < 0.8}
                try:
                    if method == "get":
                        response = client.get(url, query)
                    else:
                        response = getattr(client, method)(url, json.dumps(body, default=str),
                                                           content_type="application/json",
                                                           QUERY_STRING="")
                except Exception as exc:  # a crash in the test client is a 500 too
                    report["server_errors"].append(f"{role} {method} {path}: {exc!r}"[:300])
                    continue
                report["requests"] += 1
                if response.status_code >= 500:
                    report["server_errors"].append(f"{role} {method.upper()} {path} -> {response.status_code}")
                text = b"".join(response.streaming_content) if response.streaming else response.content
                if role in ("tksk", "psm", "rtrw") and outside and outside.name.encode() in text \
                        and outside.nik and outside.nik.encode() in text:
                    report["leaks"].append(f"{role} {method.upper()} {path}")
print(json.dumps(report))
"""


def part_fuzz(args, db_url: str) -> dict:
    cases = 5 if args.quick else 500
    started = time.monotonic()
    result = _run(
        [PY, "-c", FUZZ_SCRIPT, str(cases), str(args.seed), str(ROOT / "bench")],
        env=_env(DATABASE_URL=db_url, PENDAMPING_RATE_LIMITS="0"),
        check=False,
    )
    if result.returncode:
        return {"ok": False, "error": result.stderr[-2000:]}
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["server_errors"] = sorted(set(report["server_errors"]))[:30]
    report["cases_per_operation"] = cases
    report["ok"] = not report["server_errors"] and not report["leaks"]
    report["seconds"] = round(time.monotonic() - started)
    return report


# ---------------------------------------------------------------------------
# 3. Imports killed with SIGKILL at random points, then re-run
# ---------------------------------------------------------------------------

STATE_SQL = (
    "SELECT count(*), coalesce(sum(length(nik)), 0), "
    "(SELECT count(*) FROM registry_household), (SELECT count(*) FROM registry_change) "
    "FROM registry_person"
)
PEOPLE_SQL = "SELECT nik, name, birth_date, kelurahan_id FROM registry_person ORDER BY nik"


def _fresh_sqlite(folder: Path, name: str, template: Path | None = None) -> str:
    db = folder / name
    if template:
        shutil.copy(template, db)
    return f"sqlite:///{db}"


def _state(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        counts = conn.execute(STATE_SQL).fetchone()
        people = hash(tuple(conn.execute(PEOPLE_SQL).fetchall()))
    return (*counts[:3], people)


def part_import_kill(args, work: Path, template: Path) -> dict:
    from pendamping.registry.importer.synthetic import write_csv

    rows = 5_000 if args.quick else 200_000
    kills = 3 if args.quick else 20
    source = write_csv(work / "people.csv", rows, seed=args.seed)
    rng = random.Random(args.seed)

    reference_db = work / "reference.sqlite3"
    shutil.copy(template, reference_db)
    started = time.monotonic()
    _run(
        [*CLI, "import", "people", str(source), "--no-progress"],
        env=_env(DATABASE_URL=f"sqlite:///{reference_db}"),
    )
    full_seconds = time.monotonic() - started
    expected = _state(reference_db)

    trials = []
    for trial in range(kills):
        db = work / f"kill{trial}.sqlite3"
        shutil.copy(template, db)
        env = _env(DATABASE_URL=f"sqlite:///{db}")
        delay = rng.uniform(0.2, max(0.5, full_seconds * 0.95))
        child = subprocess.Popen(
            [*CLI, "import", "people", str(source), "--no-progress"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        killed = child.poll() is None
        if killed:
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        rerun = _run([*CLI, "import", "people", str(source), "--no-progress"], env=env, check=False)
        state = _state(db)
        trials.append(
            {
                "killed_after_s": round(delay, 2),
                "killed": killed,
                "rerun_exit": rerun.returncode,
                "equal": state == expected,
            }
        )
        db.unlink()
    return {
        "rows": rows,
        "kills": kills,
        "uninterrupted_s": round(full_seconds, 1),
        "trials": trials,
        "ok": all(t["equal"] and t["rerun_exit"] == 0 for t in trials),
    }


# ---------------------------------------------------------------------------
# 4. PostgreSQL stopped abruptly (immediate shutdown) in the middle of writes
# ---------------------------------------------------------------------------

WRITER = r"""
import os, sys, time, django
django.setup()
from datetime import date
from pendamping.audit.models import Action
from pendamping.audit.services import audit_record
out = open(sys.argv[1], "a", buffering=1)
n = 0
while True:
    try:
        event = audit_record(actor=None, action=Action.WRITE, object_type="crash", object_id=n)
    except Exception:
        break
    out.write(f"{event.pk}\n")  # only after the commit returned
    n += 1
"""


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def part_pg_crash(args, work: Path) -> dict:
    if not (PG_BIN / "initdb").exists():
        return {"ok": None, "skipped": "no initdb"}
    trials_wanted = 2 if args.quick else 10
    data = Path(tempfile.mkdtemp(prefix="pgcrash-"))
    shutil.chown(data, "postgres") if os.geteuid() == 0 else None
    port = 5499
    ctl = str(PG_BIN / "pg_ctl")
    _run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]))
    opts = f"-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=on"
    start = _as_postgres([ctl, "-D", str(data), "-o", opts, "-w", "start", "-l", str(data / "log")])
    _run(start)
    url = f"postgres://postgres@127.0.0.1:{port}/crash"
    results = []
    try:
        _run(
            _as_postgres(
                [
                    str(PG_BIN / "psql") if (PG_BIN / "psql").exists() else "psql",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "postgres",
                    "-c",
                    "CREATE DATABASE crash",
                ]
            )
        )
        env = _env(DATABASE_URL=url)
        _run([*CLI, "migrate", "--noinput"], env=env)
        rng = random.Random(args.seed)
        for trial in range(trials_wanted):
            log = work / f"committed{trial}.txt"
            writer = subprocess.Popen(
                [PY, "-c", WRITER, str(log)], env=env, stderr=subprocess.DEVNULL
            )
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (
                not log.exists() or len(log.read_text().split()) < 200
            ):
                time.sleep(0.1)
            time.sleep(rng.uniform(0.0, 1.0))
            _run(_as_postgres([ctl, "-D", str(data), "-m", "immediate", "stop"]))
            writer.wait(timeout=60)
            _run(start)
            committed = {int(x) for x in log.read_text().split()}
            check = _run(
                [
                    PY,
                    "-c",
                    (
                        "import django,json;django.setup();"
                        "from pendamping.audit.models import AuditEvent;"
                        "from pendamping.audit.selectors import audit_verify;"
                        "r=audit_verify();"
                        "print(json.dumps({'ids':list(AuditEvent.objects.values_list('id',flat=True)),"
                        "'ok':r.ok,'problems':r.problems[:3]}))"
                    ),
                ],
                env=env,
            )
            found = json.loads(check.stdout.strip().splitlines()[-1])
            present = set(found["ids"])
            results.append(
                {
                    "committed": len(committed),
                    "lost": len(committed - present),
                    "chain_ok": found["ok"],
                }
            )
    finally:
        _run(_as_postgres([ctl, "-D", str(data), "-m", "fast", "stop"]), check=False)
        shutil.rmtree(data, ignore_errors=True)
    return {
        "trials": results,
        "ok": all(r["lost"] == 0 and r["chain_ok"] for r in results),
    }


# ---------------------------------------------------------------------------
# 5. The same API write three times with one client id
# ---------------------------------------------------------------------------

IDEMPOTENT = r"""
import json, sys, uuid, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # the test client's host
from pendamping.accounts.models import User
from pendamping.accounts.services import api_token_create
from pendamping.casework.models import Activity, Case
user = User.objects.get(username="tksk.sukajadi")
_, key = api_token_create(user=user, name="idem")
client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
from pendamping.casework.selectors import visible_cases
case = visible_cases(user).exclude(status="closed").order_by("pk").first()
client_id = str(uuid.uuid4())
payload = {"case_id": case.pk, "roles": ["facilitator"], "kind": "home_visit",
           "notes": "kunjungan rumah", "client_id": client_id}
answers = [client.post("/api/v1/casework/activities", json.dumps(payload),
                       content_type="application/json") for _ in range(3)]
codes = [a.status_code for a in answers]
stored = Activity.objects.filter(client_id=client_id).count()
print(json.dumps({"codes": codes, "stored": stored, "first": answers[0].content.decode()[:300]}))
"""


def part_idempotency(args, db_url: str) -> dict:
    result = _run([PY, "-c", IDEMPOTENT], env=_env(DATABASE_URL=db_url), check=False)
    if result.returncode:
        return {"ok": False, "error": result.stderr[-1500:]}
    found = json.loads(result.stdout.strip().splitlines()[-1])
    found["ok"] = found["stored"] == 1 and all(c < 300 for c in found["codes"])
    return found


# ---------------------------------------------------------------------------
# 6. Load: field users against the production server (waitress) on this machine
# ---------------------------------------------------------------------------


class FieldUser:
    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.username, self.password = username, password

    def csrf(self) -> str:
        return next((c.value for c in self.jar if "csrf" in c.name), "")

    def get(self, path: str) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                response.read()
                code = response.status
        except urllib.error.HTTPError as exc:
            code = exc.code
        except OSError:
            code = 599
        return code, time.perf_counter() - started

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


def part_load(args, db_url: str, people: dict, users: list) -> dict:
    seconds = 30 if args.quick else 600
    concurrency = 10 if args.quick else 50
    port = 8799
    server = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=_env(
            DATABASE_URL=db_url,
            PENDAMPING_VAR=str(Path(db_url.removeprefix("sqlite:///")).parent),
            DJANGO_SETTINGS_MODULE="pendamping.settings.dev",
            PENDAMPING_REQUIRE_2FA="0",
            PENDAMPING_LOCKOUT_ADDRESS="100000",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    samples: dict[str, list[float]] = {"read": [], "write": []}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    names = ["budi", "siti", "ahmad", "nur", "muhammad", "sri", "dewi", "rahmat"]

    def worker(n: int) -> None:
        rng = random.Random(n)
        username, _role = users[n % len(users)]
        mine = people.get(username) or []
        user = FieldUser(base, username, "pendamping-demo")
        if not mine or not user.login():
            with lock:
                errors.append(f"login failed or no people for {username}")
            return
        while time.monotonic() < stop_at:
            roll = rng.random()
            person_id, kelurahan_id, household_id = rng.choice(mine)
            if roll < 0.40:
                kind, (code, took) = "read", user.get(f"/registry/people/?q={rng.choice(names)}")
            elif roll < 0.80:
                kind, (code, took) = "read", user.get(f"/registry/people/{person_id}/")
            elif roll < 0.95:
                kind, (code, took) = (
                    "write",
                    user.post_json(
                        "/api/v1/casework/activities",
                        {
                            "client_id": f"load-{n}-{rng.random()}",
                            "kelurahan_id": kelurahan_id,
                            "kind": "home_visit",
                            "roles": ["facilitator"],
                            "person_ids": [person_id],
                            "notes": "kunjungan rumah",
                        },
                    ),
                )
            else:
                kind, (code, took) = (
                    "write",
                    user.post_json(
                        "/api/v1/mobility/reports",
                        {
                            "client_id": f"load-{n}-{rng.random()}",
                            "kind": "unknown",
                            "event_on": "2026-11-01",
                            "household_id": household_id,
                            "person_id": person_id,
                            "notes": "tidak ditemukan",
                        },
                    ),
                )
            with lock:
                samples[kind].append(took)
                if code >= 500 or code in (401, 403) or (kind == "write" and code >= 400):
                    errors.append(f"{kind} {code}")
            time.sleep(rng.uniform(0.5, 2.0))  # think time of a person on a phone

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)

    def p95(values: list[float]) -> float:
        if len(values) < 2:
            return 0
        return round(statistics.quantiles(values, n=20)[-1] * 1000)

    return {
        "users": concurrency,
        "seconds": seconds,
        "reads": len(samples["read"]),
        "writes": len(samples["write"]),
        "p95_read_ms": p95(samples["read"]),
        "p95_write_ms": p95(samples["write"]),
        "median_read_ms": round(statistics.median(samples["read"]) * 1000)
        if samples["read"]
        else 0,
        "errors": len(errors),
        "error_examples": errors[:5],
        "ok": not errors and p95(samples["read"]) < 500 and p95(samples["write"]) < 1000,
    }


# ---------------------------------------------------------------------------


def _field_users(demo: Path) -> tuple[dict, list]:
    """Field users of the demo and, for each, up to 300 people of their own areas."""
    with sqlite3.connect(demo) as conn:
        users = conn.execute(
            "SELECT username, role FROM accounts_user WHERE role IN ('psm','pkh','tksk') "
            "AND is_active ORDER BY username"
        ).fetchall()
        people: dict[str, list] = {}
        for username, _role in users:
            people[username] = conn.execute(
                "SELECT p.id, p.kelurahan_id, p.household_id FROM registry_person p "
                "JOIN wilayah_area k ON k.id = p.kelurahan_id WHERE p.kelurahan_id IN "
                "(SELECT a.area_id FROM accounts_assignment a JOIN accounts_user u "
                "ON u.id = a.user_id WHERE u.username = ?) OR k.parent_id IN "
                "(SELECT a.area_id FROM accounts_assignment a JOIN accounts_user u "
                "ON u.id = a.user_id WHERE u.username = ?) LIMIT 300",
                (username, username),
            ).fetchall()
    users = [u for u in users if people.get(u[0])]
    return people, users


def _demo_database(work: Path, scale: int, seed: int) -> tuple[Path, Path]:
    """A migrated database with reference data (template) and one with the demo on top."""
    template = work / "template.sqlite3"
    dev = "pendamping.settings.dev"  # the demo's password hashes must be the server's kind
    env = _env(
        DATABASE_URL=f"sqlite:///{template}", PENDAMPING_VAR=str(work), DJANGO_SETTINGS_MODULE=dev
    )
    _run([*CLI, "setup"], env=env)  # with static files: the server serves them
    demo = work / "demo.sqlite3"
    shutil.copy(template, demo)
    _run(
        [*CLI, "demo", "--scale", str(scale), "--seed", str(seed)],
        env={**env, "DATABASE_URL": f"sqlite:///{demo}"},
    )
    return template, demo


def _verdict(part: dict) -> str:
    ok = part.get("ok")
    return "pass" if ok else ("not run" if ok is None else "**FAIL**")


def render(results: dict, args) -> str:
    """docs/reliability.md: the verdicts, the figures, the raw results, and how to rerun."""
    lines = [
        "# Reliability report",
        "",
        f"Run {results['started']} with `.venv/bin/python {results['command']}`"
        + (" (**quick mode**: each part small)" if args.quick else "")
        + f"; demo of {results.get('demo_people', '–')} people. Written by the script;",
        "`make reliability` runs the full proof. What each part does: the docstring of",
        "`bench/reliability.py` and [security.md](security.md).",
        "",
        "| part | verdict | figures |",
        "|---|---|---|",
    ]
    for name in ("tests", "fuzz", "import_kill", "pg_crash", "idempotency", "load"):
        part = results.get(name)
        if part is None:
            continue
        if name == "tests":
            figures = part.get("summary", "")
        elif name == "fuzz":
            figures = (
                f"{part.get('requests', 0):,} requests, {part.get('cases_per_operation')} cases "
                f"per operation and role; 5xx: {len(part.get('server_errors', []))}; "
                f"out-of-scope data: {len(part.get('leaks', []))}"
            )
        elif name == "import_kill":
            trials = part.get("trials", [])
            figures = (
                f"{part.get('rows', 0):,} rows, {len(trials)} SIGKILLs "
                f"({sum(t['killed'] for t in trials)} mid-import), end state equal to an "
                f"uninterrupted import: {sum(t['equal'] for t in trials)}/{len(trials)}"
            )
        elif name == "pg_crash":
            trials = part.get("trials", [])
            figures = part.get("skipped") or (
                f"{len(trials)} immediate shutdowns mid-writes; committed before: "
                f"{sum(t['committed'] for t in trials):,}; lost: "
                f"{sum(t['lost'] for t in trials)}; audit chain intact: "
                f"{sum(t['chain_ok'] for t in trials)}/{len(trials)}"
            )
        elif name == "idempotency":
            figures = f"3 sends, answers {part.get('codes')}, stored {part.get('stored')}"
        else:
            figures = (
                f"{part.get('users')} users x {part.get('seconds')} s: {part.get('reads', 0):,} "
                f"reads p95 {part.get('p95_read_ms')} ms, {part.get('writes', 0):,} writes p95 "
                f"{part.get('p95_write_ms')} ms, errors {part.get('errors')}"
            )
        lines.append(f"| {name} | {_verdict(part)} | {figures} |")
    lines += ["", "## Raw results", "", "```json", json.dumps(results, indent=1, default=str)]
    lines += ["```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=None, help="demo people (load, fuzz)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "reliability.md"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendamping.settings.test")
    parts = args.only or ["tests", "fuzz", "import_kill", "pg_crash", "idempotency", "load"]
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    results: dict = {
        "command": " ".join(["bench/reliability.py", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    try:
        need_demo = {"fuzz", "idempotency", "load", "import_kill"} & set(parts)
        if need_demo:
            scale = args.scale or (2_000 if args.quick else 20_000)
            template, demo = _demo_database(work, scale, args.seed)
            demo_url = f"sqlite:///{demo}"
            results["demo_people"] = scale
        for part in parts:
            print(f"== {part}", flush=True)
            started = time.monotonic()
            if part == "tests":
                results[part] = part_tests(args)
            elif part == "fuzz":
                results[part] = part_fuzz(args, demo_url)
            elif part == "import_kill":
                results[part] = part_import_kill(args, work, template)
            elif part == "pg_crash":
                results[part] = part_pg_crash(args, work)
            elif part == "idempotency":
                results[part] = part_idempotency(args, demo_url)
            elif part == "load":
                people, users = _field_users(demo)
                results[part] = part_load(args, demo_url, people, users)
            results[part]["wall_s"] = round(time.monotonic() - started)
            print(json.dumps(results[part], indent=1, default=str)[:3000], flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    Path(args.out).write_text(render(results, args))
    print(f"\nwritten: {args.out}\nrerun: .venv/bin/python {results['command']}")
    failed = [p for p in parts if results.get(p, {}).get("ok") is False]
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
