"""Scoring on Spark (``pip install 'apology-clf[spark]'``): a Spark DataFrame of replies in, the
columns ``apology-clf score`` writes out.

Rows travel as Arrow batches through ``mapInPandas``; each Python worker loads the model once
and scores its batches with the same length-sorted, token-budget batching as one machine.
The model directory must be readable at the same path on every executor (a shared or
mounted file system, DBFS, a volume), or ``ship_model=True`` sends it with ``SparkFiles``.

>>> from apology_clf.spark import score_spark
>>> scored = score_spark(spark.read.parquet("s3://mail/2026-10/"), "models/my-model")
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

from .data.tables import Columns, kept_columns
from .model.frames import cached_scorer, check_engine_input, engine_model, score_frame
from .model.loading import load_scorer

_PANDAS_TO_SPARK = {
    "Int64": "bigint",
    "int64": "bigint",
    "float32": "float",
    "float64": "double",
    "bool": "boolean",
    "boolean": "boolean",
    "object": "string",
    "string": "string",
}


def score_spark(
    df,
    model: str | Path | None = None,
    *,
    text: str = "text",
    context: str = "context",
    id: str = "id",
    keep_columns: Sequence[str] | str | None = "all",
    include_text: bool = False,
    runtime: str = "torch",
    batch_size: int = 32,
    ship_model: bool = False,
):
    """Score the Spark DataFrame ``df`` (a ``text`` column; ``context`` and ``id`` when
    present) with a model directory (None: the starter). Returns a Spark DataFrame: ``id``,
    the input's other columns (``keep_columns``), with ``include_text`` the text and context,
    then the levels, probabilities, ``overall``, flags and ``skipped_reason``. Nothing runs
    until an action (``write``, ``count`` …)."""
    from pyspark import SparkFiles

    model_path = engine_model(model)
    check_engine_input(df.columns, text, keep_columns, "DataFrame")
    options = dict(
        text=text,
        context=context,
        id=id,
        keep_columns=keep_columns,
        include_text=include_text,
        batch_size=batch_size,
    )
    # load once on the driver: a missing or broken model fails here, not in every task
    schema = _output_schema(df, load_scorer(model_path, runtime=runtime), options)
    ship_model = ship_model and model_path != "rules"
    if ship_model:
        df.sparkSession.sparkContext.addFile(model_path, recursive=True)
    name = Path(model_path).name

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        scorer = cached_scorer(SparkFiles.get(name) if ship_model else model_path, runtime)
        for batch in batches:
            yield score_frame(batch, scorer, **options)

    return df.mapInPandas(run, schema=schema)


def _output_schema(df, scorer, options: dict) -> str:
    """The result's schema as a DDL string: the names from scoring an empty batch with the
    input's columns (the same code the workers run), the kept input columns' types from the
    input's schema, the others from the empty batch's dtypes."""
    empty = score_frame(pd.DataFrame(columns=df.columns), scorer, **options)
    where = Columns(options["text"], options["context"], options["id"])
    kept = kept_columns(df.columns, where, options["keep_columns"], "the DataFrame")
    fields = []
    for i, column in enumerate(empty.columns):
        if 1 <= i <= len(kept):  # after the id come the kept input columns, in order
            kind = df.schema[kept[i - 1]].dataType.simpleString()
        else:
            kind = _PANDAS_TO_SPARK[str(empty[column].dtype)]
        fields.append(f"`{column}` {kind}")
    return ", ".join(fields)


def score_files_spark(
    inputs: Sequence[str | Path],
    output: str | Path,
    model: str | Path | None = None,
    **options,
) -> None:
    """``apology-clf score --engine spark``: read Parquet/CSV/JSONL files or directories,
    score them, and write ``output`` as a directory of Parquet files (atomically: into a
    temporary directory beside it, then renamed). The session is the active one, or a new
    one (``local[*]`` unless Spark is configured)."""
    import os
    import sys

    from pyspark.sql import SparkSession

    from .data.tables import dataset_format
    from .io import atomic_dir

    fmt = dataset_format(inputs)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this interpreter
    spark = SparkSession.builder.appName("apology-clf").getOrCreate()
    paths = [str(Path(p).resolve()) for p in inputs]
    if fmt == "parquet":
        df = spark.read.parquet(*paths)
    elif fmt == "csv":  # replies span lines: quoted fields may hold newlines
        reader = spark.read.options(header=True, multiLine=True, escape='"')
        df = reader.csv(paths)
    else:
        df = spark.read.json(paths)
    scored = score_spark(df, model, **options)
    with atomic_dir(output) as tmp:
        scored.write.mode("overwrite").parquet(str(tmp))
