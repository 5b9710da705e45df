"""Link two lists of people, or find duplicates in one, and explain every pair.

`link(left_df, right_df)` and `dedupe(df)` take pandas frames of the registry's canonical
person columns (+ ``id``) and return one row per linked pair: the ids, the match
probability and weight, and per field the comparison level reached and its weight
(log2 Bayes factor). `link_files`/`dedupe_files` do the same from CSV files to a CSV file
without pandas, for the command line and for national-scale extracts.

Steps: features (prepare.py) -> blocking -> comparisons -> u by random sampling and m by
EM, on this run's data -> match probabilities -> one person per record (a record keeps its
best pair and the pairs to duplicates of that partner, so a twin loses to the person)
-> threshold.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from . import model
from . import training as training_
from .files import LinkageInputError, read_csv, register_frame
from .prepare import prepare

__all__ = [
    "AUTO_ACCEPT",
    "REVIEW",
    "LinkRun",
    "LinkageInputError",
    "dedupe",
    "link",
    "link_files",
    "read_csv",
    "register_frame",
    "run_dedupe",
    "run_link",
]

# At or above: linked without review. Between REVIEW and AUTO_ACCEPT: a person checks.
AUTO_ACCEPT = 0.99
REVIEW = 0.5
FIELDS = ("nik", "name", "birth_date", "sex", "household", "birth_place")
BACKENDS = ("duckdb", "spark")

logger = logging.getLogger(__name__)


@dataclass
class LinkRun:
    """What one run did: its tables in ``con`` and its counts and timings."""

    con: duckdb.DuckDBPyConnection
    pairs: str  # table of linked pairs at or above the threshold
    prepared: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    lam: float = 0.0  # the estimated probability that two random records match


def connect(
    *, threads: int | None = None, memory_limit: str | None = None, temp_directory: str = ""
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that spills to disk instead of growing past ``memory_limit``."""
    con = duckdb.connect(":memory:")
    con.execute(f"SET threads = {int(threads or os.cpu_count() or 2)}")
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if temp_directory:
        con.execute(f"SET temp_directory = '{temp_directory}'")
    con.execute("SET preserve_insertion_order = false")
    return con


# ---------------------------------------------------------------------------
# Input
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def _splink_inputs(con, backend: str, tables: list[str], spark=None):
    """Register the prepared tables with the chosen Splink backend."""
    cols = ", ".join(model.MODEL_COLUMNS)
    if backend == "duckdb":
        from splink import DuckDBAPI

        db_api = DuckDBAPI(connection=con)
        for t in tables:
            con.execute(f"CREATE OR REPLACE TABLE {t}_m AS SELECT {cols} FROM {t}")  # noqa: S608
        return db_api, [db_api.register(f"{t}_m") for t in tables]
    if backend == "spark":
        from splink import SparkAPI

        spark = spark or spark_session()
        db_api = SparkAPI(spark_session=spark)
        query = "SELECT {cols} FROM {table}"
        frames = [
            spark.createDataFrame(con.execute(query.format(cols=cols, table=t)).df())
            for t in tables
        ]
        return db_api, [db_api.register(f) for f in frames]
    raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")


def spark_session(master: str = "local[2]"):
    """A local Spark session with Splink's similarity functions (jaro_winkler, ...)."""
    from pyspark.sql import SparkSession
    from splink.internals.spark.jar_location import similarity_jar_location

    spark = (
        SparkSession.builder.master(master)
        .appName("pendamping-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # Splink breaks long query plans with checkpoints, which need a directory.
    spark.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="pendamping-spark-"))
    return spark


