"""apology-clf: score the apology quality of Dutch customer-service replies.

The layout (see docs/architecture.md): ``errors``, ``schema``, ``io``, ``resume`` and ``rules``
are the shared basics; ``data`` reads tables and builds corpora; ``model`` encodes replies
and scores them; ``evaluation`` measures a scorer; ``training`` makes models; ``mail`` reads
mailbox exports; ``scoring`` runs batch jobs; ``report`` renders results; ``cli`` is a thin
layer over all of them.

The public names are imported on first use, so that ``import apology_clf`` (and the CLI's
``--help``) does not pay for torch, transformers and datasets."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ._version import __version__

# public name -> module that defines it
_EXPORTS = {
    "ApologyClassifier": "model.classifier",
    "RulesClassifier": "model.scorer",
    "load_scorer": "model.loading",
    "LabelSchema": "schema",
    "EvaluationResult": "evaluation",
    "evaluate": "evaluation",
    "TrainConfig": "training.config",
    "TrainResult": "training.trainer",
    "train": "training.trainer",
    "InputError": "errors",
}

if TYPE_CHECKING:  # for type checkers and IDEs; at run time, __getattr__ below
    from .errors import InputError
    from .evaluation import EvaluationResult, evaluate
    from .model.classifier import ApologyClassifier
    from .model.loading import load_scorer
    from .model.scorer import RulesClassifier
    from .schema import LabelSchema
    from .training.config import TrainConfig
    from .training.trainer import TrainResult, train

__all__ = [
    "ApologyClassifier",
    "EvaluationResult",
    "InputError",
    "LabelSchema",
    "RulesClassifier",
    "TrainConfig",
    "TrainResult",
    "__version__",
    "evaluate",
    "load_scorer",
    "train",
]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
