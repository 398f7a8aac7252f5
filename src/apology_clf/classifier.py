"""Loading a trained model and scoring replies: the Python API behind ``apology-clf score``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from . import rules
from .encoding import collate, encode
from .errors import InputError
from .modeling import MultiHeadModel, load_model, pick_device
from .schema import LabelSchema
from .streaming import prefetch

SKIP_EMPTY = "empty text"
PRECISIONS = ("float32", "float16", "bfloat16")


@dataclass
class Prepared:
    """A chunk made ready for the model: cleaned texts, rubric flags and the scorer's encoded
    inputs. Preparing is CPU work that can run in another thread while the model scores the
    previous chunk (see :mod:`apology_clf.streaming`)."""

    ids: list[str]
    texts: list[str]
    keep: np.ndarray
    flags: pd.DataFrame
    inputs: object


class Scorer:
    """What every scorer shares: ``predict_proba`` is the one method a scorer must provide;
    ``predict`` and ``score`` are built on it."""

    schema: LabelSchema

    def predict_proba(
        self, texts: Sequence[str], contexts: Sequence[str] | None = None, batch_size: int = 32
    ) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def predict(self, texts: Sequence[str], contexts: Sequence[str] | None = None) -> pd.DataFrame:
        """The most probable level per dimension, one column per dimension."""
        probs = self.predict_proba(texts, contexts)
        return pd.DataFrame({name: p.argmax(axis=1) for name, p in probs.items()})

    def score(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
        batch_size: int = 32,
    ) -> pd.DataFrame:
        """One row per input: ``id``, each dimension's level and level probabilities
        (``<dim>_p<level>``), ``overall`` (0-100), the rubric-check flags (``flag_<name>``)
        and ``skipped_reason`` (empty texts are not scored and keep their row)."""
        return self.run(self.prepare(texts, contexts, ids), batch_size)

    def prepare(
        self,
        texts: Sequence[str],
        contexts: Sequence[str] | None = None,
        ids: Sequence[str] | None = None,
    ) -> Prepared:
        """The CPU half of :meth:`score`: cleaning, rubric flags, encoding."""
        texts = ["" if t is None else str(t) for t in texts]
        contexts = ["" if c is None else str(c) for c in contexts] if contexts is not None else None
        keep = np.array([bool(t.strip()) for t in texts], dtype=bool)
        kept = np.flatnonzero(keep)
        inputs = self.encode_inputs(
            [texts[i] for i in kept], [contexts[i] for i in kept] if contexts else None
        )
        flags = pd.DataFrame(
            [rules.flags(t) for t in texts], columns=[f"flag_{f}" for f in rules.FLAGS]
        ).astype(bool)
        ids = list(ids) if ids is not None else [str(i) for i in range(len(texts))]
        return Prepared(ids, texts, keep, flags, inputs)

    def run(self, prepared: Prepared, batch_size: int = 32) -> pd.DataFrame:
        """The model half of :meth:`score`."""
        n, keep = len(prepared.texts), prepared.keep
        kept = np.flatnonzero(keep)
        probs = self._predict_encoded(prepared.inputs, batch_size)
        frame = pd.DataFrame({"id": prepared.ids})
        levels = {}
        for dim in self.schema.dimensions:
            level = np.full(n, -1)
            level[kept] = probs[dim.name].argmax(axis=1)
            frame[dim.name] = pd.array(np.where(keep, level, None), dtype="Int64")
            for k in range(dim.n_levels):
                p = np.full(n, np.nan, dtype=np.float32)
                p[kept] = probs[dim.name][:, k]
                frame[f"{dim.name}_p{k}"] = p
            levels[dim.name] = level
        frame["overall"] = np.where(keep, np.round(self.schema.overall(levels), 1), np.nan)
        frame = pd.concat([frame, prepared.flags], axis=1)
        frame["skipped_reason"] = np.where(keep, "", SKIP_EMPTY)
        return frame

    def encode_inputs(self, texts: list[str], contexts: list[str] | None) -> object:
        """Model inputs for the kept rows; by default the texts themselves."""
        return texts, contexts

    def _predict_encoded(self, inputs, batch_size: int) -> dict[str, np.ndarray]:
        return self.predict_proba(*inputs, batch_size=batch_size)


class RulesClassifier(Scorer):
    """The rubric checks as a scorer (``--model rules``): levels from :func:`rules.levels`,
    with probability 1 on the chosen level. Default schema only."""

    source = "rules"

    def __init__(self):
        self.schema = LabelSchema.load()

    def predict_proba(self, texts, contexts=None, batch_size: int = 32) -> dict[str, np.ndarray]:
        out = {
            d.name: np.zeros((len(texts), d.n_levels), np.float32) for d in self.schema.dimensions
        }
        for i, text in enumerate(texts):
            for name, level in rules.levels(text).items():
                out[name][i, level] = 1.0
        return out


def load_scorer(
    model: str | Path | Scorer | None = None, device: str | None = None, runtime: str = "torch"
) -> Scorer:
    """A scorer from a model directory, the word ``rules``, or a scorer passed through; None
    is the starter model (:func:`apology_clf.starter.default_model`). ``runtime``: ``torch``,
    or ``onnx`` (int8 onnxruntime on the CPU, after ``export-onnx``)."""
    if runtime not in ("torch", "onnx"):
        raise InputError(f"--runtime {runtime!r}: use torch or onnx")
    if model is None:
        from .starter import default_model

        model = default_model()
    if isinstance(model, Scorer):
        return model
    if str(model) == "rules":
        return RulesClassifier()
    if runtime == "onnx":
        from .onnx_runtime import OnnxClassifier

        return OnnxClassifier(model)
    return ApologyClassifier.load(model, device)


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
    """A trained apology-quality model.

    >>> clf = ApologyClassifier.load("models/starter")
    >>> clf.score(["Het spijt me dat uw pakket te laat was ..."])
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
        cls, path: str | Path, device: str | None = None, dtype: str | None = None
    ) -> ApologyClassifier:
        """Load a model directory. ``dtype`` is the compute precision: ``float32``, or
        ``float16`` / ``bfloat16`` mixed precision (autocast: matrix products in half
        precision, normalisation and softmax in float32). Default: float16 on CUDA, float32
        on the CPU. On the quickstart model float16 moved probabilities by at most 5e-4 and
        bfloat16 by 3e-3 (bfloat16 weights without autocast: 8e-3)."""
        if dtype not in (None, *PRECISIONS):
            raise InputError(f"dtype {dtype!r}: use one of {', '.join(PRECISIONS)}")
        dev = pick_device(device)
        model, tokenizer, meta = load_model(path, dev)
        dtype = dtype or ("float16" if dev.type == "cuda" else "float32")
        clf = cls(model, tokenizer, meta, dev, dtype)
        clf.source = f"{Path(path).resolve()}:{dtype}"  # names the model in resumable runs
        return clf

    @property
    def schema(self) -> LabelSchema:
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
