"""The network: a pretrained encoder with one classification head per schema dimension."""

from __future__ import annotations

import torch
from torch import nn
from transformers import AutoModel, AutoTokenizer

from ..errors import InputError
from ..schema import LabelSchema
from .options import POOLINGS


class Head(nn.Module):
    """RoBERTa-style classification head on the ``<s>`` token."""

    def __init__(self, hidden: int, n_levels: int, dropout: float):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.dense = nn.Linear(hidden, hidden)
        self.out = nn.Linear(hidden, n_levels)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits per level from the pooled encoder output."""
        x = torch.tanh(self.dense(self.dropout(x)))
        return self.out(self.dropout(x))


class MultiHeadModel(nn.Module):
    """Shared encoder, one softmax head per dimension; the loss is summed over heads.

    ``pooling``: the heads read the ``<s>`` token (``cls``, as RobBERT was pretrained for) or
    the mean over all tokens (``mean``, which trains better from scratch)."""

    def __init__(
        self, encoder: nn.Module, schema: LabelSchema, dropout: float = 0.1, pooling: str = "cls"
    ):
        super().__init__()
        if pooling not in POOLINGS:
            raise InputError(f"`pooling` {pooling!r}: use one of {', '.join(POOLINGS)}")
        self.encoder = encoder
        self.schema = schema
        self.pooling = pooling
        hidden = encoder.config.hidden_size
        self.heads = nn.ModuleDict(
            {d.name: Head(hidden, d.n_levels, dropout) for d in schema.dimensions}
        )

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> dict:
        """Logits per dimension for a batch of token ids."""
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        if self.pooling == "mean":
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
        else:
            pooled = hidden[:, 0]
        return {name: head(pooled) for name, head in self.heads.items()}

    def loss(
        self,
        logits: dict[str, torch.Tensor],
        labels: dict[str, torch.Tensor],
        class_weights: dict[str, torch.Tensor] | None = None,
    ) -> torch.Tensor:
        """Cross-entropy summed over the dimensions; soft (probability) labels are accepted."""
        total = 0.0
        for name, lg in logits.items():
            weight = class_weights.get(name) if class_weights else None
            total = total + nn.functional.cross_entropy(lg.float(), labels[name], weight=weight)
        return total


def load_base(name: str, schema: LabelSchema, dropout: float = 0.1, pooling: str = "cls"):
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
    return MultiHeadModel(encoder, schema, dropout, pooling), tokenizer


def max_tokens(encoder: nn.Module) -> int | None:
    """The longest input the encoder's position embeddings allow, or None when it has no
    such limit. RoBERTa-style models number positions from ``pad_token_id + 1``."""
    config = encoder.config
    positions = getattr(config, "max_position_embeddings", None)
    if positions is None:
        return None
    offset = (config.pad_token_id or 0) + 1 if "roberta" in config.model_type else 0
    return positions - offset


def pick_device(device: str | None = None) -> torch.device:
    """The requested device, else CUDA when available, else CPU."""
    if device:
        return torch.device(device)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")
