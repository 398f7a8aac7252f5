"""Batch scoring of reply files and mailbox exports: ``apology-clf score``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd

from .data.tables import Columns, iter_replies
from .errors import InputError
from .io import check_table_path
from .mail.sources import MAIL_FORMATS, detect_format
from .model.frames import output_frame
from .model.loading import default_model, load_scorer
from .model.scorer import Scorer
from .model.streaming import score_chunks
from .resume import ChunkStore, fingerprint, model_id

TABLE_FORMATS = ("csv", "jsonl", "parquet")
ENGINES = ("local", "spark", "ray")


@dataclass
class ScoreSummary:
    """What a :func:`score` run did: rows read, scored and skipped (by reason), where the
    output and the skipped file went, the date range applied and any warnings."""

    output: Path
    rows: int
    scored: int
    skipped: int
    skipped_reasons: dict[str, int]
    skipped_file: Path | None = None
    since: datetime | None = None
    until: datetime | None = None
    warnings: list[str] = field(default_factory=list)  # when little or nothing was scored

    def describe(self) -> str:
        """The end-of-run line: counts, skip reasons, the date range applied, where it went."""
        reasons = ", ".join(f"{n} {why}" for why, n in self.skipped_reasons.items())
        return (
            f"{self.rows} {'messages read' if self.skipped_file else 'rows'}: "
            f"{self.scored} scored, {self.skipped} skipped"
            + (f" ({reasons})" if reasons else "")
            + (f"; {describe_range(self.since, self.until)}" if self.since or self.until else "")
            + f" -> {self.output}"
            + (f" (skipped: {self.skipped_file})" if self.skipped_file else "")
        )


def parse_when(value: str | None, option: str, *, end: bool = False) -> datetime | None:
    """An ISO date or date-time; without a timezone it is taken as UTC. As the ``end`` of a
    range, a bare date means the whole of that day (the range stops at the next midnight);
    a date-time stays exact."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r}: expected a date like 2026-10-01") from None
    if end and _is_bare_date(value):
        dt += timedelta(days=1)
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _is_bare_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def date_range(
    since: str | None = None, until: str | None = None, month: str | None = None
) -> tuple[datetime | None, datetime | None]:
    """The mail dates a run selects, start included and end excluded: ``month`` (YYYY-MM) is
    that whole month; otherwise ``since`` and ``until`` (a bare date as ``until`` includes
    that day)."""
    if month:
        if since or until:
            raise InputError("`month` cannot be combined with `since` or `until`")
        return month_range(month)
    return parse_when(since, "`since`"), parse_when(until, "`until`", end=True)


def describe_range(since: datetime | None, until: datetime | None) -> str:
    """``dates 2026-10-01 00:00 UTC up to 2026-11-01 00:00 UTC (end excluded)``, in words a
    summary line can carry."""
    fmt = "%Y-%m-%d %H:%M %Z"
    if since and until:
        return f"dates {since:{fmt}} up to {until:{fmt}} (end excluded)"
    if since:
        return f"dates from {since:{fmt}}"
    return f"dates before {until:{fmt}}"


def month_range(month: str) -> tuple[datetime, datetime]:
    """``"2026-10"`` -> (2026-10-01, 2026-11-01), UTC: the since/until of a monthly run."""
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=timezone.utc)
    except ValueError:
        raise InputError(f"`month` {month!r}: expected YYYY-MM, e.g. 2026-10") from None
    end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start, end


