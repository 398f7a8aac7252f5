"""CLI start-up: wall time of `apology-clf --help`, `score --help` and scoring a one-row CSV
with the starter model, for this checkout and for a baseline revision, in one run.

The baseline's `src/` is extracted with `git archive` and run from a temporary directory
(PYTHONPATH ahead of the editable install), so both use the same interpreter and packages.

    .venv/bin/python benchmarks/bench_cli_startup.py               # baseline: eager imports
    .venv/bin/python benchmarks/bench_cli_startup.py --repeat 5 --baseline-rev HEAD~3
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the last commit whose package imported torch, transformers and datasets on `import apology_clf`
EAGER_IMPORTS_REV = "2f9196d"
RUN = "import sys; from apology_clf.cli import main; sys.argv[0] = 'apology-clf'; main()"


def extract_src(rev: str, into: Path) -> Path:
    """``src/`` of ``rev`` in ``into``."""
    tar = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, check=True, capture_output=True)
    with tarfile.open(fileobj=BytesIO(tar.stdout)) as t:
        t.extractall(into, filter="data")
    return into / "src"


def wall(src: Path, args: list[str], repeat: int) -> float:
    """Median seconds of ``apology-clf ARGS`` with the package taken from ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", RUN, *args], env=env, check=True, capture_output=True, cwd=ROOT
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-rev", default=EAGER_IMPORTS_REV)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        one_row = tmp / "one.csv"
        with one_row.open("w", newline="") as f:
            csv.writer(f).writerows([["text"], ["Sorry dat uw pakket te laat was."]])
        starter = str(ROOT / "models" / "starter")
        cases = {
            "apology-clf --help": ["--help"],
            "apology-clf score --help": ["score", "--help"],
            "score a one-row CSV (starter)": [
                "score",
                str(one_row),
                "--model",
                starter,
                "-o",
                str(tmp / "out.csv"),
            ],  # fmt: skip
        }
        baseline = extract_src(args.baseline_rev, tmp / "baseline")
        print(f"median of {args.repeat} runs; baseline {args.baseline_rev}; {os.cpu_count()} CPUs")
        print("| command | baseline | now | speed-up |")
        print("|---|---|---|---|")
        for name, argv in cases.items():
            before = wall(baseline, argv, args.repeat)
            now = wall(ROOT / "src", argv, args.repeat)
            print(f"| `{name}` | {before:.2f} s | {now:.2f} s | {before / now:.1f}x |")
        version = wall(ROOT / "src", ["--version"], args.repeat)
        print(f"| `apology-clf --version` | (no such option) | {version:.2f} s | |")


if __name__ == "__main__":
    main()
