"""Resumable scoring: finished chunks are kept in ``<output>.parts/`` so an interrupted run
continues where it stopped; the final output is assembled from the parts (streamed) and the
parts are removed."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from .io import TableWriter, atomic_path


def model_id(model) -> str:
    """A stable name for a model argument: its path, or a scorer's ``source``."""
    return str(
        getattr(model, "source", None)
        or (model if isinstance(model, (str, Path)) else type(model).__name__)
    )


def fingerprint(inputs: Sequence[Path], **settings) -> str:
    """Identifies a run: input files (path, size, mtime) and the settings that shape chunks."""
    h = hashlib.sha256()
    for p in inputs:
        st = Path(p).stat()
        h.update(f"{Path(p).resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()


class ChunkStore:
    """Parts of an output, one Parquet file per chunk index."""

    def __init__(self, output: Path, run_id: str, resume: bool):
        self.output = Path(output)
        self.dir = self.output.with_name(self.output.name + ".parts")
        manifest = self.dir / "manifest.json"
        same_run = manifest.is_file() and json.loads(manifest.read_text()).get("run") == run_id
        if self.dir.exists() and not (resume and same_run):
            shutil.rmtree(self.dir)  # a fresh run, or the inputs/settings changed
        self.dir.mkdir(parents=True, exist_ok=True)
        manifest.write_text(json.dumps({"run": run_id}))
        self.reused = 0

    def _part(self, index: int) -> Path:
        return self.dir / f"part-{index:06d}.parquet"

    def has(self, index: int) -> bool:
        """Whether chunk ``index`` was finished by an earlier run (and counts it as reused)."""
        done = self._part(index).is_file()
        self.reused += done
        return done

    def column(self, index: int, name: str) -> pd.Series:
        """One column of a stored chunk."""
        return pd.read_parquet(self._part(index), columns=[name])[name]

    def put(self, index: int, df: pd.DataFrame) -> None:
        """Store a finished chunk atomically."""
        with atomic_path(self._part(index)) as tmp:
            df.to_parquet(tmp, index=False)

    def finish(self, count: int, empty: Callable[[], pd.DataFrame]) -> int:
        """Write parts 0..count-1 to the output in order, then remove them; with no parts,
        an empty table with the columns ``empty()`` gives. Returns the rows written."""
        rows = 0
        with TableWriter(self.output) as writer:
            for i in range(count):
                part = pd.read_parquet(self._part(i))
                writer.write(part)
                rows += len(part)
            if count == 0:
                writer.write(empty())
        shutil.rmtree(self.dir)
        return rows