def _run(
    con: duckdb.DuckDBPyConnection,
    raw: list[str],
    *,
    threshold: float | None,
    backend: str,
    training: training_.Training,
    one_per_record: bool,
    today: date | None,
    spark=None,
) -> LinkRun:
    from splink import Linker

    threshold = AUTO_ACCEPT if threshold is None else threshold
    link_type = "link_only" if len(raw) == 2 else "dedupe_only"
    prepared = [f"{t}_f" for t in raw]
    run = LinkRun(con=con, pairs="linked_pairs", prepared=tuple(prepared))
    for t, name in zip(raw, ("left", "right") if len(raw) == 2 else ("input",), strict=True):
        run.counts[f"{name}_rows"] = con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]  # noqa: S608

    started = time.perf_counter()
    prepare(con, raw, prepared, today=today)
    run.seconds["prepare"] = time.perf_counter() - started

    if any(run.counts[k] == 0 for k in run.counts):
        _empty_result(con, run.pairs)
        run.counts.update(candidate_pairs=0, linked_pairs=0)
        return run

    started = time.perf_counter()
    logging.getLogger("splink").setLevel(logging.ERROR)
    _db_api, inputs = _splink_inputs(con, backend, prepared, spark)
    linker = Linker(
        inputs if len(inputs) == 2 else inputs[0],
        model.settings(
            link_type,
            "duckdb" if backend == "duckdb" else "spark",
            training_.household_dob_u(con, prepared),
            term_frequencies=sum(run.counts.values()) >= training_.MIN_TRAIN_RECORDS,
        ),
        log_level=None,
    )
    records = sum(v for k, v in run.counts.items() if k.endswith("_rows"))
    if records >= training_.MIN_TRAIN_RECORDS:
        training_.train(linker, training, records)
    else:  # too few rows to learn from: the priors, and one match per record expected
        linker._settings_obj._probability_two_random_records_match = 1 / max(run.counts.values())
    lam = linker._settings_obj._probability_two_random_records_match
    if not 0 < lam < 1:  # training saw no comparisons (tiny or uniform data): expect one match
        lam = linker._settings_obj._probability_two_random_records_match = 1 / max(
            run.counts.values()
        )
    run.lam = lam
    run.seconds["train"] = time.perf_counter() - started

    started = time.perf_counter()
    predictions = linker.inference.predict(
        threshold_match_probability=min(threshold, REVIEW), warning_mode="never"
    )
    if backend == "duckdb":
        source = predictions.physical_name
    else:
        con.register("_spark_pred", predictions.as_spark_dataframe().toPandas())
        source = "_spark_pred"
    run.seconds["predict"] = time.perf_counter() - started

    started = time.perf_counter()
    _evidence(con, source, link_type, "candidate_pairs")
    run.counts["candidate_pairs"] = con.execute("SELECT count(*) FROM candidate_pairs").fetchall()[
        0
    ][0]
    if one_per_record:
        _one_per_record(con, "candidate_pairs", run.pairs, threshold, run.prepared)
    else:
        con.execute(
            f"CREATE OR REPLACE TABLE {run.pairs} AS SELECT * FROM candidate_pairs"  # noqa: S608
            f" WHERE match_probability >= {threshold} ORDER BY left_id, right_id"
        )
    run.counts["linked_pairs"] = con.execute(f"SELECT count(*) FROM {run.pairs}").fetchall()[0][0]  # noqa: S608
    run.seconds["assign"] = time.perf_counter() - started
    return run


def _empty_result(con, table: str) -> None:
    cols = ", ".join(
        [
            "NULL::VARCHAR AS left_id",
            "NULL::VARCHAR AS right_id",
            "NULL::DOUBLE AS match_probability",
            "NULL::DOUBLE AS match_weight",
        ]
        + [f"NULL::VARCHAR AS {f}_level, NULL::DOUBLE AS {f}_weight" for f in FIELDS]
    )
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {cols} LIMIT 0")


def _evidence(con, source: str, link_type: str, target: str) -> None:
    """Pairs with ids on their side and per field the level reached and its weight."""
    labels = model.labels()
    have = {r[0] for r in con.execute(f"SELECT column_name FROM (DESCRIBE {source})").fetchall()}  # noqa: S608
    parts = []
    for f in FIELDS:
        cases = " ".join(f"WHEN {g} THEN '{lab}'" for g, lab in labels[f].items())
        weight = f"mw_{f}" + (f" + coalesce(mw_tf_adj_{f}, 0)" if f"mw_tf_adj_{f}" in have else "")
        parts.append(f"CASE gamma_{f} {cases} END AS {f}_level")
        parts.append(f"round({weight}, 2) AS {f}_weight")
    if link_type == "link_only":
        # Splink puts the first input on the left; say so rather than trust it.
        ids = (
            "CASE WHEN source_dataset_l = first_ds THEN unique_id_l ELSE unique_id_r END"
            " AS left_id, CASE WHEN source_dataset_l = first_ds THEN unique_id_r"
            " ELSE unique_id_l END AS right_id"
        )
        first = f"(SELECT min(source_dataset_l) FROM {source})"  # noqa: S608
        sql = f"""CREATE OR REPLACE TABLE {target} AS
          SELECT {ids}, match_probability, round(match_weight, 3) AS match_weight,
            {", ".join(parts)}
          FROM (SELECT *, {first} AS first_ds FROM {source})"""  # noqa: S608
    else:
        sql = f"""CREATE OR REPLACE TABLE {target} AS
          SELECT unique_id_l AS left_id, unique_id_r AS right_id, match_probability,
            round(match_weight, 3) AS match_weight, {", ".join(parts)} FROM {source}"""  # noqa: S608
    con.execute(sql)


