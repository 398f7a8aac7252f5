"""Distillation data for small models trained from scratch: a TF-IDF + rubric-checks teacher,
and new replies recombined from the sentences of labelled ones, which the teacher labels.

A small network trained on 1,000 replies learns less than TF-IDF does from them; trained on
many more replies labelled by a teacher, it learns the teacher's decisions and adds what
word order tells it."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import make_union
from sklearn.preprocessing import FunctionTransformer

from .. import rules
from ..schema import LabelSchema
from .baselines import tfidf_features


def rule_features(texts: Sequence[str]) -> sp.csr_matrix:
    """The rubric checks as features: each flag, and each rule-derived level one-hot."""
    rows = []
    for text in texts:
        flags = [float(v) for v in rules.flags(text).values()]
        levels = rules.levels(text)
        rows.append(flags + [float(levels[d] == k) for d in sorted(levels) for k in range(3)])
    return sp.csr_matrix(np.array(rows))


VARIANTS = {"tfidf": (0,), "tfidf+rules": (1,), "average": (0, 1)}


class Teacher:
    """Two logistic regressions per dimension over the reply text: one on TF-IDF word and
    character n-grams, one on the same plus the rubric checks. Per dimension the teacher is
    one of them or their average (:data:`VARIANTS`), whichever scores the best macro-F1 on
    ``val`` (the average without ``val``): the rubric checks help some dimensions and hurt
    others."""

    def __init__(self, schema: LabelSchema, c: float = 4.0):
        self.schema, self.c = schema, c

    def fit(self, df: pd.DataFrame, val: pd.DataFrame | None = None) -> Teacher:
        """Fit the TF-IDF models (with and without rule features); with ``val``, choose per
        dimension the variant that scores best on it."""
        self.plain = tfidf_features().fit(df["text"])
        self.with_rules = make_union(
            tfidf_features(), FunctionTransformer(rule_features, accept_sparse=True)
        ).fit(df["text"])
        x_plain, x_rules = self.plain.transform(df["text"]), self.with_rules.transform(df["text"])
        self.models = {}
        for d in self.schema.names:
            self.models[d] = [
                LogisticRegression(C=self.c, max_iter=2000, class_weight="balanced").fit(x, df[d])
                for x in (x_plain, x_rules)
            ]
        self.choice = {d: "average" for d in self.schema.names}
        if val is not None:
            probs = self._model_probs(val["text"])
            for d in self.schema.names:
                f1 = {
                    name: f1_score(val[d], _mean(probs[d], used).argmax(1), average="macro")
                    for name, used in VARIANTS.items()
                }
                self.choice[d] = max(f1, key=f1.get)
        return self

    def _model_probs(self, texts: Sequence[str]) -> dict[str, list[np.ndarray]]:
        """Per dimension, each model's level probabilities (columns: all the levels)."""
        texts = list(texts)
        xs = (self.plain.transform(texts), self.with_rules.transform(texts))
        out = {}
        for dim in self.schema.dimensions:
            out[dim.name] = []
            for model, x in zip(self.models[dim.name], xs, strict=True):
                probs = np.zeros((len(texts), dim.n_levels))
                probs[:, model.classes_] = model.predict_proba(x)
                out[dim.name].append(probs)
        return out

    def predict_proba(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Per dimension, level probabilities from the chosen variant."""
        probs = self._model_probs(texts)
        return {d: _mean(p, VARIANTS[self.choice[d]]) for d, p in probs.items()}

    def label(self, texts: Sequence[str]) -> pd.DataFrame:
        """``<dim>`` (most probable level) and ``<dim>_p<k>`` columns, the soft-label format
        :func:`apology_clf.train` reads."""
        frame = pd.DataFrame({"text": list(texts)})
        for name, probs in self.predict_proba(texts).items():
            frame[name] = probs.argmax(axis=1)
            for k in range(probs.shape[1]):
                frame[f"{name}_p{k}"] = probs[:, k]
        return frame


def _mean(probs: list[np.ndarray], used: tuple[int, ...]) -> np.ndarray:
    return sum(probs[i] for i in used) / len(used)


def recombine(
    texts: Sequence[str],
    n: int,
    seed: int = 0,
    short_share: float = 0.0,
    word_noise: float = 0.0,
) -> list[str]:
    """``n`` new replies, each a labelled reply with some body sentences dropped or swapped
    for sentences from another reply: realistic text in combinations the data lacks. The
    first and last lines (greeting, sign-off) stay. A ``short_share`` of them are instead
    one to three consecutive sentences of a reply, from anywhere in it: short chat-style
    replies, in which a single phrase has to carry the label. With ``word_noise``, each word
    is dropped or replaced by a random word of the texts with that probability, so that a
    student sees each phrase in varied forms rather than learning the sentences by heart."""
    rng = random.Random(seed)
    words = sorted({w for text in texts for w in text.split()})
    every = [[text[s:e].strip() for s, e in rules.sentences(text)] for text in texts]
    every = [s for s in every if s]
    if not every:
        raise ValueError("cannot recombine replies from empty texts")
    split = [s for s in every if len(s) >= 3]
    out, seen = [], set(texts)
    for _ in range(100 * n):
        if len(out) == n:
            break
        if not split or (short_share and rng.random() < short_share):
            parts = rng.choice(every)
            start = rng.randrange(len(parts))
            text = " ".join(parts[start : start + rng.randint(1, 3)])
        else:
            text = _swap_body(rng.choice(split), rng.choice(split), rng)
        if word_noise:
            text = _noise_words(text, word_noise, words, rng)
        if text not in seen:
            seen.add(text)
            out.append(text)
    if len(out) < n:
        raise ValueError(f"cannot recombine {n} distinct replies from {len(texts)} texts")
    return out


def _swap_body(parts: list[str], donor: list[str], rng: random.Random) -> str:
    body = parts[1:-1]
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        if op < 0.4 and len(body) > 1:
            body.pop(rng.randrange(len(body)))
        elif op < 0.8 and len(donor) > 2:
            body.insert(rng.randrange(len(body) + 1), rng.choice(donor[1:-1]))
        elif body and len(donor) > 2:
            body[rng.randrange(len(body))] = rng.choice(donor[1:-1])
    return "\n\n".join([parts[0], " ".join(body), parts[-1]])


def _noise_words(text: str, p: float, words: list[str], rng: random.Random) -> str:
    lines = []
    for line in text.split("\n"):
        kept = []
        for w in line.split(" "):
            r = rng.random() if w else 1.0
            if r >= p:
                kept.append(w)
            elif r < p / 2:
                kept.append(rng.choice(words))
        lines.append(" ".join(kept))
    return "\n".join(lines)
