"""The reliability proof behind `make reliability`: access matrix and security tests, hostile
input against every API operation (schemathesis, every role), imports killed with SIGKILL,
PostgreSQL stopped abruptly in the middle of writes, repeated API writes, and a load run of
field users (bench/load_field.py).

Usage:
  .venv/bin/python bench/reliability.py [--quick] [--only PART ...] [--fuzz-cases N]
      [--load-scale N] [--backends sqlite,postgres] [--out docs/reliability.md]
Parts: tests fuzz import_kill pg_crash idempotency load. The issue's scale: 500 schemathesis
cases per operation and role (8 roles x 81 operations, 324,000 requests at 50 to 60 ms of a
core each, hypothesis's generation included, measured: about 4.5 CPU-hours, one process per
core, so about 2 h 15 min on 2 free cores by itself), 200,000 rows killed 20 times (about 25
minutes), 10 PostgreSQL crashes, 50 users for 10 minutes on each database at 1,000,000 people
(the cached demo of bench/common.py; built once, which takes long the first time).
The whole run therefore takes about three hours on 2 cores; `--only` runs some parts, and the
report keeps the latest result of each part with its date and command; `--fuzz-users`
fuzzes some roles and merges them into the latest fuzz result of the same size. --quick runs
each part small (minutes) to show it works.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
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
# 2. Hostile input against every API operation, for several roles (schemathesis)
# ---------------------------------------------------------------------------

# One demo user per role (all eight); the scoped ones (tksk, psm, rtrw, pkh, penyuluh) must see
# nothing outside their areas. The demo's peksos covers the whole city.
FUZZ_USERS = (
    "admin",
    "kabid",
    "tksk.sukajadi",
    "psm.jadirejo",
    "rt.jadirejo",
    "pkh.01",
    "peksos.1",
    "penyuluh.1",
)


def out_of_scope_identifiers(user) -> tuple[frozenset[str], frozenset[str]]:
    """Names, NIKs and KK numbers of people and households outside the user's scope (empty for
    city-wide roles). A name shared with someone inside the scope is left out: seeing it proves
    nothing. The scope is the one `pendamping.core.scope` computes from the user's assignments."""
    from pendamping.core.scope import scope_of, scoped
    from pendamping.registry.models import Household, Person

    if scope_of(user).everything:
        return frozenset(), frozenset()
    inside = scoped(Person.objects.all(), user)
    homes = scoped(Household.objects.all(), user)
    outside = Person.objects.exclude(pk__in=inside.values("pk"))
    names = set(outside.values_list("name", flat=True))
    names -= set(inside.values_list("name", flat=True))
    numbers = set(outside.exclude(nik=None).values_list("nik", flat=True))
    numbers |= set(
        Household.objects.exclude(pk__in=homes.values("pk")).values_list("kk", flat=True)
    )
    numbers -= set(inside.exclude(nik=None).values_list("nik", flat=True))
    numbers -= set(homes.values_list("kk", flat=True))
    return frozenset(names), frozenset(numbers)


# Fields of the object around a hit that say which record it is and why it was shown.
CONTEXT_KEYS = (
    "id",
    "kind",
    "status",
    "source",
    "kelurahan_code",
    "to_kelurahan_code",
    "person_id",
    "household_id",
    "national_record_id",
    "assignee",
    "reason",
)


def _strings(data, owner=None):
    """Every string in a JSON value, with the innermost object holding it."""
    if isinstance(data, str):
        yield data, owner
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value, data)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value, owner)


def _context(owner) -> str:
    if not isinstance(owner, dict):
        return ""
    shown = {k: owner[k] for k in CONTEXT_KEYS if owner.get(k) not in (None, "")}
    return f" in {json.dumps(shown, default=str)}" if shown else ""


