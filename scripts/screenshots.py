"""Screenshots of the main pages at 360 px and 1280 px width, written to docs/screenshots/.

Usage: .venv/bin/python scripts/screenshots.py [--scale 20000]
Builds a demo database in a temporary folder, serves it, and drives Debian's Chromium.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PASSWORD = "pendamping-demo"  # noqa: S105 - the demo's published password
PAGES = [
    ("kabid", "/", "supervisor-home"),
    ("kabid", "/wilayah/14.71.13/", "area-tuahmadani"),
    ("tksk.tampan", "/", "tksk-home"),
    ("tksk.tampan", "/registry/people/?q=muhammad", "tksk-people"),
    ("tksk.tampan", "/registry/households/new/", "household-form"),
    ("tksk.tampan", "/casework/", "casework-home"),
    ("kabid", "/reports/", "dashboard"),
    ("kabid", "/reports/area/14.71.13/", "dashboard-tuahmadani"),
    ("kabid", "/reports/roles/", "role-profile"),
    ("kabid", "/reports/roles/tksk.tampan/", "role-profile-tksk"),
    ("kabid", "/reports/monthly/1/", "monthly-report"),
    ("kabid", "/reports/monthly/1/print/", "monthly-report-print"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=20000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="comma-separated name prefixes to shoot")
    args = parser.parse_args()
    if args.only:
        PAGES[:] = [p for p in PAGES if p[2].startswith(tuple(args.only.split(",")))]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as var:
        # The demo's supervisors would first be asked to set up two-factor log-in.
        env = {**os.environ, "PENDAMPING_VAR": var, "PENDAMPING_REQUIRE_2FA": "0"}
        env.pop("DATABASE_URL", None)
        cli = [sys.executable, "-m", "pendamping.cli"]
        subprocess.run([*cli, "setup"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(
            [*cli, "demo", "--scale", str(args.scale)],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = subprocess.Popen(
            [*cli, "serve", "--port", str(args.port), "--no-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{args.port}"
        try:
            for _ in range(50):
                try:
                    urllib.request.urlopen(f"{base}/accounts/login/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            shoot(base)
        finally:
            server.terminate()
            server.wait()


def shoot(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        for width, height, label in ((360, 780, "phone"), (1280, 860, "desktop")):
            for username, path, name in PAGES:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="id-ID"
                )
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", PASSWORD)
                page.click("#login-submit")
                page.wait_for_load_state("networkidle")
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{name}-{label}.png"), full_page=True)
                context.close()
        browser.close()
    print(f"Screenshots written to {OUT}")


if __name__ == "__main__":
    main()
