"""The CPU path: ONNX export, int8 quantization, score --runtime onnx."""

import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import run_cli

from apology_clf import ApologyClassifier, evaluate
from apology_clf.model.onnx_runtime import OnnxClassifier, export_onnx


@pytest.fixture(scope="module")
def exported(trained_model, tmp_path_factory):
    model = tmp_path_factory.mktemp("onnx") / "model"
    shutil.copytree(trained_model, model)
    paths = export_onnx(model)
    assert [p.name for p in paths] == ["model.onnx", "model.int8.onnx"]
    return model


def test_fp32_onnx_matches_torch_on_every_length(exported, data_dir):
    rows = pd.read_json(data_dir / "test.jsonl", lines=True)
    texts = rows["text"].tolist()
    texts[0] = texts[0] * 12  # longer than the export's example batch, truncated at max length
    ref = ApologyClassifier.load(exported).predict_proba(texts, rows["context"])
    got = OnnxClassifier(exported, quantized=False).predict_proba(texts, rows["context"])
    for name in ref:
        np.testing.assert_allclose(got[name], ref[name], atol=1e-4)


def test_int8_stays_close_to_fp32(exported, data_dir):
    fp32 = evaluate(OnnxClassifier(exported, quantized=False), [data_dir / "test.jsonl"])
    int8 = evaluate(OnnxClassifier(exported), [data_dir / "test.jsonl"])
    assert abs(int8.mean_macro_f1 - fp32.mean_macro_f1) < 0.02


def test_cli_export_and_score_with_onnx(exported, trained_model, data_dir, tmp_path):
    out = tmp_path / "scores.csv"
    r = run_cli(
        "score", data_dir / "test.jsonl", "--model", exported, "--runtime", "onnx", "-o", out
    )
    assert r.returncode == 0, r.stderr
    assert len(pd.read_csv(out)) == 100
    # a model that was never exported: one clear line, exit 2
    r = run_cli(
        "score",
        data_dir / "test.jsonl",
        "--model",
        trained_model,
        "--runtime",
        "onnx",
        "-o",
        tmp_path / "x.csv",
    )
    assert r.returncode == 2 and "export-onnx" in r.stderr


def test_cli_evaluate_the_int8_model(exported, data_dir, tmp_path):
    r = run_cli(
        "evaluate", exported, data_dir / "test.jsonl", "--runtime", "onnx",
        "--json", tmp_path / "m.json",
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    int8 = evaluate(OnnxClassifier(exported), [data_dir / "test.jsonl"])
    saved = pd.read_json(tmp_path / "m.json", typ="series")
    assert saved["mean_macro_f1"] == pytest.approx(int8.mean_macro_f1)
