"""Registry speed at city scale: search by NIK, search by a typo'd name, person and list pages.

Usage: .venv/bin/python bench/registry_speed.py [--scale 1000000] [--backends sqlite,postgres]
       [--samples 300]
Builds (once, cached) a demo database of `scale` people per backend, then in a fresh process
per backend times the selectors and the pages in-process (Django test client: server time,
no network). Prints median, p95 and max in milliseconds, and the typo search's hit rate.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import demo_env, summary_ms

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo(name: str, rng: random.Random) -> str:
    """One keyboard slip in one word of at least four letters: swap, drop, double or replace."""
    words = name.split()
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return name
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == "drop":
        w = w[:j] + w[j + 1 :]
    elif kind == "double":
        w = w[:j] + w[j] + w[j:]
    else:
        w = w[:j] + rng.choice(LETTERS) + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def worker(samples: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from pendamping.accounts.models import User
    from pendamping.registry.models import Person
    from pendamping.registry.search import person_search

    settings.ALLOWED_HOSTS.append("testserver")
    settings.PENDAMPING_REQUIRE_2FA = False  # the pages are timed, not the log-in
    rng = random.Random(7)
    kabid = User.objects.get(username="kabid")
    tksk = User.objects.get(username="tksk.tampan")
    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    ids = [rng.randint(1, max_id) for _ in range(samples * 3)]
    people = list(
        Person.objects.filter(pk__in=ids, nik__isnull=False).select_related("kelurahan")[:samples]
    )
    out: dict = {"people": Person.objects.count()}

    def measure(fn, items) -> tuple[list[float], list]:
        times, results = [], []
        for item in items:
            t = time.perf_counter()
            results.append(fn(item))
            times.append(time.perf_counter() - t)
        return times, results

    out["nik"], _ = measure(lambda p: person_search(actor=kabid, query=p.nik), people)
    queries = [(p, typo(p.name, rng)) for p in people]
    out["typo"], found = measure(lambda pq: person_search(actor=kabid, query=pq[1]), queries)
    out["typo_hits"] = sum(p in r for (p, _), r in zip(queries, found, strict=True)) / len(queries)
    out["typo_name_hits"] = sum(
        any(x.name_key == p.name_key for x in r) for (p, _), r in zip(queries, found, strict=True)
    ) / len(queries)
    client = Client()
    client.force_login(kabid)
    client.get("/registry/people/")  # warm up
    page_times, list_times, search_page_times = [], [], []
    for p, q in queries[: samples // 2]:
        t = time.perf_counter()
        assert client.get(f"/registry/people/{p.pk}/").status_code == 200
        page_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get("/registry/people/", {"page": rng.randint(1, 20)}).status_code == 200
        list_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert client.get("/registry/people/", {"q": q}).status_code == 200
        search_page_times.append(time.perf_counter() - t)
    out["person_page"], out["list_page"], out["search_page"] = (
        page_times,
        list_times,
        search_page_times,
    )
    tclient = Client()
    tclient.force_login(tksk)
    tksk_times = []
    for _, q in queries[: samples // 2]:
        t = time.perf_counter()
        tclient.get("/registry/people/", {"q": q})
        tksk_times.append(time.perf_counter() - t)
    out["tksk_search_page"] = tksk_times
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=1_000_000)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.samples)))
        return
    results = {}
    for backend in args.backends.split(","):
        env = demo_env(backend, args.scale)
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", "--samples", str(args.samples)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        results[backend] = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = [
        ("search by NIK (selector)", "nik", 50),
        ("search by typo'd name (selector)", "typo", 150),
        ("person page (server)", "person_page", 150),
        ("list page (server)", "list_page", 150),
        ("search page, supervisor (server)", "search_page", 150),
        ("search page, TKSK (server)", "tksk_search_page", 150),
    ]
    print("people: " + ", ".join(f"{b} {r['people']:,}" for b, r in results.items()))
    print(
        "\n| measure | target p95 (ms) | "
        + " | ".join(f"{b} median | {b} p95 | {b} max" for b in results)
        + " |"
    )
    print("|---|---:|" + "---:|---:|---:|" * len(results))
    for label, key, target in rows:
        cells = " | ".join(summary_ms(r[key]) for r in results.values())
        print(f"| {label} | {target} | {cells} |")
    print(
        "\ntypo'd name: that very person in the first 25: "
        + ", ".join(f"{b} {r['typo_hits']:.1%}" for b, r in results.items())
        + "; someone of exactly that (normalised) name in the first 25: "
        + ", ".join(f"{b} {r['typo_name_hits']:.1%}" for b, r in results.items())
    )
    print(
        f"\nCommand: .venv/bin/python bench/registry_speed.py --scale {args.scale} "
        f"--backends {args.backends} --samples {args.samples}"
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pendamping.settings.dev")
    main()
