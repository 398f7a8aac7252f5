"""``apology-clf report``: one self-contained HTML page for a QA lead (no network requests;
charts are inline SVG from matplotlib)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from importlib import resources
from pathlib import Path

import pandas as pd

from .. import rules
from ..data.tables import read_table
from ..errors import InputError
from ..io import atomic_write_text
from ..schema import LabelSchema
from .i18n import STRINGS, check_name, reason_label, resolve_lang


@dataclass
class ReportSummary:
    """What :func:`build_report` wrote: where, how many replies and skips, in which language
    and where that language came from."""

    output: Path
    replies: int
    skipped: int
    lang: str = "en"
    lang_source: str = "`lang`"  # where the language came from (see resolve_lang)


def load_scores(paths: list[Path]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores files plus the skipped-messages files written beside them (when present)."""
    scores, skipped = [], []
    for path in map(Path, paths):
        df = read_table(path)
        if len(df) and "overall" not in df.columns:
            raise InputError(f"{path}: not a scores file (no 'overall' column)")
        scores.append(df)
        side = path.with_name(path.stem + ".skipped.csv")
        if side.is_file():
            skipped.append(pd.read_csv(side))
    skipped_df = pd.concat(skipped) if skipped else pd.DataFrame(columns=["source", "reason"])
    return pd.concat(scores, ignore_index=True), skipped_df


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prolog and doctype


def _distribution_chart(df: pd.DataFrame, schema: LabelSchema, t: dict) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 0.6 + 0.5 * len(schema.names)))
    colors = ["#d9534f", "#f0ad4e", "#5cb85c", "#5bc0de", "#428bca"]
    for row, dim in enumerate(reversed(schema.dimensions)):
        shares = (
            df[dim.name].value_counts(normalize=True).reindex(range(dim.n_levels), fill_value=0)
        )
        left = 0.0
        for k, share in shares.items():
            ax.barh(
                row,
                share,
                left=left,
                color=colors[k % len(colors)],
                label=f"{t['level']} {k}" if row == 0 else None,
            )
            left += share
    ax.set_yticks(range(len(schema.names)), [t.get(n, n) for n in reversed(schema.names)])
    ax.set_xlim(0, 1)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, frameon=False)
    return _svg(fig)


