"""Replies per second for one process (`score`), Spark local[N] and Ray on N CPUs, on the same
rows and model in one run; the per-row overhead of each engine over one process.

    .venv/bin/python benchmarks/bench_engines.py --rows 20000 --model models/starter

Each engine is timed twice on the same data and the second (warm) run is reported: the
first pays for starting the JVM or the Ray workers and loading the model in them."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_rows(n: int, path: Path) -> None:
    from apology_clf.data.generator import generate

    df = generate(n, seed=7)[["text", "context"]]
    df["id"] = [f"r{i}" for i in range(n)]
    df.to_parquet(path)


def timed(run, repeat: int = 2) -> float:
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - start)
    return seconds[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--model", default=str(ROOT / "models" / "starter"))
    parser.add_argument("--cpus", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    import ray
    import ray.data
    from pyspark.sql import SparkSession

    from apology_clf.ray import score_ray
    from apology_clf.scoring import score
    from apology_clf.spark import score_spark

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "rows.parquet"
        make_rows(args.rows, data)

        def local() -> None:
            score([data], args.model, tmp / "local.parquet")

        spark = (
            SparkSession.builder.master(f"local[{args.cpus}]")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )

        def on_spark() -> None:
            out = tmp / "spark"
            shutil.rmtree(out, ignore_errors=True)
            df = spark.read.parquet(str(data)).repartition(args.cpus)
            score_spark(df, args.model).write.parquet(str(out))

        ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)

        def on_ray() -> None:
            out = tmp / "ray"
            shutil.rmtree(out, ignore_errors=True)
            ds = ray.data.read_parquet(str(data))
            score_ray(ds, args.model).write_parquet(str(out))  # actors: half the CPUs

        results = {
            "one process (score)": timed(local),
            f"Spark local[{args.cpus}]": timed(on_spark),
            f"Ray on {args.cpus} CPUs": timed(on_ray),
        }
        spark.stop()
        ray.shutdown()
    base = results["one process (score)"]
    print(f"{args.rows} rows, model {Path(args.model).name}, {args.cpus} CPUs")
    print("| engine | seconds | replies/s | overhead per row vs one process |")
    print("|---|---|---|---|")
    for name, seconds in results.items():
        extra_ms = 1000 * (seconds - base) / args.rows
        print(f"| {name} | {seconds:.1f} | {args.rows / seconds:,.0f} | {extra_ms:+.3f} ms |")


if __name__ == "__main__":
    main()
