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
    assert "Sanne de Vries" in html  # per agent
    reason = {"en": "not outgoing", "nl": "niet van de organisatie (--from)"}[lang]
    assert f"<td>{reason}</td>" in html  # skipped summary
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
    # at a 1000-pixel window neither the page nor any table needs a horizontal scrollbar:
    # measured from a test page that frames the report (the report has no scripts)
    probe = tmp_path / "probe.html"
    probe.write_text(
        f"<iframe id=f src='{out.name}' style='width:1000px;height:800px;border:0'></iframe>"
        "<script>document.getElementById('f').onload = function () {"
        " var d = this.contentDocument, w = 0;"
        " d.querySelectorAll('.scroll').forEach(function (e) {"
        "  w = Math.max(w, e.scrollWidth - e.clientWidth); });"
        " var r = d.documentElement;"
        " document.body.dataset.overflow = (r.scrollWidth - r.clientWidth) + ',' + w; };"
        "</script>"
    )
    measured = subprocess.run(
        [
            chromium(),
            *flags,
            "--allow-file-access-from-files",
            "--virtual-time-budget=5000",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert 'data-overflow="0,0"' in measured.stdout, measured.stdout[-500:]


def test_report_rejects_a_file_that_is_not_scores(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("text\nhallo\n")
    r = run_cli("report", bad, "-o", tmp_path / "r.html")
    assert r.returncode == 2 and "not a scores file" in r.stderr
    assert not (tmp_path / "r.html").exists()


def test_dutch_report_is_dutch_and_lowest_replies_say_who_when_and_to_what(scores, tmp_path):
    out = tmp_path / "r.html"
    r = run_cli("report", scores, "-o", out, "--lang", "nl")
    assert r.returncode == 0, r.stderr
    assert "(language nl, from --lang)" in r.stdout
    html = out.read_text()
    visible = re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S)
    for code in (
        "apology_generic",
        "passive_acknowledgement",
        "not outgoing",
        "next_steps",
        "mean_overall",
        "share_below",
        "replies",
    ):
        assert code not in visible, code
    assert "algemene excuses" in visible and "passieve erkenning" in visible
    lowest = html[html.index("Laagst scorende antwoorden") :]
    assert "Gemarkeerd in de antwoorden" in lowest  # the legend
    assert "Bericht van de klant:" in lowest  # the customer's message beside the reply
    assert re.search(r"2026-10-\d\d \d\d:\d\d UTC · Re: Klacht", lowest)  # date and subject
    assert 'title="voorwaardelijke excuses"' in lowest or 'title="algemene excuses"' in lowest


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_report_on_a_scores_file_with_no_rows(scores, tmp_path, suffix):
    empty = tmp_path / f"leeg{suffix}"
    df = pd.read_parquet(scores).head(0)
    df.to_parquet(empty) if suffix == ".parquet" else df.to_csv(empty, index=False)
    out = tmp_path / "r.html"
    r = run_cli("report", empty, "-o", out, "--lang", "nl")
    assert r.returncode == 0, r.stderr
    assert "report on 0 replies" in r.stdout
    assert "Er staan geen gescoorde antwoorden in dit bestand." in out.read_text()


def test_report_language_defaults_to_apology_lang_and_says_so(scores, tmp_path):
    out = tmp_path / "r.html"
    r = run_cli("report", scores, "-o", out, env={"APOLOGY_LANG": "nl"})
    assert "(language nl, from $APOLOGY_LANG)" in r.stdout
    assert "Rapport kwaliteit excuses" in out.read_text()
