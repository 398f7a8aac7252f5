"""Streaming batch scoring: tables read in chunks, the prefetch thread, and chunked output that
equals scoring everything at once."""

import threading

import pandas as pd
import pytest
from learnable import make_rows

from apology_clf import ApologyClassifier
from apology_clf.data.tables import iter_replies, load_replies
from apology_clf.errors import InputError
from apology_clf.model.streaming import prefetch
from apology_clf.schema import LabelSchema
from apology_clf.scoring import score_tables


def test_tables_stream_in_chunks_with_file_row_numbers(tmp_path):
    path = tmp_path / "rows.jsonl"
    rows = make_rows(10, 1)
    rows.to_json(path, orient="records", lines=True)
    chunks = list(iter_replies(path, rows=3))
    assert [len(c) for c in chunks] == [3, 3, 3, 1]
    assert pd.concat(chunks)["source_row"].tolist() == list(range(1, 11))
    pd.testing.assert_frame_equal(pd.concat(chunks, ignore_index=True), load_replies(path))

    rows.loc[7, "empathy"] = 5  # row 8 of the file, in the third chunk
    rows.to_json(path, orient="records", lines=True)
    with pytest.raises(InputError, match=r"row 8: column 'empathy' has '5'"):
        list(iter_replies(path, schema=LabelSchema.load(), require_labels=True, rows=3))


def test_identical_rows_in_two_files_get_distinct_derived_ids(tmp_path):
    rows = make_rows(3, 2).drop(columns="id")
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    rows.to_csv(a, index=False)
    rows.to_csv(b, index=False)
    ids = load_replies([a, b])["id"]
    assert ids.is_unique and len(ids) == 6


def test_prefetch_keeps_order_and_raises_the_producers_error():
    assert list(prefetch(iter(range(100)), depth=3)) == list(range(100))

    def failing():
        yield 1
        raise ValueError("bad chunk")

    with pytest.raises(ValueError, match="bad chunk"):
        list(prefetch(failing()))


def test_prefetch_stops_its_thread_when_the_consumer_stops():
    before = threading.active_count()
    for item in prefetch(iter(range(10_000)), depth=2):
        if item == 5:
            break
    assert threading.active_count() == before


def test_chunked_scoring_equals_scoring_everything_at_once(trained_model, tmp_path):
    path = tmp_path / "replies.jsonl"
    rows = make_rows(25, 3)
    rows.to_json(path, orient="records", lines=True)
    clf = ApologyClassifier.load(trained_model)
    summary = score_tables([path], clf, tmp_path / "out.parquet", chunk_size=4, keep_columns=None)
    assert summary.rows == 25
    chunked = pd.read_parquet(tmp_path / "out.parquet")
    whole = clf.score(rows["text"], rows["context"], ids=rows["id"])
    pd.testing.assert_frame_equal(chunked, whole, check_dtype=False, atol=1e-5)


def test_parse_when_end_of_day_and_date_range():
    from datetime import datetime, timezone

    from apology_clf.scoring import date_range, parse_when

    utc = timezone.utc
    assert parse_when("2026-10-31", "--until", end=True) == datetime(2026, 11, 1, tzinfo=utc)
    assert parse_when("2026-10-31", "--since") == datetime(2026, 10, 31, tzinfo=utc)
    assert parse_when("2026-10-31T17:30", "--until", end=True) == datetime(
        2026, 10, 31, 17, 30, tzinfo=utc
    )
    assert date_range(month="2026-12") == (
        datetime(2026, 12, 1, tzinfo=utc),
        datetime(2027, 1, 1, tzinfo=utc),
    )
