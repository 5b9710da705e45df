"""The Spark backend gives the DuckDB backend's pairs (Spark local mode).

Opt-in: PENDAMPING_SPARK_TESTS=1 with pyspark installed (`pip install pyspark`) and Java 17.
Measured on the project's 2-core machine: about 7 minutes for 1,500 people, nearly all of
it Spark's fixed cost per job (EM and sampling run dozens of small jobs), so it stays out of
the default suite; the DuckDB run of the same data takes a few seconds.
"""

import importlib.util
import os
import shutil

import pandas as pd
import pytest

from pendamping.linkage.matching import evaluation
from pendamping.linkage.matching.link import link


def spark_missing() -> str:
    """What keeps Spark local mode from running here, or "" when it can run."""
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install pyspark; not a project dependency)"
    if shutil.which("java") is None:
        return "no java on the PATH (Spark needs Java 17: apt-get install openjdk-17-jre-headless)"
    if os.environ.get("PENDAMPING_SPARK_TESTS") != "1":
        return "Spark local mode takes minutes on 2 cores: set PENDAMPING_SPARK_TESTS=1"
    return ""


pytestmark = pytest.mark.skipif(bool(spark_missing()), reason=spark_missing() or "runs")


def test_spark_backend_links_like_duckdb():
    d = evaluation.generate(600, seed=3)
    left, right = pd.DataFrame(d.registry), pd.DataFrame(d.extract)
    duck = link(left, right)
    spark = link(left, right, backend="spark")
    a = set(zip(duck.left_id, duck.right_id, strict=True))
    b = set(zip(spark.left_id, spark.right_id, strict=True))
    assert len(a ^ b) <= 0.01 * len(a)
    s = evaluation.score(b, d.link_truth())
    assert s.precision >= 0.99
    assert s.recall >= 0.97


@pytest.mark.django_db
def test_reconciliation_run_on_spark(world, settings, django_capture_on_commit_callbacks):
    """The whole run (link and both dedupes) with the backend chosen by the setting."""
    from datetime import date

    from pendamping.linkage import services
    from pendamping.linkage.models import Outcome, OutcomeKind, RunStatus

    settings.LINKAGE_BACKEND = "spark"
    snapshot = services.snapshot_import(
        actor=world["supervisor"], path=world["path"], source="dtsen", as_of=date(2025, 6, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.reconciliation_start(actor=world["supervisor"], snapshot=snapshot)
    run.refresh_from_db()
    assert run.backend == "spark"
    assert run.status == RunStatus.DONE, run.error
    dead = Outcome.objects.get(run=run, kind=OutcomeKind.DECEASED)
    assert dead.person == world["dead"]
