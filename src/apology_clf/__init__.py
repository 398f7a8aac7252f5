"""apology-clf: score the apology quality of Dutch customer-service replies."""

__version__ = "0.1.0"

from .classifier import ApologyClassifier, RulesClassifier, load_scorer  # noqa: E402
from .evaluation import EvaluationResult, evaluate  # noqa: E402
from .schema import LabelSchema  # noqa: E402
from .training import TrainResult, train  # noqa: E402

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
