"""Metrics per dimension: accuracy, macro-F1, quadratic weighted kappa, per-level
precision/recall/F1 and the confusion matrix (scikit-learn)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import (
    accuracy_score,
    cohen_kappa_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
)

from .data.tables import EXTRA_PREFIX, Columns, labelled_frame
from .io import atomic_write_text
from .model.loading import load_scorer
from .model.scorer import Scorer
from .schema import LabelSchema


def dimension_metrics(y_true: np.ndarray, y_pred: np.ndarray, n_levels: int) -> dict:
    """One dimension's accuracy, macro-F1, quadratic weighted kappa, per-level precision,
    recall, F1 and support, and the confusion matrix."""
    labels = list(range(n_levels))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    # kappa is undefined when both raters use one level only; report 0 agreement beyond chance
    qwk = cohen_kappa_score(y_true, y_pred, labels=labels, weights="quadratic")
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macro_f1": float(
            f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)
        ),
        "qwk": 0.0 if np.isnan(qwk) else float(qwk),
        "per_level": {
            str(k): {
                "precision": float(p[k]),
                "recall": float(r[k]),
                "f1": float(f[k]),
                "support": int(s[k]),
            }
            for k in labels
        },
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def compute_metrics(
    truth: pd.DataFrame | dict, predicted: pd.DataFrame | dict, schema: LabelSchema
) -> dict:
    """``{"dimensions": {name: metrics}, "mean_macro_f1": float, "n": int}``."""
    dims = {
        d.name: dimension_metrics(
            np.asarray(truth[d.name]), np.asarray(predicted[d.name]), d.n_levels
        )
        for d in schema.dimensions
    }
    return {
        "n": int(len(np.asarray(truth[schema.names[0]]))),
        "dimensions": dims,
        "mean_macro_f1": float(np.mean([m["macro_f1"] for m in dims.values()])),
    }


@dataclass
class EvaluationResult:
    """What :func:`evaluate` measured: ``metrics`` (see :func:`compute_metrics`) and the
    model's ``predictions`` (``id`` and one level column per dimension)."""

    metrics: dict
    predictions: pd.DataFrame
    by: str | None = None
    """The column the rows were grouped by, if any."""
    groups: dict[str, dict] = field(default_factory=dict)
    """With ``by``: each group's value → its metrics (as :func:`compute_metrics`)."""

    @property
    def mean_macro_f1(self) -> float:
        """Macro-F1 averaged over the dimensions: the project's one headline figure."""
        return self.metrics["mean_macro_f1"]

    def to_dict(self) -> dict:
        """The metrics as plain JSON-ready values; with ``by``, also ``{"by": {"column": …,
        "groups": {value: metrics}}}``."""
        if self.by is None:
            return self.metrics
        return {**self.metrics, "by": {"column": self.by, "groups": self.groups}}

    def save_json(self, path: str | Path) -> None:
        """Write :meth:`to_dict` as JSON (atomically: a failed write leaves no half file)."""
        atomic_write_text(path, json.dumps(self.to_dict(), indent=2) + "\n")


def evaluate(
    model: str | Path | Scorer,
    data: str | Path | Sequence[str | Path] | pd.DataFrame,
    *,
    columns: Columns | None = None,
    runtime: str = "torch",
    by: str | None = None,
) -> EvaluationResult:
    """Evaluate a model (an :class:`ApologyClassifier`, a model directory or ``"rules"``) on
    labelled data (paths or a DataFrame with ``text``, ``context`` and the schema's dimension
    columns); ``runtime`` onnx evaluates the exported int8 model. ``by`` names a column of
    the data (``channel``, ``variant``, ``sector``, a team …): the metrics are then also
    computed per value of it (``result.groups``).

    >>> result = evaluate("rules", test_path)
    >>> sorted(result.metrics["dimensions"]), round(result.mean_macro_f1, 2) <= 1
    (['empathy', 'next_steps', 'responsibility', 'sincerity'], True)
    >>> result.predictions.columns[:3].tolist()
    ['id', 'sincerity', 'empathy']
    """
    clf = load_scorer(model, runtime=runtime)
    df = labelled_frame(data, columns, clf.schema, by=by)
    pred = clf.predict(df["text"].tolist(), df["context"].tolist())
    pred.insert(0, "id", df["id"].to_numpy())
    result = EvaluationResult(compute_metrics(df, pred, clf.schema), pred, by)
    if by is not None:
        keys = df[EXTRA_PREFIX + by].fillna("(empty)").astype(str).to_numpy()
        for value in sorted(set(keys)):
            rows = keys == value
            truth = df.loc[rows].reset_index(drop=True)
            result.groups[value] = compute_metrics(truth, pred.loc[rows], clf.schema)
    return result


def compare_models(
    models: dict[str, object],
    data,
    n_boot: int = 1000,
    seed: int = 0,
    columns: Columns | None = None,
) -> pd.DataFrame:
    """Macro-F1 per dimension for each model on the same labelled data, with 95% bootstrap
    confidence intervals; with two models, also their difference (first minus second) on the
    same resamples (a paired bootstrap).

    Returns rows ``dimension, model, macro_f1, ci_low, ci_high`` (``model`` is a name from
    ``models`` or ``"A - B"``)."""
    scorers = {name: load_scorer(m) for name, m in models.items()}
    schema = next(iter(scorers.values())).schema
    df = labelled_frame(data, columns, schema)
    preds = {
        name: s.predict(df["text"].tolist(), df["context"].tolist()) for name, s in scorers.items()
    }
    rng = np.random.default_rng(seed)
    samples = rng.integers(0, len(df), size=(n_boot, len(df)))
    names = list(models)
    rows = []
    for dim in schema.dimensions:
        y = df[dim.name].to_numpy()
        labels = list(range(dim.n_levels))

        def f1(pred, idx=slice(None), y=y, labels=labels):
            return f1_score(y[idx], pred[idx], labels=labels, average="macro", zero_division=0)

        boots = {}
        for name in names:
            pred = preds[name][dim.name].to_numpy()
            boots[name] = np.array([f1(pred, idx) for idx in samples])
            lo, hi = np.percentile(boots[name], [2.5, 97.5])
            rows.append(
                {
                    "dimension": dim.name,
                    "model": name,
                    "macro_f1": f1(pred),
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
        if len(names) == 2:
            a, b = names
            diff = boots[a] - boots[b]
            lo, hi = np.percentile(diff, [2.5, 97.5])
            point = rows[-2]["macro_f1"] - rows[-1]["macro_f1"]
            rows.append(
                {
                    "dimension": dim.name,
                    "model": f"{a} - {b}",
                    "macro_f1": point,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
    return pd.DataFrame(rows)
