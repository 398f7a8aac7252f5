"""Building test e-mails in code with Python's email package."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime

T0 = datetime(2026, 10, 6, 9, 0, tzinfo=timezone(timedelta(hours=2)))


def plain(body: str, charset: str = "utf-8", cte: str | None = None, **headers) -> EmailMessage:
    msg = EmailMessage()
    msg.set_content(body, charset=charset, cte=cte) if cte else msg.set_content(
        body, charset=charset
    )
    _headers(msg, headers)
    return msg


def html_only(html: str, **headers) -> EmailMessage:
    msg = EmailMessage()
    msg.set_content(html, subtype="html")
    _headers(msg, headers)
    return msg


def raw_bytes(body: bytes, declared: str, cte: str = "8bit", **headers) -> bytes:
    """A message whose body bytes and declared charset may disagree (mislabelled mail)."""
    head = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in _defaults(headers).items())
    return (
        head + f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset={declared}\r\n"
        f"Content-Transfer-Encoding: {cte}\r\n\r\n"
    ).encode() + body


def with_attachment(body: str, **headers) -> MIMEMultipart:
    msg = MIMEMultipart("mixed")
    alt = MIMEMultipart("alternative")
    alt.attach(MIMEText(body, "plain", "utf-8"))
    alt.attach(MIMEText(f"<p>{body}</p>", "html", "utf-8"))
    msg.attach(alt)
    att = MIMEText("factuur,bedrag\n1,23.50\n", "csv", "utf-8")
    att.add_header("Content-Disposition", "attachment", filename="factuur.csv")
    msg.attach(att)
    for k, v in _defaults(headers).items():
        msg[k.replace("_", "-")] = v
    return msg


def _defaults(headers: dict) -> dict:
    out = {
        "From": "Klant <klant@example.nl>",
        "To": "service@shop.nl",
        "Subject": "Klacht",
        "Date": format_datetime(T0),
    }
    out.update({k.replace("_", "-"): v for k, v in headers.items()})
    return out


def _headers(msg, headers: dict) -> None:
    for k, v in _defaults(headers).items():
        msg[k] = v
