"""Rubric checks: the rubric's markers found in Dutch and Flemish replies, each with a name and
a character span. Explainable, no training; also a baseline scorer (``--model rules``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Flag names, in the order they appear as ``flag_<name>`` columns.
FLAGS = (
    "apology_specific",
    "apology_generic",
    "conditional_apology",
    "apology_but",
    "repeated_apology",
    "sarcasm",
    "empathy_specific",
    "empathy_generic",
    "minimising",
    "blame_shift",
    "ownership",
    "passive_acknowledgement",
    "concrete_step",
    "vague_promise",
    # the register organisations publish in (RUBRIC.md, "as organisations really write them")
    "reported_apology",
    "ownerless_admission",
    "distancing",
    "procedure_defence",
    "internal_measure",
)

# How a check weighs in the rubric: a strength, a weakness, or neither (context only).
STRENGTHS = ("apology_specific", "empathy_specific", "ownership", "concrete_step")
WEAKNESSES = (
    "conditional_apology",
    "apology_but",
    "sarcasm",
    "minimising",
    "blame_shift",
    "passive_acknowledgement",
    "vague_promise",
    "ownerless_admission",
    "distancing",
    "procedure_defence",
    "internal_measure",
)


def weight(name: str) -> str:
    """``strength``, ``weakness`` or ``neutral`` for a check's name."""
    if name in STRENGTHS:
        return "strength"
    return "weakness" if name in WEAKNESSES else "neutral"


