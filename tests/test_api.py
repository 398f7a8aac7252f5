"""The Python API data scientists drive from notebooks: one checked config, errors in the
caller's terms, keyword-only options, docstrings and runnable examples."""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
import pkgutil

import pandas as pd
import pytest
from conftest import run_cli
from learnable import make_rows

import apology_clf
from apology_clf import InputError, TrainConfig, evaluate, load_scorer, train
from apology_clf.data.corpus import split_files
from apology_clf.errors import with_flags
from apology_clf.model.classifier import ApologyClassifier
from apology_clf.training import config as config_module


def test_config_checks_values_up_front_and_names_the_field():
    with pytest.raises(InputError, match=r"`pooling` 'max': use one of cls, mean"):
        TrainConfig(pooling="max")
    with pytest.raises(InputError) as e:
        TrainConfig(epochs=0, dropout=1.5, device="gpu")
    assert "`epochs` 0" in str(e.value) and "`dropout` 1.5" in str(e.value)
    assert "`device` 'gpu'" in str(e.value)


def test_train_rejects_a_misspelt_option_before_loading_anything(tmp_path):
    with pytest.raises(TypeError, match="unknown training option 'epoch'; did you mean 'epochs'"):
        train(make_rows(20, 1), tmp_path / "m", base_model="nowhere/at-all", epoch=2)
    # a bad value fails before the (missing) base model is looked for
    with pytest.raises(InputError, match="`pooling`"):
        train(make_rows(20, 1), tmp_path / "m", base_model="nowhere/at-all", pooling="max")
    assert not (tmp_path / "m").exists()


def test_cli_shows_the_same_errors_with_its_flags(tmp_path):
    make_rows(20, 1).to_json(tmp_path / "t.jsonl", orient="records", lines=True)
    done = run_cli("train", tmp_path / "t.jsonl", "-o", tmp_path / "m", "--pooling", "max")
    assert done.returncode == 2
    assert done.stderr.strip() == "error: --pooling 'max': use one of cls, mean"
    done = run_cli("train", tmp_path / "t.jsonl", "-o", tmp_path / "m", "--dropout", "2")
    assert done.returncode == 2 and "--dropout 2.0" in done.stderr


def test_errors_name_python_parameters_from_the_api_and_flags_from_the_cli(tmp_path):
    with pytest.raises(InputError) as e:
        load_scorer("rules", runtime="tensorrt")
    assert str(e.value) == "`runtime` 'tensorrt': use torch or onnx"
    assert with_flags(str(e.value), {"runtime": "--runtime"}).startswith("--runtime 'tensorrt'")
    pd.DataFrame({"text": ["Sorry."]}).to_csv(tmp_path / "r.csv", index=False)
    done = run_cli("score", tmp_path / "r.csv", "-o", tmp_path / "s.csv", "--format", "xls")
    assert done.returncode == 2 and done.stderr.startswith("error: --format 'xls'")


