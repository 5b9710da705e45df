"""`pendamping link`: CSV in, CSV out, counts printed, errors in two languages."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from pendamping.linkage.matching import evaluation
from pendamping.linkage.matching.link import FIELDS


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = evaluation.generate(1200, seed=5)
    return d, *d.write(tmp_path_factory.mktemp("link"))


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_round_trip(files, tmp_path):
    data, left, right = files
    out = tmp_path / "pairs.csv"
    buf = io.StringIO()
    call_command("link", str(left), str(right), "--out", str(out), stdout=buf)
    text = buf.getvalue()
    rows = _read(out)
    header = list(rows[0])
    assert header[:4] == ["left_id", "right_id", "match_probability", "match_weight"]
    assert all(f"{f}_level" in header and f"{f}_weight" in header for f in FIELDS)
    assert f"linked pairs / pasangan tertaut: {len(rows):,}" in text
    assert "comparisons / perbandingan" in text
    assert "time / waktu" in text
    assert min(float(r["match_probability"]) for r in rows) >= 0.99
    found = {(r["left_id"], r["right_id"]) for r in rows}
    assert evaluation.score(found, data.link_truth()).precision >= 0.99

    lower = tmp_path / "review.csv"
    call_command(
        "link",
        str(left),
        str(right),
        "--out",
        str(lower),
        "--threshold",
        "0.5",
        stdout=io.StringIO(),
    )
    assert len(_read(lower)) >= len(rows)


def test_dedupe_finds_the_duplicates_in_one_file(files, tmp_path):
    data, _, right = files
    out = tmp_path / "dupes.csv"
    call_command("link", "--dedupe", str(right), "--out", str(out), stdout=io.StringIO())
    found = {tuple(sorted((r["left_id"], r["right_id"]))) for r in _read(out)}
    s = evaluation.score(found, data.dedupe_truth(data.extract))
    assert s.precision >= 0.9, s
    assert s.recall >= 0.8, s


def test_few_columns_no_id_and_odd_values(tmp_path):
    src = tmp_path / "list.csv"
    src.write_text(
        "Name,Birth_Date,NIK,extra\n"
        "Siti Aminah,1978-06-02,1471024206780001,x\n"
        "SITI AMINAH,02-06-1978,1471024206780001,y\n"
        "Budi,not a date,12345\n"
        ",,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "pairs.csv"
    buf = io.StringIO()
    call_command("link", "--dedupe", str(src), "--out", str(out), stdout=buf)
    assert "rows / baris: 4" in buf.getvalue()
    assert [(r["left_id"], r["right_id"]) for r in _read(out)] == [("1", "2")]


def test_unreadable_files_say_why_in_both_languages(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(CommandError, match=r"tidak ditemukan.*not found"):
        call_command("link", str(missing), str(missing), "--out", str(tmp_path / "o.csv"))
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(CommandError):
        call_command("link", "--dedupe", str(binary), "--out", str(tmp_path / "o.csv"))
    with pytest.raises(CommandError, match="LEFT"):
        call_command("link", "--out", str(tmp_path / "o.csv"))