_I = re.IGNORECASE
APOLOGY = re.compile(
    r"\b(sorry|excuses|excuus|verontschuldig\w*|het spijt (me|mij|ons)|spijt het (me|mij|ons)"
    r"|betreur\w*|pardon)\b",
    _I,
)
# what makes an apology generic: it is for "the inconvenience", not for a named failure
GENERIC_OBJECT = re.compile(
    r"\b(voor|van) (het|de) (ongemak|overlast|ongerief|vervelende situatie|verwarring)\b"
    r"|^\W*(sorry|excuses|het spijt (me|ons))\W*$",
    _I,
)
NAMES_FAILURE = re.compile(r"\b(dat|voor het feit dat|omdat|voor (de|het|uw|je|jouw) \w+)\b", _I)
CONDITION = re.compile(r"\b(als|indien|mocht|mochten|eventuele|eventueel|wanneer u)\b", _I)
BUT = re.compile(r"\bmaar\b", _I)
SARCASM = re.compile(
    r"\b(wat (fijn|jammer|knap|leuk) dat (u|je)\b.*\b(niet|weer|eindelijk|zelf)"
    r"|zoals (u|je) (ongetwijfeld|vast) (weet|had kunnen lezen)"
    r"|blijkbaar (is|was) (het|dat) (te )?(moeilijk|lastig))",
    _I,
)
EMPATHY = re.compile(
    r"\b(ik|wij|we) (begrijp|begrijpen|snap|snappen|kan me voorstellen|kunnen ons voorstellen)\w*"
    r"|\b(vervelend|frustrerend|zuur|naar|ellendig|balen) (voor|dat|is|was)\b"
    r"|\bbegrijpelijk\b|\bik leef met (u|je) mee\b",
    _I,
)
GENERIC_EMPATHY = re.compile(
    r"\b(begrijp|begrijpen|snap|snappen) (uw|je|jouw) (frustratie|ergernis|onvrede|teleurstelling"
    r"|boosheid)\b\W*$|\bvervelend voor (u|je|jou)\W*$|\bbegrijpelijk\W*$"
    r"|\b(dat|dit) (is|was) (niet fijn|vervelend)\W*$",
    _I,
)
MINIMISING = re.compile(
    r"\b(slechts|maar even|maar (een|één) (paar|kleine|dag|uur)|het valt (wel )?mee"
    r"|komt (wel )?(vaker|vaak|eens) voor|gebeurt (wel )?(vaker|eens)|kleine vertraging"
    r"|geen (groot|ramp)|niet zo erg"
    # by numbers: "komt gelukkig zelden voor", "99% van onze pakketten", "niet alle klanten"
    r"|(komt|gebeurt) (gelukkig )?(zelden|bijna nooit|maar zelden)( voor)?"
    r"|\d+([.,]\d+)? ?(%|procent) (van )?(onze|de|alle)|de (overgrote |grote )?meerderheid van"
    r"|niet alle (klanten|reizigers|gebruikers|bewoners|patiënten)( werden| zijn)?( getroffen)?)",
    _I,
)
BLAME = re.compile(
    r"\b(geen invloed|buiten onze (macht|schuld|invloed)|niet (aan|bij) ons|ligt (bij|aan) "
    r"(de|het|uw|je) (vervoerder|koerier|leverancier|bezorger|transporteur|systeem|netbeheerder"
    r"|aannemer|partner)|(door|aan|bij) (de|het) (vervoerder|koerier|leverancier|bezorgdienst"
    r"|transporteur|systeem)|(lag|ligt) (bij|aan) (PostNL|bpost|DHL|DPD|GLS|de \w+)"
    r"|(u|je) (heeft|hebt|had) (zelf|het verkeerde|een verkeerd|niet goed|beter|moeten)"
    r"|had(den)? (u|je) (moeten|beter)|volgens onze gegevens (heeft|hebt) (u|je)"
    r"|uw eigen (fout|schuld)|(PostNL|bpost|DHL|DPD|GLS) (is|heeft|was)\b)",
    _I,
)
OWNERSHIP = re.compile(
    r"\b((wij|we|ik) (hebben|heb) (hier |daar |toen )?(een|de) fout|onze fout|onze (eigen )?"
    r"verantwoordelijkheid|ligt (de fout )?bij ons|rekenen (wij|we) (ons|onszelf)"
    r"|(wij|we|ik) (hadden|had) (dit|dat|u|je|het) .{0,40}moeten|het ging (bij ons )?mis"
    r"|(wij|we|ik) (ben|zijn|hebben|heb) (tekort|in gebreke|steken laten vallen)"
    r"|dat is (onze|mijn) schuld|fout (ligt )?bij ons|fout van (ons|onze|mij)|onze eigen \w+"
    r"|(wij|we|ik) (hebben|zijn|heb|ben) .{0,50}(vergeten|verzuimd|verkeerd|te laat|niet (goed|"
    r"correct|op tijd|doorgevoerd|verwerkt|doorgegeven))|(wij|we|ik) (hebben|heb) .{0,30}"
    r"(steken laten vallen|niet waargemaakt|niet nagekomen))\b",
    _I,
)
PASSIVE = re.compile(
    r"\b(er is (helaas )?iets (mis|fout)\w*|(is|zijn) (er )?(helaas )?(iets )?(misgegaan|fout "
    r"gegaan|fout gelopen)|door een (technische )?(storing|fout|probleem)|niet goed verlopen"
    r"|ging (er )?iets mis|door (een |de )?(fout|vergissing|storing|miscommunicatie|misverstand"
    r"|drukte|technisch probleem|personeelstekort)|(is|zijn|werd|werden) (helaas )?(niet|te laat)"
    r" \w+)\b",
    _I,
)
DATE_TIME_AMOUNT = (
    r"(maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|morgen|overmorgen|vandaag"
    r"|vanavond|vanmiddag|binnen (de week|\d+ (werk)?dagen|\d+ uur|een week|twee weken)"
    r"|\d{1,2}[-/]\d{1,2}|\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus"
    r"|september|oktober|november|december)|om \d{1,2}([.:]\d{2})? uur|\d{1,2}[.:]\d{2} uur"
    r"|€ ?\d+([.,]\d{2})?|\d+([.,]\d{2})? euro)"
)
ACTION = (
    r"(stort\w*|terug(ge)?(stort|betaal)\w*|vergoed\w*|crediteer\w*|verzend\w*|verstuur\w*"
    r"|stuur\w*|lever\w*|bel\w*|komt|langs|ingepland|plannen|herstel\w*|vervang\w*|ontvangt"
    r"|(aan|door)gepast|teruggezet|geregeld|afspraak|monteur)"
)
COMPLETED = re.compile(
    r"\b(is|zijn|heb|hebben|heeft|wordt|worden)\b.{0,60}\b(ingetrokken|ingevoerd|aangepast"
    r"|teruggeboekt|teruggestort|terugbetaald|gecorrigeerd|hersteld|vervangen|verstuurd|verzonden"
    r"|besteld|ingepland|gecrediteerd|kwijtgescholden|geannuleerd|stopgezet|beëindigd|toegevoegd"
    r"|vastgelegd|vergoed|gestort)\b",
    _I,
)
CONCRETE = re.compile(rf"\b{DATE_TIME_AMOUNT}\b.*\b{ACTION}|\b{ACTION}\b.*\b{DATE_TIME_AMOUNT}", _I)
VAGUE = re.compile(
    r"\b((we|wij|ik) (gaan|ga|zullen|zal) ((er|hier|dit) (naar )?(kijken|mee aan de slag|induiken"
    r"|uitzoeken)|(ernaar|hiernaar) kijken)|(u|je) hoort (nog |snel )?(van|iets van) ons"
    r"|nemen (uw|je|jouw) (feedback|opmerking|klacht) mee|(we|wij) komen (er|hier) (nog )?op terug"
    r"|(we|wij|ik) (zoeken|kijken) (het|dit) uit|wordt (verder )?onderzocht|(nemen|neem) .{0,20}"
    r"contact .{0,20}op|op de hoogte (houden|brengen)"
    r"|(doorgegeven|doorgestuurd|doorgezet) (aan|naar)|zo snel mogelijk|binnenkort"
    r"|op korte termijn|in behandeling|(we|wij|ik) (proberen|probeer|"
    r"doen ons best|zullen .{0,30}bekijken|gaan .{0,30}bekijken))\b",
    _I,
)
REFUSAL = re.compile(
    r"\b((kunnen|kan) (wij|we|ik)|(wij|we|ik) (kunnen|kan)) .{0,60}\bniet\b.{0,80}\b(omdat|want)\b",
    _I,
)
REPORTED_APOLOGY = re.compile(
    r"\b((hebben|heeft|hebt|zijn|is|werd|werden)\b.{0,100}?\b(excuses|verontschuldigingen"
    r"|spijt|sorry)\b.{0,60}?\b(aangeboden|gemaakt|betuigd|overgebracht|uitgesproken|ontvangen"
    r"|gegeven)|(gebeld|langsgegaan|contact opgenomen) om (sorry|excuses|onze excuses) (te )?"
    r"(zeggen|aan te bieden|maken)|(bood|boden) (\w+ ){0,6}(excuses|verontschuldigingen)"
    r" aan)\b",
    _I,
)
# admitted, but nobody did it: "er is een fout gemaakt", "dit had nooit mogen gebeuren"
OWNERLESS = re.compile(
    r"\b((er|het) (is|werd|zijn|werden)\b.{0,60}?\b(een |iets |fouten |een menselijke )?(fout"
    r"|vergissing|misser)\w* (gemaakt|gebeurd|begaan|opgetreden|geslopen)|(een )?fout (is|werd)"
    r" (gemaakt|gebeurd)|(dit|dat|het) (had|hadden) (nooit|niet) (mogen|moeten) (gebeuren|gebeurd)"
    r"|(er|hier|daar|toen|duidelijk|blijkbaar|helaas) (is )?(.{0,40}? )?(iets|het) (is )?(mis|fout)"
    r"(gegaan|gelopen)|dit is niet goed gegaan|(is|werd) (helaas )?niet (correct|juist|goed)"
    r" (afgehandeld|verwerkt|uitgevoerd|opgevolgd))\b",
    _I,
)
# own staff, subcontractors and leaseholders held at arm's length; "wij zijn ook slachtoffer"
DISTANCING = re.compile(
    r"\b((is|zijn|was|waren|werken) (niet|geen) (bij|in dienst van|medewerker\w* van) (ons|onze"
    r"|\w+)( in dienst)?|niet in (ons|onze) dienst|in dienst (van|bij) een (extern|ander)\w*"
    r"|(zelf|ook|evengoed) (het )?(slachtoffer|gedupeerd)|zelfstandig\w* (ondernemer|uitbater"
    r"|franchisenemer|partner|koerier)\w*|(onafhankelijk|extern|lokal)\w* (\w+)?(partij|partner"
    r"|firma|bedrijf|bureau|beveiliger|bewakingsfirma|onderaannemer|koerier|aannemer|aanbieder"
    r"|agent|drukkerij|vervoerder|transportpartij|bezorgpartner)\w*|(door|via) (een )?"
    r"(onderaannemer|franchisenemer|uitbater)\w*|(de|die) (uitbater|franchisenemer|onderaannemer"
    r"|beveiliger|bewaker)\w* (is|zijn|valt|vallen)|(daar|hier) (zijn|kunnen) (wij|we) niet"
    r" verantwoordelijk|niet verantwoordelijk voor (het|de) (gedrag|handelen|optreden)"
    r"|(daar|waar) (gaan|hebben) (wij|we) (niet over|zelf (helaas )?geen zeggenschap)"
    r"|niet onder (die|de verantwoordelijkheid) van ons)\b",
    _I,
)
# the rule that caused the harm, defended: "conform onze voorwaarden", "dat was toen de procedure"
PROCEDURE = re.compile(
    r"\b((conform|volgens|overeenkomstig|in lijn met|op grond van) (artikel [\w.]+ van )?(de|onze"
    r"|het|ons) (geldende )?(algemene )?\w*(procedure|voorwaarden|regels?|reglement|richtlijn\w*"
    r"|protocol|beleid|werkwijze|tarie\w+)|(dat|dit|het) (is|was) (toen )?(de|onze|ons|het)"
    r" (standaard)?(procedure|beleid|protocol|werkwijze)|(de|onze) (procedure|werkwijze|protocol"
    r"|triage)\w* (is|zijn|werd|werden) (correct|juist|netjes|volledig|zorgvuldig) (gevolgd"
    r"|toegepast|nageleefd|uitgevoerd)|(wij|we) hebben (correct|juist|conform|volgens de regels)"
    r" gehandeld|zo (zijn|is) (de|het) (regels?|beleid)|(correct|terecht|juist|rechtmatig)"
    r" (werd |werden |is |zijn )?(toegepast|aangerekend|uitgeschreven|opgelegd|berekend)"
    r"|(geldt|gelden) voor (iedereen|alle (klanten|reizigers|patiënten))|(tijdig|op tijd)"
    r" (is |werd |zijn )?(aangekondigd|bekendgemaakt|gecommuniceerd))\b",
    _I,
)
# what the organisation does in-house, with no date or effect for the customer
INTERNAL = re.compile(
    r"\b((medewerker|chauffeur|collega|bezorger|agent|teamleider|personeel)\w* (is|zijn|werd"
    r"|werden|wordt|worden) (hierop |daarop |erop |intern )?aangesproken|aangesproken op"
    r"|(intern|interne) (onderzoek|evaluatie|analyse|bespreking|opvolging)|(wordt|worden|werd"
    r"|is|zijn) (.{0,20} )?intern (\w+ )?(besproken|bekeken|geëvalueerd|onderzocht|opgenomen"
    r"|opgevolgd)|(onderzoekt|bekijken|bespreken|evalueren) .{0,30}intern|intern (besproken"
    r"|bekeken|geëvalueerd|onderzocht)|(nemen|neem) (dit|dat|uw|je|jouw|het|deze|de) .{0,30}mee"
    r"( in| bij| om)?|ter lering|leerpunt\w*|(extra )?aandacht (voor|aan) (besteden|geven)"
    r"|(doorgestuurd|doorgegeven|doorgezet|gemeld) (aan|naar) (de )?(betreffende|betrokken"
    r"|verantwoordelijke) (afdeling|dienst|collega)|(besproken|bespreken) (met|in) (het|ons)"
    r" (team|teamoverleg))\b",
    _I,
)
ALTERNATIVE = re.compile(r"\b(wel (kunt|kan|kun)|u kunt|je kunt|wat (u|je) wel kunt)\b", _I)