def _trend_chart(weekly: pd.Series, t: dict) -> str:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 2.6))
    ax.plot(range(len(weekly)), weekly.to_numpy(), marker="o", color="#428bca")
    ax.set_xticks(range(len(weekly)), list(weekly.index), rotation=45, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel(t["overall"])
    ax.grid(alpha=0.3)
    return _svg(fig)


def highlight(text: str, lang: str = "en") -> str:
    """HTML of a reply with the rubric-check spans marked: the class says whether the check
    is a strength, a weakness or neutral; the title names it."""
    out, pos = [], 0
    for hit in rules.find(text):
        if hit.start < pos:
            continue  # overlapping hits: keep the first
        out.append(escape(text[pos : hit.start]))
        name = escape(check_name(hit.name, lang), quote=True)
        out.append(
            f'<mark class="{rules.weight(hit.name)}" title="{name}">{escape(hit.text)}</mark>'
        )
        pos = hit.end
    out.append(escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def legend_html(lang: str = "en") -> str:
    """What the marks' colours mean, in the marks' own colours."""
    t = STRINGS[lang]
    marks = {w: f'<mark class="{w}">{t[w]}</mark>' for w in ("strength", "weakness", "neutral")}
    return f"<p class='legend'>{t['legend'].format(**marks)}</p>"


def _table(df: pd.DataFrame) -> str:
    html = df.to_html(
        index=False, border=0, classes="grid", float_format=lambda x: f"{x:.1f}", escape=True
    )
    return f"<div class='scroll'>{html}</div>"  # a wide table scrolls, the page does not


def summarise(
    df: pd.DataFrame, by: str = "agent", threshold: float = 50.0, schema: LabelSchema | None = None
) -> pd.DataFrame:
    """Per ``by`` (agent, team, …): replies, mean overall score, mean level per dimension and
    the share (%) of replies with an overall score below ``threshold``; lowest mean first."""
    schema = schema or LabelSchema.load()
    dims = [d for d in schema.names if d in df.columns]
    g = df.groupby(df[by].fillna("?"))
    table = pd.DataFrame({"replies": g.size(), "mean_overall": g["overall"].mean()})
    for d in dims:
        table[d] = g[d].mean()
    table["share_below"] = g["overall"].apply(lambda s: 100 * (s < threshold).mean())
    return table.sort_values("mean_overall").reset_index(names=by)


def summary_table(
    df: pd.DataFrame,
    by: str = "agent",
    threshold: float = 50.0,
    lang: str = "en",
    schema: LabelSchema | None = None,
) -> pd.DataFrame:
    """:func:`summarise` with its column headings in ``lang``, for people to read."""
    t = STRINGS[lang]
    schema = schema or LabelSchema.load()
    table = summarise(df, by, threshold, schema)
    return table.rename(
        columns={
            by: t.get(by, by),
            "replies": t["replies"],
            "mean_overall": t["mean_overall"],
            "share_below": t["below"].format(threshold=threshold),
            **{d: t.get(d, d) for d in schema.names},
        }
    )


def lowest_html(
    df: pd.DataFrame, n: int = 10, schema: LabelSchema | None = None, lang: str = "en"
) -> str:
    """HTML of the ``n`` lowest-scoring replies: score, levels, date, subject and agent, the
    customer's message when the scores carry it, and the reply with its rubric-check marks."""
    t = STRINGS[lang]
    schema = schema or LabelSchema.load()
    dims = [d for d in schema.names if d in df.columns]
    items = []
    for _, row in df.nsmallest(n, "overall").iterrows():
        meta = [f"<b>{row['overall']:.0f}</b>", ", ".join(f"{t.get(d, d)} {row[d]}" for d in dims)]
        when = pd.to_datetime(row.get("date"), utc=True, errors="coerce")
        if not pd.isna(when):
            meta.append(f"{when:%Y-%m-%d %H:%M} UTC")
        meta += [escape(str(row[c])) for c in ("subject", "agent") if str(row.get(c) or "")]
        ref = escape(str(row.get("message_id", row.get("id", ""))), quote=True)
        context = str(row.get("context") or "").strip()
        customer = (
            f"<blockquote class='customer'><b>{t['customer']}:</b> "
            f"{escape(_shorten(context))}</blockquote>"
            if context
            else ""
        )
        body = (
            highlight(str(row["text"]), lang) if "text" in df.columns else f"<i>{t['no_text']}</i>"
        )
        items.append(
            f"<div class='reply' title='{ref}'><div class='meta'>{' · '.join(meta)}</div>"
            f"{customer}<p>{body}</p></div>"
        )
    return legend_html(lang) + "".join(items) if items else ""


def _shorten(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def build_report(
    scores: list[Path],
    output: Path,
    *,
    lang: str | None = None,
    threshold: float = 50.0,
    team_column: str | None = None,
    lowest: int = 10,
    schema: LabelSchema | None = None,
) -> ReportSummary:
    """Write the HTML report for one or more scores files; returns what it counted. ``lang``
    None: ``$APOLOGY_LANG``, else the locale (see :func:`resolve_lang`)."""
    lang, lang_source = resolve_lang(lang)
    t = STRINGS[lang]
    schema = schema or LabelSchema.load()
    df, skipped = load_scores(scores)
    if "skipped_reason" in df.columns:  # table scoring keeps skipped rows in the output
        extra = df[df["skipped_reason"].fillna("") != ""]
        skipped = pd.concat([skipped, pd.DataFrame({"reason": extra["skipped_reason"]})])
        df = df[df["skipped_reason"].fillna("") == ""]
    dims = [d for d in schema.names if d in df.columns]
    if len(df) and not dims:
        raise InputError(f"{scores[0]}: no dimension columns ({', '.join(schema.names)})")
    sections = [_overview(df, skipped, threshold, t)]
    if len(df):
        sections += _scored_sections(df, schema, dims, threshold, team_column, lowest, lang)
    if len(skipped):
        reasons = skipped["reason"].map(lambda r: reason_label(str(r), lang))
        counts = reasons.value_counts().rename_axis(t["reason"]).reset_index(name=t["count"])
        sections.append(f"<h2>{t['skipped_summary']}</h2>{_table(counts)}")
    css = resources.files(__package__).joinpath("report.css").read_text("utf-8")
    html = (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>"
        f"<title>{t['title']}</title><style>{css}</style></head><body>"
        f"<h1>{t['title']}</h1>{''.join(sections)}</body></html>"
    )
    atomic_write_text(output, html)
    return ReportSummary(Path(output), len(df), len(skipped), lang, lang_source)


def _overview(df: pd.DataFrame, skipped: pd.DataFrame, threshold: float, t: dict) -> str:
    items = [
        f"<li>{t['replies']}: <b>{len(df)}</b></li>",
        f"<li>{t['skipped']}: <b>{len(skipped)}</b></li>",
    ]
    if len(df):
        items += [
            f"<li>{t['mean_overall']}: <b>{df['overall'].mean():.1f}</b></li>",
            f"<li>{t['below'].format(threshold=threshold)}: "
            f"<b>{(df['overall'] < threshold).mean() * 100:.0f}%</b></li>",
        ]
    empty = "" if len(df) else f"<p class='empty'>{t['no_replies']}</p>"
    return f"<h2>{t['counts']}</h2><ul>{''.join(items)}</ul>{empty}"


def _scored_sections(
    df: pd.DataFrame,
    schema: LabelSchema,
    dims: list[str],
    threshold: float,
    team_column: str | None,
    lowest: int,
    lang: str,
) -> list[str]:
    t = STRINGS[lang]
    dist = pd.DataFrame(
        {
            t.get(d, d): df[d].value_counts().reindex(range(schema[d].n_levels), fill_value=0)
            for d in dims
        }
    ).T
    dist.columns = [f"{t['level']} {k}" for k in dist.columns]
    sections = [
        f"<h2>{t['distribution']}</h2>{_distribution_chart(df, schema, t)}"
        + _table(dist.reset_index(names=t["dimension"]))
    ]
    if "date" in df.columns and df["date"].notna().any():
        when = pd.to_datetime(df["date"], utc=True, errors="coerce")
        weekly = df.groupby(when.dt.strftime("%G-W%V"))["overall"].mean().sort_index()
        sections.append(f"<h2>{t['trend']}</h2>{_trend_chart(weekly, t)}")
    for col, title in ((team_column, t["per_team"]), ("agent", t["per_agent"])):
        if col and col in df.columns:
            table = summary_table(df, col, threshold, lang, schema)
            sections.append(f"<h2>{title}</h2>{_table(table)}")
    flag_cols = [c for c in df.columns if c.startswith("flag_")]
    if flag_cols:
        share = (df[flag_cols].astype(bool).mean() * 100).sort_values(ascending=False)
        names = [check_name(c.removeprefix("flag_"), lang) for c in share.index]
        flags = pd.DataFrame({t["check"]: names, "%": share.to_numpy()})
        sections.append(f"<h2>{t['flags']}</h2>{_table(flags)}")
    sections.append(f"<h2>{t['lowest']}</h2>{lowest_html(df, lowest, schema, lang)}")
    return sections
