"""`pendamping route plan`: a round trip through CSV files, and refusals that write nothing."""

import csv
import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

HEADER = "id,lat,lon,service_minutes,earliest,latest,priority\n"
GOOD = (
    HEADER + "kantor,0.5071,101.4478,0,08:00,16:00,3\n"
    "a,0.5150,101.4500,20,08:00,12:00,1\n"
    "b,0.5000,101.4400,15,09:00,10:00,2\n"
    "c,0.5300,101.4600,30,13:00,15:00,3\n"
    "d,0.4200,101.3600,30,08:00,08:30,3\n"  # far and early: cannot be made
)


def run(tmp_path, content: str | bytes, *extra: str) -> tuple[str, object]:
    stops = tmp_path / "stops.csv"
    if isinstance(content, bytes):
        stops.write_bytes(content)
    else:
        stops.write_text(content, encoding="utf-8")
    out = io.StringIO()
    route = tmp_path / "route.csv"
    call_command(
        "route", "plan", str(stops), "--out", str(route), "--time-limit", "0.2", *extra, stdout=out
    )
    return out.getvalue(), route


def test_round_trip_orders_visits_then_dropped(tmp_path):
    printed, route = run(tmp_path, GOOD)
    rows = list(csv.DictReader(route.open(encoding="utf-8")))
    assert list(rows[0]) == ["seq", "id", "arrival", "departure", "status"]
    visits = [r for r in rows if r["status"] == "visit"]
    dropped = [r for r in rows if r["status"] == "dropped"]
    assert rows == visits + dropped
    assert [r["seq"] for r in visits] == [str(i) for i in range(1, len(visits) + 1)]
    assert {r["id"] for r in visits} == {"a", "b", "c"}
    assert [r["id"] for r in dropped] == ["d"]
    by_id = {r["id"]: r for r in visits}
    assert "09:00" <= by_id["b"]["arrival"] <= "10:00"
    assert "13:00" <= by_id["c"]["arrival"] <= "15:00"
    assert "travel time" in printed
    assert "km" in printed
    assert "3 kunjungan / visits, 1 ditunda / dropped" in printed


def test_options_set_the_start_speed_and_detour(tmp_path):
    slow, _ = run(tmp_path, GOOD, "--start", "08:30", "--speed", "15", "--detour", "1.8")
    fast, _ = run(tmp_path, GOOD, "--start", "08:30", "--speed", "40", "--detour", "1.0")
    assert "(08:30-" in slow

    def minutes(text):
        return float(text.split("travel time: ")[1].split(" min")[0])

    assert minutes(slow) > 2 * minutes(fast)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "kosong"),
        ("id,lat,lon\nkantor,0.5,101.4\n", "missing columns: service_minutes"),
        (HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,0.5,101.4,10,8h,16:00,1\n", "HH:MM"),
        (HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,0.5,101.4,10,08:00,25:00,1\n", "outside"),
        (
            HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,95,101.4,10,08:00,16:00,1\n",
            "out of range",
        ),
        (
            HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,0.5,101.4,10,12:00,09:00,1\n",
            "after latest",
        ),
        (HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,0.5,101.4,10,08:00,16:00,4\n", "1, 2 or 3"),
        (HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,x,101.4,10,08:00,16:00,1\n", "not a number"),
        (
            HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\na,0.5,101.4,10,08:00,16:00,1\n"
            "a,0.5,101.4,10,08:00,16:00,1\n",
            "repeated id",
        ),
        (HEADER, "no rows"),
        (
            (HEADER + "kantor,0.5,101.4,0,08:00,16:00,3\nNiño,0.5,101.4,10,08:00,16:00,1\n").encode(
                "latin-1"
            ),
            "not UTF-8",
        ),
    ],
)
def test_bad_input_is_refused_in_both_languages_and_writes_nothing(tmp_path, content, message):
    with pytest.raises(CommandError, match=message) as caught:
        run(tmp_path, content)
    assert " / " in str(caught.value)  # Indonesian / English
    assert not (tmp_path / "route.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["stops.csv"]  # no temporary left over


def test_the_command_line_exits_non_zero_on_bad_input(tmp_path):
    stops = tmp_path / "stops.csv"
    stops.write_text("id,lat\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pendamping.cli",
            "route",
            "plan",
            str(stops),
            "--out",
            str(tmp_path / "r.csv"),
        ],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "pendamping.settings.test", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode != 0
    assert "kolom tidak ada" in done.stderr
    assert "missing columns" in done.stderr
    assert not (tmp_path / "r.csv").exists()
