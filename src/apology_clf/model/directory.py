"""The model-directory format: encoder and tokenizer as ``save_pretrained`` writes them, the
heads as safetensors, the label schema and the training metadata. Nothing is pickled."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from transformers import AutoModel, AutoTokenizer
from transformers.utils import logging as hf_logging

from .._version import __version__
from ..errors import InputError
from ..io import atomic_dir
from ..schema import LabelSchema
from .network import MultiHeadModel

HEADS_FILE = "heads.safetensors"
SCHEMA_FILE = "schema.json"
META_FILE = "apology_clf.json"


@contextmanager
def quiet_loading() -> Iterator[None]:
    """No "Loading weights" bar or load-time notices from transformers while it reads a
    model directory written by :func:`save_model` (noise in batch jobs and notebooks); the
    caller's settings are restored afterwards."""
    bars, level = hf_logging.is_progress_bar_enabled(), hf_logging.get_verbosity()
    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    try:
        yield
    finally:
        hf_logging.set_verbosity(level)
        if bars:
            hf_logging.enable_progress_bar()


def save_model(path: str | Path, model: MultiHeadModel, tokenizer, meta: dict) -> None:
    """Write a self-contained model directory (weights as safetensors)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    model.encoder.save_pretrained(path, safe_serialization=True)
    heads = {k: v.detach().float().cpu().contiguous() for k, v in model.heads.state_dict().items()}
    save_file(heads, str(path / HEADS_FILE))
    tokenizer.save_pretrained(path)
    model.schema.save(path / SCHEMA_FILE)
    meta = {"apology_clf_version": __version__, "pooling": model.pooling, **meta}
    (path / META_FILE).write_text(json.dumps(meta, indent=2) + "\n")


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
        with quiet_loading():
            tokenizer = AutoTokenizer.from_pretrained(path)
            encoder = AutoModel.from_pretrained(path, use_safetensors=True)
    except (OSError, ValueError) as e:
        raise InputError(f"{path}: cannot load model ({str(e).splitlines()[0]})") from None
    model = MultiHeadModel(encoder, schema, pooling=meta.get("pooling", "cls"))
    try:
        model.heads.load_state_dict(load_file(str(path / HEADS_FILE)))
    except RuntimeError as e:
        raise InputError(f"{path}: {HEADS_FILE} does not match {SCHEMA_FILE} ({e})") from None
    model.to(device).eval()
    return model, tokenizer, meta


def copy_model_dir(source: str | Path, target: str | Path) -> Path:
    """Copy a model directory into place atomically, so a failed copy never leaves a
    half-written model."""
    load_model(source)  # refuse to install something that does not load
    with atomic_dir(target) as tmp:
        shutil.copytree(source, tmp)
    return Path(target)
