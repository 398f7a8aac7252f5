"""Message headers, threads rebuilt from Message-ID / In-Reply-To / References (with a
normalised-subject fallback), and for each outgoing reply the customer message it answers."""

from __future__ import annotations

import email.utils
import fnmatch
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.header import decode_header, make_header
from email.message import EmailMessage

_PREFIX = re.compile(
    r"^\s*((re|aw|antw|antwoord|fw|fwd|tr|doorst|wg|sv|betreft)\s*(\[\d+\])?:\s*)+", re.IGNORECASE
)
_MSGID = re.compile(r"<[^<>\s]+>")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(slots=True)
class Header:
    """What threading needs of one message (no body: pass 1 keeps only these)."""

    index: int
    message_id: str
    parents: list[str]  # References then In-Reply-To, oldest first
    subject: str
    date: datetime | None
    from_addr: str
    from_name: str
    to: str
    outgoing: bool


def normalise_subject(subject: str) -> str:
    """A subject without Re:/Fw:/Antw: prefixes, lower-cased, for matching replies to threads."""
    return " ".join(_PREFIX.sub("", subject or "").lower().split())


def parse_date(value: str | None) -> datetime | None:
    """An aware datetime from a Date header (naive dates are taken as UTC)."""
    if not value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError):
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def is_from_org(address: str, patterns: list[str]) -> bool:
    """``patterns``: address globs (``*@klant.nl``) or bare domains (``klant.nl``)."""
    address = address.lower()
    domain = address.rpartition("@")[2]
    for pat in patterns:
        pat = pat.lower().strip()
        if "@" in pat or any(c in pat for c in "*?["):
            if fnmatch.fnmatch(address, pat):
                return True
        elif domain == pat or domain.endswith("." + pat):
            return True
    return False


def header_text(value) -> str:
    """A header as text, RFC 2047 encoded words decoded (compat32 gives them raw)."""
    if value is None:
        return ""
    if isinstance(value, str) and "=?" not in value:
        return " ".join(value.split())
    try:
        return " ".join(str(make_header(decode_header(str(value)))).split())
    except (ValueError, LookupError, UnicodeDecodeError):
        return " ".join(str(value).split())


def read_header(index: int, msg: EmailMessage, org: list[str]) -> Header:
    """The header fields threading and filtering need, and whether the sender matches ``org``."""
    name, addr = email.utils.parseaddr(header_text(msg.get("From")))
    refs = _MSGID.findall(str(msg.get("References", "") or ""))
    reply_to = _MSGID.findall(str(msg.get("In-Reply-To", "") or ""))
    parents = refs + [r for r in reply_to if r not in refs]
    mid = _MSGID.findall(str(msg.get("Message-ID", "") or ""))
    return Header(
        index=index,
        message_id=mid[0] if mid else "",
        parents=parents,
        subject=header_text(msg.get("Subject")),
        date=parse_date(msg.get("Date")),
        from_addr=addr,
        from_name=name,
        to=header_text(msg.get("To")),
        outgoing=is_from_org(addr, org),
    )


def build_threads(headers: list[Header]) -> dict[int, str]:
    """A thread id per message index: the root of its References chain (RFC 5322: the first
    id), else, for a "Re:"/"Antw:" message without references, the thread of its normalised
    subject, else its own Message-ID."""
    by_subject: dict[str, str] = {}
    out = {}
    for h in sorted(headers, key=lambda h: h.date or _EPOCH):
        key = normalise_subject(h.subject)
        if h.parents:
            root = h.parents[0]
        elif _PREFIX.match(h.subject or "") and key in by_subject:
            root = by_subject[key]
        else:
            root = h.message_id or f"msg:{h.index}"
        if key:
            by_subject.setdefault(key, root)
        out[h.index] = root
    return out


def pair_contexts(headers: list[Header], threads: dict[int, str]) -> dict[int, int | None]:
    """For each outgoing message: the index of the latest customer message before it in its
    thread (None when there is none)."""
    customers: dict[str, list[Header]] = {}
    for h in headers:
        if not h.outgoing:
            customers.setdefault(threads[h.index], []).append(h)
    out = {}
    for h in headers:
        if not h.outgoing:
            continue
        best = None
        for c in customers.get(threads[h.index], []):
            before = c.date is None or h.date is None or c.date <= h.date
            if before and (best is None or (c.date and best.date and c.date > best.date)):
                best = c
        out[h.index] = best.index if best else None
    return out
