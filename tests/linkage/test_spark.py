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

pytestmark = pytest.mark.skipif(
    os.environ.get("PENDAMPING_SPARK_TESTS") != "1"
    or importlib.util.find_spec("pyspark") is None
    or shutil.which("java") is None,
    reason="Spark local mode takes minutes here: set PENDAMPING_SPARK_TESTS=1 "
    "(needs pyspark and Java 17)",
)


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
