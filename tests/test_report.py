"""The QA report: content, self-containedness, and a real render in headless Chromium."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli, score_example_mailbox

ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def scores(trained_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "oktober.parquet"
    r = score_example_mailbox(trained_model, out)
    assert r.returncode == 0, r.stderr
    df = pd.read_parquet(out)
    df["team"] = ["A" if i % 2 else "B" for i in range(len(df))]
    df.to_parquet(out)
    return out


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium not installed; apt-get install chromium")
    return path


@pytest.mark.parametrize(
    "lang, heading", [("en", "Lowest-scoring replies"), ("nl", "Laagst scorende antwoorden")]
)
def test_report_content(scores, tmp_path, lang, heading):
    out = tmp_path / "report.html"
    r = run_cli("report", scores, "-o", out, "--lang", lang, "--team-column", "team")
    assert r.returncode == 0, r.stderr
    assert "report on 40 replies (42 skipped)" in r.stdout
    html = out.read_text()
    assert heading in html
    assert html.count("<svg") == 2  # level distribution and weekly trend
    assert "Sanne de Vries" in html and "not outgoing" in html  # per agent; skipped summary
    assert '<mark class="' in html  # rubric-check highlights on the lowest replies
    # self-contained: nothing is fetched from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html


def test_report_renders_in_headless_chromium(scores, tmp_path):
    out = tmp_path / "report.html"
    assert run_cli("report", scores, "-o", out, "--lang", "nl").returncode == 0
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [chromium(), *flags, "--dump-dom", out.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "Rapport kwaliteit excuses" in dom.stdout
    assert "Per medewerker" in dom.stdout and "vervolgstappen" in dom.stdout
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [chromium(), *flags, "--window-size=1200,2400", f"--screenshot={shot}", out.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.stat().st_size > 10_000


def test_report_rejects_a_file_that_is_not_scores(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("text\nhallo\n")
    r = run_cli("report", bad, "-o", tmp_path / "r.html")
    assert r.returncode == 2 and "not a scores file" in r.stderr
    assert not (tmp_path / "r.html").exists()
