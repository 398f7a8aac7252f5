"""Spark (local[2]) and Ray (local) score exactly as one process does, row for row."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import EXAMPLES, run_cli

from apology_clf.errors import InputError
from apology_clf.scoring import score

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "models" / "starter"

pyspark = pytest.importorskip("pyspark", reason="apology-clf[spark] is not installed")
ray = pytest.importorskip("ray", reason="apology-clf[ray] is not installed")


@pytest.fixture(scope="module")
def replies(tmp_path_factory) -> Path:
    """The example replies plus rows that cannot be scored, with a team column."""
    df = pd.read_csv(EXAMPLES / "replies.csv")
    bad = pd.DataFrame(
        {
            "id": ["leeg", "binair", "geen-context"],
            "text": ["", "\x00\x01\x02 PK\x03\x04", "Sorry, u krijgt morgen € 10 terug."],
            "context": ["Waar blijft mijn pakket?", "", None],
        }
    )
    df = pd.concat([df, bad], ignore_index=True)
    df["team"] = np.where(df.index % 2, "A", "B")
    path = tmp_path_factory.mktemp("engines") / "replies.parquet"
    df.to_parquet(path)
    return path


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("apology-clf-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def ray_local():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


def local_scores(replies: Path, model: Path, tmp_path: Path) -> pd.DataFrame:
    out = tmp_path / "local.parquet"
    score([replies], model, out)
    return pd.read_parquet(out)


def same_rows(engine: pd.DataFrame, local: pd.DataFrame) -> None:
    engine = engine.set_index("id").loc[local["id"]].reset_index()
    assert list(engine.columns) == list(local.columns)
    for column in local.columns:
        a, b = engine[column], local[column]
        if pd.api.types.is_numeric_dtype(b) and not pd.api.types.is_bool_dtype(b):
            np.testing.assert_allclose(_floats(a), _floats(b), atol=1e-5, err_msg=column)
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), column


def _floats(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").astype("float64").to_numpy()


@pytest.mark.parametrize("which", ["tiny", "starter"])
def test_spark_scores_equal_local_scores(spark, replies, trained_model, tmp_path, which):
    from apology_clf.spark import score_spark

    model = trained_model if which == "tiny" else STARTER
    df = spark.read.parquet(str(replies)).repartition(3)  # several partitions and workers
    scored = score_spark(df, model).toPandas()
    local = local_scores(replies, model, tmp_path)
    same_rows(scored, local)
    reasons = dict(zip(local["id"], local["skipped_reason"], strict=True))
    assert reasons["leeg"] == "empty text"
    assert reasons["binair"] == "not text (binary or control characters)"
    assert reasons["geen-context"] == ""


@pytest.mark.parametrize("which", ["tiny", "starter"])
def test_ray_scores_equal_local_scores(ray_local, replies, trained_model, tmp_path, which):
    import ray.data

    from apology_clf.ray import score_ray

    model = trained_model if which == "tiny" else STARTER
    ds = ray.data.read_parquet(str(replies)).repartition(3)
    # one actor: the other CPU reads (two actors on two CPUs would starve the reads)
    scored = score_ray(ds, model, batch_rows=16, concurrency=1).to_pandas()
    same_rows(scored, local_scores(replies, model, tmp_path))


def test_a_missing_model_is_one_clear_error(spark, ray_local, replies, tmp_path):
    import ray.data

    from apology_clf.ray import score_ray
    from apology_clf.spark import score_spark

    with pytest.raises(InputError, match="model directory not found"):
        score_spark(spark.read.parquet(str(replies)), tmp_path / "geen-model")
    with pytest.raises(InputError, match="model directory not found"):
        score_ray(ray.data.read_parquet(str(replies)), tmp_path / "geen-model")


@pytest.mark.parametrize("engine", ["spark", "ray"])
def test_cli_engine_writes_partitioned_parquet(replies, trained_model, tmp_path, engine):
    csv = tmp_path / "in.csv"
    pd.read_parquet(replies).to_csv(csv, index=False)  # replies span lines in CSV too
    out = tmp_path / "scored"
    env = {"PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    args = ["score", csv, "--engine", engine, "--model", trained_model, "-o", out]
    r = run_cli(*args, env=env)
    assert r.returncode == 0, r.stderr[-3000:]
    assert "43 rows: 41 scored, 2 skipped" in r.stdout
    scored = pd.read_parquet(out)
    assert out.is_dir() and len(list(out.glob("*.parquet"))) >= 1
    local = local_scores(replies, trained_model, tmp_path)
    assert list(scored.columns) == list(local.columns)  # id, date, agent, team, scores
    # the user's columns went through CSV (an empty cell may come back as "" or null): compare
    # the scores
    scores = ["id", *local.columns[local.columns.get_loc("sincerity") :]]
    same_rows(scored[scores], local[scores])