def leaked(
    body: bytes, names: frozenset[str], numbers: frozenset[str], still_outside=None
) -> str | None:
    """What of `names`/`numbers` a response body shows (JSON values, CSV cells or any
    16-digit run), masked so that the report itself holds no full NIK; None if nothing.
    A name found in a JSON object is followed by that object's identifying fields (its id,
    kind, status, areas), so that the record behind a hit can be traced.
    `still_outside(kind, value)`, when given, re-checks a hit against the records as they are
    now: the fuzz itself moves households and renames people, so
    the sets computed at the start go stale."""
    import re

    if not names and not numbers:
        return None
    confirmed = still_outside or (lambda kind, value: True)
    for digits in re.findall(rb"(?<!\d)\d{16}(?!\d)", body):
        if digits.decode() in numbers and confirmed("number", digits.decode()):
            return f"number {digits[:4].decode()}********{digits[-4:].decode()}"
    text = body.decode("utf-8", errors="replace")
    try:
        cells = list(_strings(json.loads(text)))
    except ValueError:
        cells = [(cell, None) for cell in re.split(r"[\t\r\n,;\"]+", text)]
    for cell, owner in cells:
        if cell.strip() in names and confirmed("name", cell.strip()):
            return f"name {cell.strip()[:3]}…{_context(owner)}"
    return None


def still_outside_of(user):
    """For `leaked`: whether a name or number belongs, now, only to people or households
    outside the user's scope who never lived in it.

    A person who moved away stays named in the history of the area they left (its move
    reports, finished field checks, closed cases): the mobility issue asks that both areas
    keep seeing it; likewise the area a confirmed move report sends someone to gets the report
    and a task to register them. Such a hit is not a leak; it is counted in `check.history` so
    that the report shows how many there were. "Lived in it" is read from the registry's
    change log: a kelurahan of the user's scope before or after any change of the person's
    household; "moved to it" from the confirmed move reports."""
    from django.db.models import Q

    from pendamping.core.scope import scope_of, scoped
    from pendamping.registry.models import Change, Household, Person
    from pendamping.wilayah.models import Area

    codes = set(
        Area.objects.filter(pk__in=scope_of(user).kelurahan_ids).values_list("code", flat=True)
    )

    def lived_here(people, homes) -> bool:
        changes = Change.objects.filter(
            Q(household__in=homes) | Q(household__members__in=people), fields__has_key="kelurahan"
        )
        return any(set(c["kelurahan"]) & codes for c in changes.values_list("fields", flat=True))

    def moved_here(people, homes) -> bool:
        """The subject of a confirmed move into the user's areas: the destination's assistant
        gets the report and a task to register them there (the mobility issue's handover)."""
        from pendamping.mobility.models import MoveReport, ReportStatus

        return MoveReport.objects.filter(
            Q(person__in=people) | Q(household__in=homes) | Q(household__members__in=people),
            status=ReportStatus.CONFIRMED,
            to_kelurahan__code__in=codes,
        ).exists()

    def check(kind: str, value: str) -> bool:
        people = Person.objects.filter(Q(name=value) if kind == "name" else Q(nik=value))
        homes = Household.objects.filter(kk=value) if kind == "number" else Household.objects.none()
        if scoped(people, user).exists() or scoped(homes, user).exists():
            return False
        if not (people.exists() or homes.exists()):
            return False
        if lived_here(people, homes) or moved_here(people, homes):
            check.history.append(f"{kind} {value[:3]}…")
            return False
        return True

    check.history = []
    return check


def _with_ids(case, record_id: int, names: tuple[str, ...]):
    for name in names:
        case.path_parameters[name] = record_id
    return case


