"""Terminal rendering of evaluation metrics (rich tables)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table


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
