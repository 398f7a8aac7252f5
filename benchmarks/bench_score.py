"""Scoring throughput: the plain one-reply-at-a-time loop vs ``score``, on the same model and
inputs, in one run.

The plain loop is what a user would otherwise write (tokenize one reply, fp32 forward, softmax).
``score`` runs end to end from JSONL to Parquet. Both use a random-init model of the chosen
shape (RobBERT-base: 12 layers, hidden 768; tiny: 2 layers, hidden 64) and generated Dutch
replies with their customer messages. Peak RSS is measured in child processes at two input
sizes to show whether memory grows with the number of rows.

    python benchmarks/bench_score.py --shape base --rows 2000 --loop-rows 200
    python benchmarks/bench_score.py --model models/starter --rows 5000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHAPES = {
    "tiny": dict(hidden_size=64, num_layers=2, num_heads=2, vocab_size=2000),
    "base": dict(hidden_size=768, num_layers=12, num_heads=12, vocab_size=8000),
}


def build(work: Path, shape: str, rows: int, model: Path | None = None) -> tuple[Path, Path]:
    from apology_clf.data.generator import generate
    from apology_clf.model.directory import save_model
    from apology_clf.model.network import load_base
    from apology_clf.schema import LabelSchema
    from apology_clf.training.scratch import build_base_model

    data = generate(rows, seed=7)
    inputs = work / f"replies-{rows}.jsonl"
    data[["id", "text", "context"]].to_json(inputs, orient="records", lines=True, force_ascii=False)
    model_dir = model or work / f"model-{shape}"
    if not model_dir.exists():
        base = build_base_model(
            [*data["text"], *data["context"]],
            work / f"base-{shape}",
            max_positions=512,
            **SHAPES[shape],
        )
        model, tok = load_base(str(base), LabelSchema.load())
        save_model(model_dir, model, tok, {"base_model": shape, "max_length": 256})
    return model_dir, inputs


def plain_loop(model_dir: Path, inputs: Path, n: int, device: str) -> float:
    """replies/s of the loop a user would write: one reply at a time, fp32."""
    import pandas as pd
    import torch

    from apology_clf.model.directory import load_model

    model, tok, meta = load_model(model_dir, device)
    rows = pd.read_json(inputs, lines=True).head(n)
    length = int(meta.get("max_length", 256))
    start = time.perf_counter()
    with torch.no_grad():
        for text, context in zip(rows["text"], rows["context"], strict=True):
            pair = (text, context) if meta.get("use_context", True) else (text,)
            enc = tok(*pair, truncation=True, max_length=length, return_tensors="pt")
            logits = model(enc["input_ids"].to(device), enc["attention_mask"].to(device))
            _ = {k: torch.softmax(v, -1).cpu() for k, v in logits.items()}
    return len(rows) / (time.perf_counter() - start)


def child(model_dir: Path, inputs: Path, device: str, runtime: str) -> dict:
    from apology_clf.model.loading import load_scorer
    from apology_clf.scoring import score_tables

    clf = load_scorer(model_dir, device, runtime)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        summary = score_tables([inputs], clf, Path(tmp) / "scores.parquet", batch_size=64)
        seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": summary.rows, "seconds": seconds, "rss_mb": rss}


def run_child(model_dir: Path, inputs: Path, device: str, runtime: str) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(model_dir),
            str(inputs),
            "--device",
            device,
            "--runtime",
            runtime,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shape", choices=SHAPES, default="tiny")
    ap.add_argument("--model", type=Path, help="a trained model directory instead of --shape")
    ap.add_argument("--rows", type=int, default=2000, help="rows for score")
    ap.add_argument(
        "--small-rows", type=int, help="rows of the second score run (RSS); default rows/10"
    )
    ap.add_argument("--loop-rows", type=int, default=200, help="rows for the plain loop")
    ap.add_argument("--device", default="cpu")
    ap.add_argument(
        "--runtime",
        choices=["torch", "onnx"],
        default="torch",
        help="score's runtime (onnx: int8 onnxruntime, exported first)",
    )
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(*args.child, args.device, args.runtime)))
        return
    import transformers

    transformers.logging.set_verbosity_error()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-score-"))
    work.mkdir(parents=True, exist_ok=True)
    model_dir, inputs = build(work, args.shape, args.rows, args.model)
    _, small = build(work, args.shape, args.small_rows or max(args.rows // 10, 10), args.model)
    shape = args.model or args.shape
    if args.runtime == "onnx" and not (model_dir / "onnx" / "model.int8.onnx").exists():
        from apology_clf.model.onnx_runtime import export_onnx

        export_onnx(model_dir)
    loop = plain_loop(model_dir, inputs, args.loop_rows, args.device)
    print(f"plain loop ({shape}, {args.device}, fp32, one at a time): {loop:,.1f} replies/s")
    big = run_child(model_dir, inputs, args.device, args.runtime)
    tenth = run_child(model_dir, small, args.device, args.runtime)
    rate = big["rows"] / big["seconds"]
    print(
        f"score ({shape}, {args.device}, {args.runtime}, JSONL -> Parquet): "
        f"{rate:,.1f} replies/s "
        f"({big['rows']} rows), peak RSS {big['rss_mb']:,.0f} MB"
    )
    print(f"speed-up vs the plain loop: {rate / loop:.1f}x")
    print(
        f"peak RSS {tenth['rows']} rows: {tenth['rss_mb']:,.0f} MB; {big['rows']} rows: "
        f"{big['rss_mb']:,.0f} MB (ratio {big['rss_mb'] / tenth['rss_mb']:.2f})"
    )


if __name__ == "__main__":
    main()
