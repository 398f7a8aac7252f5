"""score --resume: an interrupted run continues without rescoring what is done, and the final
output equals an uninterrupted run's."""

import pandas as pd
import pytest
from learnable import make_rows

from apology_clf import ApologyClassifier
from apology_clf.model.scorer import Scorer
from apology_clf.scoring import score_tables


class Crashing(Scorer):
    """A real classifier that stops (like a killed job) after ``budget`` calls."""

    def __init__(self, inner: ApologyClassifier, budget: int):
        self.inner, self.schema, self.budget, self.calls = inner, inner.schema, budget, 0
        self.source = inner.source  # the same model as far as resuming is concerned

    def predict_proba(self, texts, contexts=None, batch_size=32):
        self.calls += 1
        if self.calls > self.budget:
            raise KeyboardInterrupt
        return self.inner.predict_proba(texts, contexts, batch_size)


@pytest.fixture
def replies(tmp_path):
    path = tmp_path / "replies.csv"
    rows = make_rows(30, 4)
    rows.loc[5, "text"] = ""  # a skipped row must survive the resume too
    rows.to_csv(path, index=False)
    return path


def test_resume_continues_and_matches_an_uninterrupted_run(trained_model, replies, tmp_path):
    clf = ApologyClassifier.load(trained_model)
    whole = score_tables([replies], clf, tmp_path / "whole.parquet", chunk_size=8)

    out = tmp_path / "scores.parquet"
    with pytest.raises(KeyboardInterrupt):
        score_tables([replies], Crashing(clf, 2), out, chunk_size=8)
    assert not out.exists()  # nothing half-written in place of the output
    assert len(list((tmp_path / "scores.parquet.parts").glob("part-*"))) == 2

    again = Crashing(clf, budget=99)
    summary = score_tables([replies], again, out, chunk_size=8, resume=True)
    assert again.calls == 2  # only the two chunks that were not done (30 rows / 8 = 4)
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(whole.output))
    assert (summary.rows, summary.skipped) == (30, 1) == (whole.rows, whole.skipped)
    assert not (tmp_path / "scores.parquet.parts").exists()


def test_without_resume_old_parts_are_discarded(trained_model, replies, tmp_path):
    clf = ApologyClassifier.load(trained_model)
    out = tmp_path / "scores.csv"
    with pytest.raises(KeyboardInterrupt):
        score_tables([replies], Crashing(clf, 1), out, chunk_size=8)
    fresh = Crashing(clf, budget=99)
    score_tables([replies], fresh, out, chunk_size=8)
    assert fresh.calls == 4
    assert len(pd.read_csv(out)) == 30