def fuzz_operations(
    app,
    *,
    token: str,
    role: str,
    max_examples: int,
    seed: int,
    names=frozenset(),
    numbers=frozenset(),
    ids=(),
    log=None,
    still_outside=None,
) -> dict:
    """schemathesis cases (valid and invalid, from the OpenAPI schema) for every API operation,
    sent in-process to the WSGI `app` with the user's bearer token. Returns the cases run per
    operation, the answers >= 500 (with the exception behind them) and the responses that
    show people or households outside the scope (`names`, `numbers`). Integer path parameters
    also take real record `ids`. Hypothesis only generates (no shrinking, no example
    database), deterministically from `seed`. `log` gets a line per operation done."""
    import schemathesis
    from django.core.signals import got_request_exception, request_finished, request_started
    from django.db import close_old_connections
    from hypothesis import HealthCheck, Phase, given, settings, strategies
    from hypothesis import seed as seeded
    from schemathesis import GenerationMode

    from pendamping.api.api import api

    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
    report: dict = {"requests": 0, "cases": {}, "seconds": {}, "statuses": {}}
    report |= {"server_errors": [], "leaks": [], "history_by_operation": {}}
    headers = {"Authorization": f"Bearer {token}"}
    raised: list[str] = []

    def remember(sender, **kwargs):
        error = sys.exc_info()[1]
        raised.append(f"{type(error).__name__}: {error}"[:200] if error else "")

    def send(case):
        label = f"{case.operation.method.upper()} {case.operation.path}"
        report["cases"][label] += 1
        raised.clear()
        try:
            response = case.call(app=app, headers=headers)
        except Exception as exc:  # an exception escaping the app is a 500 too
            status, body, raised[:] = 500, b"", [f"{type(exc).__name__}: {exc}"[:200]]
        else:
            status, body = response.status_code, response.content
        report["requests"] += 1
        key = f"{label} {status}"
        report["statuses"][key] = report["statuses"].get(key, 0) + 1
        if status >= 500:
            report["server_errors"].append(
                f"{role} {label} -> {status} {raised[0] if raised else ''}".strip()
            )
        before = len(getattr(still_outside, "history", ()))
        shown = leaked(body, names, numbers, still_outside)
        if shown:
            report["leaks"].append(f"{role} {label}: {shown}")
        if len(getattr(still_outside, "history", ())) > before:  # which answers show history
            report["history_by_operation"][label] = report["history_by_operation"].get(label, 0) + 1

    # One connection for the whole run, as Django's test client does (and needed inside a test's
    # transaction); the app closes it after each request otherwise.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(remember)
    try:
        for found in schema.get_all_operations():
            operation = found.ok()
            label = f"{operation.method.upper()} {operation.path}"
            report["cases"][label] = 0

            branches = [
                operation.as_strategy(GenerationMode.POSITIVE),
                operation.as_strategy(GenerationMode.NEGATIVE),
            ]
            numbered = [
                p.name
                for p in operation.path_parameters
                if p.definition.get("schema", {}).get("type") == "integer"
            ]
            if numbered and ids:
                # Random numbers rarely name a real record: a third of the cases use real ids,
                # of records inside and outside the scope, so that reading them is tried.
                branches.append(
                    strategies.tuples(branches[0], strategies.sampled_from(sorted(ids))).map(
                        lambda pair, names=tuple(numbered): _with_ids(*pair, names)
                    )
                )
            strategy = strategies.one_of(branches)
            run = settings(
                max_examples=max_examples,
                phases=[Phase.generate],
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
                print_blob=False,
            )(given(case=strategy)(send))
            started = time.monotonic()
            try:
                seeded(seed)(run)()
            except Exception as exc:  # generation itself failed: say so, do not hide the operation
                report["server_errors"].append(f"{role} {label}: generation {exc!r}"[:300])
            report["seconds"][label] = round(time.monotonic() - started, 1)
            if log:
                log(f"{role} {label}: {report['cases'][label]} cases, {report['seconds'][label]} s")
    finally:
        got_request_exception.disconnect(remember)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return report


FUZZ_SCRIPT = r"""
import json, logging, sys, django
django.setup()
sys.path.insert(0, sys.argv[3])
logging.getLogger("django.request").setLevel(logging.ERROR)  # 4xx are expected by the thousand
from django.test.utils import override_settings
# Background jobs (a reconciliation run takes seconds) are queued as in production, not run
# inside the request by the test settings' immediate backend: the fuzz is about the API.
override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}).enable()
from django.core.handlers.wsgi import WSGIHandler
from reliability import fuzz_operations, out_of_scope_identifiers, still_outside_of
from pendamping.accounts.models import User
from pendamping.accounts.services import api_token_create
from pendamping.core.scope import scoped
from pendamping.registry.models import Household, Person
cases, seed, usernames = int(sys.argv[1]), int(sys.argv[2]), sys.argv[4].split(",")
app = WSGIHandler()
reports = []
for user in User.objects.filter(username__in=usernames).order_by("username"):
    _, key = api_token_create(user=user, name="fuzz")
    names, numbers = out_of_scope_identifiers(user)
    # Real ids to put in paths: the first 300 (mostly outside a field worker's areas) and
    # 100 people and households inside them.
    ids = set(range(1, 301))
    ids |= set(scoped(Person.objects.order_by("pk"), user).values_list("pk", flat=True)[:100])
    ids |= set(scoped(Household.objects.order_by("pk"), user).values_list("pk", flat=True)[:100])
    check = still_outside_of(user)
    report = fuzz_operations(app, token=key, role=user.role, max_examples=cases, seed=seed,
                             names=names, numbers=numbers, ids=ids, still_outside=check,
                             log=lambda line: print(line, file=sys.stderr, flush=True))
    report["role"], report["out_of_scope_identifiers"] = user.role, len(names) + len(numbers)
    report["history_hits"] = len(check.history)
    reports.append(report)
print(json.dumps(reports))
"""


