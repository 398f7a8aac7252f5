"""Every bad input gets one clear error line naming the file/row/column, exit 2, no traceback."""

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli, run_console
from learnable import make_rows


def assert_input_error(result, *needles):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.strip().splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.fixture(scope="module")
def labelled(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    make_rows(30, 5).to_csv(d / "ok.csv", index=False)
    return d


def test_missing_file(trained_model, tmp_path):
    r = run_cli("score", tmp_path / "nope.csv", "--model", trained_model, "-o", tmp_path / "o.csv")
    assert_input_error(r, "nope.csv", "not found")


def test_the_console_script_gives_the_same_one_line_errors(tmp_path):
    """The in-process runs above stand in for the real entry point: check that they agree."""
    for args in (
        ("score", tmp_path / "nope.csv", "--model", "rules", "-o", tmp_path / "o.csv"),
        ("score", tmp_path / "nope.csv", "--runtime", "tensorrt", "-o", tmp_path / "o.csv"),
    ):
        real, in_process = run_console(*args), run_cli(*args)
        assert_input_error(real)
        assert (real.returncode, real.stderr) == (in_process.returncode, in_process.stderr)


def test_missing_column(trained_model, labelled, tmp_path):
    path = tmp_path / "notext.csv"
    pd.read_csv(labelled / "ok.csv").rename(columns={"text": "body"}).to_csv(path, index=False)
    r = run_cli("score", path, "--model", trained_model, "-o", tmp_path / "o.csv")
    assert_input_error(r, "notext.csv", "missing column 'text'")


def test_missing_label_column(trained_model, labelled, tmp_path):
    path = tmp_path / "nolabel.csv"
    pd.read_csv(labelled / "ok.csv").drop(columns="empathy").to_csv(path, index=False)
    r = run_cli("evaluate", trained_model, path)
    assert_input_error(r, "nolabel.csv", "'empathy'")


def test_label_outside_schema(trained_model, labelled, tmp_path):
    path = tmp_path / "badlabel.csv"
    df = pd.read_csv(labelled / "ok.csv")
    df.loc[6, "sincerity"] = 7
    df.to_csv(path, index=False)
    r = run_cli("evaluate", trained_model, path)
    assert_input_error(r, "badlabel.csv", "row 7", "'sincerity'", "0..2")


def test_undecodable_csv(trained_model, tmp_path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("id,text\n1,Wij betreuren het ongemak – echt\n".encode("cp1252"))
    r = run_cli("score", path, "--model", trained_model, "-o", tmp_path / "o.csv")
    assert_input_error(r, "cp1252.csv", "UTF-8")


@pytest.mark.parametrize("remove", ["model.safetensors", "schema.json", "heads.safetensors"])
def test_incomplete_model_directory(trained_model, labelled, tmp_path, remove):
    broken = tmp_path / "broken"
    shutil.copytree(trained_model, broken)
    (broken / remove).unlink()
    r = run_cli("score", labelled / "ok.csv", "--model", broken, "-o", tmp_path / "o.csv")
    assert_input_error(r, "broken", remove)


def test_unknown_base_model_offline(labelled, tmp_path):
    r = run_cli(
        "train",
        labelled / "ok.csv",
        "-o",
        tmp_path / "m",
        "--base-model",
        "no-such-org/no-such-model",
    )
    assert_input_error(r, "no-such-org/no-such-model")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_empty_text_is_an_error_for_train_and_evaluate(trained_model, labelled, tmp_path, command):
    path = tmp_path / "empty.csv"
    df = pd.read_csv(labelled / "ok.csv")
    df.loc[4, "text"] = "   "
    df.to_csv(path, index=False)
    args = [path, "-o", tmp_path / "m"] if command == "train" else [trained_model, path]
    r = run_cli(command, *args)
    assert_input_error(r, "empty.csv", "row 5", "empty")


def test_failed_run_keeps_the_previous_output(trained_model, labelled, tmp_path):
    out = tmp_path / "scores.csv"
    assert (
        run_cli("score", labelled / "ok.csv", "--model", trained_model, "-o", out).returncode == 0
    )
    before = out.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("body\nhallo\n")
    r = run_cli("score", labelled / "ok.csv", bad, "--model", trained_model, "-o", out)
    assert r.returncode == 2
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_unsupported_output_extension(trained_model, labelled, tmp_path):
    r = run_cli("score", labelled / "ok.csv", "--model", trained_model, "-o", tmp_path / "o.xlsx")
    assert_input_error(r, "o.xlsx", ".csv, .jsonl or .parquet")


def test_usage_error_exits_2():
    r = run_cli("score")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_unknown_runtime(labelled, tmp_path):
    r = run_cli(
        "score",
        labelled / "ok.csv",
        "--model",
        "rules",
        "--runtime",
        "tensorrt",
        "-o",
        tmp_path / "o.csv",
    )
    assert_input_error(r, "--runtime 'tensorrt'")
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(
    "name", ["oktobr.csv", "oktobr.jsonl", "oktobr.parquet", "oktobr.mbox", "mail.eml", "mail.msg"]
)
def test_a_missing_input_of_every_kind_is_one_line(tmp_path, name):
    r = run_cli("score", tmp_path / name, "--from", "*@shop.nl", "-o", tmp_path / "o.parquet")
    assert_input_error(r, name, "not found")


def test_a_missing_directory_is_one_line(tmp_path):
    r = run_cli(
        "score", tmp_path / "mails", "--format", "eml", "--from", "x", "-o", tmp_path / "o.csv"
    )
    assert_input_error(r, "mails", "not found")


def test_missing_inputs_of_report_and_evaluate(tmp_path):
    r = run_cli("report", tmp_path / "s.parquet", "-o", tmp_path / "r.html")
    assert_input_error(r, "s.parquet", "not found")
    starter = Path(__file__).parent.parent / "models" / "starter"
    assert_input_error(run_cli("evaluate", starter, tmp_path / "t.csv"), "t.csv", "not found")


def test_in_process_runs_behave_like_the_console_script(tmp_path):
    from typer.testing import CliRunner

    from apology_clf.cli import app

    result = CliRunner().invoke(app, ["score", str(tmp_path / "nope.csv"), "-o", "x.csv"])
    assert result.exit_code == 2  # one line and exit code 2, not an InputError traceback
    assert f"error: {tmp_path / 'nope.csv'}: file not found" in result.output
    result = CliRunner().invoke(app, ["data", "check", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "file not found" in result.output
