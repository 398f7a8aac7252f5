"""Fine-tuning: a plain PyTorch loop over the multi-head model, early stopping on the mean
validation macro-F1, and a self-contained model directory as the result."""

from __future__ import annotations

import copy
import json
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch
from sklearn.model_selection import train_test_split
from tqdm import tqdm  # not tqdm.auto: no widgets in headless notebook runs
from transformers import get_linear_schedule_with_warmup, set_seed

from ..data.tables import Columns, labelled_frame
from ..errors import InputError
from ..evaluation import compute_metrics
from ..io import atomic_dir
from ..model.classifier import ApologyClassifier
from ..model.directory import save_model
from ..model.encoding import collate
from ..model.network import load_base, max_tokens, pick_device
from ..schema import LabelSchema
from .config import TrainConfig
from .model_card import ModelCard

log = logging.getLogger(__name__)


@dataclass
class TrainResult:
    """What :func:`train` reports: where the model went and how validation went."""

    output_dir: Path
    val_metrics: dict
    best_epoch: int
    history: list[dict] = field(default_factory=list)
    n_train: int = 0
    n_val: int = 0
    train_samples_per_second: float = 0.0

    @property
    def mean_macro_f1(self) -> float:
        """The validation mean macro-F1 of the kept (best) epoch."""
        return self.val_metrics["mean_macro_f1"]


