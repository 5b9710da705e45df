"""Linkage accuracy on generated Indonesian data with known truth, four methods in one run.

Usage: .venv/bin/python bench/linkage_accuracy.py [--people 50000] [--seed 1]
Generates a registry of about `people` persons and a corrupted DTKS/DTSEN-like extract
(pendamping.linkage.matching.evaluation), then links them with:
- our model (household-aware Splink, pendamping.linkage.matching) at the auto-accept threshold;
- an exact-NIK join;
- the `recordlinkage` toolkit: the same blocking keys, Jaro-Winkler/exact comparisons, the
  unsupervised ECM classifier (threshold 0.5);
- a generic Splink setup: the same blocking, the comparison library's defaults on names,
  birth date, NIK, KK and address, trained the same way (u by sampling, m by EM).
Prints Markdown tables (precision, recall, F1, family members linked to one another,
comparison counts and blocking recall) and the command that reproduces them.
"""

import argparse
import collections
import logging
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from pendamping.linkage.matching import evaluation, model
from pendamping.linkage.matching.link import (
    AUTO_ACCEPT,
    blocked,
    comparison_counts,
    connect,
    register_frame,
    run_link,
)


def _family(data, found: set) -> str:
    kinds = collections.Counter(data.family_kind(a, b) for a, b in found)
    kinds.pop(None, None)
    if not kinds:
        return "0"
    return f"{sum(kinds.values())} ({', '.join(f'{k} {v}' for k, v in kinds.most_common())})"


def exact_nik(data) -> set:
    by_nik = collections.defaultdict(list)
    for row in data.extract:
        nik = row["nik"].strip()
        if nik:
            by_nik[nik].append(row["id"])
    return {
        (r["id"], e) for r in data.registry if r["nik"].strip() for e in by_nik[r["nik"].strip()]
    }


def _plain(con, table: str) -> pd.DataFrame:
    """What a generic setup starts from: the raw text lower-cased, dates parsed, the same
    blocking keys as ours (so every method compares the same pairs)."""
    return con.execute(f"""
SELECT f.unique_id, lower(trim(r.name)) AS name, f.dob AS birth_date,
  f.nik, f.kk, lower(trim(r.address)) AS address, f.sex_eff AS sex, f.kelurahan,
  f.b_nik, f.b_kk, f.b_dob_given, f.b_dob_last, f.b_kel_name
FROM {table}_f f JOIN {table} r ON CAST(r.id AS VARCHAR) = f.unique_id""").df()  # noqa: S608


def recordlinkage_toolkit(left: pd.DataFrame, right: pd.DataFrame) -> tuple[set, int]:
    import recordlinkage

    left = left.set_index("unique_id")
    right = right.set_index("unique_id")
    index = recordlinkage.Index()
    for _, cols in model.BLOCKING_RULES:
        index.block(cols[0])
    candidates = index.index(left, right)
    candidates = candidates[~candidates.duplicated()]
    compare = recordlinkage.Compare()
    compare.string("name", "name", method="jarowinkler", threshold=0.85, label="name")
    compare.exact("birth_date", "birth_date", label="birth_date")
    compare.string("nik", "nik", method="levenshtein", threshold=0.85, label="nik")
    compare.exact("kk", "kk", label="kk")
    compare.string("address", "address", method="jarowinkler", threshold=0.85, label="address")
    compare.exact("sex", "sex", label="sex")
    compare.exact("kelurahan", "kelurahan", label="kelurahan")
    features = compare.compute(candidates, left, right).fillna(0).astype(int)
    ecm = recordlinkage.ECMClassifier(binarize=None)
    matches = ecm.fit_predict(features)
    return {(a, b) for a, b in matches}, len(candidates)


