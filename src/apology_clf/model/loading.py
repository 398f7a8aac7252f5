"""Finding and loading a model: a model directory (torch or its ONNX export), the word
``rules``, or, when none is named, the default model (``$APOLOGY_CLF_MODEL`` or the starter)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError
from .scorer import RulesClassifier, Scorer

REPO = Path(__file__).resolve().parents[3]
ENV_VAR = "APOLOGY_CLF_MODEL"
STARTER_DIR = REPO / "models" / "starter"  # in a checkout (and an editable install)
PACKAGED_STARTER = Path(__file__).resolve().parent / "starter"  # in a wheel (setup.py puts it)
RUNTIMES = ("torch", "onnx")


def default_model() -> Path:
    """The model ``score`` uses without ``--model``: ``$APOLOGY_CLF_MODEL``, else the starter
    model that ships inside the installed package, else the one in the source checkout."""
    starter = PACKAGED_STARTER if PACKAGED_STARTER.is_dir() else STARTER_DIR
    path = Path(os.environ.get(ENV_VAR) or starter)
    if not path.is_dir():
        raise InputError(
            f"no `model` given and no model at {path}; pass `model` (a model directory), set "
            f"{ENV_VAR}, or "
            "build the starter with: apology-clf build-starter"
        )
    return path


def load_scorer(
    model: str | Path | Scorer | None = None, device: str | None = None, runtime: str = "torch"
) -> Scorer:
    """A scorer from a model directory, the word ``rules``, or a scorer passed through; None
    is the starter model (:func:`default_model`). ``runtime``: ``torch``,
    or ``onnx`` (int8 onnxruntime on the CPU, after ``export-onnx``)."""
    if runtime not in RUNTIMES:
        raise InputError(f"`runtime` {runtime!r}: use torch or onnx")
    if model is None:
        model = default_model()
    if isinstance(model, Scorer):
        return model
    if str(model) == "rules":
        return RulesClassifier()
    if runtime == "onnx":
        from .onnx_runtime import OnnxClassifier  # onnxruntime only when asked for

        return OnnxClassifier(model)
    from .classifier import ApologyClassifier

    return ApologyClassifier.load(model, device)