def split_validation(
    df: pd.DataFrame, schema: LabelSchema, fraction: float, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stratified split: on the joint label when every combination occurs twice, else on the
    first dimension, else random."""
    keys = [df[schema.names].astype(str).agg("-".join, axis=1), df[schema.names[0]], None]
    for key in keys:
        if key is not None and key.value_counts().min() < 2:
            continue
        try:
            tr, va = train_test_split(df, test_size=fraction, random_state=seed, stratify=key)
            return tr.reset_index(drop=True), va.reset_index(drop=True)
        except ValueError:  # too few rows per class for the requested fraction
            continue
    raise InputError(
        f"cannot split {len(df)} rows into train and validation; give `val_data` (a labelled "
        "validation file)"
    )


def epoch_batches(
    lengths: list[int], batch_size: int, generator: torch.Generator, group_by_length: bool
) -> list[torch.Tensor]:
    """One epoch's batches of row indices. Grouped by length, rows are shuffled, sorted by
    length within windows of 50 batches and cut into batches whose order is shuffled again:
    little padding, still random."""
    order = torch.randperm(len(lengths), generator=generator)
    if not group_by_length:
        return list(order.split(batch_size))
    window = batch_size * 50
    batches = []
    for part in order.split(window):
        part = part[torch.argsort(torch.tensor([lengths[i] for i in part]), stable=True)]
        batches += list(part.split(batch_size))
    shuffle = torch.randperm(len(batches), generator=generator)
    return [batches[i] for i in shuffle]


def training_targets(df: pd.DataFrame, schema: LabelSchema) -> dict[str, torch.Tensor]:
    """Per dimension, the level of each row; or, when the frame has ``<dim>_p<level>``
    columns (as ``score`` writes them), level distributions: soft labels from a teacher model
    (distillation). A row whose soft columns are empty keeps its level as a one-hot target."""
    out = {}
    for d in schema.dimensions:
        levels = torch.tensor(df[d.name].to_numpy(), dtype=torch.long)
        cols = [f"{d.name}_p{k}" for k in range(d.n_levels)]
        if not set(cols) <= set(df.columns):
            out[d.name] = levels
            continue
        soft = torch.tensor(df[cols].to_numpy(dtype="float32"))
        hard = torch.nn.functional.one_hot(levels, d.n_levels).float()
        missing = soft.isnan().any(dim=1, keepdim=True)
        out[d.name] = torch.where(missing, hard, soft)
    return out


def _class_weights(df: pd.DataFrame, schema: LabelSchema, device) -> dict[str, torch.Tensor]:
    """'Balanced' weights n / (k * count); an unseen level gets the weight of a single row."""
    out = {}
    for d in schema.dimensions:
        counts = np.bincount(df[d.name], minlength=d.n_levels).clip(min=1)
        out[d.name] = torch.tensor(
            len(df) / (d.n_levels * counts), dtype=torch.float32, device=device
        )
    return out


def train(
    train_data: str | Path | Sequence[str | Path] | pd.DataFrame,
    output_dir: str | Path,
    *,
    val_data: str | Path | Sequence[str | Path] | pd.DataFrame | None = None,
    schema: LabelSchema | str | Path | None = None,
    columns: Columns | None = None,
    config: TrainConfig | None = None,
    **overrides: Any,
) -> TrainResult:
    """Fine-tune a base model on labelled replies and write a self-contained model directory
    (weights as safetensors, the model card, ``training_args.json``, ``metrics.json``).

    ``train_data`` / ``val_data``: paths or DataFrames (columns ``text``, optional ``context``,
    one integer column per schema dimension); without ``val_data`` a stratified
    ``val_fraction`` of the training rows is held out. ``config`` (default
    :class:`TrainConfig`'s defaults) with ``overrides`` by field name, e.g. ``epochs=2``; an
    unknown name is a ``TypeError``, a bad value an :class:`~apology_clf.errors.InputError`,
    both before anything loads.

    >>> from apology_clf import TrainConfig, train
    >>> result = train(train_df, tmp / "model", val_data=val_df,
    ...                config=TrainConfig(base_model=str(tiny_base), lr=2e-3), epochs=2)
    >>> result.best_epoch in (1, 2), (tmp / "model" / "model.safetensors").exists()
    (True, True)
    >>> train(train_df, tmp / "model", epoch=2)
    Traceback (most recent call last):
    ...
    TypeError: train(): unknown training option 'epoch'; did you mean 'epochs'?
    """
    fitted = fit(
        train_data, val_data=val_data, schema=schema, columns=columns, config=config, **overrides
    )
    return fitted.save(output_dir)


@dataclass
class Fitted:
    """A trained model still in memory: :meth:`save` writes its directory, with the model card
    rendered once from its data (a recipe adds sections to ``card`` first)."""

    model: Any
    tokenizer: Any
    meta: dict
    config: TrainConfig
    schema: LabelSchema
    result: TrainResult
    card: ModelCard

    @property
    def classifier(self) -> ApologyClassifier:
        """The trained model as a scorer, before it is saved."""
        return ApologyClassifier(self.model, self.tokenizer, self.meta)

    def save(
        self, output_dir: str | Path, extra_files: dict[str, str] | None = None
    ) -> TrainResult:
        """Write the model directory beside ``output_dir``, then swap it in; ``extra_files``
        (name → text) go into it too."""
        result = replace(self.result, output_dir=Path(output_dir))
        self.card.output_dir = str(output_dir)
        args = {**self.config.to_dict(), "best_epoch": result.best_epoch, "history": result.history}
        meta = {**self.meta, "base_model": args["base_model"]}
        with atomic_dir(result.output_dir) as tmp:
            save_model(tmp, self.model.cpu(), self.tokenizer, meta)
            (tmp / "training_args.json").write_text(json.dumps(args, indent=2) + "\n")
            (tmp / "metrics.json").write_text(json.dumps(result.val_metrics, indent=2) + "\n")
            (tmp / "README.md").write_text(self.card.render())
            for name, text in (extra_files or {}).items():
                (tmp / name).write_text(text)
        return result


def fit(
    train_data: str | Path | Sequence[str | Path] | pd.DataFrame,
    *,
    val_data: str | Path | Sequence[str | Path] | pd.DataFrame | None = None,
    schema: LabelSchema | str | Path | None = None,
    columns: Columns | None = None,
    config: TrainConfig | None = None,
    **overrides: Any,
) -> Fitted:
    """:func:`train` without writing: the best epoch's model in memory."""
    cfg = (config or TrainConfig()).replace(**overrides)
    if not isinstance(schema, LabelSchema):
        schema = LabelSchema.load(schema)

    train_df = labelled_frame(train_data, columns, schema)
    if val_data is None:
        train_df, val_df = split_validation(train_df, schema, cfg.val_fraction, cfg.seed)
    else:
        val_df = labelled_frame(val_data, columns, schema)

    set_seed(cfg.seed)
    device = pick_device(cfg.device)
    model, tokenizer = load_base(cfg.base_model, schema, cfg.dropout, cfg.pooling)
    model.to(device)
    limit = max_tokens(model.encoder)
    if limit and cfg.max_length > limit:  # longer inputs would index past its positions
        log.warning(
            "max_length %d is more than %s takes; using %d", cfg.max_length, cfg.base_model, limit
        )
        cfg.max_length = limit
    meta = {
        "base_model": cfg.base_model,
        "max_length": cfg.max_length,
        "use_context": cfg.use_context,
    }
    clf = ApologyClassifier(model, tokenizer, meta, device)

    ids = clf.encode_inputs(train_df["text"].tolist(), train_df["context"].tolist())
    labels = training_targets(train_df, schema)
    weights = _class_weights(train_df, schema, device) if cfg.class_weights else None

    cuda = device.type == "cuda"
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay, fused=cuda or None
    )
    lengths = [len(x) for x in ids]
    steps_per_epoch = math.ceil(len(ids) / cfg.batch_size)
    total = math.ceil(steps_per_epoch / cfg.grad_accum) * cfg.epochs
    scheduler = get_linear_schedule_with_warmup(optimizer, int(cfg.warmup_ratio * total), total)
    generator = torch.Generator().manual_seed(cfg.seed)

    # a bar on a terminal (tqdm's None), none when the package logger is set above INFO
    # (--quiet) or stderr is not a terminal
    quiet = logging.getLogger("apology_clf").level > logging.INFO
    history, best, best_state, best_epoch = [], -1.0, None, 0
    seen, train_time = 0, 0.0
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        start, running = time.perf_counter(), 0.0
        batches = epoch_batches(lengths, cfg.batch_size, generator, cfg.group_by_length)
        bar = tqdm(batches, desc=f"epoch {epoch}/{cfg.epochs}", disable=quiet or None)
        for step, rows in enumerate(bar):
            batch = {
                k: v.to(device)
                for k, v in collate([ids[i] for i in rows], tokenizer.pad_token_id).items()
            }
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=cuda):
                logits = model(**batch)
            loss = model.loss(logits, {d: y[rows].to(device) for d, y in labels.items()}, weights)
            (loss / cfg.grad_accum).backward()
            if (step + 1) % cfg.grad_accum == 0 or step + 1 == len(batches):
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad(set_to_none=True)
            running += loss.item()
            seen += len(rows)
            bar.set_postfix(loss=f"{running / (step + 1):.3f}")
        train_time += time.perf_counter() - start

        val = _validate(clf, val_df, schema)
        history.append(
            {
                "epoch": epoch,
                "train_loss": running / steps_per_epoch,
                "val_mean_macro_f1": val["mean_macro_f1"],
            }
        )
        log.info(
            "epoch %d/%d: train loss %.3f, validation mean macro-F1 %.3f",
            epoch,
            cfg.epochs,
            history[-1]["train_loss"],
            val["mean_macro_f1"],
        )
        if val["mean_macro_f1"] > best:
            best, best_epoch, best_metrics = val["mean_macro_f1"], epoch, val
            best_state = copy.deepcopy({k: v.detach().cpu() for k, v in model.state_dict().items()})
        elif epoch - best_epoch >= cfg.patience:
            break

    model.load_state_dict(best_state)
    model.eval()
    result = TrainResult(
        Path(),
        best_metrics,
        best_epoch,
        history,
        len(train_df),
        len(val_df),
        seen / train_time if train_time else 0.0,
    )
    card = ModelCard.from_training(schema, cfg.to_dict(), result, train_df, val_df)
    return Fitted(model, tokenizer, meta, cfg, schema, result, card)


def _validate(clf: ApologyClassifier, df: pd.DataFrame, schema: LabelSchema) -> dict:
    pred = clf.predict(df["text"].tolist(), df["context"].tolist())
    return compute_metrics(df, pred, schema)