MARKERS = [
    ("sarcasm", SARCASM),
    ("minimising", MINIMISING),
    ("blame_shift", BLAME),
    ("ownership", OWNERSHIP),
    ("passive_acknowledgement", PASSIVE),
    ("vague_promise", VAGUE),
    ("reported_apology", REPORTED_APOLOGY),
    ("ownerless_admission", OWNERLESS),
    ("distancing", DISTANCING),
    ("procedure_defence", PROCEDURE),
    ("internal_measure", INTERNAL),
]


@dataclass(frozen=True)
class Hit:
    """A rubric check that fired on a span of the text."""

    name: str
    start: int
    end: int
    text: str


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?]+(?=\s)|\n+", text):
        if text[start : m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def find(text: str) -> list[Hit]:
    """Every rubric marker in ``text``, in order of position."""
    hits: list[Hit] = []

    def add(name: str, m: re.Match, offset: int) -> None:
        s, e = m.start() + offset, m.end() + offset
        hits.append(Hit(name, s, e, text[s:e]))

    apologies = 0
    for s, e in sentences(text):
        sent = text[s:e]
        for m in APOLOGY.finditer(sent):
            apologies += 1
            after = sent[m.end() :]
            cond = CONDITION.search(sent)
            but = BUT.search(sent, m.end())
            if cond:
                add("conditional_apology", cond, s)
            elif but:
                add("apology_but", but, s)
            if GENERIC_OBJECT.search(sent) or not NAMES_FAILURE.search(after):
                add("apology_generic", m, s)
            else:
                add("apology_specific", m, s)
        for name, pattern in MARKERS:
            for m in pattern.finditer(sent):
                add(name, m, s)
        for m in EMPATHY.finditer(sent):
            rest = sent[m.start() :]
            specific = len(rest.split()) >= 9 and not GENERIC_EMPATHY.search(sent)
            add("empathy_specific" if specific else "empathy_generic", m, s)
        concrete = CONCRETE.search(sent) or COMPLETED.search(sent)
        if concrete:
            add("concrete_step", concrete, s)
        refusal = REFUSAL.search(sent)
        if refusal and ALTERNATIVE.search(text[s:]):
            add("concrete_step", refusal, s)
    if apologies >= 3:
        first = next(h for h in hits if h.name.startswith("apology_"))
        hits.append(Hit("repeated_apology", first.start, first.end, first.text))
    return sorted(hits, key=lambda h: (h.start, h.name))


def flags(text: str) -> dict[str, bool]:
    """``flag_<check>``: whether each rubric check fires anywhere in ``text``."""
    names = {h.name for h in find(text)}
    return {f"flag_{name}": name in names for name in FLAGS}


def levels(text: str) -> dict[str, int]:
    """Rubric levels from the hits alone (the rules baseline)."""
    names = {h.name for h in find(text)}
    if names & {"conditional_apology", "apology_but", "sarcasm"}:
        sincerity = 0
    elif "apology_specific" in names and "repeated_apology" not in names:
        sincerity = 2
    elif names & {"apology_specific", "apology_generic"}:
        sincerity = 1
    else:
        sincerity = 0
    if names & {"minimising", "sarcasm"}:
        empathy = 0
    elif "empathy_specific" in names:
        empathy = 2
    else:
        empathy = 1 if "empathy_generic" in names else 0
    if "ownership" in names:
        responsibility = 2
    elif names & {"blame_shift", "apology_but", "distancing", "procedure_defence"}:
        responsibility = 0
    else:
        responsibility = 1 if names & {"passive_acknowledgement", "ownerless_admission"} else 0
    if "concrete_step" in names:
        next_steps = 2
    else:
        next_steps = 1 if names & {"vague_promise", "internal_measure"} else 0
    return {
        "sincerity": sincerity,
        "empathy": empathy,
        "responsibility": responsibility,
        "next_steps": next_steps,
    }
