"""One pandas batch of replies in, the rows ``score`` writes out: the shared core of local
table scoring and of the Spark and Ray engines, where a batch is an Arrow record batch.

In an engine's worker process the scorer is loaded once (:func:`cached_scorer`) and reused
for every batch that process sees."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..data.tables import (
    EXTRA_PREFIX,
    Columns,
    clean_text,
    derive_ids,
    kept_columns,
    with_extras,
)
from ..errors import InputError
from .loading import default_model, load_scorer
from .scorer import Scorer


def output_frame(rows: pd.DataFrame, scores: pd.DataFrame, include_text: bool) -> pd.DataFrame:
    """``id``, the user's own columns (``input:<name>`` in ``rows``; a name the scores use
    gets the suffix ``_input``), with ``include_text`` the ``text`` and ``context``, then the
    scores. ``rows`` and ``scores`` are aligned row for row."""
    extras = rows[[c for c in rows.columns if c.startswith(EXTRA_PREFIX)]]
    taken = set(scores.columns) | ({"text", "context"} if include_text else set())
    names = [c[len(EXTRA_PREFIX) :] for c in extras.columns]
    extras = extras.set_axis([f"{n}_input" if n in taken else n for n in names], axis=1)
    parts = [scores[["id"]], extras.reset_index(drop=True)]
    if include_text:
        parts.append(rows[["text", "context"]].reset_index(drop=True))
    return pd.concat([*parts, scores.drop(columns=["id"])], axis=1)


@lru_cache(maxsize=4)
def cached_scorer(model: str, runtime: str = "torch", device: str | None = None) -> Scorer:
    """A scorer loaded once per process (per model, runtime and device)."""
    return load_scorer(model, device=device, runtime=runtime)


def engine_model(model: str | Path | None) -> str:
    """The model as workers name it: ``rules``, or the directory's absolute path (None: the
    starter), since workers may run in another working directory."""
    if str(model) == "rules":
        return "rules"
    return str(Path(default_model() if model is None else model).resolve())


def check_engine_input(
    available: Sequence[str], text: str, keep_columns: Sequence[str] | str | None, what: str
) -> None:
    """On the driver, before any task: the text column and the columns to keep exist."""
    if text not in available:
        raise InputError(f"no column {text!r} in the {what} (columns: {', '.join(available)})")
    kept_columns(list(available), Columns(text), keep_columns, f"the {what}")


def score_frame(
    frame: pd.DataFrame,
    scorer: Scorer,
    *,
    text: str = "text",
    context: str | None = "context",
    id: str | None = "id",
    keep_columns: Sequence[str] | str | None = "all",
    include_text: bool = False,
    batch_size: int = 32,
) -> pd.DataFrame:
    """Score one batch of an engine's table: ``text`` (and ``context``, ``id`` when present)
    name the columns; the result has the columns and order of ``apology-clf score`` output.
    Rows without an id get a content hash, as in local scoring."""
    texts = [clean_text(v) for v in frame[text]]
    has_context = context is not None and context in frame.columns
    contexts = [clean_text(v) for v in frame[context]] if has_context else [""] * len(texts)
    ids = (
        [str(v) for v in frame[id]]
        if id is not None and id in frame.columns
        else derive_ids(texts, contexts)
    )
    rows = pd.DataFrame({"text": texts, "context": contexts})
    rows = with_extras(rows, frame, "the table", Columns(text, context, id), keep_columns)
    scores = scorer.score(texts, contexts, ids=ids, batch_size=batch_size)
    return output_frame(rows, scores, include_text)
