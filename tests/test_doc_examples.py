"""Every `apology-clf` example in the commands' --help and in the README runs as written.

Each runs through bash with the real console script, in a working directory laid out like
the repository with small copies of the data: the example mailbox (its organisation domain
set to the README's `klantenservice.nl`) as `export.mbox` and `oktober.mbox`, the example
replies as `replies.csv`, a tiny trained model as `models/my-model`. The one substitution
in the commands: RobBERT's hub id becomes a tiny local base model (no downloads here)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.main import get_command

from apology_clf.cli import app

ROOT = Path(__file__).resolve().parents[1]
ROBBERT = "DTAI-KULeuven/robbert-2023-dutch-base"
# rebuilding the starter trains for about 19 minutes: its examples are parsed, not run
PARSE_ONLY = ("apology-clf build-starter",)


def help_examples() -> list[str]:
    """The commands after "Example:" / "Examples:" in every command's epilog."""
    out = []
    groups = [get_command(app)]
    while groups:
        group = groups.pop(0)
        for cmd in group.commands.values():
            if hasattr(cmd, "commands"):
                groups.append(cmd)
            m = re.search(r"Examples?: (.*)", cmd.epilog or "", re.S)
            if m:
                out += [e.strip() for e in m.group(1).split("  |  ")]
    return out


def readme_examples() -> list[str]:
    """`apology-clf` command lines of the README's bash blocks (continuations joined)."""
    text = (ROOT / "README.md").read_text()
    out = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = " ".join(line.split())
            if line.startswith("apology-clf "):
                out.append(line)
    return out


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, trained_model, tiny_base) -> Path:
    d = tmp_path_factory.mktemp("examples")
    (d / "data" / "labelled").mkdir(parents=True)
    (d / "data" / "handwritten").mkdir()
    for split, n in (("train", 60), ("validation", 30), ("test", 30)):
        rows = pd.read_json(ROOT / "data" / "labelled" / f"{split}.jsonl", lines=True)
        rows.head(n).to_json(d / "data/labelled" / f"{split}.jsonl", orient="records", lines=True)
    for name in ("batch_01.jsonl", "batch_02.jsonl"):
        shutil.copy(ROOT / "data" / "handwritten" / name, d / "data" / "handwritten" / name)
    shutil.copytree(ROOT / "data" / "examples", d / "data" / "examples")
    shutil.copy(d / "data/labelled/train.jsonl", d / "my-labels.jsonl")
    shutil.copy(ROOT / "data" / "examples" / "replies.csv", d / "replies.csv")
    mbox = (ROOT / "data" / "examples" / "mailbox.mbox").read_bytes()
    for name in ("export.mbox", "oktober.mbox"):
        (d / name).write_bytes(mbox.replace(b"voorbeeld-service.nl", b"klantenservice.nl"))
    shutil.copytree(trained_model, d / "models" / "my-model")
    (d / "tiny-base").symlink_to(tiny_base)
    return d


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    command = command.replace(ROBBERT, "tiny-base")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        ["bash", "-e", "-c", command], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_there_are_examples_to_run():
    assert len(help_examples()) >= 12 and len(readme_examples()) >= 10


@pytest.mark.parametrize("source", ["help", "README"])
def test_examples_run_as_written(source, workdir):
    examples = help_examples() if source == "help" else readme_examples()
    for command in examples:
        if command.startswith(PARSE_ONLY):
            args = command.split()[1:]
            get_command(app).make_context("apology-clf", args)  # raises on a usage error
            continue
        r = run(command, workdir)
        assert r.returncode == 0, f"{command}\n{r.stdout}\n{r.stderr}"
