"""Shared fixtures: a tiny RoBERTa checkpoint built from scratch and a model trained on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# tests build their own models and never reach for the hub; set before transformers loads
os.environ["HF_HUB_OFFLINE"] = "1"

import pytest  # noqa: E402
import transformers
from learnable import all_texts, make_rows
from typer.testing import CliRunner

from apology_clf import train
from apology_clf.cli import app
from apology_clf.training.scratch import build_base_model

transformers.logging.set_verbosity_error()
TRAIN_OPTIONS = dict(epochs=8, lr=2e-3, batch_size=16, max_length=96, patience=3)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    """A random-init 2-layer RoBERTa with a byte-level BPE tokenizer, via save_pretrained."""
    return build_base_model(
        all_texts(),
        tmp_path_factory.mktemp("tiny_base"),
        vocab_size=400,
        hidden_size=64,
        num_layers=2,
        num_heads=2,
        max_positions=128,
    )


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("data")
    make_rows(300, 1).to_json(d / "train.jsonl", orient="records", lines=True)
    make_rows(60, 2, "v").to_json(d / "val.jsonl", orient="records", lines=True)
    make_rows(100, 3, "t").to_json(d / "test.jsonl", orient="records", lines=True)
    return d


@pytest.fixture(scope="session")
def trained_model(tiny_base, data_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("models") / "tiny"
    train(
        data_dir / "train.jsonl",
        out,
        val_data=data_dir / "val.jsonl",
        base_model=str(tiny_base),
        **TRAIN_OPTIONS,
    )
    return out


EXAMPLES = Path(__file__).parent.parent / "data" / "examples"


def score_example_mailbox(model, out: Path) -> subprocess.CompletedProcess:
    """Score the shipped example mailbox with its text, as a QA run would."""
    return run_cli(
        "score",
        EXAMPLES / "mailbox.mbox",
        "--from",
        "*@voorbeeld-service.nl",
        "--model",
        model,
        "-o",
        out,
        "--include-text",
    )


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a command in-process through Typer's CliRunner: exit code, stdout and stderr as the
    console script gives them. An exception the app did not turn into an exit code is raised
    here, so a would-be traceback fails the test."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def run_console(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real console entry point in a subprocess (exit code, stderr, no traceback)."""
    return subprocess.run(
        [sys.executable, "-m", "apology_clf", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )
