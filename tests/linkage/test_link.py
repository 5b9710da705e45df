"""Linkage on generated Indonesian data: accuracy, households, slips and spellings."""

import collections

import pandas as pd

from pendamping.linkage.matching import evaluation
from pendamping.linkage.matching.link import AUTO_ACCEPT, FIELDS, blocked, link


def test_precision_and_recall_at_the_auto_accept_threshold(data, linked):
    run, pairs = linked
    truth = data.link_truth()
    generated = {p for p in pairs if not p[0].startswith("X")}
    s = evaluation.score(generated, truth)
    assert s.precision >= 0.99, s
    assert s.recall >= 0.97, s
    assert blocked(run, sorted(truth)) / len(truth) >= 0.99


def test_family_members_are_not_linked(data, linked):
    _, pairs = linked
    kinds = collections.Counter(data.family_kind(a, b) for a, b in pairs if not a.startswith("X"))
    kinds.pop(None, None)
    assert not kinds, kinds  # no twin, sibling, spouse or parent linked to another


def test_a_hand_written_household(linked):
    _, pairs = linked
    family = {(a, b) for a, b in pairs if a.startswith("X") or b.startswith("X")}
    assert family == {
        ("XR1", "XD1"),  # M. DJUNAIDI with a title and a slipped NIK digit
        ("XR2", "XD2"),  # Hj. Siti Aminah, day and month swapped
        ("XR3", "XD3"),  # the twin who is in the extract; not his brother XR4
        ("XR6", "XD6"),  # Tjoet Nja Dhien / Cut Nya Dien, malformed NIK on one side
    }


def test_every_pair_explains_itself(linked):
    run, _ = linked
    df = run.con.execute(f"SELECT * FROM {run.pairs} WHERE left_id = 'XR1'").df()  # noqa: S608
    row = df.iloc[0]
    assert row.match_probability >= AUTO_ACCEPT
    assert row.nik_level == "one digit"
    assert row.name_level in ("exact", "same sound")
    assert row.birth_date_level.startswith("exact")
    assert row.nik_weight > 0
    for field in FIELDS:
        assert f"{field}_level" in df.columns
        assert f"{field}_weight" in df.columns


def test_slips_and_spellings_are_linked(data, linked):
    """Most pairs whose NIK slipped or whose name was respelled are still linked."""
    _, pairs = linked
    reg = {r["id"]: r for r in data.registry}
    ext = {r["id"]: r for r in data.extract}
    slipped, respelled = [], []
    for a, b in data.link_truth():
        if reg[a]["nik"] and ext[b]["nik"] and reg[a]["nik"] != ext[b]["nik"]:
            slipped.append((a, b))
        elif reg[a]["name"].lower() != ext[b]["name"].lower():
            respelled.append((a, b))
    assert len(slipped) > 20
    assert len(respelled) > 200
    assert sum(p in pairs for p in slipped) / len(slipped) >= 0.9
    assert sum(p in pairs for p in respelled) / len(respelled) >= 0.97


def test_no_record_is_dropped_for_malformed_values(frames, linked):
    run, _ = linked
    left, right = run.prepared
    n_left = run.con.execute(f"SELECT count(*) FROM {left}").fetchall()[0][0]  # noqa: S608
    n_right = run.con.execute(f"SELECT count(*) FROM {right}").fetchall()[0][0]  # noqa: S608
    assert (n_left, n_right) == (len(frames[0]), len(frames[1]))


def test_the_same_input_gives_the_same_pairs():
    d = evaluation.generate(800, seed=11)
    left, right = pd.DataFrame(d.registry), pd.DataFrame(d.extract)
    a = link(left, right)
    b = link(left, right)
    assert len(a) > 500
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)
