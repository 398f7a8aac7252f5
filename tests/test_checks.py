import pandas as pd
from conftest import run_cli
from learnable import make_rows

from apology_clf.data.checks import check_files


def write(df, path):
    df.to_json(path, orient="records", lines=True)
    return path


def test_clean_splits_pass_with_distributions(tmp_path):
    a = write(make_rows(30, 1, "a"), tmp_path / "train.jsonl")
    b = write(make_rows(10, 2, "b").assign(context="Een andere klacht."), tmp_path / "test.jsonl")
    # the learnable rows repeat phrases, so compare them with a strict threshold
    report = check_files([a, b], threshold=0.999)
    assert report.ok, report.problems
    assert sum(report.distributions[str(a)]["empathy"].values()) == 30


def test_problems_are_collected_and_exit_code_is_1(tmp_path):
    rows = make_rows(8, 1)
    rows.loc[2, "empathy"] = 5
    rows.loc[3, "text"] = " "
    rows.loc[5, "id"] = rows.loc[4, "id"]
    rows.loc[7, "text"] = rows.loc[6, "text"]
    rows["variant"] = "nl"
    rows.loc[1, "variant"] = "de"
    path = write(rows, tmp_path / "bad.jsonl")
    r = run_cli("data", "check", path)
    assert r.returncode == 1
    for needle in [
        "row 3: column 'empathy' has '5'",
        "row 4: empty 'text'",
        "duplicate id",
        "rows 7 and 8: duplicate reply text",
        "row 2: variant 'de'",
    ]:
        assert needle in r.stdout, needle


def test_leakage_between_splits_is_a_problem(tmp_path):
    train = make_rows(5, 1, "a")
    test = make_rows(5, 2, "b").assign(context=[f"Andere klacht {i}" for i in range(5)])
    test.loc[0, "text"] = train.loc[3, "text"] + "!"
    test.loc[1, "id"] = "a0"
    report = check_files(
        [write(train, tmp_path / "train.jsonl"), write(test, tmp_path / "test.jsonl")],
        threshold=0.9,
    )
    leaks = [p for p in report.problems if p.startswith("leakage")]
    assert any("id 'a0'" in p for p in leaks)
    assert any("share a reply" in p and "row 4" in p for p in leaks)


def test_missing_label_column_is_reported(tmp_path):
    path = write(make_rows(3, 1).drop(columns="next_steps"), tmp_path / "x.jsonl")
    report = check_files([path])
    assert f"{path}: missing column 'next_steps'" in report.problems
    assert isinstance(pd.DataFrame(report.distributions[str(path)]), pd.DataFrame)
