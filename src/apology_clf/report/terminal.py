"""Terminal rendering of evaluation metrics (rich tables)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

RULE_STYLE = "underline magenta"
UP, DOWN = "bold green", "bold red"


def print_metrics(metrics: dict, console: Console | None = None) -> None:
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


def print_explanation(expl, console: Console | None = None) -> None:
    """The reply once with the rubric-check spans underlined, then once per dimension with the
    words that raised (green) or lowered (red) the predicted level's probability."""
    console = console or Console()
    text = Text(expl.text)
    for hit in expl.rules:
        text.stylize(RULE_STYLE, hit.start, hit.end)
    console.print(Text("Rubric checks", style="bold"))
    console.print(text)
    for hit in expl.rules:
        console.print(f"  [magenta]{hit.name}[/magenta]: {hit.text!r} ({hit.start}-{hit.end})")
    for name, level in expl.levels.items():
        p = expl.probabilities[name][level]
        console.print(Text(f"\n{name}: level {level} (p={p:.2f})", style="bold"))
        words = expl.attributions.get(name)
        if not words:
            continue
        line = Text(expl.text)
        for a in words:
            line.stylize(UP if a.score > 0 else DOWN, a.start, a.end)
        console.print(line)
        console.print("  " + ", ".join(f"{a.word} {a.score:+.2f}" for a in words))
