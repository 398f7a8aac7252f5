"""The text an agent actually wrote: decoded, HTML turned into text, quoted history, forwarded
blocks, signature contact blocks and legal disclaimers removed; greeting and sign-off kept."""

from __future__ import annotations

import re
from email.message import Message

from bs4 import BeautifulSoup

# A line that starts the quoted history (top-posting): everything from it on is dropped.
_QUOTE_HEADERS = [
    r"-{2,}\s*(Oorspronkelijk bericht|Original Message|Origineel bericht|Doorgestuurd bericht"
    r"|Forwarded message|Message d'origine|Ursprüngliche Nachricht)\s*-{2,}",
    r"(Begin doorgestuurd bericht|Begin forwarded message|Doorgestuurd bericht)\s*:",
    r"Op .{4,120}? (schreef|heeft .{1,80}? geschreven)\b.*:",  # Gmail/Apple Mail NL/BE
    r"On .{4,120}? wrote:",
    r"Le .{4,120}? a écrit\s*:",
    r"Am .{4,120}? schrieb .*:",
    r"_{8,}",  # Outlook's rule above its header block
]
_QUOTE_RE = re.compile(r"^\s*(?:" + "|".join(_QUOTE_HEADERS) + r")\s*$", re.IGNORECASE)
# Outlook's header block: "Van: … / Verzonden: … / Aan: … / Onderwerp: …" (and English/French)
_HEADER_FIELD = re.compile(
    r"^\s*\*?(Van|Verzonden|Aan|Onderwerp|Datum|CC|From|Sent|To|Subject|Date|De|Envoyé|À|Objet)"
    r"\s*:\*?\s",
    re.IGNORECASE,
)
_DISCLAIMERS = re.compile(
    r"^\s*(Dit (e-?mail)?bericht (is|kan) (uitsluitend|alleen|vertrouwelijk)"
    r"|Dit bericht is (vertrouwelijk|uitsluitend)|Aan (dit|de inhoud van dit) (e-?mail)?bericht"
    r" kunnen geen rechten|Disclaimer\b|Vertrouwelijkheid|De informatie (verzonden met|in) dit"
    r"|This (e-?mail|message) (and any attachments )?(is|may be) (confidential|intended)"
    r"|The information (contained )?in this (e-?mail|message)|Denk aan het milieu"
    r"|Please consider the environment)",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(
    r"^\s*(Verzonden (vanaf|met|vanuit) mijn|Sent from my|Envoyé de mon|Get Outlook for)",
    re.IGNORECASE,
)
# Contact lines of a signature block: phone, e-mail, web, address, social, chamber of commerce.
_CONTACT = re.compile(
    # one-letter labels need a colon: "M. van Dijk" is a name, "M: 06 …" a mobile number
    r"(^\s*(T|M|E|W|F)\s*:\s*\S"
    r"|^\s*(Tel|Telefoon|Tél|Mob|Mobiel|GSM|Email|E-mail|Web|Website|KvK|BTW|IBAN|"
    r"Adres|Bezoekadres|Postadres|Fax)\s*[.:]\s*\S"
    r"|\+?\d[\d\s()-]{7,}\d\s*$|[\w.+-]+@[\w-]+\.[\w.-]+|https?://|www\.\w|\b\d{4}\s?[A-Z]{2}\b"
    r"|\b(linkedin|facebook|twitter|instagram)\b)",
    re.IGNORECASE,
)

# A company line with a legal form closes many signature blocks ("Voorbeeld Service B.V.")
_LEGAL = re.compile(
    r"\b(B\.?V\.?|N\.?V\.?|BVBA|VOF|V\.O\.F\.|vzw|CV|Ltd\.?|GmbH|S\.A\.)\s*$", re.IGNORECASE
)


def decode_part(part: Message) -> str:
    """Decode a leaf part's payload (transfer encoding handled by ``email``), surviving wrong or
    missing charset labels: valid UTF-8 wins, then the declared charset, then Windows-1252."""
    raw = part.get_payload(decode=True) or b""
    declared = part.get_content_charset()
    candidates = ["utf-8", declared, "cp1252"] if not raw.isascii() else [declared, "utf-8"]
    for charset in candidates:
        if not charset:
            continue
        try:
            return raw.decode(charset).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


def html_to_text(html: str) -> str:
    """Readable text from an HTML body with BeautifulSoup; quoted blocks are dropped first."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["style", "script", "head", "title"]):
        tag.decompose()
    # Outlook puts the quoted history after these markers, as siblings
    for marker in soup.select("#appendonsend, #divRplyFwdMsg"):
        for sibling in marker.find_next_siblings():
            sibling.decompose()
        marker.decompose()
    for tag in soup.select(
        "blockquote, .gmail_quote, .moz-cite-prefix, #mail-editor-reference-message-container, "
        ".yahoo_quoted"
    ):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(["p", "div", "tr", "li", "h1", "h2", "h3", "h4", "table"]):
        block.insert_before("\n")
        block.insert_after("\n")
    text = soup.get_text()
    text = text.replace("\xa0", " ")
    lines = [ln.strip() for ln in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def body_text(msg: Message) -> str:
    """The message body as text: text/plain preferred, HTML converted when it is all there is."""
    plain, html = None, None
    for part in msg.walk() if msg.is_multipart() else [msg]:
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        ctype = part.get_content_type()
        if ctype == "text/plain" and plain is None:
            plain = decode_part(part)
        elif ctype == "text/html" and html is None:
            html = decode_part(part)
    if plain is not None and plain.strip():
        return plain.replace("\r\n", "\n")
    return html_to_text(html) if html else ""


def strip_reply(text: str) -> str:
    """Keep only what the sender wrote in this message (see module docstring)."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for i, line in enumerate(lines):
        # every quote header has a ':' or is a rule of '-' / '_'; skip the regexes otherwise
        maybe_quote = ":" in line or "--" in line or "__" in line
        if maybe_quote and (_QUOTE_RE.match(line) or _is_header_block(lines, i)):
            break
        if line.rstrip() in ("--", "-- "):  # the standard signature delimiter
            break
        if _DISCLAIMERS.match(line) or _SENT_FROM.match(line):
            break
        if line.lstrip().startswith(">"):  # bottom-posted or inline-quoted lines
            continue
        kept.append(line.rstrip())
    return _tidy(_drop_contact_block(kept))


def _is_header_block(lines: list[str], i: int) -> bool:
    """Two or more header fields (Van:/Verzonden:/Aan:/Onderwerp:) starting at line i."""
    if not _HEADER_FIELD.match(lines[i]):
        return False
    window = [ln for ln in lines[i : i + 6] if ln.strip()]
    return sum(bool(_HEADER_FIELD.match(ln)) for ln in window) >= 2


def _drop_contact_block(lines: list[str]) -> list[str]:
    """Drop trailing lines of contact details (a signature block below the sign-off name)."""
    end = len(lines)
    while end and (
        not lines[end - 1].strip()
        or _CONTACT.search(lines[end - 1])
        or _LEGAL.search(lines[end - 1])
    ):
        end -= 1
    return lines[:end]


def _tidy(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def extract_reply(msg: Message) -> str:
    """The reply as the customer reads it: the body text without quoted history or signature."""
    return strip_reply(body_text(msg))
