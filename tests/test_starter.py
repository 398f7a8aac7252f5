"""The starter model shipped in models/starter: what a QA team gets right after installing."""

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from learnable import make_rows

from apology_clf import ApologyClassifier
from apology_clf.evaluation import compute_metrics
from apology_clf.model.scorer import RulesClassifier
from apology_clf.schema import LabelSchema
from apology_clf.training.baselines import tfidf_baseline
from apology_clf.training.starter import FROM_SCRATCH, STARTER_NAME, StarterRecipe, build_starter

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "models" / "starter"
LABELLED = ROOT / "data" / "labelled"


def test_starter_is_small_and_in_the_shared_model_format():
    size = sum(f.stat().st_size for f in STARTER.rglob("*") if f.is_file())
    assert size <= 50 * 2**20
    assert not list(STARTER.rglob("*.bin")) and not list(STARTER.rglob("*.pt"))  # no pickles
    clf = ApologyClassifier.load(STARTER)
    assert clf.schema.names == LabelSchema.load().names


def test_starter_beats_both_baselines_on_the_test_split():
    schema = LabelSchema.load()
    test = pd.read_json(LABELLED / "test.jsonl", lines=True)
    train = pd.read_json(LABELLED / "train.jsonl", lines=True)
    starter = compute_metrics(test, ApologyClassifier.load(STARTER).predict(test["text"]), schema)
    tfidf = tfidf_baseline(train, test, schema)
    rules = compute_metrics(test, RulesClassifier().predict(test["text"]), schema)
    assert starter["mean_macro_f1"] >= 0.80
    assert starter["mean_macro_f1"] > tfidf["mean_macro_f1"] > rules["mean_macro_f1"]
    for d in schema.names:
        f1 = starter["dimensions"][d]["macro_f1"]
        assert (
            f1 > tfidf["dimensions"][d]["macro_f1"] and f1 > rules["dimensions"][d]["macro_f1"]
        ), d
    # the model card's figures are the ones measured here
    card = json.loads((STARTER / "test_metrics.json").read_text())
    assert card[STARTER_NAME]["mean_macro_f1"] == pytest.approx(starter["mean_macro_f1"], abs=1e-6)


def test_score_without_model_uses_the_starter(tmp_path):
    rows = pd.read_json(LABELLED / "test.jsonl", lines=True).head(5)
    rows[["id", "text", "context"]].to_csv(tmp_path / "replies.csv", index=False)
    done = run_cli("score", tmp_path / "replies.csv", "-o", tmp_path / "scores.csv")
    assert done.returncode == 0, done.stderr
    scores = pd.read_csv(tmp_path / "scores.csv")
    assert scores["id"].tolist() == rows["id"].tolist()
    assert scores["sincerity"].between(0, 2).all()


def test_score_without_model_and_no_starter_says_what_to_do(tmp_path):
    pd.DataFrame({"text": ["Sorry."]}).to_csv(tmp_path / "r.csv", index=False)
    done = run_cli(
        "score", tmp_path / "r.csv", "-o", tmp_path / "s.csv",
        env={"APOLOGY_CLF_MODEL": str(tmp_path / "nowhere")},
    )  # fmt: skip
    assert done.returncode == 2
    assert "no --model given" in done.stderr and "build-starter" in done.stderr
    assert "Traceback" not in done.stderr


def test_build_starter_is_reproducible_and_writes_its_card(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, seed in [("train", 1), ("validation", 2), ("test", 3)]:
        make_rows(60, seed, prefix=name).to_json(
            data / f"{name}.jsonl", orient="records", lines=True
        )
    recipe = StarterRecipe(
        vocab_size=400,
        hidden_size=32,
        layers=1,
        heads=2,
        generated_rows=40,
        distilled_rows=40,
        epochs=2,
        seed=5,
    )
    first = build_starter(tmp_path / "a", data, recipe)
    second = build_starter(tmp_path / "b", data, recipe)
    assert first.mean_macro_f1 == pytest.approx(second.mean_macro_f1, abs=0.02)
    card = (tmp_path / "a" / "README.md").read_text()
    assert "| TF-IDF + logistic regression |" in card and "| rules |" in card
    assert json.loads((tmp_path / "a" / "starter_recipe.json").read_text())["seed"] == 5
    # the card names what the model was trained from, not a deleted temporary directory
    assert f"base_model: {FROM_SCRATCH}" in card and card.count("## Starter model") == 1
    ApologyClassifier.load(tmp_path / "a")  # the same format every model has