def test_training_args_retrain_the_same_model_from_the_cli(trained_model, data_dir, tmp_path):
    """A model's training_args.json is a config: `train --config` plus an override gives the
    same settings with that one change."""
    out = tmp_path / "again"
    done = run_cli(
        "train", data_dir / "train.jsonl", "--val", data_dir / "val.jsonl", "-o", out,
        "--config", trained_model / "training_args.json", "--epochs", "1", "--dropout", "0.2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    before = json.loads((trained_model / "training_args.json").read_text())
    after = json.loads((out / "training_args.json").read_text())
    results = ("history", "best_epoch")
    changed = {k for k in before if k not in results and before[k] != after[k]}
    assert changed == {"epochs", "dropout"}
    assert after["epochs"] == 1 and after["dropout"] == 0.2
    assert TrainConfig.load(out / "training_args.json").epochs == 1


def test_a_config_file_with_an_unknown_key_is_one_line_naming_file_and_key(tmp_path):
    (tmp_path / "args.json").write_text(json.dumps({"epoch": 3}))
    make_rows(20, 1).to_json(tmp_path / "t.jsonl", orient="records", lines=True)
    done = run_cli(
        "train", tmp_path / "t.jsonl", "-o", tmp_path / "m", "--config", tmp_path / "args.json"
    )
    assert done.returncode == 2
    assert "args.json: unknown training option 'epoch'; did you mean 'epochs'?" in done.stderr


def test_the_cli_train_options_are_the_config_fields():
    """Defaults live in TrainConfig alone: every field is a train option, none is re-declared."""
    from apology_clf.cli import train as train_command

    params = inspect.signature(train_command).parameters
    for name in config_module.option_docs():
        assert params[name].default is None, name  # not given: the config's default applies
    done = run_cli("train", "--help")
    for flag in ("--weight-decay", "--warmup-ratio", "--dropout", "--val-fraction", "--config"):
        assert flag in done.stdout


def test_wide_functions_take_their_options_by_keyword(tmp_path):
    with pytest.raises(TypeError):
        split_files([tmp_path / "a.jsonl"], tmp_path / "out", 13, 0.85)


PUBLIC_EXAMPLES = [TrainConfig, train, evaluate, ApologyClassifier, with_flags]


@pytest.mark.parametrize("obj", PUBLIC_EXAMPLES, ids=lambda o: o.__qualname__)
def test_docstring_examples_run(obj, tiny_base, data_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(apology_clf.model.loading.REPO)  # examples use repository paths
    namespace = {
        "tiny_base": tiny_base,
        "tmp": tmp_path,
        "train_df": make_rows(80, 1),
        "val_df": make_rows(30, 2, "v"),
        "test_path": data_dir / "test.jsonl",
    }
    module = inspect.getmodule(obj)
    tests = doctest.DocTestFinder().find(
        obj, obj.__qualname__, module=module, globs={**vars(module), **namespace}
    )
    assert any(t.examples for t in tests), f"{obj.__qualname__} has no >>> example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for t in tests:
        runner.run(t)
    assert runner.failures == 0


def _public_objects():
    for info in pkgutil.walk_packages(apology_clf.__path__, "apology_clf."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        module = importlib.import_module(info.name)
        yield info.name, module
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != info.name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                yield f"{info.name}.{name}", obj
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    member = value.fget if isinstance(value, property) else value
                    member = getattr(member, "__func__", member)
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{info.name}.{name}.{attr}", member


def test_every_public_name_has_a_docstring():
    missing = [
        name
        for name, obj in _public_objects()
        # a dataclass without a docstring gets its signature as one
        if not obj.__doc__ or obj.__doc__.startswith(getattr(obj, "__name__", "?") + "(")
    ]
    assert not missing, "no docstring: " + ", ".join(missing)


def test_evaluate_by_a_column_gives_each_group_its_own_metrics(trained_model, tmp_path):
    rows = make_rows(60, 4).assign(channel=["letter", "chat", "forum"] * 20)
    rows.to_json(tmp_path / "t.jsonl", orient="records", lines=True)
    done = run_cli(
        "evaluate", trained_model, tmp_path / "t.jsonl", "--by", "channel",
        "--json", tmp_path / "m.json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Macro-F1 by channel" in done.stdout
    saved = json.loads((tmp_path / "m.json").read_text())
    groups = saved["by"]["groups"]
    assert saved["by"]["column"] == "channel" and sorted(groups) == ["chat", "forum", "letter"]
    assert sum(g["n"] for g in groups.values()) == saved["n"] == 60
    alone = evaluate(trained_model, rows[rows["channel"] == "forum"].reset_index(drop=True))
    assert groups["forum"]["mean_macro_f1"] == pytest.approx(alone.mean_macro_f1)
    missing = run_cli("evaluate", trained_model, tmp_path / "t.jsonl", "--by", "team")
    assert missing.returncode == 2 and "'team'" in missing.stderr
