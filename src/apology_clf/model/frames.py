"""One pandas batch of replies in, the rows ``score`` writes out: the shared core of local
table scoring and of the Spark and Ray engines, where a batch is an Arrow record batch.

In an engine's worker process the scorer is loaded once (:func:`cached_scorer`) and reused
for every batch that process sees."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from ..data.tables import EXTRA_PREFIX, clean_text, derive_ids
from .loading import load_scorer
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
    mapped = {text, context, id}
    others = [c for c in frame.columns if c not in mapped] if keep_columns == "all" else []
    others = list(keep_columns) if isinstance(keep_columns, (list, tuple)) else others
    rows = pd.DataFrame({"text": texts, "context": contexts})
    for name in others:
        rows[EXTRA_PREFIX + str(name)] = frame[name].to_numpy()
    scores = scorer.score(texts, contexts, ids=ids, batch_size=batch_size)
    return output_frame(rows, scores, include_text)
