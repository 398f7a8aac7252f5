"""Metrics per dimension: accuracy, macro-F1, quadratic weighted kappa, per-level
precision/recall/F1 and the confusion matrix (scikit-learn)."""

from __future__ import annotations

import json
from dataclasses import dataclass
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

from .data import Columns, load_replies
from .io import atomic_write_text
from .schema import LabelSchema


def dimension_metrics(y_true: np.ndarray, y_pred: np.ndarray, n_levels: int) -> dict:
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
    metrics: dict
    predictions: pd.DataFrame

    @property
    def mean_macro_f1(self) -> float:
        return self.metrics["mean_macro_f1"]

    def to_dict(self) -> dict:
        return self.metrics

    def save_json(self, path: str | Path) -> None:
        atomic_write_text(path, json.dumps(self.metrics, indent=2) + "\n")


def evaluate(model, data, columns: Columns | None = None) -> EvaluationResult:
    """Evaluate a model (an :class:`ApologyClassifier` or a model directory) on labelled data
    (paths or a DataFrame with ``text``, ``context`` and the schema's dimension columns)."""
    from .classifier import load_scorer

    clf = load_scorer(model)
    df = (
        data
        if isinstance(data, pd.DataFrame)
        else load_replies(data, columns, clf.schema, require_labels=True)
    )
    pred = clf.predict(df["text"].tolist(), df["context"].tolist())
    pred.insert(0, "id", df["id"].to_numpy())
    return EvaluationResult(compute_metrics(df, pred, clf.schema), pred)
