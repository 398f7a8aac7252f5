"""The model card (README.md) of every trained model directory: :class:`ModelCard` holds what
it says, :meth:`ModelCard.render` writes it once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._version import __version__
from ..schema import LabelSchema


@dataclass
class ModelCard:
    """What a model card says, as data: filled from a training run by :meth:`from_training`;
    a recipe adds ``sections`` (heading, Markdown body) before the card is rendered."""

    base_model: str
    """The base model's name as the card shows it."""
    output_dir: str
    """Where the model was written (for the usage example)."""
    dimensions: dict[str, int]
    """Each dimension's number of levels."""
    level_counts: dict[str, tuple[list[int], list[int]]]
    """Per dimension, rows per level in the training and the validation data."""
    n_train: int
    n_val: int
    context_rows: int
    """Training rows with a customer message."""
    val_metrics: dict[str, Any]
    best_epoch: int
    config: dict[str, Any]
    """The training config (``TrainConfig.to_dict()``)."""
    samples_per_second: float
    sections: list[tuple[str, str]] = field(default_factory=list)
    """Extra sections, shown right after the summary (e.g. a recipe's test-split comparison)."""

    @classmethod
    def from_training(
        cls,
        schema: LabelSchema,
        config: dict[str, Any],
        result: Any,
        train_df: pd.DataFrame,
        val_df: pd.DataFrame,
    ) -> ModelCard:
        """The card of a finished training run (``result``: a ``TrainResult``)."""

        def counts(df: pd.DataFrame, name: str, n: int) -> list[int]:
            return [int(c) for c in df[name].value_counts().reindex(range(n), fill_value=0)]

        return cls(
            base_model=config["base_model"],
            output_dir=str(result.output_dir),
            dimensions={d.name: d.n_levels for d in schema.dimensions},
            level_counts={
                d.name: (counts(train_df, d.name, d.n_levels), counts(val_df, d.name, d.n_levels))
                for d in schema.dimensions
            },
            n_train=result.n_train,
            n_val=result.n_val,
            context_rows=int((train_df["context"].str.strip() != "").sum()),
            val_metrics=result.val_metrics,
            best_epoch=result.best_epoch,
            config=config,
            samples_per_second=result.train_samples_per_second,
        )

    def render(self) -> str:
        """The card as Markdown with a Hugging Face metadata header."""
        cfg = self.config
        lines = [
            "---",
            "language: nl",
            "library_name: apology-clf",
            "pipeline_tag: text-classification",
            f"base_model: {self.base_model}",
            "---",
            "",
            "# Apology-quality classifier",
            "",
            f"Fine-tuned from `{self.base_model}` with apology-clf {__version__} to predict "
            f"{len(self.dimensions)} ordinal dimension(s) of a Dutch customer-service reply: "
            + ", ".join(f"`{name}` (levels 0–{n - 1})" for name, n in self.dimensions.items())
            + ". Schema: `schema.json`.",
            "",
            "```bash",
            f"apology-clf score replies.jsonl --model {self.output_dir} -o scores.parquet",
            "```",
            "",
        ]
        for heading, body in self.sections:
            lines += [f"## {heading}", "", body.strip(), ""]
        lines += [
            "## Data",
            "",
            f"Training rows: {self.n_train}; validation rows: {self.n_val}. "
            f"Rows with a customer context: {self.context_rows} (train).",
            "",
            "| dimension | train (per level) | validation (per level) |",
            "|---|---|---|",
        ]
        for name, (train, val) in self.level_counts.items():
            lines.append(
                f"| {name} | {' / '.join(map(str, train))} | {' / '.join(map(str, val))} |"
            )
        lines += [
            "",
            f"## Validation metrics (best epoch {self.best_epoch})",
            "",
            "| dimension | accuracy | macro-F1 | QWK |",
            "|---|---|---|---|",
        ]
        for name in self.dimensions:
            m = self.val_metrics["dimensions"][name]
            lines.append(f"| {name} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {m['qwk']:.3f} |")
        lines += [
            f"| **mean** | | **{self.val_metrics['mean_macro_f1']:.3f}** | |",
            "",
            "## Training",
            "",
            f"epochs ≤ {cfg['epochs']} (early stopping, patience {cfg['patience']}), learning "
            f"rate {cfg['lr']}, batch size {cfg['batch_size']}, max length {cfg['max_length']}, "
            f"seed {cfg['seed']}, class weights {'on' if cfg['class_weights'] else 'off'}. "
            f"Throughput: {self.samples_per_second:.1f} samples/s. All arguments: "
            "`training_args.json` (retrain with `apology-clf train … --config "
            "training_args.json`).",
            "",
            "## Limits",
            "",
            "Scores follow the labelling rubric the training data was written with; replies in "
            "other languages or that answer no complaint are out of scope.",
            "",
        ]
        return "\n".join(lines)
