"""The one training config: :class:`TrainConfig`, a checked dataclass. ``train(...)`` takes it
(or its fields by name), the CLI builds its ``train`` options from its fields, and every model
directory keeps it as ``training_args.json`` so a model can be retrained exactly.

No torch here: ``apology-clf train --help`` reads this module."""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model.options import DEFAULT_BASE_MODEL, POOLINGS

RESULT_KEYS = ("best_epoch", "history")
"""Keys ``training_args.json`` holds beside the config: results, ignored when loading it."""

_DEVICE = re.compile(r"cpu|cuda(:\d+)?|mps|xpu(:\d+)?")


def _opt(default: Any, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass
class TrainConfig:
    """How :func:`~apology_clf.train` fine-tunes a model; every value is checked when the
    config is made, so a mistake shows before any model loads.

    >>> TrainConfig(epochs=2).lr
    3e-05
    >>> TrainConfig(pooling="max")
    Traceback (most recent call last):
    ...
    apology_clf.errors.InputError: `pooling` 'max': use one of cls, mean
    """

    base_model: str = _opt(
        DEFAULT_BASE_MODEL, "Hugging Face model id or local directory to fine-tune from."
    )
    base_model_name: str | None = _opt(
        None,
        "The base model's name in the saved model (when base_model is a temporary path).",
    )
    epochs: int = _opt(4, "Most passes over the training rows (early stopping may end sooner).")
    lr: float = _opt(3e-5, "Peak learning rate (linear warm-up, then linear decay).")
    batch_size: int = _opt(16, "Rows per batch.")
    grad_accum: int = _opt(1, "Batches per optimizer step (gradient accumulation).")
    max_length: int = _opt(256, "Tokens per reply + context (capped at what the base model takes).")
    seed: int = _opt(42, "Seed for the validation split, initialisation and batch order.")
    patience: int = _opt(2, "Epochs without a better validation score before stopping.")
    weight_decay: float = _opt(0.01, "AdamW weight decay.")
    warmup_ratio: float = _opt(0.1, "Share of the optimizer steps spent warming up (0-1).")
    dropout: float = _opt(0.1, "Dropout in the classification heads (0-1).")
    class_weights: bool = _opt(False, "Weight levels inversely to their frequency.")
    pooling: str = _opt("cls", "What the heads read: cls (the <s> token) or mean (all tokens).")
    use_context: bool = _opt(True, "Encode the customer message with the reply.")
    group_by_length: bool = _opt(
        False,
        "Batch rows of similar length together: about 1.5x the samples/s, but avoid it when "
        "labels go with length (batches then hold one level).",
    )
    val_fraction: float = _opt(
        0.15, "Share of the training rows held out for validation when no validation data is given."
    )
    device: str | None = _opt(None, "cpu, cuda, cuda:1, mps …; default: CUDA if available.")

    def __post_init__(self) -> None:
        problems = []
        for name in ("epochs", "batch_size", "grad_accum", "patience"):
            if not _is_int(getattr(self, name)) or getattr(self, name) < 1:
                problems.append(f"`{name}` {getattr(self, name)!r}: use a whole number ≥ 1")
        if not _is_int(self.max_length) or self.max_length < 16:
            problems.append(f"`max_length` {self.max_length!r}: use a whole number ≥ 16")
        if not _is_int(self.seed):
            problems.append(f"`seed` {self.seed!r}: use a whole number")
        if not isinstance(self.lr, int | float) or not 0 < self.lr < 1:
            problems.append(f"`lr` {self.lr!r}: use a number between 0 and 1, e.g. 3e-5")
        if not isinstance(self.weight_decay, int | float) or self.weight_decay < 0:
            problems.append(f"`weight_decay` {self.weight_decay!r}: use a number ≥ 0")
        for name in ("warmup_ratio", "dropout"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not 0 <= value < 1:
                problems.append(f"`{name}` {value!r}: use a number from 0 up to 1, e.g. 0.1")
        if not isinstance(self.val_fraction, int | float) or not 0 < self.val_fraction < 1:
            problems.append(f"`val_fraction` {self.val_fraction!r}: use a number between 0 and 1")
        if self.pooling not in POOLINGS:
            problems.append(f"`pooling` {self.pooling!r}: use one of {', '.join(POOLINGS)}")
        if self.device is not None and not _DEVICE.fullmatch(str(self.device)):
            problems.append(f"`device` {self.device!r}: use cpu, cuda, cuda:N or mps")
        if not isinstance(self.base_model, str) or not self.base_model.strip():
            problems.append("`base_model` is empty: give a Hugging Face id or a directory")
        for name in ("class_weights", "use_context", "group_by_length"):
            if not isinstance(getattr(self, name), bool):
                problems.append(f"`{name}` {getattr(self, name)!r}: use True or False")
        if problems:
            raise InputError("; ".join(problems))

    def replace(self, **overrides: Any) -> TrainConfig:
        """A copy with ``overrides`` applied; an unknown name is a ``TypeError`` that
        suggests the nearest field (``epoch`` → ``epochs``)."""
        check_names(overrides, "train()")
        return replace(self, **overrides)

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-ready values, with the base model's display name."""
        out = asdict(self)
        if out.pop("base_model_name"):
            out["base_model"] = self.base_model_name
        return out

    @classmethod
    def load(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        """A config from JSON (a model directory's ``training_args.json`` or a file written by
        hand: only the fields that differ from the defaults are needed), with ``overrides``."""
        path = Path(path)
        try:
            values = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{path}: file not found") from None
        except (OSError, ValueError) as e:
            raise InputError(f"{path}: not a JSON config ({e})") from None
        if not isinstance(values, dict):
            raise InputError(f"{path}: expected a JSON object of training options")
        values = {k: v for k, v in values.items() if k not in RESULT_KEYS}
        try:
            check_names(values, str(path))
        except TypeError as e:
            raise InputError(str(e)) from None
        return cls(**{**values, **overrides})


def check_names(options: dict[str, Any], where: str) -> None:
    """Raise a ``TypeError`` naming each unknown option in ``options`` and the nearest field."""
    known = [f.name for f in fields(TrainConfig)]
    for name in options:
        if name not in known:
            near = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; known: {', '.join(known)}"
            raise TypeError(f"{where}: unknown training option {name!r}{hint}")


def option_docs() -> dict[str, tuple[Any, str]]:
    """Each field's default and one-line description: the CLI's ``train`` options and the
    class docstring are made from it."""
    return {
        f.name: (None if f.default is MISSING else f.default, f.metadata["doc"])
        for f in fields(TrainConfig)
    }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


TrainConfig.__doc__ += "\n    Fields:\n\n" + "\n".join(
    f"    - ``{name}`` (default ``{default!r}``): {doc}"
    for name, (default, doc) in option_docs().items()
)
