import pandas as pd
import pytest

from apology_clf.data.tables import Columns, derive_ids, load_replies
from apology_clf.errors import InputError
from apology_clf.schema import LabelSchema

ROWS = pd.DataFrame(
    {
        "id": ["a", "b"],
        "text": ["Het spijt ons.", "Excuses voor het ongemak."],
        "context": ["Pakket kwijt", None],
        "sincerity": [2, 1],
        "empathy": [0, 1],
        "responsibility": [1, 1],
        "next_steps": [0, 2],
    }
)


@pytest.mark.parametrize("ext", [".csv", ".jsonl", ".parquet"])
def test_formats_load_the_same(tmp_path, ext):
    path = tmp_path / f"rows{ext}"
    {
        ".csv": lambda p: ROWS.to_csv(p, index=False),
        ".jsonl": lambda p: ROWS.to_json(p, orient="records", lines=True),
        ".parquet": lambda p: ROWS.to_parquet(p),
    }[ext](path)
    df = load_replies(path, schema=LabelSchema.load(), require_labels=True)
    assert df["id"].tolist() == ["a", "b"]
    assert df["context"].tolist() == ["Pakket kwijt", ""]
    assert df["next_steps"].tolist() == [0, 2]


def test_ids_are_derived_stably_when_missing(tmp_path):
    path = tmp_path / "rows.csv"
    ROWS.drop(columns="id").to_csv(path, index=False)
    first = load_replies(path)["id"].tolist()
    assert first == load_replies(path)["id"].tolist()
    assert len(set(first)) == 2
    # identical rows still get distinct ids
    assert derive_ids(["x", "x"], ["", ""])[1].endswith("-2")


def test_columns_can_be_remapped(tmp_path):
    path = tmp_path / "rows.csv"
    ROWS.rename(columns={"text": "antwoord", "sincerity": "oprecht"}).to_csv(path, index=False)
    cols = Columns.parse(text="antwoord", label_map=["sincerity=oprecht"])
    df = load_replies(path, cols, LabelSchema.load(), require_labels=True)
    assert df["text"].iloc[0] == "Het spijt ons."
    assert df["sincerity"].tolist() == [2, 1]


def test_label_outside_schema_names_row_and_column(tmp_path):
    path = tmp_path / "rows.csv"
    ROWS.assign(empathy=[0, 3]).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"rows.csv: row 2: column 'empathy' has '3'"):
        load_replies(path, schema=LabelSchema.load(), require_labels=True)


def test_empty_text_is_an_error_unless_allowed(tmp_path):
    path = tmp_path / "rows.csv"
    ROWS.assign(text=["ok", "   "]).to_csv(path, index=False)
    with pytest.raises(InputError, match=r"row 2: column 'text' is empty"):
        load_replies(path)
    assert len(load_replies(path, allow_empty_text=True)) == 2


def test_duplicate_ids_are_rejected(tmp_path):
    path = tmp_path / "rows.csv"
    ROWS.assign(id=["a", "a"]).to_csv(path, index=False)
    with pytest.raises(InputError, match="duplicate id 'a'"):
        load_replies(path)


def test_undecodable_csv_names_the_file(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("text\nbeëindigd \xff\n".encode("latin-1"))
    with pytest.raises(InputError, match="latin.csv: cannot decode as UTF-8"):
        load_replies(path)
