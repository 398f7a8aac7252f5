"""The shipped example mailbox: every agent reply comes out exactly as written."""

from pathlib import Path

import pandas as pd
from conftest import run_cli

EXAMPLES = Path(__file__).parent.parent / "data" / "examples"


def test_example_mailbox_extracts_every_reply_exactly(trained_model, tmp_path):
    out = tmp_path / "scores.csv"
    r = run_cli(
        "score",
        EXAMPLES / "mailbox.mbox",
        "--from",
        "*@voorbeeld-service.nl",
        "--model",
        trained_model,
        "-o",
        out,
        "--include-text",
    )
    assert r.returncode == 0, r.stderr
    scored = pd.read_csv(out)
    expected = pd.read_csv(EXAMPLES / "replies.csv")
    assert list(scored["message_id"]) == list(expected["id"])
    assert (scored["text"].str.strip() == expected["text"].str.strip()).all()
    assert (scored["context"].str.strip() == expected["context"].str.strip()).all()
    skipped = pd.read_csv(tmp_path / "scores.skipped.csv")
    assert len(scored) + len(skipped) == 2 * len(expected) + 2  # threads + 2 non-replies
