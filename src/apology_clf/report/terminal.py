"""Terminal rendering of evaluation metrics (rich tables) and of explanations."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .i18n import STRINGS, check_name

RULE_STYLE = "underline magenta"
UP, DOWN = "bold green", "bold red"


def print_metrics(metrics: dict, console: Console | None = None) -> None:
    """Print evaluation metrics as tables: one line per dimension, then per-level scores."""
    console = console or Console()
    summary = Table(title=f"Evaluation on {metrics['n']} rows")
    for col in ("dimension", "accuracy", "macro-F1", "QWK"):
        summary.add_column(col, justify="left" if col == "dimension" else "right")
    for name, m in metrics["dimensions"].items():
        summary.add_row(name, f"{m['accuracy']:.3f}", f"{m['macro_f1']:.3f}", f"{m['qwk']:.3f}")
    summary.add_row("mean", "", f"[bold]{metrics['mean_macro_f1']:.3f}[/bold]", "")
    console.print(summary)
    for name, m in metrics["dimensions"].items():
        table = Table(title=name, title_justify="left")
        levels = list(m["per_level"])
        table.add_column("true \\ pred")
        for k in levels:
            table.add_column(f"pred {k}", justify="right")
        for col in ("precision", "recall", "F1", "support"):
            table.add_column(col, justify="right")
        for k, row in zip(levels, m["confusion_matrix"], strict=True):
            pl = m["per_level"][k]
            table.add_row(
                f"level {k}",
                *map(str, row),
                f"{pl['precision']:.2f}",
                f"{pl['recall']:.2f}",
                f"{pl['f1']:.2f}",
                str(pl["support"]),
            )
        console.print(table)


def print_groups(column: str, groups: dict[str, dict], console: Console | None = None) -> None:
    """Print macro-F1 per dimension and the mean for each group (``evaluate --by``)."""
    console = console or Console()
    if not groups:
        return
    dims = list(next(iter(groups.values()))["dimensions"])
    table = Table(title=f"Macro-F1 by {column}", title_justify="left")
    for col in (column, "rows", *dims, "mean"):
        table.add_column(col, justify="left" if col == column else "right")
    for value, m in groups.items():
        cells = [f"{m['dimensions'][d]['macro_f1']:.3f}" for d in dims]
        table.add_row(value, str(m["n"]), *cells, f"{m['mean_macro_f1']:.3f}")
    console.print(table)


def print_explanation(expl, console: Console | None = None, lang: str = "en") -> None:
    """The reply with the rubric-check spans marked and named, then per dimension its level
    and the words that raised (+) or lowered (-) that level's probability most.

    On a terminal the marks are colours; elsewhere (a pipe, a file) ``[brackets]``, so they
    survive without colour."""
    console = console or Console()
    t = STRINGS[lang]
    plain = not console.is_terminal
    console.soft_wrap = plain  # a pipe gets whole lines, not lines cut at 80 columns
    console.print(Text(t["checks_found"], style="bold"))
    console.print(_marked(expl.text, [(h.start, h.end, RULE_STYLE) for h in expl.rules], plain))
    for hit in expl.rules:
        console.print(f"  [{check_name(hit.name, lang)}] {hit.text!r}", markup=False)
    if not expl.rules:
        console.print(f"  ({t['no_checks']})", markup=False)
    if any(expl.attributions.values()):
        console.print(Text(t["explain_legend"], style="dim"))
    for name, level in expl.levels.items():
        p = expl.probabilities[name][level]
        head = f"{t.get(name, name)}: {t['level']} {level} (p={p:.2f})"
        console.print(Text("\n" + head, style="bold"))
        words = expl.attributions.get(name)
        if words:
            marks = [(a.start, a.end, UP if a.score > 0 else DOWN) for a in words]
            if not plain:
                console.print(_marked(expl.text, marks, plain))
            listed = ", ".join(f"{a.word} {a.score:+.2f}" for a in words)
            console.print(f"  {t['words']}: {listed}", markup=False)


def _marked(text: str, spans: list[tuple[int, int, str]], plain: bool) -> Text:
    """``text`` with ``spans`` styled, or in ``[brackets]`` when ``plain``."""
    if not plain:
        out = Text(text)
        for start, end, style in spans:
            out.stylize(style, start, end)
        return out
    parts, pos = [], 0
    for start, end, _ in sorted(spans):
        if start < pos:
            continue  # overlapping spans: keep the first
        parts += [text[pos:start], "[", text[start:end], "]"]
        pos = end
    return Text("".join([*parts, text[pos:]]))
