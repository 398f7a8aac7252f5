"""Every word the reports show, in English and Dutch: one table per kind (labels, rubric
checks, skip reasons), so an output is in one language. Data files keep the codes
(``flag_apology_but``, ``not outgoing``); only what a person reads is translated."""

from __future__ import annotations

import locale
import os

from ..errors import InputError

LANGS = ("en", "nl")
ENV_VAR = "APOLOGY_LANG"

STRINGS = {
    "en": {
        "title": "Apology quality report",
        "counts": "Overview",
        "replies": "Replies scored",
        "skipped": "Messages skipped",
        "mean_overall": "Mean overall score",
        "below": "Share below {threshold:.0f}",
        "distribution": "Level distribution per dimension",
        "level": "level",
        "dimension": "dimension",
        "trend": "Overall score per week",
        "overall": "overall (0-100)",
        "per_agent": "Per agent",
        "per_team": "Per team",
        "agent": "agent",
        "team": "team",
        "count": "replies",
        "flags": "Rubric checks: share of replies",
        "check": "check",
        "lowest": "Lowest-scoring replies",
        "no_text": "text not in the scores file (score with --include-text to see it)",
        "no_replies": "There are no scored replies in this file.",
        "customer": "Customer's message",
        "legend": "Marked in the replies: {strength} a strength in the rubric's terms, "
        "{weakness} a weakness, {neutral} other rubric checks. Hover over a mark for the "
        "check's name.",
        "strength": "green",
        "weakness": "red",
        "neutral": "yellow",
        "skipped_summary": "Skipped messages",
        "reason": "reason",
        "sincerity": "sincerity",
        "empathy": "empathy",
        "responsibility": "responsibility",
        "next_steps": "next steps",
        # explain
        "checks_found": "Rubric checks",
        "no_checks": "no rubric checks matched",
        "explain_legend": "+ raises the chance of this level, - lowers it (the change when "
        "the word is left out)",
        "words": "words",
    },
    "nl": {
        "title": "Rapport kwaliteit excuses",
        "counts": "Overzicht",
        "replies": "Gescoorde antwoorden",
        "skipped": "Overgeslagen berichten",
        "mean_overall": "Gemiddelde totaalscore",
        "below": "Aandeel onder {threshold:.0f}",
        "distribution": "Verdeling van niveaus per dimensie",
        "level": "niveau",
        "dimension": "dimensie",
        "trend": "Totaalscore per week",
        "overall": "totaal (0-100)",
        "per_agent": "Per medewerker",
        "per_team": "Per team",
        "agent": "medewerker",
        "team": "team",
        "count": "antwoorden",
        "flags": "Rubriekcontroles: aandeel antwoorden",
        "check": "controle",
        "lowest": "Laagst scorende antwoorden",
        "no_text": "tekst staat niet in het scorebestand (scoor met --include-text om hem te zien)",
        "no_replies": "Er staan geen gescoorde antwoorden in dit bestand.",
        "customer": "Bericht van de klant",
        "legend": "Gemarkeerd in de antwoorden: {strength} een sterk punt volgens de rubriek, "
        "{weakness} een zwak punt, {neutral} andere rubriekcontroles. Houd de muis op een "
        "markering voor de naam van de controle.",
        "strength": "groen",
        "weakness": "rood",
        "neutral": "geel",
        "skipped_summary": "Overgeslagen berichten",
        "reason": "reden",
        "sincerity": "oprechtheid",
        "empathy": "empathie",
        "responsibility": "verantwoordelijkheid",
        "next_steps": "vervolgstappen",
        "checks_found": "Rubriekcontroles",
        "no_checks": "geen rubriekcontroles gevonden",
        "explain_legend": "+ verhoogt de kans op dit niveau, - verlaagt hem (het verschil als "
        "het woord wordt weggelaten)",
        "words": "woorden",
    },
}

CHECKS = {
    "en": {
        "apology_specific": "specific apology",
        "apology_generic": "generic apology",
        "conditional_apology": "conditional apology",
        "apology_but": "apology with 'but'",
        "repeated_apology": "repeated apology",
        "sarcasm": "sarcasm",
        "empathy_specific": "specific empathy",
        "empathy_generic": "generic empathy",
        "minimising": "minimising",
        "blame_shift": "blame shifted",
        "ownership": "ownership",
        "passive_acknowledgement": "passive acknowledgement",
        "concrete_step": "concrete next step",
        "vague_promise": "vague promise",
        "reported_apology": "reported apology",
        "ownerless_admission": "admission without an owner",
        "distancing": "distancing from own staff or partner",
        "procedure_defence": "procedure defended",
        "internal_measure": "internal measure only",
    },
    "nl": {
        "apology_specific": "specifieke excuses",
        "apology_generic": "algemene excuses",
        "conditional_apology": "voorwaardelijke excuses",
        "apology_but": "excuses met 'maar'",
        "repeated_apology": "herhaalde excuses",
        "sarcasm": "sarcasme",
        "empathy_specific": "specifieke empathie",
        "empathy_generic": "algemene empathie",
        "minimising": "bagatelliseren",
        "blame_shift": "schuld afgeschoven",
        "ownership": "verantwoordelijkheid genomen",
        "passive_acknowledgement": "passieve erkenning",
        "concrete_step": "concrete vervolgstap",
        "vague_promise": "vage belofte",
        "reported_apology": "gerapporteerde excuses",
        "ownerless_admission": "fout zonder eigenaar",
        "distancing": "afstand van eigen personeel of partner",
        "procedure_defence": "procedure verdedigd",
        "internal_measure": "alleen interne maatregel",
    },
}

REASONS = {
    "nl": {
        "not outgoing": "niet van de organisatie (--from)",
        "outside date range": "buiten de gekozen periode",
        "empty after extraction": "leeg na verwijderen van citaten en handtekening",
        "not Dutch": "niet in het Nederlands",
        "duplicate": "dubbel bericht",
        "empty text": "lege tekst",
        "not text (binary or control characters)": "geen tekst (binair)",
        "not text (broken character encoding)": "geen tekst (kapotte tekenset)",
        "not text (mostly symbols and digits)": "geen tekst (vooral tekens en cijfers)",
        "undecodable": "onleesbaar",
    },
}


def check_name(name: str, lang: str) -> str:
    """A rubric check's name for people (``apology_but`` -> "excuses met 'maar'")."""
    return CHECKS[lang].get(name, name.replace("_", " "))


def reason_label(reason: str, lang: str) -> str:
    """A skip reason for people; a detail in parentheses (``undecodable (HeaderError)``) is
    kept after the translated reason."""
    table = REASONS.get(lang, {})
    if reason in table:
        return table[reason]
    head, sep, rest = reason.partition(" (")
    return f"{table[head]} ({rest}" if sep and head in table else reason


def resolve_lang(lang: str | None) -> tuple[str, str]:
    """The language to write in and where it came from: ``lang`` when given, else
    ``$APOLOGY_LANG``, else the locale (Dutch for nl_*), else English."""
    if lang:
        source = "`lang`"
    elif os.environ.get(ENV_VAR):
        lang, source = os.environ[ENV_VAR], f"${ENV_VAR}"
    else:
        names = [os.environ.get(v, "") for v in ("LC_ALL", "LC_MESSAGES", "LANG")]
        current = next((n for n in names if n), None) or (locale.getlocale()[0] or "")
        lang, source = (
            ("nl", "the locale") if current.lower().startswith("nl") else ("en", "default")
        )
    lang = lang.lower()[:2]
    if lang not in LANGS:
        raise InputError(f"language {lang!r} (from {source}): use one of {', '.join(LANGS)}")
    return lang, source
