"""Why a reply got its levels: the rubric checks' spans plus the model's own word attributions
by occlusion (how much the predicted level's probability drops when a word is left out)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

from .. import rules
from ..model.loading import load_scorer
from ..model.scorer import RulesClassifier, Scorer


@dataclass
class Attribution:
    """One word's share in a dimension's score (occlusion: the drop when the word is left out)."""

    start: int
    end: int
    word: str
    score: float  # drop in the predicted level's probability without this word


@dataclass
class Explanation:
    """Why a reply scored as it did: levels, probabilities, the rubric checks that fired and
    the words that weighed most per dimension."""

    text: str
    levels: dict[str, int]
    probabilities: dict[str, list[float]]
    rules: list[rules.Hit]
    attributions: dict[str, list[Attribution]]  # per dimension, strongest first

    def to_dict(self) -> dict:
        """The explanation as plain JSON-ready values (``explain --json``)."""
        return asdict(self)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character (start, end) of each whitespace-separated word."""
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def explain(
    text: str, context: str | None = None, model: str | Scorer | None = None, top_k: int = 8
) -> Explanation:
    """Rubric-check spans and per-word attributions (occlusion) for one reply; ``model`` None
    is the starter model."""
    scorer = load_scorer(model)
    spans = word_spans(text)
    # the text itself first, then one variant per left-out word: one batched call
    variants = [text] + [text[:s] + text[e:] for s, e in spans]
    contexts = [context or ""] * len(variants)
    probs = scorer.predict_proba(variants, contexts)
    levels, probabilities, attributions = {}, {}, {}
    for name, p in probs.items():
        level = int(p[0].argmax())
        levels[name] = level
        probabilities[name] = [float(x) for x in p[0]]
        if isinstance(scorer, RulesClassifier):
            continue  # one-hot levels: the rule spans are the explanation
        drops = p[0, level] - p[1:, level]
        order = np.argsort(-np.abs(drops))[:top_k]
        attributions[name] = [
            Attribution(spans[i][0], spans[i][1], text[spans[i][0] : spans[i][1]], float(drops[i]))
            for i in order
            if abs(drops[i]) > 1e-4
        ]
    return Explanation(text, levels, probabilities, rules.find(text), attributions)
