"""The real train -> evaluate -> score path on a tiny checkpoint, through the API and the CLI."""

import json

import numpy as np
import pandas as pd
import pytest
from conftest import TRAIN_OPTIONS, run_cli
from learnable import make_rows

from apology_clf import ApologyClassifier, evaluate, train


def test_model_directory_is_self_contained(trained_model):
    names = {p.name for p in trained_model.iterdir()}
    assert {
        "model.safetensors",
        "heads.safetensors",
        "config.json",
        "schema.json",
        "tokenizer.json",
        "training_args.json",
        "metrics.json",
        "README.md",
    } <= names
    assert not any(n.endswith((".bin", ".pt", ".pkl")) for n in names)
    card = (trained_model / "README.md").read_text()
    assert "macro-F1" in card and "sincerity" in card


def test_learns_well_above_chance_on_held_out_rows(trained_model, data_dir):
    result = evaluate(trained_model, [data_dir / "test.jsonl"])
    # three balanced levels: chance macro-F1 is about 0.33
    assert result.mean_macro_f1 > 0.7
    for m in result.metrics["dimensions"].values():
        assert np.array(m["confusion_matrix"]).sum() == 100


def test_save_load_gives_identical_predictions(trained_model, data_dir, tmp_path):
    rows = pd.read_json(data_dir / "test.jsonl", lines=True)
    a = ApologyClassifier.load(trained_model)
    first = a.predict_proba(rows["text"], rows["context"])
    b = ApologyClassifier.load(trained_model)
    second = b.predict_proba(rows["text"], rows["context"])
    for name in first:
        np.testing.assert_array_equal(first[name], second[name])


def test_batch_size_and_order_do_not_change_levels(trained_model, data_dir):
    rows = pd.read_json(data_dir / "test.jsonl", lines=True)
    clf = ApologyClassifier.load(trained_model)
    ref = clf.score(rows["text"], rows["context"], ids=rows["id"])
    shuffled = rows.sample(frac=1, random_state=0)
    other = clf.score(shuffled["text"], shuffled["context"], ids=shuffled["id"], batch_size=7)
    merged = ref.merge(other, on="id", suffixes=("", "_o"))
    for dim in clf.schema.names:
        assert (merged[dim] == merged[f"{dim}_o"]).all()
        np.testing.assert_allclose(merged[f"{dim}_p2"], merged[f"{dim}_p2_o"], atol=1e-5)


def test_score_api_returns_levels_probabilities_overall(trained_model):
    clf = ApologyClassifier.load(trained_model)
    out = clf.score(["Wij hebben een fout gemaakt. U krijgt morgen een nieuw toestel.", "  "])
    assert list(out["id"]) == ["0", "1"]
    probs = out[[f"sincerity_p{k}" for k in range(3)]].iloc[0]
    assert probs.sum() == pytest.approx(1, abs=1e-5)
    assert out["responsibility"].iloc[0] == 2 and out["next_steps"].iloc[0] == 2
    assert 0 <= out["overall"].iloc[0] <= 100
    assert pd.isna(out["sincerity"].iloc[1]) and out["skipped_reason"].iloc[1] == "empty text"


def test_cli_train_evaluate_score(tiny_base, data_dir, tmp_path):
    model = tmp_path / "cli-model"
    r = run_cli(
        "train",
        data_dir / "train.jsonl",
        "--val",
        data_dir / "val.jsonl",
        "--output",
        model,
        "--base-model",
        tiny_base,
        "--epochs",
        "6",
        "--lr",
        "2e-3",
        "--max-length",
        "96",
    )
    assert r.returncode == 0, r.stderr
    assert "validation mean macro-F1" in r.stdout

    r = run_cli("evaluate", model, data_dir / "test.jsonl", "--json", tmp_path / "m.json")
    assert r.returncode == 0, r.stderr
    metrics = json.loads((tmp_path / "m.json").read_text())
    assert set(metrics["dimensions"]) == {"sincerity", "empathy", "responsibility", "next_steps"}
    assert {"accuracy", "macro_f1", "qwk", "per_level", "confusion_matrix"} <= set(
        metrics["dimensions"]["empathy"]
    )
    assert f"{metrics['mean_macro_f1']:.3f}" in r.stdout

    inp = tmp_path / "in.csv"
    rows = make_rows(20, 9).drop(columns=["sincerity", "empathy", "responsibility", "next_steps"])
    rows.loc[3, "text"] = ""
    rows.to_csv(inp, index=False)
    for ext in (".csv", ".jsonl", ".parquet"):
        out = tmp_path / f"scores{ext}"
        r = run_cli("score", inp, "--model", model, "-o", out)
        assert r.returncode == 0, r.stderr
        assert "20 rows: 19 scored, 1 skipped (1 empty text)" in r.stdout
        df = {
            ".csv": pd.read_csv,
            ".parquet": pd.read_parquet,
            ".jsonl": lambda p: pd.read_json(p, lines=True),
        }[ext](out)
        assert list(df["id"]) == list(rows["id"])  # exactly one row per input, in order
        assert df.loc[3, "skipped_reason"] == "empty text"


