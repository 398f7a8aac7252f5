"""Reading messages one at a time from mbox files, directories of .eml/.msg files, single
.eml/.msg files. Nothing is held in memory beyond the message being read."""

from __future__ import annotations

import email
import mailbox
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser
from pathlib import Path

from ..errors import InputError

MAIL_FORMATS = ("mbox", "eml", "msg")


@dataclass
class RawMail:
    """One message read from a container: ``message`` is None when it could not be parsed."""

    key: str  # where it came from: "file.mbox#17", "dir/x.eml"
    message: EmailMessage | None
    error: str = ""


def detect_format(path: Path) -> str | None:
    """'mbox', 'eml', 'msg' for mail inputs, None for tables (CSV/JSONL/Parquet)."""
    if path.is_dir():
        return "eml"
    suffix = path.suffix.lower()
    if suffix in (".mbox", ".mbx") or suffix == "" and _starts_like_mbox(path):
        return "mbox"
    if suffix in (".eml", ".msg"):
        return suffix[1:]
    return None


def _starts_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(5) == b"From "
    except OSError:
        return False


def read_messages(path: Path, fmt: str, headers_only: bool = False) -> Iterator[RawMail]:
    """Stream the messages of one input. A corrupt message is yielded with its error; an
    unreadable container raises :class:`InputError`. ``headers_only`` skips parsing bodies
    (much faster, for threading)."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if fmt == "mbox":
        yield from _read_mbox(path, headers_only)
    elif path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.suffix.lower() in (".eml", ".msg"))
        for f in files:
            yield _read_file(f, headers_only)
    else:
        yield _read_file(path, headers_only)


def _parse_bytes(data: bytes, headers_only: bool = False) -> EmailMessage:
    if headers_only:  # compat32: raw header strings, several times faster than policy.default
        return BytesHeaderParser(policy=policy.compat32).parsebytes(data)
    return email.message_from_bytes(data, policy=policy.default)


def _read_mbox(path: Path, headers_only: bool) -> Iterator[RawMail]:
    if not path.is_file():
        raise InputError(f"{path}: not an mbox file")
    if not _starts_like_mbox(path) and path.stat().st_size:
        raise InputError(f"{path}: not an mbox file (it does not start with a 'From ' line)")
    try:
        box = mailbox.mbox(path, create=False)
        keys = box.keys()  # indexes "From " line offsets only
    except (OSError, mailbox.Error) as e:
        raise InputError(f"{path}: cannot read mbox ({e})") from None
    for n, key in enumerate(keys, start=1):
        where = f"{path}#{n}"
        try:
            yield RawMail(where, _parse_bytes(box.get_bytes(key), headers_only))
        except Exception as e:  # one corrupt message never stops the run
            yield RawMail(where, None, f"undecodable ({type(e).__name__})")
    box.close()


def _read_file(path: Path, headers_only: bool = False) -> RawMail:
    try:
        if path.suffix.lower() == ".msg":
            return RawMail(str(path), _read_msg(path))
        return RawMail(str(path), _parse_bytes(path.read_bytes(), headers_only))
    except Exception as e:  # corrupt file: reported, the run goes on
        return RawMail(str(path), None, f"undecodable ({type(e).__name__})")


def _read_msg(path: Path) -> EmailMessage:
    """An Outlook .msg file (extract-msg) as an EmailMessage with the headers we use."""
    import extract_msg

    msg = extract_msg.openMsg(str(path))
    try:
        out = EmailMessage()
        header = msg.header  # transport headers, when Outlook kept them
        for name in ("Message-ID", "In-Reply-To", "References"):
            if header is not None and header.get(name):
                out[name] = header.get(name)
        out["From"] = msg.sender or ""
        out["To"] = msg.to or ""
        out["Subject"] = msg.subject or ""
        if msg.date:
            out["Date"] = email.utils.format_datetime(msg.date)
        if msg.body:
            out.set_content(msg.body)
        elif msg.htmlBody:
            html = msg.htmlBody
            out.set_content(
                html.decode("utf-8", "replace") if isinstance(html, bytes) else html, subtype="html"
            )
        return out
    finally:
        msg.close()
