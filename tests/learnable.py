"""A small learnable data set: each dimension's level is set by which phrase the reply holds."""

from __future__ import annotations

import random

import pandas as pd

PHRASES = {
    "sincerity": ["", "Excuses voor het ongemak.", "Het spijt ons echt dat uw pakket zoek is."],
    "empathy": ["", "Wij begrijpen uw frustratie.", "Ik snap dat u daardoor niet kon werken."],
    "responsibility": [
        "De vervoerder is schuld.",
        "Er is iets misgegaan.",
        "Wij hebben een fout gemaakt.",
    ],
    "next_steps": ["", "We kijken ernaar.", "U krijgt morgen een nieuw toestel."],
}
FILLER = (  # noqa: SIM905 - a sentence reads better than a word list
    "Beste klant, bedankt voor uw bericht over de bestelling. Met vriendelijke groet, "
    "het team van de klantenservice. Hallo, dank voor je mail."
).split()
COMPLAINTS = [
    "Mijn pakket is al twee weken zoek!",
    "Internet ligt er weer uit, ik kan niet werken.",
    "Waarom is mijn factuur zo hoog?",
]


def make_rows(n: int, seed: int, prefix: str = "r") -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        levels = {dim: rng.randrange(3) for dim in PHRASES}
        parts = [PHRASES[dim][lvl] for dim, lvl in levels.items() if PHRASES[dim][lvl]]
        rng.shuffle(parts)
        greeting = " ".join(rng.sample(FILLER, 4))
        text = f"{greeting} " + " ".join(parts)
        rows.append(
            {"id": f"{prefix}{i}", "text": text, "context": rng.choice(COMPLAINTS), **levels}
        )
    return pd.DataFrame(rows)


def all_texts() -> list[str]:
    texts = [p for ps in PHRASES.values() for p in ps if p] + COMPLAINTS + [" ".join(FILLER)]
    return texts * 20