def _same_person_sql(q: model.Sql, a: str, b: str) -> str:
    """Two rows of one file that are one person written twice (no NIK conflict)."""
    return f"""({a}.unique_id = {b}.unique_id OR coalesce({a}.nik = {b}.nik, false)
      OR (({a}.nik IS NULL OR {b}.nik IS NULL) AND {a}.dob_eff = {b}.dob_eff
          AND ({a}.key_sorted = {b}.key_sorted
               OR jaro_winkler_similarity({a}.name_norm, {b}.name_norm) >= 0.92)))"""


def _one_per_record(
    con, source: str, target: str, threshold: float, prepared: tuple[str, ...]
) -> None:
    """One person per record: a record keeps its best pair, and any other pair whose partner
    is a duplicate of that best partner (same NIK, or no NIK and the same name and birth
    date). A twin, parent or spouse scoring below the person is dropped."""
    left_t, right_t = prepared[0], prepared[-1]
    same_r = _same_person_sql(model.Sql("duckdb"), "r", "rb")
    same_l = _same_person_sql(model.Sql("duckdb"), "l", "lb")
    con.execute(f"""
CREATE OR REPLACE TABLE {target} AS
WITH ends AS (
  SELECT left_id AS rec, 'l' AS side, right_id AS other, match_weight FROM {source}
  UNION ALL SELECT right_id, 'r', left_id, match_weight FROM {source}
),
best AS (
  SELECT rec, side, first(other ORDER BY match_weight DESC, other) AS best_other
  FROM ends GROUP BY rec, side
),
scored AS (
  SELECT p.*, bl.best_other AS best_of_left, br.best_other AS best_of_right
  FROM {source} p
  JOIN best bl ON bl.rec = p.left_id AND bl.side = 'l'
  JOIN best br ON br.rec = p.right_id AND br.side = 'r'
  WHERE p.match_probability >= {threshold}
)
SELECT s.* EXCLUDE (best_of_left, best_of_right) FROM scored s
JOIN {right_t} r ON r.unique_id = s.right_id
JOIN {right_t} rb ON rb.unique_id = s.best_of_left
JOIN {left_t} l ON l.unique_id = s.left_id
JOIN {left_t} lb ON lb.unique_id = s.best_of_right
WHERE {same_r} AND {same_l}
ORDER BY s.left_id, s.right_id
""")  # noqa: S608


# ---------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------


def run_link(
    con: duckdb.DuckDBPyConnection,
    left: str,
    right: str,
    *,
    threshold: float | None = None,
    backend: str = "duckdb",
    training: training_.Training | None = None,
    one_per_record: bool = True,
    today: date | None = None,
    spark=None,
) -> LinkRun:
    """Link two raw tables already in ``con`` (text columns, canonical names)."""
    return _run(
        con,
        [left, right],
        threshold=threshold,
        backend=backend,
        training=training or training_.Training(),
        one_per_record=one_per_record,
        today=today,
        spark=spark,
    )


def run_dedupe(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    threshold: float | None = None,
    backend: str = "duckdb",
    training: training_.Training | None = None,
    one_per_record: bool = True,
    today: date | None = None,
    spark=None,
) -> LinkRun:
    """Find the pairs of rows of one raw table that are the same person."""
    return _run(
        con,
        [table],
        threshold=threshold,
        backend=backend,
        training=training or training_.Training(),
        one_per_record=one_per_record,
        today=today,
        spark=spark,
    )


