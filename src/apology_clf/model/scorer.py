"""The scorer interface every model shares (``predict_proba``, ``predict``, ``score``), and the
rubric checks as a scorer (``--model rules``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import rules
from ..data.text import not_text_reason
from ..schema import LabelSchema

SKIP_EMPTY = "empty text"


@dataclass
class Prepared:
    """A chunk made ready for the model: cleaned texts, rubric flags and the scorer's encoded
    inputs. Preparing is CPU work that can run in another thread while the model scores the
    previous chunk (see :mod:`apology_clf.model.streaming`)."""

    ids: list[str]
    texts: list[str]
    keep: np.ndarray
    flags: pd.DataFrame
    inputs: object
    reasons: list[str]  # why a row is not scored ("" for the scored ones)


class Scorer:
    """What every scorer shares: ``predict_proba`` is the one method a scorer must provide;
    ``predict`` and ``score`` are built on it."""

    schema: LabelSchema

    def predict_proba(
        self, texts: Sequence[str], contexts: Sequence[str] | None = None, batch_size: int = 32
    ) -> dict[str, np.ndarray]:
        """Per dimension, an array of shape (rows, levels) of probabilities."""
        raise NotImplementedError

    def predict(self, texts: Sequence[str], contexts: Sequence[str] | None = None) -> pd.DataFrame:
        """The most probable level per dimension, one column per dimension."""
        probs = self.predict_proba(texts, contexts)
        return pd.DataFrame({name: p.argmax(axis=1) for name, p in probs.items()})

    def score(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        batch_size: int = 32,
    ) -> pd.DataFrame:
        """One row per input: ``id``, each dimension's level and level probabilities
        (``<dim>_p<level>``), ``overall`` (0-100), the rubric-check flags (``flag_<name>``)
        and ``skipped_reason`` (empty texts and texts that are not text, such as binary
        junk or a broken encoding, are not scored and keep their row)."""
        return self.run(self.prepare(texts, contexts, ids), batch_size)

    def prepare(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
    ) -> Prepared:
        """The CPU half of :meth:`score`: cleaning, rubric flags, encoding."""
        texts = ["" if t is None else str(t) for t in texts]
        contexts = ["" if c is None else str(c) for c in contexts] if contexts is not None else None
        reasons = [(not_text_reason(t) or "") if t.strip() else SKIP_EMPTY for t in texts]
        keep = np.array([not r for r in reasons], dtype=bool)
        kept = np.flatnonzero(keep)
        inputs = self.encode_inputs(
            [texts[i] for i in kept], [contexts[i] for i in kept] if contexts else None
        )
        flags = pd.DataFrame(
            [rules.flags(t) for t in texts], columns=[f"flag_{f}" for f in rules.FLAGS]
        ).astype(bool)
        ids = list(ids) if ids is not None else [str(i) for i in range(len(texts))]
        return Prepared(ids, texts, keep, flags, inputs, reasons)

    def run(self, prepared: Prepared, batch_size: int = 32) -> pd.DataFrame:
        """The model half of :meth:`score`."""
        n, keep = len(prepared.texts), prepared.keep
        kept = np.flatnonzero(keep)
        probs = self._predict_encoded(prepared.inputs, batch_size)
        frame = pd.DataFrame({"id": np.array(prepared.ids, dtype=object)})  # str, even if empty
        levels = {}
        for dim in self.schema.dimensions:
            level = np.full(n, -1)
            level[kept] = probs[dim.name].argmax(axis=1)
            frame[dim.name] = pd.array(np.where(keep, level, None), dtype="Int64")
            for k in range(dim.n_levels):
                p = np.full(n, np.nan, dtype=np.float32)
                p[kept] = probs[dim.name][:, k]
                frame[f"{dim.name}_p{k}"] = p
            levels[dim.name] = level
        frame["overall"] = np.where(keep, np.round(self.schema.overall(levels), 1), np.nan)
        frame = pd.concat([frame, prepared.flags], axis=1)
        frame["skipped_reason"] = np.array(prepared.reasons, dtype=object)  # str, even if empty
        return frame

    def encode_inputs(self, texts: list[str], contexts: list[str] | None) -> object:
        """Model inputs for the kept rows; by default the texts themselves."""
        return texts, contexts

    def _predict_encoded(self, inputs, batch_size: int) -> dict[str, np.ndarray]:
        return self.predict_proba(*inputs, batch_size=batch_size)


class RulesClassifier(Scorer):
    """The rubric checks as a scorer (``--model rules``): levels from :func:`rules.levels`,
    with probability 1 on the chosen level. Default schema only."""

    source = "rules"

    def __init__(self):
        self.schema = LabelSchema.load()

    def predict_proba(self, texts, contexts=None, batch_size: int = 32) -> dict[str, np.ndarray]:
        """The rule levels as one-hot probabilities (the rules are certain or silent)."""
        out = {
            d.name: np.zeros((len(texts), d.n_levels), np.float32) for d in self.schema.dimensions
        }
        for i, text in enumerate(texts):
            for name, level in rules.levels(text).items():
                out[name][i, level] = 1.0
        return out
