"""Building a small RoBERTa base model from scratch: a byte-level BPE tokenizer trained with
``tokenizers`` on given texts and a randomly initialised encoder, saved with
``save_pretrained`` so it loads through the same ``from_pretrained`` path as RobBERT."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from tokenizers import ByteLevelBPETokenizer
from transformers import RobertaConfig, RobertaModel, RobertaTokenizer, set_seed

SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]


def train_tokenizer(texts: Iterable[str], vocab_size: int = 2000) -> RobertaTokenizer:
    """A RoBERTa tokenizer with a byte-level BPE vocabulary learned from ``texts``."""
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(
        texts, vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS
    )
    model = json.loads(bpe.to_str())["model"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    # vocab=/merges= (not vocab_file=/merges_file=, which transformers 5 silently ignores)
    return RobertaTokenizer(vocab=model["vocab"], merges=merges)


def build_base_model(
    texts: Iterable[str],
    output_dir: str | Path,
    vocab_size: int = 2000,
    hidden_size: int = 64,
    num_layers: int = 2,
    num_heads: int = 2,
    intermediate_size: int | None = None,
    max_positions: int = 512,
    seed: int = 0,
) -> Path:
    """Write a random-init RoBERTa encoder and its tokenizer to ``output_dir``."""
    set_seed(seed)
    tokenizer = train_tokenizer(texts, vocab_size)
    config = RobertaConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden_size,
        num_hidden_layers=num_layers,
        num_attention_heads=num_heads,
        intermediate_size=intermediate_size or 4 * hidden_size,
        max_position_embeddings=max_positions + 2,  # RoBERTa offsets positions by pad id + 1
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    output_dir = Path(output_dir)
    RobertaModel(config, add_pooling_layer=False).save_pretrained(output_dir)
    tokenizer.save_pretrained(output_dir)
    return output_dir
