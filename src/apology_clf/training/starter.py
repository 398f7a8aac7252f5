"""How the starter model in ``models/starter`` is built (``apology-clf build-starter``); where
it is found is :mod:`apology_clf.model.loading`'s business.

RobBERT's weights cannot be downloaded where this project is built, so the starter is a small
RoBERTa trained from scratch on the project's data, through the same code path and in the
same format as a fine-tuned RobBERT. :func:`build_starter` is its one-command recipe; the
choices in :class:`StarterRecipe` were made by measurement (see ``models/README.md``)."""

from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from ..data.generator import generate
from ..data.tables import load_replies
from ..evaluation import compute_metrics
from ..model.loading import REPO, STARTER_DIR
from ..model.scorer import RulesClassifier
from ..schema import LabelSchema
from .baselines import tfidf_baseline
from .config import TrainConfig
from .distill import Teacher, recombine
from .scratch import build_base_model
from .trainer import fit

STARTER_NAME = "starter (this model)"
FROM_SCRATCH = "random-init RoBERTa (apology-clf build-starter)"
log = logging.getLogger(__name__)


@dataclass
class StarterRecipe:
    """How the starter is built. Defaults are the measured choice."""

    vocab_size: int = 8000
    hidden_size: int = 128
    layers: int = 2
    heads: int = 4
    max_length: int = 512  # 256 cut a quarter of the test replies short
    generated_rows: int = 3000  # labelled-by-construction rows from `data generate`
    distilled_rows: int = 36000  # recombined replies labelled by the teacher (soft labels)
    short_share: float = 0.3  # of those, short spans of one to three sentences
    word_noise: float = 0.15  # per word of those: chance of being dropped or replaced
    epochs: int = 4
    lr: float = 5e-4
    batch_size: int = 16
    patience: int = 3  # epochs without a better validation score before stopping
    seed: int = 13


@dataclass
class StarterResult:
    """What :func:`build_starter` measured: the starter's and the baselines' test metrics."""

    output_dir: Path
    test_metrics: dict
    baselines: dict[str, dict]

    @property
    def mean_macro_f1(self) -> float:
        """The starter's mean macro-F1 on the test split."""
        return self.test_metrics["mean_macro_f1"]


def build_starter(
    output: str | Path = STARTER_DIR,
    data_dir: str | Path = REPO / "data" / "labelled",
    recipe: StarterRecipe | None = None,
    work_dir: str | Path | None = None,
) -> StarterResult:
    """Train the starter model on ``data_dir``'s train split (+ generated rows), stop early on
    its validation split, and evaluate on its test split beside the TF-IDF and rules
    baselines; the comparison goes into the model card."""
    recipe = recipe or StarterRecipe()
    schema = LabelSchema.load()
    data_dir, output = Path(data_dir), Path(output)
    split = {
        name: load_replies(data_dir / f"{name}.jsonl", schema=schema, require_labels=True)
        for name in ("train", "validation", "test")
    }
    generated = generate(recipe.generated_rows, seed=recipe.seed)
    cols = ["text", "context", *schema.names]
    labelled = pd.concat([split["train"][cols], generated[cols]], ignore_index=True)
    teacher = Teacher(schema).fit(labelled, val=split["validation"])
    log.info("teacher per dimension (by validation macro-F1): %s", teacher.choice)
    distilled = teacher.label(
        recombine(
            split["train"]["text"].tolist(),
            recipe.distilled_rows,
            recipe.seed,
            recipe.short_share,
            recipe.word_noise,
        )
    )
    distilled["context"] = ""
    train_df = pd.concat([labelled, distilled], ignore_index=True)

    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        base = build_base_model(
            train_df["text"],  # the replies alone: the starter does not read the context
            Path(tmp) / "base",
            vocab_size=recipe.vocab_size,
            hidden_size=recipe.hidden_size,
            num_layers=recipe.layers,
            num_heads=recipe.heads,
            max_positions=recipe.max_length,
            seed=recipe.seed,
        )
        fitted = fit(
            train_df,
            val_data=split["validation"],
            schema=schema,
            config=TrainConfig(
                base_model=str(base),
                base_model_name=FROM_SCRATCH,  # the base is a temporary directory
                epochs=recipe.epochs,
                lr=recipe.lr,
                batch_size=recipe.batch_size,
                max_length=recipe.max_length,
                seed=recipe.seed,
                patience=recipe.patience,
                group_by_length=True,
                pooling="mean",
                use_context=False,
            ),
        )
    test = split["test"]
    clf = fitted.classifier
    metrics = compute_metrics(test, clf.predict(test["text"], test["context"]), schema)
    baselines = {
        "TF-IDF + logistic regression": tfidf_baseline(split["train"], test, schema),
        "rules": compute_metrics(test, RulesClassifier().predict(test["text"]), schema),
    }
    result = StarterResult(output, metrics, baselines)
    fitted.card.sections.append(_card_section(result, recipe, schema, len(split["train"])))
    fitted.save(output, extra_files=_figures(result, recipe, schema))
    return result


def _rows(result: StarterResult) -> dict[str, dict]:
    return {STARTER_NAME: result.test_metrics, **result.baselines}


def _card_section(
    result: StarterResult, recipe: StarterRecipe, schema: LabelSchema, n_train: int
) -> tuple[str, str]:
    """The model card's test-split comparison: how the starter was made and how it scores
    beside the TF-IDF and rules baselines."""
    n_test = result.test_metrics["n"]
    lines = [
        f"A {recipe.layers}-layer RoBERTa (hidden {recipe.hidden_size}, byte-level BPE "
        f"vocabulary {recipe.vocab_size}) trained from random weights on {n_train} hand-written "
        f"replies, {recipe.generated_rows} generated ones and {recipe.distilled_rows} replies "
        f"recombined from the hand-written ones ({recipe.short_share:.0%} as short spans, "
        f"{recipe.word_noise:.0%} of their words dropped or replaced) and labelled by a "
        "TF-IDF teacher; it reads the reply alone. "
        f"Macro-F1 on the {n_test} test replies, baselines trained on the same "
        "hand-written rows:",
        "",
        "| model | " + " | ".join(schema.names) + " | mean |",
        "|---|" + "---|" * (len(schema.names) + 1),
    ]
    for name, m in _rows(result).items():
        cells = [f"{m['dimensions'][d]['macro_f1']:.3f}" for d in schema.names]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {m['mean_macro_f1']:.3f} |")
    lines += [
        "",
        "This is a starting point, not the production model: fine-tune RobBERT on your "
        "organisation's own labels (`apology-clf train … --base-model "
        "DTAI-KULeuven/robbert-2023-dutch-base`). Rebuild this model with "
        "`apology-clf build-starter` (recipe: `starter_recipe.json`).",
    ]
    return "Starter model: quality on the hand-written test split", "\n".join(lines)


def _figures(result: StarterResult, recipe: StarterRecipe, schema: LabelSchema) -> dict[str, str]:
    """``test_metrics.json`` (the comparison's figures) and ``starter_recipe.json``."""
    figures = {
        name: {
            "mean_macro_f1": m["mean_macro_f1"],
            **{d: m["dimensions"][d]["macro_f1"] for d in schema.names},
        }
        for name, m in _rows(result).items()
    }
    return {
        "test_metrics.json": json.dumps(figures, indent=2) + "\n",
        "starter_recipe.json": json.dumps(asdict(recipe), indent=2) + "\n",
    }
