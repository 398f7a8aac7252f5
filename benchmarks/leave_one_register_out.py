"""Leave one register out: the project's stand-in for "replies written elsewhere".

For each register R (the corpus's ``channel``: e-mail, chat, web form, social, webcare DM and
post, review reply, forum, letter, press statement, stock reply) every model is trained on the
labelled rows of all other registers and tested on all rows of R, so R's phrasing was never
seen in training. Models: the rubric checks (``rules``, no training), the TF-IDF baseline and,
with ``--starter``, the starter recipe (``build_starter``) trained without R.

    python benchmarks/leave_one_register_out.py                      # rules and TF-IDF
    python benchmarks/leave_one_register_out.py --starter --distilled-rows 6000 --epochs 2
    python benchmarks/leave_one_register_out.py --json loro.json --registers letter,forum

Prints one Markdown table (mean macro-F1 per held-out register and model, then the mean over
registers) and, with ``--json``, every figure per dimension.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from datetime import date
from pathlib import Path

import pandas as pd

from apology_clf.evaluation import compute_metrics
from apology_clf.model.scorer import RulesClassifier
from apology_clf.schema import LabelSchema
from apology_clf.training.baselines import tfidf_baseline

ROOT = Path(__file__).resolve().parents[1]
SPLITS = ("train", "validation", "test")


def load_corpus(data_dir: Path) -> dict[str, pd.DataFrame]:
    return {s: pd.read_json(data_dir / f"{s}.jsonl", lines=True) for s in SPLITS}


def held_out(splits: dict[str, pd.DataFrame], register: str) -> dict[str, pd.DataFrame]:
    """Train and validation without ``register``; as test, every row of ``register``."""
    out = {s: df[df["channel"] != register].reset_index(drop=True) for s, df in splits.items()}
    everything = pd.concat(splits.values(), ignore_index=True)
    out["test"] = everything[everything["channel"] == register].reset_index(drop=True)
    return out


def run_register(split: dict[str, pd.DataFrame], schema: LabelSchema, args) -> dict[str, dict]:
    test = split["test"]
    figures = {
        "rules": compute_metrics(test, RulesClassifier().predict(test["text"]), schema),
        "tfidf": tfidf_baseline(split["train"], test, schema),
    }
    if args.starter:
        from apology_clf.training.starter import StarterRecipe, build_starter

        recipe = StarterRecipe(distilled_rows=args.distilled_rows, epochs=args.epochs)
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "data"
            data.mkdir()
            for name, df in split.items():
                df.to_json(data / f"{name}.jsonl", orient="records", lines=True)
            result = build_starter(Path(tmp) / "model", data, recipe, work_dir=tmp)
            figures["starter"] = result.test_metrics
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "labelled")
    parser.add_argument("--registers", help="comma-separated; default: every channel")
    parser.add_argument("--starter", action="store_true", help="also train the starter recipe")
    parser.add_argument("--distilled-rows", type=int, default=36000)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    schema = LabelSchema.load()
    splits = load_corpus(args.data)
    channels = pd.concat(splits.values())["channel"].value_counts()
    registers = args.registers.split(",") if args.registers else list(channels.index)
    results, start = {}, time.perf_counter()
    for register in registers:
        t0 = time.perf_counter()
        results[register] = run_register(held_out(splits, register), schema, args)
        means = {m: f"{r['mean_macro_f1']:.3f}" for m, r in results[register].items()}
        print(f"# {register}: {means} ({time.perf_counter() - t0:.0f} s)", flush=True)

    models = list(next(iter(results.values())))
    print(
        f"\nLeave one register out, mean macro-F1 on the held-out register ({date.today()}, "
        f"{platform.machine()}, {time.perf_counter() - start:.0f} s)\n"
    )
    print("| held-out register | rows | " + " | ".join(models) + " |")
    print("|---|---|" + "---|" * len(models))
    for register, figures in results.items():
        cells = [f"{figures[m]['mean_macro_f1']:.3f}" for m in models]
        print(f"| {register} | {int(channels[register])} | " + " | ".join(cells) + " |")
    means = [sum(r[m]["mean_macro_f1"] for r in results.values()) / len(results) for m in models]
    print("| **mean of registers** | | " + " | ".join(f"**{x:.3f}**" for x in means) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
