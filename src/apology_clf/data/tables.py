"""Reading labelled and unlabelled reply tables (CSV, JSONL, Parquet) with 🤗 datasets."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import datasets
import pandas as pd

from ..errors import InputError
from ..schema import LabelSchema

BUILDERS = {".csv": "csv", ".jsonl": "json", ".json": "json", ".parquet": "parquet"}
# the user's own columns ride along under this prefix, clear of the columns made here
EXTRA_PREFIX = "input:"


@dataclass
class Columns:
    """Where the fields live in the user's table; ``labels`` maps dimension -> column."""

    text: str = "text"
    context: str = "context"
    id: str = "id"
    labels: dict[str, str] = field(default_factory=dict)

    def label(self, dimension: str) -> str:
        """The column holding ``dimension``'s labels (the dimension's own name unless mapped)."""
        return self.labels.get(dimension, dimension)

    @classmethod
    def parse(
        cls,
        text: str = "text",
        context: str = "context",
        id: str = "id",
        label_map: Sequence[str] = (),
    ) -> Columns:
        """Build from CLI options; ``label_map`` items look like ``dimension=column``."""
        labels = {}
        for item in label_map:
            dim, sep, col = item.partition("=")
            if not sep or not dim or not col:
                raise InputError(f"`label_column` {item!r}: expected DIMENSION=COLUMN")
            labels[dim.strip()] = col.strip()
        return cls(text, context, id, labels)


def builder_for(path: Path) -> str:
    """The ``datasets`` builder for a table file (csv, json or parquet), from its suffix."""
    suffix = path.suffix.lower()
    if suffix not in BUILDERS:
        raise InputError(f"{path}: unsupported file type {suffix!r} (use .csv, .jsonl or .parquet)")
    return BUILDERS[suffix]


@contextmanager
def _table_errors(path: Path, builder: str) -> Iterator[None]:
    """Turn datasets' parse errors into one line naming the file."""
    level = datasets.logging.get_verbosity()
    # datasets logs its own copy of a parse error; ours below names the file once
    datasets.logging.set_verbosity(logging.CRITICAL)
    datasets.disable_progress_bars()
    try:
        yield
    except datasets.exceptions.DatasetGenerationError as e:
        raise _table_error(path, builder, e.__cause__ or e) from None
    except (ValueError, OSError) as e:
        raise _table_error(path, builder, e) from None
    finally:
        datasets.logging.set_verbosity(level)


def _table_error(path: Path, builder: str, cause: BaseException) -> InputError:
    if isinstance(cause, UnicodeDecodeError):
        return InputError(
            f"{path}: cannot decode as UTF-8 at byte {cause.start}; save the file as UTF-8"
        )
    return InputError(f"{path}: cannot parse {builder.upper()} ({str(cause).splitlines()[0]})")


def dataset_format(paths: Sequence[str | Path]) -> str:
    """``parquet``, ``csv`` or ``jsonl`` for files or directories of such files (one format
    for all), as the Spark and Ray engines read them."""
    formats = set()
    for path in map(Path, paths):
        if not path.exists():
            raise InputError(f"{path}: file not found")
        files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
        suffixes = {p.suffix.lower() for p in files if not p.name.startswith((".", "_"))}
        formats |= {BUILDERS[s] for s in suffixes if s in BUILDERS}
    if len(formats) != 1:
        found = ", ".join(sorted(formats)) or "none"
        raise InputError(f"the inputs must hold one of CSV, JSONL or Parquet (found: {found})")
    fmt = formats.pop()
    return "jsonl" if fmt == "json" else fmt


def _checked(path: str | Path) -> tuple[Path, str]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: file not found")
    return path, builder_for(path)


def _empty_table(path: Path, builder: str) -> pd.DataFrame | None:
    """The file's columns when it holds no rows (datasets refuses such files), else None."""
    if builder == "parquet":
        import pyarrow.parquet as pq

        with _table_errors(path, builder):
            if pq.read_metadata(path).num_rows:
                return None
            return pq.read_table(path).to_pandas()
    with path.open("rb") as f:
        lines = [line for line in f.read(1 << 16).splitlines() if line.strip()][:2]
    if builder == "csv" and len(lines) == 1:  # a header only
        with _table_errors(path, builder):
            return pd.read_csv(path)
    return pd.DataFrame() if not lines else None


