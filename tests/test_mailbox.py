"""Scoring mailbox exports end to end: selection, threading, pairing, nothing lost."""

import mailbox
from datetime import timedelta
from email.utils import format_datetime

import pandas as pd
import pytest
from conftest import run_cli
from mail_builders import T0, plain, raw_bytes

from apology_clf.mail.threads import Header, build_threads, is_from_org, normalise_subject

ORG = "service@shop.nl"


def at(hours):
    return format_datetime(T0 + timedelta(hours=hours))


def thread_messages():
    """Two threads, a reply without references, and messages that must be skipped."""
    return [
        plain(
            "Mijn pakket 123 is al een week zoek. Ik wil mijn geld terug.",
            Message_ID="<c1@klant>",
            Date=at(0),
            Subject="Pakket zoek",
        ),
        plain(
            "Beste klant,\n\nWij hebben een fout gemaakt. U krijgt morgen een nieuw toestel."
            "\n\nGroet, Sanne\n\nOp ma schreef Klant <klant@example.nl>:\n> Mijn pakket",
            From=f"Sanne <{ORG}>",
            To="klant@example.nl",
            Message_ID="<r1@shop>",
            In_Reply_To="<c1@klant>",
            References="<c1@klant>",
            Date=at(2),
            Subject="Re: Pakket zoek",
        ),
        plain(
            "Het is nog steeds niet opgelost!!",
            Message_ID="<c2@klant>",
            Date=at(30),
            In_Reply_To="<r1@shop>",
            References="<c1@klant> <r1@shop>",
            Subject="Re: Pakket zoek",
        ),
        plain(
            "Excuses voor het ongemak. We kijken ernaar.",
            From=f"Bas <{ORG}>",
            Message_ID="<r2@shop>",
            Date=at(31),
            References="<c1@klant> <r1@shop> <c2@klant>",
            Subject="Re: Pakket zoek",
        ),
        # a different customer; the agent's reply has no references, only "Antw:" + subject
        plain(
            "Mijn factuur klopt niet, ik betaal dubbel.",
            From="Ann <ann@example.be>",
            Message_ID="<c3@klant>",
            Date=at(5),
            Subject="Factuur dubbel (€ 49)",
        ),
        plain(
            "Dag Ann, sorry, de dubbele afschrijving storten we vandaag terug.",
            From=f"Joké <{ORG}>",
            Message_ID="<r3@shop>",
            Date=at(6),
            Subject="Antw: Factuur dubbel (€ 49)",
        ),
        # skipped: outside range, English, empty after extraction, duplicate
        plain(
            "Het spijt ons, we storten het terug en bellen u morgen.",
            From=ORG,
            Message_ID="<old@shop>",
            Date=format_datetime(T0 - timedelta(days=40)),
            Subject="x",
        ),
        plain(
            "Dear customer, we are very sorry about your parcel and will refund you today.",
            From=ORG,
            Message_ID="<en@shop>",
            Date=at(7),
            Subject="Parcel",
        ),
        plain(
            "Op ma schreef Klant <klant@example.nl>:\n> alleen een citaat",
            From=ORG,
            Message_ID="<empty@shop>",
            Date=at(8),
            Subject="Re: x",
        ),
        plain(
            "Excuses voor het ongemak. We kijken ernaar.",
            From=f"Bas <{ORG}>",
            Message_ID="<r2@shop>",
            Date=at(31),
            Subject="Re: Pakket zoek",
        ),
    ]


@pytest.fixture
def mbox_path(tmp_path):
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    for msg in thread_messages():
        box.add(msg)
    box.flush()
    box.close()
    return path


def test_mbox_replies_scored_and_every_message_accounted_for(trained_model, mbox_path, tmp_path):
    out = tmp_path / "scores.parquet"
    r = run_cli(
        "score",
        mbox_path,
        "--model",
        trained_model,
        "-o",
        out,
        "--from",
        "*@shop.nl",
        "--since",
        "2026-10-01",
        "--until",
        "2026-11-01",
        "--include-text",
    )
    assert r.returncode == 0, r.stderr
    assert "10 messages read: 3 scored, 7 skipped" in r.stdout
    df = pd.read_parquet(out).set_index("message_id")
    assert list(df.index) == ["<r1@shop>", "<r2@shop>", "<r3@shop>"]
    assert df.loc["<r1@shop>", "context"].startswith("Mijn pakket 123 is al een week zoek")
    assert df.loc["<r1@shop>", "text"] == (
        "Beste klant,\n\nWij hebben een fout gemaakt. U krijgt morgen een nieuw toestel."
        "\n\nGroet, Sanne"
    )
    # the latest customer message before the reply is its context
    assert df.loc["<r2@shop>", "context"] == "Het is nog steeds niet opgelost!!"
    assert df.loc["<r3@shop>", "context"] == "Mijn factuur klopt niet, ik betaal dubbel."
    assert df.loc["<r1@shop>", "thread_id"] == df.loc["<r2@shop>", "thread_id"]
    assert df.loc["<r1@shop>", "agent"] == "Sanne" and bool(df["has_context"].all())
    # RFC 2047 encoded display names and subjects come out decoded
    assert df.loc["<r3@shop>", "agent"] == "Joké"
    assert df.loc["<r3@shop>", "subject"] == "Antw: Factuur dubbel (€ 49)"
    for col in [
        "thread_id",
        "date",
        "from",
        "to",
        "subject",
        "sincerity",
        "sincerity_p2",
        "overall",
    ]:
        assert col in df.columns

    skipped = pd.read_csv(tmp_path / "scores.skipped.csv")
    assert len(skipped) == 7
    assert skipped["reason"].value_counts().to_dict() == {
        "not outgoing": 3,
        "outside date range": 1,
        "not Dutch": 1,
        "empty after extraction": 1,
        "duplicate": 1,
    }


