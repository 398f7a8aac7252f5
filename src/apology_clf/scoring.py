"""Batch scoring of reply files: ``apology-clf score``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .classifier import ApologyClassifier
from .data import Columns, load_replies
from .io import check_table_path, write_table


@dataclass
class ScoreSummary:
    output: Path
    rows: int
    scored: int
    skipped: int
    skipped_reasons: dict[str, int]


def score(
    inputs: Sequence[str | Path],
    model: str | Path | ApologyClassifier,
    output: str | Path,
    columns: Columns | None = None,
    batch_size: int = 32,
) -> ScoreSummary:
    """Score every row of the input files and write exactly one output row per input row.

    Rows that cannot be scored (empty text) keep their row, with no scores and a
    ``skipped_reason``. The output is written atomically in the format its extension names.
    """
    output = check_table_path(output)
    df = load_replies(
        inputs, columns, allow_empty_text=True
    )  # bad input fails before the model loads
    clf = model if isinstance(model, ApologyClassifier) else ApologyClassifier.load(model)
    scores = clf.score(
        df["text"].tolist(), df["context"].tolist(), ids=df["id"].tolist(), batch_size=batch_size
    )
    write_table(scores, output)
    reasons = scores.loc[scores["skipped_reason"] != "", "skipped_reason"].value_counts()
    skipped = int(reasons.sum())
    return ScoreSummary(output, len(scores), len(scores) - skipped, skipped, reasons.to_dict())