def link(left_df, right_df, *, threshold: float | None = None, backend: str = "duckdb", **kw):
    """Linked pairs of two pandas frames, with per-field evidence, as a pandas frame."""
    con = connect()
    register_frame(con, left_df, "left_raw")
    register_frame(con, right_df, "right_raw")
    run = run_link(con, "left_raw", "right_raw", threshold=threshold, backend=backend, **kw)
    return con.execute(f"SELECT * FROM {run.pairs}").df()  # noqa: S608


def dedupe(df, *, threshold: float | None = None, backend: str = "duckdb", **kw):
    """Pairs of rows of one pandas frame that are the same person, with evidence."""
    con = connect()
    register_frame(con, df, "input_raw")
    run = run_dedupe(con, "input_raw", threshold=threshold, backend=backend, **kw)
    return con.execute(f"SELECT * FROM {run.pairs}").df()  # noqa: S608


def write_pairs(run: LinkRun, out: str | Path) -> None:
    run.con.execute(f"COPY (SELECT * FROM {run.pairs}) TO '{Path(out)}' (HEADER, DELIMITER ',')")  # noqa: S608


def link_files(
    left: str | Path,
    right: str | Path | None,
    out: str | Path,
    *,
    threshold: float | None = None,
    backend: str = "duckdb",
    threads: int | None = None,
    memory_limit: str | None = None,
    count_comparisons: bool = True,
) -> LinkRun:
    """CSV in, CSV out: link ``left`` to ``right``, or dedupe ``left`` when right is None."""
    started = time.perf_counter()
    con = connect(threads=threads, memory_limit=memory_limit)
    read_csv(con, left, "left_raw")
    if right is not None:
        read_csv(con, right, "right_raw")
    read_seconds = time.perf_counter() - started
    if right is not None:
        run = run_link(con, "left_raw", "right_raw", threshold=threshold, backend=backend)
    else:
        run = run_dedupe(con, "left_raw", threshold=threshold, backend=backend)
    run.seconds["read"] = read_seconds
    started = time.perf_counter()
    write_pairs(run, out)
    run.seconds["write"] = time.perf_counter() - started
    if count_comparisons and backend == "duckdb" and run.counts.get("candidate_pairs"):
        started = time.perf_counter()
        run.counts["comparisons"] = comparison_counts(run)[-1]["cumulative"]
        run.seconds["count"] = time.perf_counter() - started
    return run


def comparison_counts(run: LinkRun) -> list[dict]:
    """Pairs each blocking rule adds (a pair counts under the first rule that makes it)."""
    from splink import DuckDBAPI
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    db_api = DuckDBAPI(connection=run.con)
    frames = [db_api.register(f"{t}_m") for t in run.prepared]
    records = count_comparisons_from_blocking_rules(
        frames if len(frames) == 2 else frames[0],
        blocking_rules=[model.block_on(*cols) for _, cols in model.BLOCKING_RULES],
        link_type="link_only" if len(frames) == 2 else "dedupe_only",
        record_sample_proportion=1.0,
    )
    return [
        {
            "rule": name,
            "marginal": int(rec["marginal_comparison_count"]),
            "cumulative": int(rec["cumulative_comparison_count"]),
        }
        for (name, _), rec in zip(model.BLOCKING_RULES, records, strict=True)
    ]


def blocked(run: LinkRun, pairs: list[tuple[str, str]]) -> int:
    """How many of ``pairs`` (left id, right id) some blocking rule puts together."""
    if not pairs:
        return 0
    left, right = (run.prepared[0], run.prepared[-1])
    import pyarrow as pa

    lids, rids = zip(*pairs, strict=True)
    run.con.register("_truth", pa.table({"left_id": list(lids), "right_id": list(rids)}))
    cond = " OR ".join(f"coalesce(l.{c[0]} = r.{c[0]}, false)" for _, c in model.BLOCKING_RULES)
    n = run.con.execute(f"""
SELECT count(*) FROM _truth t JOIN {left} l ON l.unique_id = t.left_id
JOIN {right} r ON r.unique_id = t.right_id WHERE {cond}""").fetchall()[0][0]  # noqa: S608
    run.con.unregister("_truth")
    return n
