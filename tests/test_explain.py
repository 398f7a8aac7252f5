import json

from conftest import run_cli

from apology_clf.report.explain import explain

TEXT = "Excuses voor het ongemak, maar de koerier was te laat. Wij hebben een fout gemaakt."


def test_model_attributions_point_into_the_text(trained_model):
    expl = explain(TEXT, "Waar is mijn pakket?", str(trained_model), top_k=4)
    assert set(expl.levels) == {"sincerity", "empathy", "responsibility", "next_steps"}
    for words in expl.attributions.values():
        assert 0 < len(words) <= 4
        for a in words:
            assert TEXT[a.start : a.end] == a.word
        assert abs(words[0].score) >= abs(words[-1].score)  # strongest first
    # the phrase that decides responsibility in the training data drives the model too
    top = {a.word for a in expl.attributions["responsibility"]}
    assert top & {"Wij", "hebben", "een", "fout", "gemaakt."}
    assert {h.name for h in expl.rules} >= {"apology_but", "ownership"}
    assert expl.to_dict()["rules"][0]["name"]


def test_rules_only_explanation_and_cli():
    expl = explain(TEXT, model="rules")
    assert expl.attributions == {} and expl.levels["sincerity"] == 0
    r = run_cli("explain", TEXT, "--model", "rules", "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert "[apology with 'but'] 'maar'" in r.stdout and "sincerity: level 0" in r.stdout


def test_explain_without_model_uses_the_starter():
    expl = explain(TEXT)
    assert set(expl.attributions) == set(expl.levels)  # a network: word attributions
    assert {h.name for h in expl.rules} >= {"apology_but"}


def test_explain_piped_marks_survive_without_colour_and_speaks_dutch(trained_model):
    r = run_cli("explain", TEXT, "--model", trained_model, "--lang", "nl")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "Rubriekcontroles"
    assert "[maar]" in lines[1] and "[Wij hebben een fout] gemaakt." in lines[1]  # spans marked
    assert "  [excuses met 'maar'] 'maar'" in lines
    assert any(line.startswith("+ verhoogt de kans op dit niveau") for line in lines)  # legend
    assert "verantwoordelijkheid: niveau" in r.stdout and "sincerity" not in r.stdout
    assert r.stdout.count("de koerier was te laat") == 1  # the reply once, not per dimension


def test_explain_says_when_no_check_matched_and_gives_json():
    r = run_cli(
        "explain", "Goedemorgen, hierbij de gevraagde gegevens.", "--model", "rules", "--lang", "nl"
    )
    assert "(geen rubriekcontroles gevonden)" in r.stdout
    r = run_cli("explain", TEXT, "--model", "rules", "--json")
    data = json.loads(r.stdout)
    assert data["levels"]["sincerity"] == 0
    assert {h["name"] for h in data["rules"]} >= {"apology_but", "ownership"}


def test_language_comes_from_apology_lang_then_the_locale():
    r = run_cli("explain", TEXT, "--model", "rules", env={"APOLOGY_LANG": "nl"})
    assert "oprechtheid: niveau 0" in r.stdout
    r = run_cli(
        "explain",
        TEXT,
        "--model",
        "rules",
        env={"APOLOGY_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "nl_BE.UTF-8"},
    )
    assert "oprechtheid: niveau 0" in r.stdout
    r = run_cli("explain", TEXT, "--model", "rules", env={"APOLOGY_LANG": "fr"})
    assert r.returncode == 2 and "language 'fr' (from $APOLOGY_LANG)" in r.stderr
