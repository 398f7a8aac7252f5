"""Corpus tools: near-duplicate detection and group-aware train/validation/test splits, so that
near-duplicates and replies to the same complaint never straddle splits."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

SPLITS = ("train", "validation", "test")


def near_duplicate_pairs(
    texts: Sequence[str], threshold: float = 0.85, chunk: int = 2000
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, similarity)`` with ``i < j`` whose character 4-gram TF-IDF cosine
    similarity is at least ``threshold`` (exact duplicates score 1.0)."""
    texts = [" ".join(str(t).lower().split()) for t in texts]
    if len(texts) < 2:
        return []
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 4), min_df=1)
    x = vec.fit_transform(texts)  # rows are L2-normalised, so x @ x.T is the cosine
    pairs = []
    for start in range(0, x.shape[0], chunk):
        sims = (x[start : start + chunk] @ x.T).tocoo()
        for i, j, s in zip(sims.row + start, sims.col, sims.data, strict=True):
            if i < j and s >= threshold - 1e-9:
                pairs.append((int(i), int(j), float(s)))
    return sorted(pairs)


def _components(n: int, edges: list[tuple[int, int]]) -> np.ndarray:
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in edges:
        parent[find(a)] = find(b)
    return np.array([find(i) for i in range(n)])


def split_groups(df: pd.DataFrame, threshold: float = 0.85) -> np.ndarray:
    """A cluster id per row: rows sharing a ``group`` value, the same context, or near-duplicate
    texts or contexts end up in one cluster."""
    edges: list[tuple[int, int]] = []
    for col in ("group", "context"):
        if col in df.columns:
            keys = df[col].fillna("").astype(str).str.strip()
            for idx in keys[keys != ""].groupby(keys).indices.values():
                edges += [(int(idx[0]), int(k)) for k in idx[1:]]
    for col in ("text", "context"):
        if col in df.columns:
            edges += [
                (i, j)
                for i, j, _ in near_duplicate_pairs(df[col].fillna("").tolist(), threshold)
                if df[col].iloc[i].strip()
            ]
    return _components(len(df), edges)


def split_corpus(
    df: pd.DataFrame,
    *,
    fractions: tuple[float, float, float] = (0.7, 0.15, 0.15),
    seed: int = 13,
    threshold: float = 0.85,
) -> dict[str, pd.DataFrame]:
    """Split rows into train/validation/test by whole clusters (see :func:`split_groups`).
    Clusters are shuffled with ``seed`` and dealt to the split furthest below its target share."""
    df = df.reset_index(drop=True)
    clusters = split_groups(df, threshold)
    rng = np.random.default_rng(seed)
    ids = np.unique(clusters)
    rng.shuffle(ids)
    sizes = pd.Series(clusters).value_counts()
    targets = np.array(fractions) / sum(fractions) * len(df)
    filled = np.zeros(3)
    assign = {}
    for cid in ids:
        k = int(np.argmax(targets - filled))
        assign[cid] = k
        filled[k] += sizes[cid]
    which = np.array([assign[c] for c in clusters])
    return {name: df[which == k].reset_index(drop=True) for k, name in enumerate(SPLITS)}


def split_files(
    files: Sequence[str | Path], output_dir: str | Path, *, seed: int = 13, threshold: float = 0.85
) -> dict[str, int]:
    """Read corpus files, split them with :func:`split_corpus` and write
    ``<output_dir>/{train,validation,test}.jsonl``; returns the row count per split."""
    from ..io import write_table
    from .tables import read_table

    df = pd.concat([read_table(f) for f in files], ignore_index=True)
    df = df.sort_values("id", kind="stable") if "id" in df.columns else df
    splits = split_corpus(df, seed=seed, threshold=threshold)
    for name, part in splits.items():
        write_table(part, Path(output_dir) / f"{name}.jsonl")
    return {name: len(part) for name, part in splits.items()}
