"""Print the figures of data/README.md (markdown) from the corpus as it is now.

python scripts/corpus_stats.py
"""

from __future__ import annotations

import glob
from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score

DIMS = ["sincerity", "empathy", "responsibility", "next_steps"]
SPLITS = ["train", "validation", "test"]


def wave(ids: pd.Series) -> pd.Series:
    """Batches 01-60 are wave 1 (e-mail, chat, web form, social); 61-120 wave 2 (the
    registers organisations publish in)."""
    return ids.str.extract(r"hw-b(\d+)-")[0].astype(int).gt(60).map({False: 1, True: 2})


def main() -> None:
    splits = {s: pd.read_json(f"data/labelled/{s}.jsonl", lines=True) for s in SPLITS}
    df = pd.concat(splits.values(), ignore_index=True)
    df["wave"] = wave(df["id"])
    print(f"rows: {len(df)} ({', '.join(f'{s} {len(d)}' for s, d in splits.items())})")
    print(f"sectors: {df['sector'].nunique()}; source: {df['source'].value_counts().to_dict()}")
    print(
        f"variant: {df['variant'].value_counts().to_dict()}; "
        f"register: {df['register'].value_counts().to_dict()}; "
        f"channel: {df['channel'].value_counts().to_dict()}"
    )
    mixed = (df[DIMS].nunique(axis=1) > 1).mean()
    print(f"rows whose four levels are not all equal: {100 * mixed:.0f}%")
    words = df["text"].str.split().str.len()
    print(
        f"reply length in words: median {words.median():.0f}, "
        f"10th-90th percentile {words.quantile(0.1):.0f}-{words.quantile(0.9):.0f}"
    )
    print("\n| split | dimension | level 0 | level 1 | level 2 |\n|---|---|---|---|---|")
    for name, d in [("all", df), *splits.items()]:
        for dim in DIMS:
            share = d[dim].value_counts(normalize=True).reindex(range(3), fill_value=0)
            print(f"| {name} | {dim} | " + " | ".join(f"{100 * x:.0f}%" for x in share) + " |")
    print("\n| wave | rows | Flemish | " + " | ".join(f"{d} 0/1/2" for d in DIMS) + " |")
    print("|---|---|---|" + "---|" * len(DIMS))
    for w, d in df.groupby("wave"):
        shares = [
            "/".join(
                f"{100 * x:.0f}"
                for x in d[dim].value_counts(normalize=True).reindex(range(3), fill_value=0)
            )
            for dim in DIMS
        ]
        print(
            f"| {w} | {len(d)} | {100 * (d['variant'] == 'be').mean():.0f}% | "
            + " | ".join(shares)
            + " |"
        )
    print(
        "\n| channel (register) | wave | rows | train | validation | test |\n|---|---|---|---|---|---|"
    )
    for channel, d in df.groupby("channel"):
        counts = [int((splits[s]["channel"] == channel).sum()) for s in SPLITS]
        waves = "/".join(map(str, sorted(d["wave"].unique())))
        print(f"| {channel} | {waves} | {len(d)} | " + " | ".join(map(str, counts)) + " |")
    print("\n| hard case | rows |\n|---|---|")
    for tag, n in df["hard_cases"].explode().dropna().value_counts().items():
        print(f"| {tag} | {n} |")
    print("\n| sector | rows |\n|---|---|")
    for sector, n in df["sector"].value_counts().items():
        print(f"| {sector} | {n} |")
    second = sorted(glob.glob("data/second_pass/labels_*.jsonl"))
    if second:
        sec = pd.concat([pd.read_json(f, lines=True) for f in second]).set_index("id")
        first = df.set_index("id").loc[sec.index]
        print(f"\nsecond pass: {len(sec)} rows ({100 * len(sec) / len(df):.1f}% of the corpus)")
        print(
            "\n| wave | dimension | rows | exact agreement | within one level | quadratic kappa |"
        )
        print("|---|---|---|---|---|---|")
        for w in sorted(first["wave"].unique()):
            rows = first["wave"] == w
            a, b = first[rows], sec[rows.to_numpy()]
            for dim in DIMS:
                exact = (a[dim] == b[dim]).mean()
                near = ((a[dim] - b[dim]).abs() <= 1).mean()
                kappa = cohen_kappa_score(a[dim], b[dim], weights="quadratic")
                print(
                    f"| {w} | {dim} | {len(a)} | {100 * exact:.0f}% | {100 * near:.0f}% "
                    f"| {kappa:.2f} |"
                )


if __name__ == "__main__":
    assert Path("data/labelled").is_dir(), "run from the repository root"
    main()