def generic_splink(con, left: pd.DataFrame, right: pd.DataFrame) -> dict[float, set]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    db_api = DuckDBAPI(connection=con)
    inputs = [db_api.register(left), db_api.register(right)]
    settings = {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "blocking_rules_to_generate_predictions": [
            block_on(*cols) for _, cols in model.BLOCKING_RULES
        ],
        "comparisons": [
            cl.NameComparison("name"),
            cl.DateOfBirthComparison("birth_date", input_is_string=True),
            cl.LevenshteinAtThresholds("nik", [1, 2]),
            cl.ExactMatch("kk"),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.8]),
        ],
    }
    linker = Linker(inputs, settings, log_level=None)
    t = linker.training
    t.estimate_probability_two_random_records_match(["l.nik = r.nik"], recall=0.85)
    t.estimate_u_using_random_sampling(max_pairs=1e6, seed=1471)
    for cols in (("b_nik",), ("b_dob_given",)):
        t.estimate_parameters_using_expectation_maximisation(block_on(*cols))
    pred = linker.inference.predict(threshold_match_probability=0.5).as_pandas_dataframe()
    return {
        thr: set(
            zip(
                *(
                    pred.loc[pred.match_probability >= thr, c]
                    for c in ("unique_id_l", "unique_id_r")
                ),
                strict=True,
            )
        )
        for thr in (0.5, AUTO_ACCEPT)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    data = evaluation.generate(args.people, seed=args.seed)
    truth = data.link_truth()
    gen_seconds = time.perf_counter() - started

    con = connect(threads=2)
    register_frame(con, pd.DataFrame(data.registry), "left_raw")
    register_frame(con, pd.DataFrame(data.extract), "right_raw")
    rows = []

    started = time.perf_counter()
    run = run_link(con, "left_raw", "right_raw", threshold=AUTO_ACCEPT)
    ours = set(con.execute(f"SELECT left_id, right_id FROM {run.pairs}").fetchall())  # noqa: S608
    rows.append(("this model (household-aware Splink)", ours, time.perf_counter() - started))
    raw = con.execute(
        "SELECT left_id, right_id FROM candidate_pairs WHERE match_probability >= ?", [AUTO_ACCEPT]
    ).fetchall()
    rows.append(("this model without one-person-per-record", set(raw), None))
    counts = comparison_counts(run)
    n_blocked = blocked(run, sorted(truth))

    started = time.perf_counter()
    rows.append(("exact NIK join", exact_nik(data), time.perf_counter() - started))

    left, right = _plain(con, "left_raw"), _plain(con, "right_raw")
    started = time.perf_counter()
    rl, rl_candidates = recordlinkage_toolkit(left, right)
    rows.append(("recordlinkage toolkit (ECM, p >= 0.5)", rl, time.perf_counter() - started))

    started = time.perf_counter()
    generic = generic_splink(connect(threads=2), left, right)
    seconds = time.perf_counter() - started
    rows.append(("generic Splink, p >= 0.5", generic[0.5], seconds))
    rows.append((f"generic Splink, p >= {AUTO_ACCEPT}", generic[AUTO_ACCEPT], seconds))

    print(
        f"## Linkage accuracy: {len(data.registry):,} registry rows x "
        f"{len(data.extract):,} extract rows (seed {args.seed})\n"
    )
    print(
        f"{len(truth):,} true pairs; generated in {gen_seconds:.0f} s. Corruptions: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(data.stats.items()))
        + ".\n"
    )
    print("| method | precision | recall | F1 | pairs | family members linked | seconds |")
    print("|---|---|---|---|---|---|---|")
    for name, found, secs in rows:
        s = evaluation.score(found, truth)
        print(
            f"| {name} | {s.precision:.4f} | {s.recall:.4f} | {s.f1:.4f} | {len(found):,} | "
            f"{_family(data, found - truth)} | {'-' if secs is None else f'{secs:.1f}'} |"
        )
    print(f"\nThis model's threshold is the auto-accept threshold, {AUTO_ACCEPT}.\n")
    print("| blocking rule | pairs it adds | cumulative |")
    print("|---|---|---|")
    for c in counts:
        print(f"| {c['rule']} | {c['marginal']:,} | {c['cumulative']:,} |")
    print(
        f"\nBlocking recall: {n_blocked:,} of {len(truth):,} true pairs "
        f"({n_blocked / len(truth):.4f}); recordlinkage compared {rl_candidates:,} pairs "
        f"(the same keys); all pairs: {len(data.registry) * len(data.extract):,}.\n"
    )
    print(
        f"Rerun: `.venv/bin/python bench/linkage_accuracy.py --people {args.people} "
        f"--seed {args.seed}`"
    )


if __name__ == "__main__":
    main()
