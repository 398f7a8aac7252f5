"""The model card (README.md) written into every trained model directory."""

from __future__ import annotations

import pandas as pd

from .._version import __version__


def _distribution(df: pd.DataFrame, name: str, n_levels: int) -> str:
    counts = df[name].value_counts().reindex(range(n_levels), fill_value=0)
    return " / ".join(str(int(c)) for c in counts)


def render_model_card(schema, cfg, result, train_df: pd.DataFrame, val_df: pd.DataFrame) -> str:
    dims = schema.dimensions
    lines = [
        "---",
        "language: nl",
        "library_name: apology-clf",
        "pipeline_tag: text-classification",
        f"base_model: {cfg.base_model}",
        "---",
        "",
        "# Apology-quality classifier",
        "",
        f"Fine-tuned from `{cfg.base_model}` with apology-clf {__version__} to predict "
        f"{len(dims)} ordinal dimension(s) of a Dutch customer-service reply: "
        + ", ".join(f"`{d.name}` (levels 0–{d.n_levels - 1})" for d in dims)
        + ". Schema: `schema.json`.",
        "",
        "```bash",
        f"apology-clf score replies.jsonl --model {result.output_dir} -o scores.parquet",
        "```",
        "",
        "## Data",
        "",
        f"Training rows: {result.n_train}; validation rows: {result.n_val}. "
        f"Rows with a customer context: {int((train_df['context'].str.strip() != '').sum())} "
        "(train).",
        "",
        "| dimension | train (per level) | validation (per level) |",
        "|---|---|---|",
    ]
    for d in dims:
        lines.append(
            f"| {d.name} | {_distribution(train_df, d.name, d.n_levels)} "
            f"| {_distribution(val_df, d.name, d.n_levels)} |"
        )
    lines += [
        "",
        f"## Validation metrics (best epoch {result.best_epoch})",
        "",
        "| dimension | accuracy | macro-F1 | QWK |",
        "|---|---|---|---|",
    ]
    for d in dims:
        m = result.val_metrics["dimensions"][d.name]
        lines.append(f"| {d.name} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} | {m['qwk']:.3f} |")
    lines += [
        f"| **mean** | | **{result.val_metrics['mean_macro_f1']:.3f}** | |",
        "",
        "## Training",
        "",
        f"epochs ≤ {cfg.epochs} (early stopping, patience {cfg.patience}), learning rate {cfg.lr}, "
        f"batch size {cfg.batch_size}, max length {cfg.max_length}, seed {cfg.seed}, "
        f"class weights {'on' if cfg.class_weights else 'off'}. "
        f"Throughput: {result.train_samples_per_second:.1f} samples/s. "
        "All arguments: `training_args.json`.",
        "",
        "## Limits",
        "",
        "Scores follow the labelling rubric the training data was written with; replies in "
        "other languages or that answer no complaint are out of scope.",
        "",
    ]
    return "\n".join(lines)