def test_eml_directory_with_a_corrupt_msg_file(trained_model, tmp_path):
    d = tmp_path / "mails"
    d.mkdir()
    for i, msg in enumerate(thread_messages()[:2]):
        (d / f"{i}.eml").write_bytes(msg.as_bytes())
    (d / "kapot.msg").write_bytes(b"not an OLE file at all")
    out = tmp_path / "s.csv"
    r = run_cli("score", d, "--model", trained_model, "-o", out, "--from", "shop.nl")
    assert r.returncode == 0, r.stderr
    assert "3 messages read: 1 scored, 2 skipped" in r.stdout
    skipped = pd.read_csv(tmp_path / "s.skipped.csv")
    assert (
        skipped.loc[skipped["source"].str.endswith("kapot.msg"), "reason"]
        .iloc[0]
        .startswith("undecodable")
    )


def test_corrupt_container_is_one_clear_error(trained_model, tmp_path):
    bad = tmp_path / "broken.mbox"
    bad.write_bytes(b"\x00\x01 this is no mailbox")
    r = run_cli("score", bad, "--model", trained_model, "-o", tmp_path / "o.csv", "--from", ORG)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "broken.mbox" in r.stderr and "not an mbox" in r.stderr


def test_from_is_required_for_mail(trained_model, mbox_path, tmp_path):
    r = run_cli("score", mbox_path, "--model", trained_model, "-o", tmp_path / "o.csv")
    assert r.returncode == 2 and "--from" in r.stderr


def test_org_patterns_and_subject_normalisation():
    assert is_from_org("Sanne@Shop.nl", ["*@shop.nl"])
    assert is_from_org("a@support.shop.nl", ["shop.nl"])
    assert not is_from_org("a@notshop.nl", ["shop.nl"])
    assert normalise_subject("Antw: RE: Fwd:  Pakket   ZOEK") == "pakket zoek"


def test_unrelated_messages_with_the_same_subject_are_not_merged():
    h = [
        Header(0, "<a>", [], "Klacht", None, "x@k", "", "", False),
        Header(1, "<b>", [], "Klacht", None, "y@k", "", "", False),
    ]
    threads = build_threads(h)
    assert threads[0] != threads[1]


def _score_rules(mbox, out, *options):
    return run_cli("score", mbox, "--model", "rules", "-o", out, "--from", "*@shop.nl", *options)


def test_a_bare_until_date_includes_that_whole_day_and_the_range_is_printed(mbox_path, tmp_path):
    # T0 is 2026-10-06 07:00 UTC: r1 (+2 h) and r3 (+6 h) are on the 6th, r2 (+31 h) on the 7th
    out = tmp_path / "s.csv"
    r = _score_rules(mbox_path, out, "--since", "2026-10-06", "--until", "2026-10-06")
    assert r.returncode == 0, r.stderr
    assert set(pd.read_csv(out)["message_id"]) == {"<r1@shop>", "<r3@shop>"}
    assert "dates 2026-10-06 00:00 UTC up to 2026-10-07 00:00 UTC (end excluded)" in r.stdout
    # a date-time stays exact: up to 10:00 UTC keeps r1 (09:00 UTC), not r3 (13:00 UTC)
    r = _score_rules(mbox_path, out, "--since", "2026-10-01", "--until", "2026-10-06T10:00")
    assert set(pd.read_csv(out)["message_id"]) == {"<r1@shop>"}
    assert "up to 2026-10-06 10:00 UTC (end excluded)" in r.stdout


def test_month_is_the_whole_month(mbox_path, tmp_path):
    out = tmp_path / "s.csv"
    r = _score_rules(mbox_path, out, "--month", "2026-10")
    assert r.returncode == 0, r.stderr
    assert "3 scored" in r.stdout
    assert "dates 2026-10-01 00:00 UTC up to 2026-11-01 00:00 UTC (end excluded)" in r.stdout
    r = _score_rules(mbox_path, out, "--month", "2026-10", "--since", "2026-10-02")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == "error: --month cannot be combined with --since or --until"


def test_bodies_that_are_not_text_are_skipped_with_their_reason(tmp_path):
    junk = bytes(range(256)) * 3  # binary, declared as UTF-8 text
    messages = [
        raw_bytes(junk, "utf-8", From=ORG, Message_ID="<bin@shop>", Subject="Re: a"),
        plain("\ufffd" * 30 + " Het spijt ons.", From=ORG, Message_ID="<enc@shop>"),
        plain("□□□ ■■■ ▪▪▪ 12345 ### !!! 987-654", From=ORG, Message_ID="<sym@shop>"),
        plain("Het spijt ons dat uw pakket te laat is, u krijgt morgen € 10 terug.", From=ORG),
    ]
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    for msg in messages:
        box.add(msg)
    box.flush()
    box.close()
    out = tmp_path / "s.csv"
    r = _score_rules(path, out)
    assert r.returncode == 0, r.stderr
    assert "4 messages read: 1 scored, 3 skipped" in r.stdout
    assert pd.read_csv(tmp_path / "s.skipped.csv")["reason"].tolist() == [
        "not text (binary or control characters)",
        "not text (broken character encoding)",
        "not text (mostly symbols and digits)",
    ]
