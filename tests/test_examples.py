"""The shipped example mailbox: every agent reply comes out exactly as written."""

import pandas as pd
from conftest import EXAMPLES, score_example_mailbox


def test_example_mailbox_extracts_every_reply_exactly(trained_model, tmp_path):
    out = tmp_path / "scores.csv"
    r = score_example_mailbox(trained_model, out)
    assert r.returncode == 0, r.stderr
    scored = pd.read_csv(out)
    expected = pd.read_csv(EXAMPLES / "replies.csv")
    assert list(scored["message_id"]) == list(expected["id"])
    assert (scored["text"].str.strip() == expected["text"].str.strip()).all()
    assert (scored["context"].str.strip() == expected["context"].str.strip()).all()
    skipped = pd.read_csv(tmp_path / "scores.skipped.csv")
    assert len(scored) + len(skipped) == 2 * len(expected) + 2  # threads + 2 non-replies
