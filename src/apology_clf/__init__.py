"""apology-clf: score the apology quality of Dutch customer-service replies.

The layout (see docs/architecture.md): ``errors``, ``schema``, ``io``, ``resume`` and ``rules``
are the shared basics; ``data`` reads tables and builds corpora; ``model`` encodes replies
and scores them; ``evaluation`` measures a scorer; ``training`` makes models; ``mail`` reads
mailbox exports; ``scoring`` runs batch jobs; ``report`` renders results; ``cli`` is a thin
layer over all of them."""

from ._version import __version__
from .evaluation import EvaluationResult, evaluate
from .model.classifier import ApologyClassifier
from .model.loading import load_scorer
from .model.scorer import RulesClassifier
from .schema import LabelSchema
from .training.trainer import TrainResult, train

__all__ = [
    "ApologyClassifier",
    "EvaluationResult",
    "LabelSchema",
    "RulesClassifier",
    "TrainResult",
    "__version__",
    "evaluate",
    "load_scorer",
    "train",
]
