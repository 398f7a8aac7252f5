"""The notebooks run headless (papermill and plain nbconvert) against the tiny test model and
the example mailbox, and are committed without outputs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest

ROOT = Path(__file__).parent.parent
NOTEBOOKS = ["retrain.ipynb", "monthly_qa_report.ipynb"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs_and_one_parameters_cell(name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1


def run(name, tmp_path, **parameters):
    out = tmp_path / f"out-{name}"
    papermill.execute_notebook(
        str(ROOT / "notebooks" / name),
        str(out),
        parameters=parameters,
        cwd=str(ROOT),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
    )
    return nbformat.read(out, as_version=4)


def test_retrain_notebook(tiny_base, trained_model, tmp_path):
    # the project's own splits: they pass the notebook's data check (the synthetic phrase
    # rows share contexts across splits, which the check rightly calls leakage)
    labelled = ROOT / "data" / "labelled"
    target = tmp_path / "installed"
    run(
        "retrain.ipynb",
        tmp_path,
        train_path=str(labelled / "train.jsonl"),
        val_path=str(labelled / "validation.jsonl"),
        test_path=str(labelled / "test.jsonl"),
        base_model=str(tiny_base),
        current_model=str(trained_model),
        output_dir=str(tmp_path / "retrain"),
        save_to=str(target),
        epochs=3,
        lr=2e-3,
        max_length=96,
        n_boot=50,
    )
    comparison = pd.read_csv(tmp_path / "retrain" / "comparison.csv")
    assert set(comparison["model"]) == {"new", "current", "new - current"}
    assert len(comparison) == 12
    assert (comparison["ci_low"] <= comparison["macro_f1"] + 1e-9).all()
    assert (comparison["macro_f1"] <= comparison["ci_high"] + 1e-9).all()
    assert (target / "model.safetensors").is_file()  # installed because save_to was given


def test_retrain_notebook_stops_on_bad_labels(tiny_base, data_dir, tmp_path):
    bad = tmp_path / "bad.jsonl"
    rows = pd.read_json(data_dir / "train.jsonl", lines=True)
    rows.loc[0, "empathy"] = 9
    rows.to_json(bad, orient="records", lines=True)
    with pytest.raises(papermill.PapermillExecutionError, match="problem"):
        run(
            "retrain.ipynb",
            tmp_path,
            train_path=str(bad),
            val_path=str(data_dir / "val.jsonl"),
            test_path=str(data_dir / "test.jsonl"),
            base_model=str(tiny_base),
            output_dir=str(tmp_path / "r"),
        )
    assert not (tmp_path / "r" / "candidate").exists()


def test_monthly_notebook_with_papermill(trained_model, tmp_path):
    nb = run(
        "monthly_qa_report.ipynb",
        tmp_path,
        model=str(trained_model),
        output_dir=str(tmp_path / "qa"),
        month="2026-10",
        lang="en",
    )
    html = (tmp_path / "qa" / "report-2026-10.html").read_text()
    assert "Lowest-scoring replies" in html
    scores = pd.read_parquet(tmp_path / "qa" / "scores-2026-10.parquet")
    assert len(scores) == 40
    text = json.dumps([c.get("outputs", []) for c in nb.cells])
    assert "40 scored" in text and "widget" not in text  # quiet and headless


def test_monthly_notebook_with_plain_nbconvert_and_env(tmp_path):
    # no APOLOGY_MODEL: a batch job gets the starter model in models/starter
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("APOLOGY_MODEL", "APOLOGY_CLF_MODEL")},
        "APOLOGY_MONTH": "2026-10",
        "APOLOGY_OUTPUT_DIR": str(tmp_path / "qa"),
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "nbconvert",
        "--to",
        "html",
        "--execute",
        "--output-dir",
        str(tmp_path),
        str(ROOT / "notebooks" / "monthly_qa_report.ipynb"),
    ]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    assert (tmp_path / "qa" / "report-2026-10.html").is_file()
    assert (tmp_path / "monthly_qa_report.html").is_file()
    scores = pd.read_parquet(tmp_path / "qa" / "scores-2026-10.parquet")
    assert len(scores) == 40 and scores["sincerity"].between(0, 2).all()
    # an error stops the run with a non-zero exit: no half-rendered "success"
    env["APOLOGY_MAILBOX"] = str(tmp_path / "missing.mbox")
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert r.returncode != 0 and "missing.mbox" in r.stderr


def test_a_failed_monthly_run_leaves_no_empty_output_folder(trained_model, tmp_path):
    with pytest.raises(papermill.PapermillExecutionError, match="not found"):
        run(
            "monthly_qa_report.ipynb",
            tmp_path,
            mailbox=str(tmp_path / "oktobr.mbox"),
            model=str(trained_model),
            output_dir=str(tmp_path / "qa"),
        )
    assert not (tmp_path / "qa").exists()
