"""``apology-clf data check``: validate labelled files against the schema and look for
duplicates and leakage between splits. Collects every problem instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..schema import LabelSchema
from .corpus import near_duplicate_pairs
from .tables import Columns, read_table

# Optional corpus columns and their allowed values (checked when present)
CORPUS_VALUES = {
    "variant": {"nl", "be"},
    "register": {"u", "je"},
    "source": {"handwritten", "generated"},
}


@dataclass
class CheckReport:
    """What ``data check`` found: rows and level counts per file, the problems that fail the
    check, and near-duplicates within one file (reported, not failing)."""

    files: list[str]
    rows: dict[str, int] = field(default_factory=dict)
    distributions: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    near_duplicates: list[str] = field(default_factory=list)  # within one file: reported only

    @property
    def ok(self) -> bool:
        """True when nothing fails the check."""
        return not self.problems


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def check_files(
    files: Sequence[str | Path],
    schema: LabelSchema | None = None,
    columns: Columns | None = None,
    threshold: float = 0.9,
) -> CheckReport:
    """Check each file's rows; with several files, also check leakage between them
    (same id, same or near-duplicate reply text, same customer context)."""
    schema = schema or LabelSchema.load()
    columns = columns or Columns()
    report = CheckReport([str(f) for f in files])
    frames = {}
    for f in map(str, files):
        df = read_table(f)
        report.rows[f] = len(df)
        frames[f] = df
        _check_rows(f, df, schema, columns, report)
        if columns.text in df.columns:
            texts = df[columns.text].fillna("").astype(str).tolist()
            for i, j, sim in near_duplicate_pairs(texts, threshold):
                where = f"{f}: rows {i + 1} and {j + 1}"
                if sim > 0.999:
                    report.problems.append(f"{where}: duplicate reply text")
                else:
                    report.near_duplicates.append(f"{where}: near-duplicate replies ({sim:.2f})")
    if len(frames) > 1:
        _check_leakage(frames, columns, threshold, report)
    return report


def _check_rows(f, df, schema, columns, report) -> None:
    for col in [columns.text, *(columns.label(d) for d in schema.names)]:
        if col not in df.columns:
            report.problems.append(f"{f}: missing column {col!r}")
    if columns.text in df.columns:
        empty = df.index[df[columns.text].fillna("").astype(str).str.strip() == ""]
        report.problems += [f"{f}: row {i + 1}: empty {columns.text!r}" for i in empty]
    if columns.id in df.columns:
        dup = df[columns.id][df[columns.id].duplicated()]
        report.problems += [f"{f}: duplicate id {v!r}" for v in dup]
    dist = {}
    for dim in schema.dimensions:
        col = columns.label(dim.name)
        if col not in df.columns:
            continue
        values = pd.to_numeric(df[col], errors="coerce")
        bad = df.index[~values.isin(range(dim.n_levels))]
        report.problems += [
            f"{f}: row {i + 1}: column {col!r} has '{df[col].iloc[i]}', "
            f"expected a level 0..{dim.n_levels - 1}"
            for i in bad
        ]
        counts = values.value_counts().reindex(range(dim.n_levels), fill_value=0)
        dist[dim.name] = {int(k): int(v) for k, v in counts.items()}
    report.distributions[f] = dist
    for col, allowed in CORPUS_VALUES.items():
        if col in df.columns:
            bad = df.index[~df[col].isin(allowed)]
            report.problems += [
                f"{f}: row {i + 1}: {col} {df[col].iloc[i]!r} not in {sorted(allowed)}" for i in bad
            ]


def _check_leakage(frames: dict[str, pd.DataFrame], columns, threshold, report) -> None:
    parts = []
    for f, df in frames.items():
        part = pd.DataFrame(
            {
                "file": f,
                "row": df.index + 1,
                "id": df[columns.id].astype(str) if columns.id in df.columns else None,
                "text": df[columns.text].fillna("").astype(str) if columns.text in df else "",
                "context": df[columns.context].fillna("").astype(str)
                if columns.context in df
                else "",
            }
        )
        parts.append(part)
    all_rows = pd.concat(parts, ignore_index=True)

    def across(i: int, j: int) -> bool:
        return all_rows.at[i, "file"] != all_rows.at[j, "file"]

    def name(i: int) -> str:
        return f"{all_rows.at[i, 'file']} row {all_rows.at[i, 'row']}"

    if all_rows["id"].notna().all():
        for _, idx in all_rows.groupby("id").indices.items():
            if all_rows.loc[idx, "file"].nunique() > 1:
                report.problems.append(
                    f"leakage: id {all_rows.at[idx[0], 'id']!r} in several files"
                )
    for col, what in (("text", "reply"), ("context", "customer message")):
        values = all_rows[col].tolist()
        for i, j, sim in near_duplicate_pairs(values, threshold):
            if values[i].strip() and across(i, j):
                report.problems.append(
                    f"leakage: {name(i)} and {name(j)} share a {what} (similarity {sim:.2f})"
                )


def format_report(report: CheckReport) -> str:
    """The report as the lines ``data check`` prints."""
    lines = []
    for f in report.files:
        lines.append(f"{f}: {report.rows.get(f, 0)} rows")
        for dim, counts in report.distributions.get(f, {}).items():
            total = sum(counts.values()) or 1
            shares = "  ".join(f"{k}: {v} ({100 * v / total:.0f}%)" for k, v in counts.items())
            lines.append(f"  {dim:<16} {shares}")
    if report.near_duplicates:
        lines.append(f"{len(report.near_duplicates)} near-duplicate pair(s) within files:")
        lines += [f"  {n}" for n in report.near_duplicates[:20]]
    if report.problems:
        lines.append(f"{len(report.problems)} problem(s):")
        lines += [f"  {p}" for p in report.problems[:200]]
    else:
        lines.append("no problems")
    return "\n".join(lines)
