"""Build data/examples/: an example mailbox export (mbox) of complaint threads with the
organisation's replies, and the same replies as CSV. Made from held-out labelled rows, with the
quoting, signature and disclaimer styles of common mail clients around them.

    python scripts/make_examples.py [--source data/labelled/test.jsonl] [--n 40]
"""

from __future__ import annotations

import argparse
import mailbox
import random
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pandas as pd

ORG = "klantenservice@voorbeeld-service.nl"
AGENTS = ["Sanne de Vries", "Mohamed El Amrani", "Joke Peeters", "Tim Bakker", "Lotte Janssens"]
SIGNATURE = "\nVoorbeeld Service B.V.\nT: 020 123 45 67\nwww.voorbeeld-service.nl\n"
DISCLAIMER = (
    "\nDit bericht is uitsluitend bestemd voor de geadresseerde. Aan dit bericht kunnen geen "
    "rechten worden ontleend.\n"
)


def quote_block(style: str, when: datetime, name: str, addr: str, context: str) -> str:
    quoted = "".join(f"> {line}\n" for line in context.splitlines())
    if style == "gmail":
        return f"\nOp {when:%d-%m-%Y} om {when:%H:%M} schreef {name} <{addr}>:\n{quoted}"
    if style == "outlook":
        return (f"\n________________________________\nVan: {name} <{addr}>\n"
                f"Verzonden: {when:%d-%m-%Y %H:%M}\nAan: Klantenservice <{ORG}>\n"
                f"Onderwerp: Klacht\n\n{context}\n")
    if style == "original":
        return f"\n-----Oorspronkelijk bericht-----\nVan: {name}\n\n{context}\n"
    return ""


def build(rows: pd.DataFrame, out_dir: Path, seed: int = 0) -> None:
    rng = random.Random(seed)
    t0 = datetime(2026, 10, 1, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    box_path = out_dir / "mailbox.mbox"
    box_path.unlink(missing_ok=True)
    box = mailbox.mbox(box_path)
    csv_rows = []
    for i, row in enumerate(rows.itertuples()):
        when = t0 + timedelta(hours=17 * i + rng.randrange(5))
        name, addr = f"Klant {i + 1}", f"klant{i + 1}@example.nl"
        subject = f"Klacht {['bestelling', 'factuur', 'storing', 'afspraak'][i % 4]} {1000 + i}"
        c = EmailMessage()
        c["From"], c["To"], c["Subject"] = f"{name} <{addr}>", ORG, subject
        c["Date"], c["Message-ID"] = format_datetime(when), make_msgid(domain="example.nl")
        c.set_content(row.context)
        box.add(c)
        agent = AGENTS[i % len(AGENTS)]
        r = EmailMessage()
        r["From"], r["To"], r["Subject"] = f"{agent} <{ORG}>", c["From"], "Re: " + subject
        r["Date"] = format_datetime(when + timedelta(hours=rng.randrange(2, 30)))
        r["Message-ID"] = make_msgid(domain="voorbeeld-service.nl")
        r["In-Reply-To"] = r["References"] = c["Message-ID"]
        style = ["gmail", "outlook", "original", "none"][i % 4]
        body = row.text + SIGNATURE + DISCLAIMER + quote_block(style, when, name, addr, row.context)
        if i % 5 == 4:  # some replies leave the agent's client as HTML only
            html = "".join(f"<p>{p}</p>" for p in row.text.split("\n\n"))
            html += f"<div class='gmail_quote'><blockquote>{row.context}</blockquote></div>"
            r.set_content(html, subtype="html")
        else:
            r.set_content(body, cte="quoted-printable" if i % 3 == 0 else None)
        box.add(r)
        csv_rows.append({"id": r["Message-ID"], "date": r["Date"], "agent": agent,
                         "text": row.text, "context": row.context})
    # messages a QA run must skip, with their reason
    n = format_datetime(t0 + timedelta(days=2))
    extra = [
        (f"Nieuwsbrief <nieuws@{ORG.split('@')[1]}>", "Our October newsletter",
         "Dear customer, read all about our new products and services this autumn."),
        ("Collega <intern@example.org>", "Rooster", "Hoi, kun jij vrijdag de late dienst doen?"),
    ]
    for sender, subject, text in extra:
        m = EmailMessage()
        m["From"], m["To"], m["Subject"], m["Date"] = sender, "iedereen@example.org", subject, n
        m["Message-ID"] = make_msgid(domain="example.org")
        m.set_content(text)
        box.add(m)
    box.flush()
    box.close()
    pd.DataFrame(csv_rows).to_csv(out_dir / "replies.csv", index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=Path("data/labelled/test.jsonl"))
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--out", type=Path, default=Path("data/examples"))
    args = ap.parse_args()
    rows = pd.read_json(args.source, lines=True).sort_values("id").head(args.n)
    args.out.mkdir(parents=True, exist_ok=True)
    build(rows, args.out)
    print(f"wrote {args.out}/mailbox.mbox and replies.csv from {len(rows)} rows of {args.source}")


if __name__ == "__main__":
    main()