def score(
    inputs: Sequence[str | Path],
    model: str | Path | Scorer | None,
    output: str | Path,
    *,
    columns: Columns | None = None,
    batch_size: int = 32,
    fmt: str | None = None,
    org: Sequence[str] = (),
    since: datetime | None = None,
    until: datetime | None = None,
    include_text: bool = False,
    resume: bool = False,
    runtime: str = "torch",
    keep_columns: Sequence[str] | str | None = "all",
    engine: str = "local",
) -> ScoreSummary:
    """Score reply tables or mailbox exports (format from the path, or ``fmt``); ``resume``
    continues an interrupted run with the same inputs and settings; ``runtime`` is torch or
    onnx (see :func:`load_scorer`); ``model`` None is the starter model. Tables keep their
    own columns in the output (``keep_columns``: ``"all"``, names, or None) and, with
    ``include_text``, the reply and its context. ``engine`` ``spark`` or ``ray`` scores
    tables (files or directories) on that engine into a directory of Parquet files."""
    if engine not in ENGINES:
        raise InputError(f"`engine` {engine!r}: use one of {', '.join(ENGINES)}")
    model = default_model() if model is None else model
    paths = [Path(p) for p in inputs]
    for p in paths:  # before anything else, for every kind of input
        if not p.exists():
            raise InputError(f"{p}: file not found")
    if engine != "local":
        options = dict(keep_columns=keep_columns, include_text=include_text, runtime=runtime)
        return _score_on_engine(engine, paths, model, Path(output), columns, batch_size, options)
    if fmt is not None and fmt not in (*TABLE_FORMATS, *MAIL_FORMATS):
        raise InputError(f"`fmt` {fmt!r}: use one of {', '.join(TABLE_FORMATS + MAIL_FORMATS)}")
    formats = [fmt or detect_format(p) for p in paths]
    mail = [f in MAIL_FORMATS for f in formats]
    if any(mail):
        if not all(mail):
            raise InputError("mix of mailbox and table inputs: score them in separate runs")
        from .mail.pipeline import score_mailbox

        s = score_mailbox(
            list(zip(paths, formats, strict=True)),
            model,
            output,
            org=org,
            since=since,
            until=until,
            include_text=include_text,
            batch_size=batch_size,
            resume=resume,
            runtime=runtime,
        )
        skipped = sum(s.skipped.values())
        return ScoreSummary(
            s.output,
            s.read,
            s.scored,
            skipped,
            dict(s.skipped),
            s.skipped_file,
            since,
            until,
            s.warnings(org),
        )
    return score_tables(
        paths,
        model,
        output,
        columns=columns,
        batch_size=batch_size,
        resume=resume,
        runtime=runtime,
        include_text=include_text,
        keep_columns=keep_columns,
    )


def score_tables(
    inputs: Sequence[Path],
    model: str | Path | Scorer,
    output: str | Path,
    *,
    columns: Columns | None = None,
    batch_size: int = 32,
    resume: bool = False,
    chunk_size: int = 4096,
    runtime: str = "torch",
    include_text: bool = False,
    keep_columns: Sequence[str] | str | None = "all",
) -> ScoreSummary:
    """Score every row of the input tables and write exactly one output row per input row:
    ``id``, the input's own columns (``keep_columns``), with ``include_text`` the ``text``
    and ``context``, then the scores. An input column whose name the output uses already
    gets the suffix ``_input``.

    Rows that cannot be scored (empty text) keep their row, with no scores and a
    ``skipped_reason``. Chunks are kept as they finish, so ``resume`` continues an
    interrupted run; the output is written atomically in the format its extension names.
    """
    output = check_table_path(output)
    read = dict(allow_empty_text=True, rows=chunk_size, extra_columns=keep_columns)
    # a first streamed pass finds bad input before the model loads and nothing is written
    for _ in iter_replies(inputs, columns, **read):
        pass
    clf = load_scorer(model, runtime=runtime)
    run_id = fingerprint(
        inputs,
        model=model_id(model),
        runtime=runtime,
        chunk=chunk_size,
        columns=str(columns),
        keep=keep_columns,
        text=include_text,
    )
    store = ChunkStore(output, run_id, resume)

    def combine(rows: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
        return output_frame(rows, scores, include_text)

    chunks = iter_replies(inputs, columns, **read)
    count = score_chunks(clf, chunks, store, batch_size, combine=combine)
    reasons = pd.concat(
        [store.column(i, "skipped_reason") for i in range(count)] or [pd.Series(dtype=str)]
    )
    counts = {k: int(v) for k, v in reasons[reasons != ""].value_counts().items()}
    rows = store.finish(
        count, lambda: combine(pd.DataFrame(columns=["text", "context"]), clf.score([], ids=[]))
    )
    skipped = sum(counts.values())
    warnings = []
    if rows and not rows - skipped:
        why = ", ".join(f"{n} {reason}" for reason, n in counts.items())
        text_column = (columns or Columns()).text
        warnings.append(
            f"no row was scored ({why}): is {text_column!r} the column with the replies? "
            "Name it with `text_column`"
        )
    return ScoreSummary(output, rows, rows - skipped, skipped, counts, warnings=warnings)


def _score_on_engine(
    engine: str,
    paths: list[Path],
    model,
    output: Path,
    columns: Columns | None,
    batch_size: int,
    options: dict,
) -> ScoreSummary:
    columns = columns or Columns()
    if columns.labels:
        raise InputError("label columns are not read when scoring; leave out `label_column`")
    options.update(text=columns.text, context=columns.context, id=columns.id)
    if engine == "spark":
        from .spark import score_files_spark as run
    else:
        from .ray import score_files_ray as run
    run(paths, output, model, batch_size=batch_size, **options)
    reasons = pd.read_parquet(output, columns=["skipped_reason"])["skipped_reason"]
    counts = {k: int(v) for k, v in reasons[reasons != ""].value_counts().items()}
    skipped = sum(counts.values())
    return ScoreSummary(output, len(reasons), len(reasons) - skipped, skipped, counts)