def test_custom_schema_with_extra_binary_dimension(tiny_base, tmp_path):
    schema = tmp_path / "schema.yaml"
    schema.write_text(
        "dimensions:\n"
        + "".join(
            f"  - {{name: {d}, levels: 3}}\n"
            for d in ["sincerity", "empathy", "responsibility", "next_steps"]
        )
        + "  - {name: mentions_refund, levels: [no, yes]}\n"
    )

    def rows(n, seed, prefix):
        df = make_rows(n, seed, prefix)
        refund = np.random.default_rng(seed).integers(0, 2, n)
        df["text"] = [
            t + (" Wij storten het geld terug." if r else "")
            for t, r in zip(df["text"], refund, strict=True)
        ]
        df["mentions_refund"] = refund
        return df

    result = train(
        rows(300, 1, "r"),
        tmp_path / "m",
        val_data=rows(60, 2, "v"),
        schema=schema,
        base_model=str(tiny_base),
        **TRAIN_OPTIONS,
    )
    assert "mentions_refund" in result.val_metrics["dimensions"]
    clf = ApologyClassifier.load(tmp_path / "m")
    assert clf.schema.names[-1] == "mentions_refund"
    out = clf.score(["Wij storten het geld terug.", "Met vriendelijke groet."])
    assert {"mentions_refund", "mentions_refund_p0", "mentions_refund_p1"} <= set(out.columns)
    test = rows(100, 3, "t")
    pred = clf.predict(test["text"], test["context"])
    assert (pred["mentions_refund"] == test["mentions_refund"]).mean() > 0.8


def test_training_is_reproducible(tiny_base, data_dir, tmp_path):
    options = {**TRAIN_OPTIONS, "epochs": 2}
    a = train(data_dir / "train.jsonl", tmp_path / "a", base_model=str(tiny_base), **options)
    b = train(data_dir / "train.jsonl", tmp_path / "b", base_model=str(tiny_base), **options)
    assert a.history == b.history
    assert a.n_val == 45  # a stratified 15% split when --val is missing


def test_length_grouped_batches_cover_each_row_once_with_little_padding():
    import torch

    from apology_clf.training.trainer import epoch_batches

    lengths = [int(x) for x in np.random.default_rng(1).integers(5, 300, 1000)]
    batches = epoch_batches(lengths, 16, torch.Generator().manual_seed(0), True)
    rows = torch.cat(batches).tolist()
    assert sorted(rows) == list(range(1000))
    padded = sum(len(b) * max(lengths[i] for i in b) for b in batches)
    plain = epoch_batches(lengths, 16, torch.Generator().manual_seed(0), False)
    padded_plain = sum(len(b) * max(lengths[i] for i in b) for b in plain)
    assert padded < 0.7 * padded_plain


def test_gradient_accumulation_trains(tiny_base, data_dir, tmp_path):
    result = train(
        data_dir / "train.jsonl",
        tmp_path / "m",
        val_data=data_dir / "val.jsonl",
        base_model=str(tiny_base),
        **{**TRAIN_OPTIONS, "batch_size": 8, "grad_accum": 2},
    )
    assert result.mean_macro_f1 > 0.6


def test_max_length_beyond_the_base_models_positions_is_capped(tiny_base, data_dir, tmp_path):
    # the tiny base has 128 positions; 512 tokens would index past them
    result = train(
        data_dir / "train.jsonl",
        tmp_path / "m",
        val_data=data_dir / "val.jsonl",
        base_model=str(tiny_base),
        **{**TRAIN_OPTIONS, "epochs": 1, "max_length": 512},
    )
    meta = json.loads((result.output_dir / "apology_clf.json").read_text())
    assert meta["max_length"] == 128
    long_reply = "Het spijt ons echt dat uw pakket te laat is. " * 60
    assert ApologyClassifier.load(result.output_dir).score([long_reply])["overall"].notna().all()
