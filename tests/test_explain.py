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
    r = run_cli("explain", TEXT, "--model", "rules")
    assert r.returncode == 0, r.stderr
    assert "apology_but: 'maar'" in r.stdout and "sincerity: level 0" in r.stdout


def test_explain_without_model_uses_the_starter():
    expl = explain(TEXT)
    assert set(expl.attributions) == set(expl.levels)  # a network: word attributions
    assert {h.name for h in expl.rules} >= {"apology_but"}
