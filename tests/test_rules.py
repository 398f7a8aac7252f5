"""Rubric checks: names, spans, and the levels the rubric's own examples call for."""

import pytest

from apology_clf import rules
from apology_clf.model.scorer import RulesClassifier


def names(text):
    return {h.name for h in rules.find(text)}


@pytest.mark.parametrize(
    "text, expected",
    [
        # the rubric's hard cases and level examples
        (
            "Excuses voor het ongemak, maar de vertraging lag bij PostNL.",
            {"sincerity": 0, "responsibility": 0},
        ),
        ("Sorry als u dit als vervelend heeft ervaren.", {"sincerity": 0}),
        ("Mocht u hinder hebben ondervonden, dan bieden wij onze excuses aan.", {"sincerity": 0}),
        ("Excuses voor het ongemak.", {"sincerity": 1}),
        (
            "Het spijt me echt dat uw pakket twee keer niet bezorgd is, terwijl u er speciaal voor "
            "thuisbleef.",
            {"sincerity": 2},
        ),
        ("Sorry, sorry, nogmaals sorry.", {"sincerity": 1, "next_steps": 0}),
        ("Het gaat om een vertraging van slechts twee dagen.", {"empathy": 0}),
        ("Wij begrijpen uw frustratie.", {"empathy": 1}),
        (
            "Ik begrijp dat het extra zuur is dat u juist in de week van uw verhuizing zonder "
            "internet zat en niet kon thuiswerken.",
            {"empathy": 2},
        ),
        (
            "De vertraging is veroorzaakt door de vervoerder; daar hebben wij geen invloed op.",
            {"responsibility": 0},
        ),
        ("Er is helaas iets misgegaan.", {"responsibility": 1}),
        ("Wij hebben hier een fout gemaakt.", {"responsibility": 2}),
        ("Wij hopen u hiermee voldoende te hebben geïnformeerd.", {"next_steps": 0}),
        ("We gaan ernaar kijken.", {"next_steps": 1}),
        ("U hoort nog van ons.", {"next_steps": 1}),
        (
            "Ik heb vandaag een nieuw toestel voor u besteld; u ontvangt het donderdag "
            "vóór 12 uur. Daarnaast storten we € 15 terug.",
            {"next_steps": 2},
        ),
        (
            "We kunnen het bedrag niet vergoeden omdat de garantie verlopen is; wel kunt u het "
            "toestel gratis laten nakijken.",
            {"next_steps": 2},
        ),
    ],
)
def test_levels_follow_the_rubric_examples(text, expected):
    got = rules.levels(text)
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize(
    "text, flag, expected",
    [
        # RUBRIC.md, "Hard cases from replies as organisations really write them"
        ("Er is een fout gemaakt bij de verwerking.", "ownerless_admission", {"responsibility": 1}),
        ("Dit had nooit mogen gebeuren.", "ownerless_admission", {"responsibility": 1}),
        ("De uitbater is niet bij ons in dienst.", "distancing", {"responsibility": 0}),
        ("Wij zijn zelf ook slachtoffer van deze fraude.", "distancing", {"responsibility": 0}),
        ("Dat was toen de procedure.", "procedure_defence", {"responsibility": 0}),
        ("Wij hebben conform onze voorwaarden gehandeld.", "procedure_defence", {}),
        (
            "We hebben de klant inmiddels onze excuses aangeboden.",
            "reported_apology",
            {"sincerity": 1},
        ),
        ("De medewerker is aangesproken.", "internal_measure", {"next_steps": 1}),
        ("We starten een intern onderzoek.", "internal_measure", {"next_steps": 1}),
        ("Dit komt gelukkig zelden voor.", "minimising", {"empathy": 0}),
        ("Niet alle klanten werden getroffen.", "minimising", {"empathy": 0}),
        ("99% van onze pakketten komt op tijd aan.", "minimising", {"empathy": 0}),
    ],
)
def test_checks_for_the_register_organisations_publish_in(text, flag, expected):
    assert flag in names(text)
    assert rules.weight(flag) == ("neutral" if flag == "reported_apology" else "weakness")
    got = rules.levels(text)
    assert {k: got[k] for k in expected} == expected


def test_a_direct_apology_is_not_a_reported_one():
    assert "reported_apology" not in names("Wij bieden u onze oprechte excuses aan.")
    assert "internal_measure" not in names("Ik heb vandaag een nieuw toestel voor u besteld.")


def test_hits_carry_exact_character_spans():
    text = "Beste klant, sorry als u last had, maar u had beter moeten opletten."
    for hit in rules.find(text):
        assert text[hit.start : hit.end] == hit.text
    assert {"conditional_apology", "blame_shift"} <= names(text)
    cond = next(h for h in rules.find(text) if h.name == "conditional_apology")
    assert cond.text == "als"


def test_flags_cover_every_flag_name():
    flags = rules.flags("Het valt wel mee, dit komt vaker voor.")
    assert set(flags) == {f"flag_{n}" for n in rules.FLAGS}
    assert flags["flag_minimising"] and not flags["flag_ownership"]


def test_flemish_and_je_register():
    assert (
        rules.levels(
            "Sorry dat je gsm pas na drie weken terug was, ik snap dat je "
            "zonder gsm niet bereikbaar was voor je werk."
        )["sincerity"]
        == 2
    )
    assert "blame_shift" in names("Dat lag aan bpost, daar hebben wij geen invloed op.")


def test_rules_scorer_has_the_model_output_shape():
    out = RulesClassifier().score(["Wij hebben een fout gemaakt. U ontvangt morgen € 20.", ""])
    assert out.loc[0, "responsibility"] == 2 and out.loc[0, "responsibility_p2"] == 1.0
    assert bool(out.loc[0, "flag_ownership"])
    assert out.loc[1, "skipped_reason"] == "empty text"