def read_table(path: str | Path) -> pd.DataFrame:
    """Read one CSV/JSONL/Parquet file into a DataFrame, with errors that name the file."""
    path, builder = _checked(path)
    empty = _empty_table(path, builder)
    if empty is not None:
        return empty
    with _table_errors(path, builder):
        ds = datasets.load_dataset(builder, data_files=str(path.resolve()), split="train")
        return ds.to_pandas()


def iter_table(path: str | Path, rows: int = 4096) -> Iterator[pd.DataFrame]:
    """Stream one CSV/JSONL/Parquet file in DataFrames of at most ``rows`` rows, indexed by
    row position in the file, so memory does not grow with the file (datasets streaming)."""
    path, builder = _checked(path)
    if _empty_table(path, builder) is not None:
        return
    with _table_errors(path, builder):
        ds = datasets.load_dataset(
            builder, data_files=str(path.resolve()), split="train", streaming=True
        )
        offset = 0
        for batch in ds.iter(batch_size=rows):
            df = pd.DataFrame(batch)
            df.index += offset
            offset += len(df)
            yield df


def derive_ids(
    texts: Sequence[str], contexts: Sequence[str], seen: dict[str, int] | None = None
) -> list[str]:
    """Stable ids from content, so the same row gets the same id in every run.

    Identical rows get a ``-2``, ``-3`` … suffix in order of appearance; pass the same
    ``seen`` dict to number repeats across several calls (chunks, files)."""
    seen = {} if seen is None else seen
    ids = []
    for text, context in zip(texts, contexts, strict=True):
        h = hashlib.sha1(f"{text}\x1f{context}".encode()).hexdigest()[:16]
        seen[h] = seen.get(h, 0) + 1
        ids.append(h if seen[h] == 1 else f"{h}-{seen[h]}")
    return ids


