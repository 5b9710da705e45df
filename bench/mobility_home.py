"""Mobility pages at the default demo scale (20,000 PPKS people), on SQLite.

Usage: .venv/bin/python bench/mobility_home.py [--scale 20000] [--samples 20]
Copies the cached demo database (bench/common.py) to bench/.cache/mobility-<scale>/, adds the
casework and mobility demo once (timed), then times in-process with the Django test client
(server time, no network), median | p95 | max in ms:
  - the field home of the busiest TKSK with and without the mobility panel (the baseline is
    the same page without it, i.e. what the home cost before this panel),
  - the panel's selector alone, the Moves page, the participation page and its CSV,
  - an RT head's report page (and its size in bytes).
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import CACHE, demo_env, summary_ms


def prepare(scale: int) -> dict:
    env = demo_env("sqlite", scale)
    source = CACHE / f"{scale}-1471"
    target = CACHE / f"mobility-{scale}"
    if not (target / "ready").exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for name in ("pendamping.sqlite3", "secret_key"):
            shutil.copy(source / name, target / name)
    env = {**env, "PENDAMPING_VAR": str(target)}
    subprocess.run(
        [sys.executable, "-m", "pendamping.cli", "setup"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return env


def child(samples: int) -> None:
    import random

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from pendamping.accounts.models import User
    from pendamping.mobility.models import MoveReport
    from pendamping.mobility.selectors import home_panel

    setup_test_environment()
    target = Path(os.environ["PENDAMPING_VAR"])
    if not (target / "ready").exists():
        from pendamping.casework.demo import build_casework_demo
        from pendamping.mobility.demo import build_mobility_demo

        rng = random.Random(1471)
        t = time.perf_counter()
        build_casework_demo(rng=rng, scale=20000)
        t_case = time.perf_counter() - t
        t = time.perf_counter()
        counts = build_mobility_demo(rng=rng, scale=20000)
        t_mob = time.perf_counter() - t
        (target / "ready").touch()
        print(f"demo added once: casework {t_case:.1f} s, mobility {t_mob:.1f} s, {dict(counts)}")
    late = MoveReport.objects.filter(late=True).count()
    print(f"reports: {MoveReport.objects.count()}, late: {late}")
    tksk = User.objects.get(username="tksk.tampan")
    rt = User.objects.filter(role="rtrw", move_reports__isnull=False).first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(tksk)

    def timed(fn) -> list[float]:
        fn()
        out = []
        for _ in range(samples):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return out

    rows = []
    rows.append(("home of tksk.tampan (panel placeholder)", timed(lambda: client.get("/"))))
    rows.append(
        ("its mobility panel (/mobility/panel/)", timed(lambda: client.get("/mobility/panel/")))
    )
    rows.append(("home_panel() selector alone", timed(lambda: home_panel(tksk))))
    rows.append(("/mobility/ (Moves page)", timed(lambda: client.get("/mobility/"))))
    kel = "14.71.08." + "1001"
    rows.append(
        ("participation page", timed(lambda: client.get(f"/mobility/participation/{kel}/")))
    )
    rows.append(
        ("participation CSV", timed(lambda: client.get(f"/mobility/participation/{kel}/csv/")))
    )
    if rt is not None:
        rt_client = Client(HTTP_HOST="127.0.0.1")
        rt_client.force_login(rt)
        household = rt.move_reports.first().household
        if household is not None:
            url = f"/mobility/report/household/{household.pk}/"
            size = len(rt_client.get(url).content)
            rows.append(
                (f"RT head's report page ({size:,} bytes)", timed(lambda: rt_client.get(url)))
            )
    print("| what | median | p95 | max (ms) |\n|---|---|---|---|")
    for name, values in rows:
        print(f"| {name} | {summary_ms(values)} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=20000)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--child", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.samples)
        return
    env = prepare(args.scale)
    subprocess.run(
        [sys.executable, __file__, "--child", "--samples", str(args.samples)], env=env, check=True
    )
    print(f"\nrerun: .venv/bin/python bench/mobility_home.py --scale {args.scale}")


if __name__ == "__main__":
    main()
