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

from .errors import InputError
from .model.frames import cached_scorer, score_frame
from .model.loading import default_model, load_scorer

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

    model_dir = Path(default_model() if model is None else model).resolve()
    if text not in df.columns:
        raise InputError(f"no column {text!r} in the DataFrame (columns: {', '.join(df.columns)})")
    if isinstance(keep_columns, (list, tuple)):
        missing = [c for c in keep_columns if c not in df.columns]
        if missing:
            raise InputError(f"no column {missing[0]!r} to keep in the DataFrame")
    # load once on the driver: a missing or broken model fails here, not in every task
    schema = _output_schema(df, load_scorer(model_dir, runtime=runtime), text, context, id,
                            keep_columns, include_text)  # fmt: skip
    if ship_model:
        df.sparkSession.sparkContext.addFile(str(model_dir), recursive=True)
    options = dict(
        text=text,
        context=context,
        id=id,
        keep_columns=keep_columns,
        include_text=include_text,
        batch_size=batch_size,
    )
    model_path, name = str(model_dir), model_dir.name

    def run(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        scorer = cached_scorer(SparkFiles.get(name) if ship_model else model_path, runtime)
        for batch in batches:
            yield score_frame(batch, scorer, **options)

    return df.mapInPandas(run, schema=schema)


def _output_schema(df, scorer, text, context, id, keep_columns, include_text) -> str:
    """The result's schema as a DDL string, from the input's schema and an empty score."""
    mapped = {text, context, id}
    if keep_columns == "all":
        kept = [f for f in df.schema.fields if f.name not in mapped]
    else:
        wanted = list(keep_columns or ())
        kept = [f for f in df.schema.fields if f.name in wanted]
    empty = score_frame(
        pd.DataFrame({text: []}), scorer, text=text, keep_columns=None, include_text=include_text
    )
    spark_types = {f.name: f.dataType.simpleString() for f in kept}
    taken = set(empty.columns)
    fields = ["`id` string"]
    for f in kept:
        name = f"{f.name}_input" if f.name in taken else f.name
        fields.append(f"`{name}` {spark_types[f.name]}")
    for column in empty.columns[1:]:
        fields.append(f"`{column}` {_PANDAS_TO_SPARK[str(empty[column].dtype)]}")
    return ", ".join(fields)


def score_files_spark(
    inputs: Sequence[str | Path],
    output: str | Path,
    model: str | Path | None = None,
    **options,
) -> pd.Series:
    """``apology-clf score --engine spark``: read Parquet/CSV/JSONL files or directories,
    score them, and write ``output`` as a directory of Parquet files (atomically: into a
    temporary directory beside it, then renamed). Returns each row's ``skipped_reason``.
    The session is the active one, or a new one (``local[*]`` unless Spark is configured)."""
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
    return pd.read_parquet(output, columns=["skipped_reason"])["skipped_reason"]
