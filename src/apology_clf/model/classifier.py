"""Scorers that run token batches through a network: the shared encoding and length-sorted
batching (:class:`TokenScorer`), and the trained torch model (:class:`ApologyClassifier`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import torch

from ..errors import InputError
from ..schema import LabelSchema
from .directory import load_model
from .encoding import collate, encode
from .network import MultiHeadModel, pick_device
from .scorer import Scorer
from .streaming import prefetch

PRECISIONS = ("float32", "float16", "bfloat16")


class TokenScorer(Scorer):
    """A scorer that runs token batches through a network (torch or onnxruntime): encoding
    and batching are shared, subclasses provide ``_forward`` and set ``tokenizer``,
    ``max_length`` and ``schema``."""

    tokenizer: object
    max_length: int
    meta: dict

    def _forward(self, batch: dict[str, torch.Tensor]) -> dict[str, np.ndarray]:
        """Probabilities per dimension for one padded batch."""
        raise NotImplementedError

    def predict_proba(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        batch_size: int = 32,
        token_budget: int = 16384,
    ) -> dict[str, np.ndarray]:
        """Level probabilities per dimension: ``{name: array (n_rows, n_levels)}``.

        Rows are encoded in one batched call, sorted by length and grouped so that a batch
        holds at most ``batch_size`` rows and ``token_budget`` padded tokens; the output is in
        input order."""
        return self._predict_encoded(self.encode_inputs(texts, contexts), batch_size, token_budget)

    def encode_inputs(self, texts, contexts) -> list[list[int]]:
        """Token ids per reply (with its context when the model was trained with context)."""
        # a model trained on replies alone (use_context false) is scored on replies alone
        contexts = contexts if self.meta.get("use_context", True) else None
        return encode(self.tokenizer, texts, contexts, self.max_length)

    def _predict_encoded(
        self, ids: list[list[int]], batch_size: int, token_budget: int = 16384
    ) -> dict[str, np.ndarray]:
        out = {d.name: np.zeros((len(ids), d.n_levels), np.float32) for d in self.schema.dimensions}
        pad = self.tokenizer.pad_token_id
        # padding the next batch overlaps with the network working on this one
        batches = prefetch(
            (rows, self._collate([ids[i] for i in rows], pad))
            for rows in length_sorted_batches(ids, batch_size, token_budget)
        )
        for rows, batch in batches:
            for name, probs in self._forward(batch).items():
                out[name][rows] = probs
        return out

    def _collate(self, rows: list[list[int]], pad_id: int) -> dict[str, torch.Tensor]:
        return collate(rows, pad_id)


class ApologyClassifier(TokenScorer):
    """A trained apology-quality model: :meth:`load` a model directory, then :meth:`score`
    replies (levels, per-level probabilities, overall 0-100, rubric flags) or
    :meth:`predict` / :meth:`predict_proba` them.

    >>> clf = ApologyClassifier.load("models/starter")
    >>> scores = clf.score(["Het spijt me echt dat uw pakket twee keer niet bezorgd is. Wij "
    ...                     "hebben een fout gemaakt; morgen vóór 12 uur brengen we het alsnog."])
    >>> scores.loc[0, ["sincerity", "responsibility", "next_steps"]].tolist()
    [2, 2, 2]
    >>> clf.schema.names
    ['sincerity', 'empathy', 'responsibility', 'next_steps']
    """

    def __init__(
        self,
        model: MultiHeadModel,
        tokenizer,
        meta: dict,
        device: torch.device | None = None,
        dtype: str = "float32",
    ):
        self.model = model
        self.tokenizer = tokenizer
        self.meta = meta
        self.device = device or next(model.parameters()).device
        self.max_length = int(meta.get("max_length", 256))
        self.dtype = dtype

    @classmethod
    def load(
        cls, path: str | Path, device: str | None = None, *, dtype: str | None = None
    ) -> ApologyClassifier:
        """Load a model directory. ``dtype`` is the compute precision: ``float32``, or
        ``float16`` / ``bfloat16`` mixed precision (autocast: matrix products in half
        precision, normalisation and softmax in float32). Default: float16 on CUDA, float32
        on the CPU. On the quickstart model float16 moved probabilities by at most 5e-4 and
        bfloat16 by 3e-3 (bfloat16 weights without autocast: 8e-3)."""
        if dtype not in (None, *PRECISIONS):
            raise InputError(f"`dtype` {dtype!r}: use one of {', '.join(PRECISIONS)}")
        dev = pick_device(device)
        model, tokenizer, meta = load_model(path, dev)
        dtype = dtype or ("float16" if dev.type == "cuda" else "float32")
        clf = cls(model, tokenizer, meta, dev, dtype)
        clf.source = f"{Path(path).resolve()}:{dtype}"  # names the model in resumable runs
        return clf

    @property
    def schema(self) -> LabelSchema:
        """The dimensions and levels this model predicts."""
        return self.model.schema

    def _predict_encoded(self, ids, batch_size, token_budget=16384):
        self.model.eval()
        half = self.dtype != "float32"
        with (
            torch.inference_mode(),
            torch.autocast(self.device.type, dtype=getattr(torch, self.dtype), enabled=half),
        ):
            return super()._predict_encoded(ids, batch_size, token_budget)

    def _collate(self, rows, pad_id):
        batch = collate(rows, pad_id)
        if self.device.type == "cuda":  # page-locked memory: the copy to the GPU runs async
            batch = {k: v.pin_memory() for k, v in batch.items()}
        return batch

    def _forward(self, batch: dict[str, torch.Tensor]) -> dict[str, np.ndarray]:
        logits = self.model(**{k: v.to(self.device, non_blocking=True) for k, v in batch.items()})
        return {
            name: torch.softmax(lg.float(), dim=-1).cpu().numpy() for name, lg in logits.items()
        }


def length_sorted_batches(
    ids: Sequence[Sequence[int]], batch_size: int, token_budget: int | None = None
) -> Iterator[np.ndarray]:
    """Row indices in batches of similar length, so padding stays small: at most
    ``batch_size`` rows and, when given, ``token_budget`` padded tokens per batch."""
    lengths = np.array([len(x) for x in ids])
    batch: list[int] = []
    for i in np.argsort(lengths, kind="stable"):
        # sorted ascending, so this row is the longest of the batch it would join
        too_wide = token_budget and batch and lengths[i] * (len(batch) + 1) > token_budget
        if batch and (len(batch) >= batch_size or too_wide):
            yield np.array(batch)
            batch = []
        batch.append(int(i))
    if batch:
        yield np.array(batch)
