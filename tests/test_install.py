"""Installing and starting like a well-made tool: the starter inside the wheel, a CLI whose
help and version never import torch, `python -m apology_clf`, quiet batch output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLES, run_cli

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "datasets", "sklearn", "pyspark", "ray")


def _modules_after(argv: list[str]) -> set[str]:
    """Heavy modules imported by the CLI (in-process in a fresh interpreter) for ``argv``."""
    code = (
        "import sys\n"
        "from apology_clf.cli import app\n"
        f"try:\n    app({argv!r}, prog_name='apology-clf')\n"
        "except SystemExit as e:\n    assert e.code in (0, None), e.code\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    heavy = r.stdout.rsplit("HEAVY=", 1)[1].strip()
    return set(heavy.split(",")) - {""}


def _commands() -> list[list[str]]:
    from apology_clf.cli import app, data_app

    top = [[c.name or c.callback.__name__.replace("_", "-")] for c in app.registered_commands]
    data = [["data", c.name] for c in data_app.registered_commands]
    return [[], *top, *data]


def test_help_of_every_command_and_version_import_no_heavy_library():
    for command in _commands():
        assert _modules_after([*command, "--help"]) == set(), command
    assert _modules_after(["--version"]) == set()


def test_version_and_python_dash_m():
    from apology_clf import __version__

    r = subprocess.run(
        [sys.executable, "-m", "apology_clf", "--version"], capture_output=True, text=True
    )
    assert r.returncode == 0 and r.stdout.strip() == f"apology-clf {__version__}"
    r = subprocess.run([sys.executable, "-m", "apology_clf", "score"], capture_output=True)
    assert r.returncode == 2  # a usage error, from the same app as the console script


def test_batch_run_has_no_progress_bars_or_library_noise_on_stderr(tmp_path):
    # stderr is a pipe here, as in a cron job or an nbconvert pipeline
    out = tmp_path / "s.csv"
    r = run_cli("score", EXAMPLES / "replies.csv", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    assert "40 rows: 40 scored" in r.stdout


def test_loading_a_model_through_the_api_prints_no_loading_bar(capfd):
    from transformers.utils import logging as hf_logging

    from apology_clf import ApologyClassifier

    hf_logging.enable_progress_bar()  # as in a fresh notebook kernel
    ApologyClassifier.load(ROOT / "models" / "starter")
    assert "Loading weights" not in capfd.readouterr().err
    assert hf_logging.is_progress_bar_enabled()  # the caller's setting is restored


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    """A fresh virtual environment outside the checkout with the project installed from a
    wheel built from a copy of the source tree. Its dependencies come from the test
    environment (a .pth line; the editable install there is not picked up), so no download."""
    tmp = tmp_path_factory.mktemp("wheel")
    tree = tmp / "tree"
    tree.mkdir()
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "src", tree / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "models" / "starter", tree / "models" / "starter")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", tmp / "dist", tree],
        check=True,
        capture_output=True,
    )
    wheel = next((tmp / "dist").glob("apology_clf-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [*pip, "install", "--no-deps", "--target", site, wheel], check=True, capture_output=True
    )
    return venv


def test_wheel_install_scores_offline_without_model(wheel_venv, tmp_path):
    python = wheel_venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("APOLOGY_CLF_MODEL", "PYTHONPATH")}
    env["HF_HUB_OFFLINE"] = "1"
    where = subprocess.run(
        [python, "-c", "import apology_clf.model.loading as m; print(m.default_model())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(wheel_venv)  # the packaged starter
    out = tmp_path / "scores.csv"
    r = subprocess.run(
        [python, "-m", "apology_clf", "score", EXAMPLES / "replies.csv", "-o", out],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert r.returncode == 0, r.stderr
    scores = pd.read_csv(out)
    assert len(scores) == 40 and scores["overall"].notna().all()


def test_quiet_training_prints_only_the_result(tiny_base, data_dir, tmp_path):
    args = ["train", data_dir / "train.jsonl", "--val", data_dir / "val.jsonl"]
    args += ["--output", tmp_path / "m", "--base-model", tiny_base, "--epochs", "2"]
    args += ["--max-length", "96"]
    loud = run_cli(*args)
    assert loud.returncode == 0, loud.stderr
    assert "epoch 1/2: train loss" in loud.stderr  # one line per epoch, no bars off a terminal
    assert "Loading weights" not in loud.stderr and "it/s" not in loud.stderr
    quiet = run_cli("--quiet", *args)
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert "saved" in quiet.stdout
