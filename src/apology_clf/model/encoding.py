"""Turning (reply, context) pairs into padded token batches, the same way for training and
inference."""

from __future__ import annotations

from collections.abc import Sequence

import torch

# A context shorter than this many tokens after truncation says little; the reply is then
# encoded alone rather than squeezing in a fragment of the customer's message.
MIN_CONTEXT_TOKENS = 16


def encode(
    tokenizer,
    texts: Sequence[str],
    contexts: Sequence[str] | None,
    max_length: int,
) -> list[list[int]]:
    """Token ids per row: ``<s> reply </s></s> context </s>`` when a context is given, else
    ``<s> reply </s>``. The context is truncated first; the reply only when it alone is too
    long (then the context is left out)."""
    texts = list(texts)
    if not texts:
        return []
    contexts = list(contexts) if contexts is not None else [""] * len(texts)
    pair_budget = max_length - tokenizer.num_special_tokens_to_add(pair=True)
    lengths = tokenizer(texts, add_special_tokens=False, return_attention_mask=False)["input_ids"]
    pair_rows = [
        i
        for i, (ids, ctx) in enumerate(zip(lengths, contexts, strict=True))
        if ctx.strip() and len(ids) <= pair_budget - MIN_CONTEXT_TOKENS
    ]
    pair_set = set(pair_rows)
    single_rows = [i for i in range(len(texts)) if i not in pair_set]
    out: list[list[int]] = [[] for _ in texts]
    kwargs = dict(max_length=max_length, return_attention_mask=False)
    if pair_rows:
        enc = tokenizer(
            [texts[i] for i in pair_rows],
            [contexts[i] for i in pair_rows],
            truncation="only_second",
            **kwargs,
        )["input_ids"]
        for i, ids in zip(pair_rows, enc, strict=True):
            out[i] = ids
    if single_rows:
        enc = tokenizer([texts[i] for i in single_rows], truncation=True, **kwargs)["input_ids"]
        for i, ids in zip(single_rows, enc, strict=True):
            out[i] = ids
    return out


def collate(rows: Sequence[Sequence[int]], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad to the longest row of the batch (dynamic padding)."""
    width = max(len(r) for r in rows)
    input_ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        input_ids[i, : len(r)] = torch.as_tensor(r, dtype=torch.long)
        mask[i, : len(r)] = 1
    return {"input_ids": input_ids, "attention_mask": mask}
