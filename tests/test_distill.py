"""Distillation: soft labels in training, the TF-IDF + rules teacher, recombined replies."""

import numpy as np
import pandas as pd
import pytest
from conftest import TRAIN_OPTIONS
from learnable import make_rows

from apology_clf import ApologyClassifier, rules
from apology_clf.evaluation import compute_metrics
from apology_clf.schema import LabelSchema
from apology_clf.training.distill import Teacher, recombine
from apology_clf.training.trainer import train, training_targets

SCHEMA = LabelSchema.load()


def with_soft_columns(df: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """``df`` plus ``<dim>_p<k>`` columns that put all probability on ``levels``."""
    out = df.copy()
    for d in SCHEMA.names:
        for k in range(3):
            out[f"{d}_p{k}"] = (levels[d] == k).astype(float)
    return out


def test_soft_columns_become_targets_and_empty_ones_fall_back_to_the_level():
    df = make_rows(4, 1)
    soft = with_soft_columns(df, df.assign(**{d: 2 for d in SCHEMA.names}))
    soft.loc[1, [f"sincerity_p{k}" for k in range(3)]] = np.nan
    targets = training_targets(soft, SCHEMA)
    assert targets["sincerity"].shape == (4, 3)
    assert targets["sincerity"][0].tolist() == [0, 0, 1]
    assert targets["sincerity"][1].argmax().item() == df.loc[1, "sincerity"]
    assert training_targets(df, SCHEMA)["empathy"].dtype.is_floating_point is False


def test_training_follows_soft_labels_over_the_level_columns(tiny_base, data_dir, tmp_path):
    rows = pd.read_json(data_dir / "train.jsonl", lines=True)
    # the level columns say 0 everywhere; only the soft columns carry the truth
    taught = with_soft_columns(rows.assign(**{d: 0 for d in SCHEMA.names}), rows)
    val = pd.read_json(data_dir / "val.jsonl", lines=True)
    train(taught, tmp_path / "m", val_data=val, base_model=str(tiny_base), **TRAIN_OPTIONS)
    test = pd.read_json(data_dir / "test.jsonl", lines=True)
    clf = ApologyClassifier.load(tmp_path / "m")
    metrics = compute_metrics(test, clf.predict(test["text"], test["context"]), SCHEMA)
    assert metrics["mean_macro_f1"] > 0.8  # a model that learned the level columns scores ~0.2


def test_teacher_labels_in_the_soft_label_format():
    rows = make_rows(120, 2)
    labelled = Teacher(SCHEMA).fit(rows).label(rows["text"].head(10))
    for d in SCHEMA.names:
        probs = labelled[[f"{d}_p{k}" for k in range(3)]].to_numpy()
        np.testing.assert_allclose(probs.sum(axis=1), 1, atol=1e-6)
        assert (probs.argmax(axis=1) == labelled[d]).all()
    accuracy = (labelled["sincerity"] == rows["sincerity"].head(10)).mean()
    assert accuracy >= 0.8  # phrase-determined labels: the teacher learns them


@pytest.mark.parametrize("seed", [0, 1])
def test_recombined_replies_are_new_and_keep_greeting_and_sign_off(seed):
    texts = [
        "Beste Anna,\n\nHet spijt ons. Uw pakket is zoek. Wij sturen een nieuw.\n\nGroet, Tim",
        "Hoi Bart,\n\nExcuses voor het wachten. We bellen je morgen. Dat beloven we.\n\nDoei, Eva",
    ]
    out = recombine(texts, 6, seed=seed)
    assert len(out) == len(set(out)) == 6
    assert not set(out) & set(texts)
    for text in out:
        first, last = text.split("\n\n")[0], text.split("\n\n")[-1]
        assert (first, last) in [("Beste Anna,", "Groet, Tim"), ("Hoi Bart,", "Doei, Eva")]


def test_short_share_adds_short_spans_of_the_replies():
    texts = [
        "Beste Anna,\n\nHet spijt ons. Uw pakket is zoek. Wij sturen een nieuw.\n\nGroet, Tim",
        "Hoi Bart,\n\nExcuses voor het wachten. We bellen je morgen. Dat beloven we.\n\nDoei, Eva",
        "Sorry, dat is onze fout!",  # too short to recombine, but a source of short spans
    ]
    out = recombine(texts, 20, seed=0, short_share=0.5)
    short = [t for t in out if "\n\n" not in t]
    assert 0 < len(short) < 20
    spans = set()  # every run of one to three consecutive sentences of a reply
    for text in texts:
        parts = [text[s:e].strip() for s, e in rules.sentences(text)]
        spans |= {" ".join(parts[i : i + k]) for i in range(len(parts)) for k in (1, 2, 3)}
    assert set(short) <= spans
    assert "Sorry, dat is onze fout!" not in out  # an original reply is never returned
    # replies too short to recombine still give spans
    chat = ["Sorry! Onze fout.", "Balen, snap ik. We bellen je morgen."]
    assert len(recombine(chat, 3, seed=0)) == 3


def test_word_noise_draws_words_from_the_texts_and_is_seeded():
    texts = [
        "Beste Anna,\n\nHet spijt ons dat uw pakket zoek is. Wij sturen vandaag een nieuw "
        "pakket.\n\nGroet, Tim",
        "Hoi Bart,\n\nExcuses voor het lange wachten. We bellen je morgen voor 12 uur terug. "
        "Dat beloven we.\n\nDoei, Eva",
    ]
    clean = recombine(texts, 8, seed=3)
    noisy = recombine(texts, 8, seed=3, word_noise=0.2)
    assert noisy == recombine(texts, 8, seed=3, word_noise=0.2)
    assert noisy != clean
    vocabulary = {w for t in texts for w in t.split()}
    for text in noisy:
        assert set(text.split()) <= vocabulary  # replacements come from the texts
        assert "\n\n" in text  # the layout stays
