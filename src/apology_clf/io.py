"""Writing outputs safely: to a temporary file beside the target, then renamed, so a failed
run never leaves a half-written or clobbered file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .errors import InputError

TABLE_FORMATS = (".csv", ".jsonl", ".parquet")


@contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; outputs get the usual mode
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@contextmanager
def atomic_dir(path: str | Path):
    """Yield an empty temporary directory beside ``path``; on success it replaces ``path``
    (the old one is removed only after the swap), on failure it is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp, old = path.with_name(f".{path.name}.tmp"), path.with_name(f".{path.name}.old")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        yield tmp
        if path.exists():
            shutil.rmtree(old, ignore_errors=True)
            path.rename(old)
            tmp.rename(path)
            shutil.rmtree(old)
        else:
            tmp.rename(path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write UTF-8 text to a temporary file beside ``path``, then rename it into place."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def check_table_path(path: str | Path) -> Path:
    """``path`` as a Path, if it names a table format we write (.csv, .jsonl, .parquet)."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_FORMATS:
        raise InputError(f"{path}: output must end in .csv, .jsonl or .parquet")
    return path


def _writer(suffix: str) -> Callable[[pd.DataFrame, Path], None]:
    return {
        ".csv": lambda df, p: df.to_csv(p, index=False),
        ".jsonl": lambda df, p: df.to_json(p, orient="records", lines=True, force_ascii=False),
        ".parquet": lambda df, p: df.to_parquet(p, index=False),
    }[suffix]


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write a DataFrame in the format its extension names, atomically."""
    path = check_table_path(path)
    with atomic_path(path) as tmp:
        _writer(path.suffix.lower())(df, tmp)
    return path


class TableWriter:
    """Write a table chunk by chunk (CSV, JSONL or Parquet by extension) to a temporary file
    that replaces ``path`` only when :meth:`close` is reached without error."""

    def __init__(self, path: str | Path):
        self.path = check_table_path(path)
        self.suffix = self.path.suffix.lower()
        self._ctx = atomic_path(self.path)
        self.tmp = self._ctx.__enter__()
        self._parquet = None
        self.rows = 0

    def write(self, df: pd.DataFrame) -> None:
        """Append ``df``'s rows to the temporary output."""
        if self.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, preserve_index=False)
            if self._parquet is None:
                self._parquet = pq.ParquetWriter(self.tmp, table.schema)
            self._parquet.write_table(table.cast(self._parquet.schema))
        elif self.suffix == ".csv":
            df.to_csv(self.tmp, mode="a", header=self.rows == 0, index=False)
        else:
            with open(self.tmp, "a", encoding="utf-8") as f:
                if len(df):
                    text = df.to_json(orient="records", lines=True, force_ascii=False)
                    f.write(text if text.endswith("\n") else text + "\n")
        self.rows += len(df)

    def close(self, ok: bool = True) -> None:
        """Finish: with ``ok`` rename the output into place, else remove it (the old one stays)."""
        if self._parquet is not None:
            self._parquet.close()
        if ok:
            self._ctx.__exit__(None, None, None)
        else:
            self._ctx.__exit__(RuntimeError, RuntimeError(), None)

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        self.close(ok=exc_type is None)
        return False
