"""The network: a pretrained encoder with one classification head per schema dimension, and
its model-directory format (safetensors weights, tokenizer, schema)."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers import AutoModel, AutoTokenizer

from . import __version__
from .errors import InputError
from .schema import LabelSchema

DEFAULT_BASE_MODEL = "DTAI-KULeuven/robbert-2023-dutch-base"
HEADS_FILE = "heads.safetensors"
SCHEMA_FILE = "schema.json"
META_FILE = "apology_clf.json"


class Head(nn.Module):
    """RoBERTa-style classification head on the ``<s>`` token."""

    def __init__(self, hidden: int, n_levels: int, dropout: float):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.dense = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, n_levels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.tanh(self.dense(self.dropout(x)))
        return self.out(self.dropout(x))


class MultiHeadModel(nn.Module):
    """Shared encoder, one softmax head per dimension; the loss is summed over heads."""

    def __init__(self, encoder: nn.Module, schema: LabelSchema, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.schema = schema
        hidden = encoder.config.hidden_size
        self.heads = nn.ModuleDict(
            {d.name: Head(hidden, d.n_levels, dropout) for d in schema.dimensions}
        )

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask)
        cls = hidden.last_hidden_state[:, 0]
        return {name: head(cls) for name, head in self.heads.items()}

    def loss(
        self,
        logits: dict[str, torch.Tensor],
        labels: dict[str, torch.Tensor],
        class_weights: dict[str, torch.Tensor] | None = None,
    ) -> torch.Tensor:
        total = 0.0
        for name, lg in logits.items():
            weight = class_weights.get(name) if class_weights else None
            total = total + nn.functional.cross_entropy(lg.float(), labels[name], weight=weight)
        return total


def load_base(name: str, schema: LabelSchema, dropout: float = 0.1):
    """Encoder and tokenizer from a Hugging Face id or a local directory, plus fresh heads."""
    try:
        tokenizer = AutoTokenizer.from_pretrained(name)
        encoder = AutoModel.from_pretrained(name)
    except (OSError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(
            f"base model {name!r}: not a local model directory and not loadable from the "
            f"Hugging Face Hub or its cache ({first})"
        ) from None
    return MultiHeadModel(encoder, schema, dropout), tokenizer


def save_model(path: str | Path, model: MultiHeadModel, tokenizer, meta: dict) -> None:
    """Write a self-contained model directory (weights as safetensors)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(path, safe_serialization=True)
    heads = {k: v.detach().float().cpu().contiguous() for k, v in model.heads.state_dict().items()}
    save_file(heads, str(path / HEADS_FILE))
    tokenizer.save_pretrained(path)
    model.schema.save(path / SCHEMA_FILE)
    (path / META_FILE).write_text(
        json.dumps({"apology_clf_version": __version__, **meta}, indent=2) + "\n"
    )


def load_model(path: str | Path, device: str | torch.device = "cpu"):
    """Load a model directory written by :func:`save_model`; returns (model, tokenizer, meta)."""
    path = Path(path)
    if not path.is_dir():
        raise InputError(f"{path}: model directory not found")
    has_weights = any(path.glob("model*.safetensors"))
    for needed, present in [
        ("config.json", (path / "config.json").is_file()),
        ("model.safetensors", has_weights),
        (HEADS_FILE, (path / HEADS_FILE).is_file()),
        (SCHEMA_FILE, (path / SCHEMA_FILE).is_file()),
        (META_FILE, (path / META_FILE).is_file()),
    ]:
        if not present:
            raise InputError(f"{path}: not an apology-clf model directory (no {needed})")
    schema = LabelSchema.load(path / SCHEMA_FILE)
    meta = json.loads((path / META_FILE).read_text())
    try:
        tokenizer = AutoTokenizer.from_pretrained(path)
        encoder = AutoModel.from_pretrained(path, use_safetensors=True)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot load model ({str(e).splitlines()[0]})") from None
    model = MultiHeadModel(encoder, schema)
    try:
        model.heads.load_state_dict(load_file(str(path / HEADS_FILE)))
    except RuntimeError as e:
        raise InputError(f"{path}: {HEADS_FILE} does not match {SCHEMA_FILE} ({e})") from None
    model.to(device).eval()
    return model, tokenizer, meta


def copy_model_dir(source: str | Path, target: str | Path) -> Path:
    """Copy a model directory into place atomically, so a failed copy never leaves a
    half-written model."""
    import shutil

    from .io import atomic_dir

    load_model(source)  # refuse to install something that does not load
    with atomic_dir(target) as tmp:
        shutil.copytree(source, tmp)
    return Path(target)


def pick_device(device: str | None = None) -> torch.device:
    """The requested device, else CUDA when available, else CPU."""
    if device:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
