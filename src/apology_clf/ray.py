"""Scoring on Ray (``pip install 'apology-clf[ray]'``): a Ray Dataset of replies in, the columns
``apology-clf score`` writes out.

Batches go to a pool of actors (``map_batches`` with a callable class); each actor loads the
model once, on a GPU when ``num_gpus`` asks for one, and scores with the same length-sorted,
token-budget batching as one machine. The model directory must be readable at the same path
on every node (a shared file system or a synced working directory).

>>> import ray.data
>>> from apology_clf.ray import score_ray
>>> score_ray(ray.data.read_parquet("s3://mail/2026-10/"), "models/my-model", num_gpus=1)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .model.frames import cached_scorer, check_engine_input, engine_model, score_frame
from .model.loading import load_scorer


class ScoreBatches:
    """The actor: one scorer per actor, one call per batch."""

    def __init__(self, model: str, runtime: str, device: str | None, options: dict):
        self.scorer = cached_scorer(model, runtime, device)
        self.options = options

    def __call__(self, batch: pd.DataFrame) -> pd.DataFrame:
        return score_frame(batch, self.scorer, **self.options)


def score_ray(
    ds,
    model: str | Path | None = None,
    *,
    text: str = "text",
    context: str = "context",
    id: str = "id",
    keep_columns: Sequence[str] | str | None = "all",
    include_text: bool = False,
    runtime: str = "torch",
    batch_size: int = 32,
    batch_rows: int = 4096,
    concurrency: int | None = None,
    num_cpus: float = 1,
    num_gpus: float = 0,
):
    """Score the Ray Dataset ``ds`` (a ``text`` column; ``context`` and ``id`` when present)
    with a model directory (None: the starter). Returns a Ray Dataset with the columns of
    ``apology-clf score``. ``concurrency``: actors in the pool (default: one per two CPUs,
    leaving the others to read and write); ``num_cpus``: CPUs per actor (Ray gives torch as
    many threads); ``num_gpus``: GPUs per actor (the model then runs on CUDA)."""
    model_path = engine_model(model)
    check_engine_input(ds.columns(), text, keep_columns, "dataset")
    load_scorer(model_path, runtime=runtime)  # a missing or broken model fails here, once
    options = dict(
        text=text,
        context=context,
        id=id,
        keep_columns=keep_columns,
        include_text=include_text,
        batch_size=batch_size,
    )
    return ds.map_batches(
        ScoreBatches,
        fn_constructor_kwargs=dict(
            model=model_path,
            runtime=runtime,
            device="cuda" if num_gpus else "cpu",
            options=options,
        ),
        batch_format="pandas",
        batch_size=batch_rows,
        concurrency=concurrency or max(1, (os.cpu_count() or 2) // 2),
        num_cpus=num_cpus,
        num_gpus=num_gpus,
    )


def score_files_ray(
    inputs: Sequence[str | Path],
    output: str | Path,
    model: str | Path | None = None,
    **options,
) -> None:
    """``apology-clf score --engine ray``: read Parquet/CSV/JSONL files or directories, score
    them, and write ``output`` as a directory of Parquet files (atomically: into a temporary
    directory beside it, then renamed). Joins the Ray
    cluster ``ray.init`` finds (``RAY_ADDRESS``), or starts a local one."""
    import ray
    import ray.data

    from .data.tables import dataset_format
    from .io import atomic_dir

    fmt = dataset_format(inputs)
    paths = [str(Path(p).resolve()) for p in inputs]
    ray.init(ignore_reinit_error=True, include_dashboard=False, log_to_driver=False)
    if fmt == "parquet":
        ds = ray.data.read_parquet(paths)
    elif fmt == "csv":
        import pyarrow.csv

        # replies span lines: quoted fields may hold newlines
        parse = pyarrow.csv.ParseOptions(newlines_in_values=True)
        ds = ray.data.read_csv(paths, parse_options=parse)
    else:
        ds = ray.data.read_json(paths)
    scored = score_ray(ds, model, **options)
    with atomic_dir(output) as tmp:
        scored.write_parquet(str(tmp))