def part_fuzz(args, db_url: str) -> dict:
    """schemathesis over every API operation for each role in FUZZ_USERS, in `processes`
    workers (roles split between them) against the database at `db_url` (sqlite:// or
    postgres://). Writes go through, so the database is changed: give it a copy. On SQLite
    each worker gets a copy of its own, so that one worker's writes never wait for another's."""
    import importlib.metadata

    cases = args.fuzz_cases or (5 if args.quick else 500)
    users = tuple(args.fuzz_users.split(",")) if args.fuzz_users else FUZZ_USERS
    # One process per core by default; each takes whole roles.
    processes = args.fuzz_processes or (1 if args.quick else os.cpu_count() or 1)
    processes = max(1, min(len(users), processes))
    started = time.monotonic()
    env = _env(PENDAMPING_RATE_LIMITS="0")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")]))
    urls = [db_url] * processes
    if db_url.startswith("sqlite:///") and processes > 1:
        source = Path(db_url.removeprefix("sqlite:///"))
        urls = []
        for n in range(processes):
            copy = source.with_name(f"{source.stem}-fuzz{n}.sqlite3")
            shutil.copy(source, copy)
            urls.append(f"sqlite:///{copy}")
    workers = [
        subprocess.Popen(
            [
                PY,
                "-c",
                FUZZ_SCRIPT,
                str(cases),
                str(args.seed),
                str(ROOT / "bench"),
                ",".join(users[n::processes]),
            ],
            env={**env, "DATABASE_URL": urls[n]},
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    reports, failures = [], []
    for worker in workers:  # progress, one line per operation, and 500s go to stderr
        out, _ = worker.communicate()
        if worker.returncode:
            failures.append(f"fuzz worker exited {worker.returncode}, its output is above")
        else:
            reports += json.loads(out.strip().splitlines()[-1])
    if failures:
        return {"ok": False, "error": "\n".join(failures)}
    per_operation = [n for report in reports for n in report["cases"].values()]
    server_errors = [e for report in reports for e in report["server_errors"]]
    leaks = [e for report in reports for e in report["leaks"]]
    return {
        "tool": f"schemathesis {importlib.metadata.version('schemathesis')}",
        "users": list(users),
        "roles": {
            r["role"]: {
                "requests": r["requests"],
                "min_cases": min(r["cases"].values(), default=0),
                "seconds": round(sum(r["seconds"].values())),
                "history_hits": r.get("history_hits", 0),
                "history_by_operation": r.get("history_by_operation", {}),
                "slowest": sorted(r["seconds"].items(), key=lambda item: -item[1])[:3],
            }
            for r in reports
        },
        "operations": len(reports[0]["cases"]) if reports else 0,
        "requests": sum(report["requests"] for report in reports),
        "cases_per_operation": min(per_operation, default=0),
        "cases_asked": cases,
        "operations_below_asked": sorted(
            {f"{label} ({n})" for r in reports for label, n in r["cases"].items() if n < cases}
        ),
        "server_errors": sorted(set(server_errors))[:30],
        "server_error_count": len(server_errors),
        "leaks": sorted(set(leaks))[:30],
        "ok": bool(reports) and not server_errors and not leaks,
        "seconds": round(time.monotonic() - started),
    }


# ---------------------------------------------------------------------------
# 3. Imports killed with SIGKILL at random points, then re-run
# ---------------------------------------------------------------------------

STATE_SQL = (
    "SELECT count(*), coalesce(sum(length(nik)), 0), "
    "(SELECT count(*) FROM registry_household), (SELECT count(*) FROM registry_change) "
    "FROM registry_person"
)
PEOPLE_SQL = "SELECT nik, name, birth_date, kelurahan_id FROM registry_person ORDER BY nik"


def merge_fuzz(earlier: dict, now: dict) -> dict:
    """One fuzz result from two runs of different roles at the same number of cases (the
    roles of a run cut short, or added later, run with --fuzz-users): totals summed, 5xx and
    leaks joined; a role run in both keeps only the newer run's figures, 5xx and leaks."""
    if (
        not earlier.get("roles")
        or earlier.get("cases_asked") != now.get("cases_asked")
        or earlier.get("operations") != now.get("operations")
    ):
        return now
    kept = {role: r for role, r in earlier["roles"].items() if role not in now["roles"]}
    if not kept:
        return now
    merged = dict(now)
    merged["roles"] = {**kept, **now["roles"]}
    merged["users"] = list(dict.fromkeys([*earlier.get("users", []), *now.get("users", [])]))
    merged["requests"] = sum(r["requests"] for r in merged["roles"].values())
    merged["cases_per_operation"] = min(
        earlier.get("cases_per_operation", 0), now.get("cases_per_operation", 0)
    )

    def of_kept(lines):  # each line starts with its role
        return {line for line in lines if line.split(" ", 1)[0] in kept}

    for key in ("server_errors", "leaks"):
        merged[key] = sorted(of_kept(earlier.get(key, [])) | set(now.get(key, [])))[:30]
    merged["operations_below_asked"] = sorted(
        set(earlier.get("operations_below_asked", [])) | set(now.get("operations_below_asked", []))
    )
    merged["server_error_count"] = len(of_kept(earlier.get("server_errors", []))) + now.get(
        "server_error_count", 0
    )
    merged["ok"] = bool(now.get("ok")) and not merged["server_errors"] and not merged["leaks"]
    merged["seconds"] = earlier.get("seconds", 0) + now.get("seconds", 0)
    merged["merged_runs"] = [
        *earlier.get("merged_runs", [_run_line(earlier)]),
        _run_line(now),
    ]
    return merged


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


# 6. Load: field users against the production server: bench/load_field.py
# ---------------------------------------------------------------------------


def part_load(args) -> dict:
    """The issue's load on each backend, on a copy of the cached demo (bench/common.py)."""
    from load_field import part_load as load_on

    scale = args.load_scale or (2_000 if args.quick else 1_000_000)
    runs = [
        load_on(
            backend,
            scale,
            seconds=30 if args.quick else 600,
            concurrency=10 if args.quick else 50,
            think=(2.0, 10.0),
        )
        for backend in args.backends.split(",")
    ]
    return {"runs": runs, "ok": all(run["ok"] for run in runs)}


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


def _commit() -> str:
    """The code a result was measured on (a dirty tree is marked so)."""
    head = _run(["git", "rev-parse", "--short", "HEAD"], check=False, cwd=ROOT).stdout.strip()
    dirty = _run(["git", "status", "--porcelain", "--untracked-files=no"], check=False, cwd=ROOT)
    return head + ("+dirty" if dirty.stdout.strip() else "")


def _run_line(part: dict, results: dict | None = None) -> str:
    """When, on which code (when recorded) and with which command a part ran."""
    results = results or {}
    commit = f" at {part['commit']}" if part.get("commit") else ""
    return (
        f"{part.get('run_at', results.get('started', ''))}{commit}"
        f"{' (quick)' if part.get('quick') else ''}: "
        f"`{part.get('command', results.get('command', ''))}`"
    )


def _verdict(part: dict) -> str:
    ok = part.get("ok")
    return "pass" if ok else ("not run" if ok is None else "**FAIL**")


def render(results: dict, args) -> str:
    """docs/reliability.md: the verdicts, the figures, the raw results, and how to rerun."""
    lines = [
        "# Reliability report",
        "",
        "The latest result of each part, written by `bench/reliability.py` (raw results in",
        "[reliability.json](reliability.json)); each row says when and with which command it",
        "ran. `make reliability` runs the full proof: about three hours on 2 cores, two and a",
        "quarter of them the fuzz (324,000 requests at 50 to 60 ms of a core each). What each",
        "part does: the docstring of `bench/reliability.py` and [security.md](security.md).",
        "",
        "| part | verdict | figures | run |",
        "|---|---|---|---|",
    ]
    for name in ("tests", "fuzz", "import_kill", "pg_crash", "idempotency", "load"):
        part = results.get(name)
        if part is None:
            continue
        if name == "tests":
            figures = part.get("summary", "")
        elif name == "fuzz":
            roles = part.get("roles", {})
            figures = (
                f"{len(roles)} roles ({', '.join(sorted(roles))}) x {part.get('operations')} "
                f"operations, {part.get('requests', 0):,} requests, "
                f"{part.get('cases_per_operation')} cases per operation and role; 5xx: "
                f"{part.get('server_error_count', len(part.get('server_errors', [])))}; "
                f"out-of-scope data: {len(part.get('leaks', []))}; names of people who once "
                f"lived in the role's areas (history, allowed): "
                f"{sum(r.get('history_hits', 0) for r in roles.values())}"
            )
            where = sum(
                (Counter(r.get("history_by_operation", {})) for r in roles.values()), Counter()
            )
            if where:
                figures += f" (answers: {', '.join(f'{k} {n}' for k, n in where.most_common())})"
            if part.get("review"):  # written by hand after tracing the hits of this run
                figures += f". Reviewed: {part['review']}"
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
            figures = "; ".join(
                f"{run['backend']}, {run['people']:,} people, {run['users']} users x "
                f"{run['seconds']} s ({run['requests_per_s']} requests/s): {run['reads']:,} reads "
                f"p95 {run['p95_read_ms']} ms, {run['writes']:,} writes p95 "
                f"{run['p95_write_ms']} ms, errors {run['errors']}"
                for run in part.get("runs", [])
            )
        if part.get("merged_runs"):  # a fuzz result merged from runs of different roles
            lines.append(
                f"| {name} | {_verdict(part)} | {figures} | {'; '.join(part['merged_runs'])} |"
            )
            continue
        run = _run_line(part, results)
        lines.append(f"| {name} | {_verdict(part)} | {figures} | {run} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scale", type=int, default=None, help="demo people (fuzz, kills)")
    parser.add_argument(
        "--load-scale", type=int, default=None, help="people for the load (default 1,000,000)"
    )
    parser.add_argument("--backends", default="sqlite,postgres", help="for the load")
    parser.add_argument(
        "--fuzz-cases", type=int, default=None, help="cases per operation and role (500)"
    )
    parser.add_argument(
        "--fuzz-users", default="", help=f"comma-separated (default {','.join(FUZZ_USERS)})"
    )
    parser.add_argument(
        "--fuzz-processes", type=int, default=None, help="fuzz workers (default: one per core)"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the work folder (databases) for a post-mortem"
    )
    parser.add_argument("--out", default=str(ROOT / "docs" / "reliability.md"))
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendamping.settings.test")
    parts = args.only or ["tests", "fuzz", "import_kill", "pg_crash", "idempotency", "load"]
    commit = _commit()
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    results: dict = {
        "command": " ".join(["bench/reliability.py", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    try:
        need_demo = {"fuzz", "idempotency", "import_kill"} & set(parts)
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
                results[part] = part_load(args)
            results[part]["wall_s"] = round(time.monotonic() - started)
            results[part]["run_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            results[part]["quick"] = args.quick
            results[part]["command"] = results["command"]
            results[part]["commit"] = commit
            print(json.dumps(results[part], indent=1, default=str)[:3000], flush=True)
    finally:
        if args.keep:
            print(f"kept: {work}", flush=True)
        else:
            shutil.rmtree(work, ignore_errors=True)
    raw = Path(args.out).with_suffix(".json")
    if raw.exists():  # keep the latest result of the parts not run this time
        earlier = json.loads(raw.read_text())
        for name, part in earlier.items():
            if isinstance(part, dict) and name not in parts:
                results.setdefault(name, part)
        if args.fuzz_users and "fuzz" in parts and isinstance(earlier.get("fuzz"), dict):
            results["fuzz"] = merge_fuzz(earlier["fuzz"], results["fuzz"])
    raw.write_text(json.dumps(results, indent=1, default=str) + "\n")
    Path(args.out).write_text(render(results, args))
    print(f"\nwritten: {args.out}\nrerun: .venv/bin/python {results['command']}")
    failed = [p for p in parts if results.get(p, {}).get("ok") is False]
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