def clean_text(value: object) -> str:
    """A cell as text: missing values (None, NaN, pd.NA) are the empty string."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def load_replies(
    paths: str | Path | Sequence[str | Path],
    columns: Columns | None = None,
    schema: LabelSchema | None = None,
    *,
    require_labels: bool = False,
    allow_empty_text: bool = False,
    extra_columns: Sequence[str] | str | None = None,
) -> pd.DataFrame:
    """Load reply tables into one DataFrame with columns ``id, text, context, source_file,
    source_row`` and, when ``schema`` is given and the labels are present, one integer column
    per dimension.

    ``require_labels`` makes every dimension of the schema mandatory (train, evaluate);
    otherwise label columns are kept when present. Empty texts are errors unless
    ``allow_empty_text`` (scoring keeps the row and reports it as skipped).
    """
    chunks = list(
        iter_replies(
            paths,
            columns,
            schema,
            require_labels=require_labels,
            allow_empty_text=allow_empty_text,
            extra_columns=extra_columns,
        )
    )
    return pd.concat(chunks, ignore_index=True)


def iter_replies(
    paths: str | Path | Sequence[str | Path],
    columns: Columns | None = None,
    schema: LabelSchema | None = None,
    *,
    require_labels: bool = False,
    allow_empty_text: bool = False,
    rows: int = 4096,
    extra_columns: Sequence[str] | str | None = None,
) -> Iterator[pd.DataFrame]:
    """:func:`load_replies` in chunks of at most ``rows`` rows (a file's last chunk may be
    shorter), streamed from disk: a file of any size is read in constant memory.

    ``extra_columns``: the user's other columns to carry along (``"all"``, or names), each as
    ``input:<name>``."""
    columns = columns or Columns()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise InputError("no input files given")
    seen_ids: set[str] = set()
    repeats: dict[str, int] = {}
    for path in map(Path, paths):
        empty = True
        for raw in iter_table(path, rows):
            empty = False
            out = _normalise(raw, path, columns, schema, require_labels, allow_empty_text, repeats)
            out = with_extras(out, raw, str(path), columns, extra_columns)
            for i in out["id"]:
                if i in seen_ids:
                    raise InputError(f"duplicate id {i!r} in the input (ids must be unique)")
                seen_ids.add(i)
            yield out.reset_index(drop=True)
        if empty:  # keep the columns of an empty file
            yield _normalise(
                pd.DataFrame({columns.text: []}), path, columns, schema, False, True, repeats
            )


def kept_columns(
    available: Sequence[str], columns: Columns, keep: Sequence[str] | str | None, where: str
) -> list[str]:
    """The user's own columns to carry into the output: ``keep`` ``"all"`` (every column
    but the text, context and id), names (each must exist in ``where``), or None."""
    if not keep:
        return []
    if keep == "all":
        return [c for c in available if c not in {columns.text, columns.context, columns.id}]
    for name in keep:
        if name not in available:
            listed = ", ".join(map(str, available))
            raise InputError(f"{where}: no column {name!r} to keep (columns: {listed})")
    return list(keep)


def with_extras(
    out: pd.DataFrame,
    raw: pd.DataFrame,
    where: str,
    columns: Columns,
    keep: Sequence[str] | str | None,
) -> pd.DataFrame:
    """``out`` with the kept columns of ``raw`` added as ``input:<name>``."""
    for name in kept_columns(list(raw.columns), columns, keep, where):
        out[EXTRA_PREFIX + str(name)] = raw[name].to_numpy()
    return out


def _normalise(
    raw: pd.DataFrame,
    path: Path,
    columns: Columns,
    schema: LabelSchema | None,
    require_labels: bool,
    allow_empty_text: bool,
    repeats: dict[str, int],
) -> pd.DataFrame:
    if columns.text not in raw.columns:
        raise InputError(
            f"{path}: missing column {columns.text!r} (columns: {', '.join(map(str, raw.columns))})"
        )
    out = pd.DataFrame(index=raw.index)
    out["text"] = [clean_text(v) for v in raw[columns.text]]
    if columns.context in raw.columns:
        out["context"] = [clean_text(v) for v in raw[columns.context]]
    else:
        out["context"] = ""
    if not allow_empty_text:
        empty = out.index[out["text"].str.strip() == ""]
        if len(empty):
            raise InputError(f"{path}: row {empty[0] + 1}: column {columns.text!r} is empty")
    if columns.id in raw.columns:
        out["id"] = [clean_text(v) for v in raw[columns.id]]
        missing = out.index[out["id"] == ""]
        if len(missing):
            raise InputError(f"{path}: row {missing[0] + 1}: column {columns.id!r} is empty")
    else:
        out["id"] = derive_ids(out["text"], out["context"], repeats)
    out["source_file"] = str(path)
    out["source_row"] = raw.index + 1
    for dim in schema.dimensions if schema else ():
        col = columns.label(dim.name)
        if col not in raw.columns:
            if require_labels:
                raise InputError(f"{path}: missing label column {col!r} for dimension {dim.name!r}")
            continue
        out[dim.name] = _levels(raw[col], path, col, dim.n_levels)
    return out[["id", "text", "context", *out.columns.drop(["id", "text", "context"])]]


def _levels(values: pd.Series, path: Path, col: str, n_levels: int) -> pd.Series:
    numeric = pd.to_numeric(values, errors="coerce")
    bad = ~numeric.isin(range(n_levels))
    if bad.any():
        i = int(bad.to_numpy().nonzero()[0][0])
        raise InputError(
            f"{path}: row {values.index[i] + 1}: column {col!r} has '{values.iloc[i]}', "
            f"expected a level 0..{n_levels - 1}"
        )
    return numeric.astype("int64")


def labelled_frame(
    data: pd.DataFrame | str | Path | Sequence[str | Path],
    columns: Columns | None,
    schema: LabelSchema,
    *,
    by: str | None = None,
) -> pd.DataFrame:
    """Labelled rows from a DataFrame (used as it is) or from file path(s); ``by`` names a
    column of the input to keep as ``input:<by>`` (e.g. to report metrics per channel)."""
    if isinstance(data, pd.DataFrame):
        if by is not None and by not in data.columns:
            raise InputError(f"no column {by!r} to group by (columns: {', '.join(data.columns)})")
        return data if by is None else data.assign(**{EXTRA_PREFIX + by: data[by]})
    return load_replies(data, columns, schema, require_labels=True, extra_columns=by and [by])
