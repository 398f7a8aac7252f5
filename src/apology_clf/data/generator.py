"""``apology-clf data generate``: labelled replies composed from parts (generator_parts.yaml),
labelled by construction. For augmentation; the hand-written corpus stays the reference."""

from __future__ import annotations

import random
from importlib import resources

import pandas as pd
import yaml

from ..errors import InputError

DIMENSIONS = ("sincerity", "empathy", "responsibility", "next_steps")
PRONOUNS = {
    "u": {
        "U": "u",
        "UW": "uw",
        "U_OBJ": "u",
        "U_HEEFT": "u heeft",
        "U_ONTVANGT": "u ontvangt",
        "U_KUNT": "u kunt",
        "U_HOORT": "U hoort",
    },
    "je": {
        "U": "je",
        "UW": "je",
        "U_OBJ": "jou",
        "U_HEEFT": "je hebt",
        "U_ONTVANGT": "je ontvangt",
        "U_KUNT": "je kunt",
        "U_HOORT": "Je hoort",
    },
}
DAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "morgen", "overmorgen"]
BE_WORDS = {"mobiel": "gsm", "binnen 5 werkdagen": "binnen de week", "rekening": "rekening"}


def load_parts() -> dict:
    """The phrase parts the generator combines (``generator_parts.yaml`` in the package)."""
    text = resources.files(__package__).joinpath("generator_parts.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _typo(text: str, rng: random.Random) -> str:
    """Swap two letters in one longer word, the way hurried agents type."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    k = rng.randrange(1, len(w) - 2)
    words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return " ".join(words)


def _fill(template: str, values: dict) -> str:
    # scenario slots may contain pronoun placeholders themselves: fill twice
    out = template
    for _ in range(2):
        out = out.format_map(_Keep(values))
    return out


class _Keep(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def generate(n: int, seed: int = 0, typo_rate: float = 0.1) -> pd.DataFrame:
    """``n`` labelled rows in the corpus format (``source = generated``)."""
    parts = load_parts()
    rng = random.Random(seed)
    rows, seen = [], set()
    attempts = 0
    while len(rows) < n:
        attempts += 1
        if attempts > 50 * n:
            raise InputError(
                f"cannot compose {n} distinct replies from the parts (got {len(rows)}); "
                "ask for fewer"
            )
        i = len(rows)
        scenario = rng.choice(parts["scenarios"])
        register = rng.choice(["u", "u", "je"])
        variant = rng.choice(["nl", "nl", "be"])
        levels = {d: rng.randrange(3) for d in DIMENSIONS}
        values = {
            **PRONOUNS[register],
            "order": f"{rng.randrange(10**5, 10**6)}",
            "day": rng.choice(DAYS),
            "amount": f"{rng.choice([5, 10, 15, 20, 25, 35, 50])},{rng.choice(['00', '50', '95'])}",
        }
        values.update({k: _fill(v, values) for k, v in scenario.items() if k != "sector"})
        tags: list[str] = []
        chosen = {}
        if levels["sincerity"] == 0 and levels["responsibility"] == 0 and rng.random() < 0.4:
            # the apology taken back by "maar" also carries the blame
            part = rng.choice(parts["sincerity_but"])
            chosen["sincerity"], chosen["responsibility"] = part, {"text": ""}
        for dim in DIMENSIONS:
            if dim not in chosen:
                chosen[dim] = rng.choice(parts[dim][levels[dim]])
        for part in chosen.values():
            tags += part.get("tags", [])
        body = [_sentence_case(_fill(chosen[d]["text"], values)) for d in DIMENSIONS]
        if rng.random() < 0.3:  # empathy first, then the apology
            body[0], body[1] = body[1], body[0]
        body = [b for b in body if b]
        greeting = rng.choice(parts["greetings"][variant][register])
        signoff = rng.choice(parts["signoffs"][variant][register])
        text = "\n\n".join(p for p in [greeting, " ".join(body), signoff] if p)
        if variant == "be":
            for nl, be in BE_WORDS.items():
                text = text.replace(nl, be)
        if rng.random() < typo_rate:
            text = _typo(text, rng)
        if text in seen:  # an exact repeat teaches nothing; draw again
            continue
        seen.add(text)
        rows.append(
            {
                "id": f"gen-{seed}-{i:06d}",
                "group": f"gen-{seed}-{i:06d}",
                "context": values["context"],
                "text": text,
                **levels,
                "sector": scenario["sector"],
                "variant": variant,
                "register": register,
                "source": "generated",
                "channel": "email",
                "hard_cases": sorted(set(tags)),
            }
        )
    return pd.DataFrame(rows)
