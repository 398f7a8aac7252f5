"""The shipped example mailbox: every agent reply comes out exactly as written."""

import pandas as pd
from conftest import EXAMPLES, run_cli, score_example_mailbox


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


def test_an_empty_run_warns_and_names_the_senders_to_pick(tmp_path):
    # the README's placeholder domain on the example mailbox: nothing is outgoing
    out = tmp_path / "s.parquet"
    r = run_cli(
        "score",
        EXAMPLES / "mailbox.mbox",
        "--from",
        "*@klantenservice.nl",
        "--model",
        "rules",
        "-o",
        out,
    )
    assert r.returncode == 0, r.stderr
    assert "0 scored" in r.stdout
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings[0] == "warning: no message was scored: 82 of 82 skipped as 'not outgoing'"
    assert "voorbeeld-service.nl (41)" in warnings[1] and "--from '*@" in warnings[1]
    skipped = pd.read_csv(tmp_path / "s.skipped.csv")
    assert list(skipped.columns) == ["source", "message_id", "date", "from", "subject", "reason"]
    assert skipped["from"].str.contains("@").all() and skipped["subject"].notna().all()
    assert "text" not in skipped.columns  # never the body


def test_a_table_run_that_scores_nothing_warns(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"text": ["", " "], "antwoord": ["Sorry!", "Excuses."]}).to_csv(src, index=False)
    r = run_cli("score", src, "--model", "rules", "-o", tmp_path / "o.csv")
    assert r.returncode == 0
    assert "warning: no row was scored (2 empty text): is 'text' the column with the replies?" in (
        r.stderr
    )


def test_table_scoring_keeps_the_users_columns_and_the_text_on_request(tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame(
        {
            "text": ["Sorry, we storten het vandaag terug.", "Excuses, u hoort morgen van ons."],
            "agent": ["Sanne", "Bas"],
            "team": ["A", "B"],
            "overall": [1, 2],  # a name the scores use: kept as overall_input
        }
    ).to_csv(src, index=False)
    out = tmp_path / "o.csv"
    assert run_cli("score", src, "--model", "rules", "-o", out).returncode == 0
    df = pd.read_csv(out)
    assert list(df.columns[:5]) == ["id", "agent", "team", "overall_input", "sincerity"]
    assert df["agent"].tolist() == ["Sanne", "Bas"] and "text" not in df.columns
    r = run_cli(
        "score", src, "--model", "rules", "-o", out, "--keep-columns", "team", "--include-text"
    )
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out)
    assert list(df.columns[:4]) == ["id", "team", "text", "context"]
    assert df["text"].iloc[0].startswith("Sorry")
    r = run_cli("score", src, "--model", "rules", "-o", out, "--keep-columns", "teem")
    assert r.returncode == 2 and "no column 'teem' to keep" in r.stderr
