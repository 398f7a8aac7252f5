"""Mailbox parse+extract throughput and peak memory.

Generates an mbox of N complaint threads (customer message + agent reply with quoted history,
signature and disclaimer; some HTML-only, quoted-printable and windows-1252 messages), then
runs passes 1 and 2 of the scoring pipeline (headers, threading, body extraction) and the
reply-row stream (language check included), without a model. Prints messages/s and peak RSS,
and the same for a mailbox a tenth the size, so that memory growth with size shows.

    python benchmarks/bench_mailbox.py --messages 200000   # about 1 GB
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

FILLER = (
    "Ik heb op {d} oktober een bestelling geplaatst (ordernummer {n}) en die is nog steeds niet "
    "bezorgd. Ik heb drie keer gebeld en elke keer kreeg ik een ander verhaal te horen. "
)


def write_mbox(path: Path, messages: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    t0 = datetime(2026, 10, 1, tzinfo=timezone(timedelta(hours=2)))
    with path.open("wb") as f:
        for i in range(messages // 2):
            when = t0 + timedelta(minutes=7 * i)
            complaint = "".join(
                FILLER.format(d=rng.randint(1, 28), n=rng.randint(10**5, 10**6))
                for _ in range(rng.randint(12, 30))
            )
            c = EmailMessage()
            c["From"] = f"Klant {i} <klant{i}@example.nl>"
            c["To"] = "service@shop.nl"
            c["Subject"] = f"Klacht bestelling {i}"
            c["Message-ID"] = f"<c{i}@example.nl>"
            c["Date"] = format_datetime(when)
            c.set_content(complaint, cte="quoted-printable" if i % 3 else "8bit")
            r = EmailMessage()
            r["From"] = "Sanne <service@shop.nl>"
            r["To"] = c["From"]
            r["Subject"] = "Re: " + c["Subject"]
            r["Message-ID"] = f"<r{i}@shop.nl>"
            r["In-Reply-To"] = c["Message-ID"]
            r["References"] = c["Message-ID"]
            r["Date"] = format_datetime(when + timedelta(hours=3))
            reply = (
                "Beste klant,\n\nHet spijt me echt dat uw bestelling nog niet is bezorgd. "
                "Ik heb vandaag een nieuwe verzending aangemaakt; u ontvangt die donderdag."
                "\n\nMet vriendelijke groet,\nSanne\nT: 020 123 4567\n\nDit bericht is "
                "uitsluitend bestemd voor de geadresseerde.\n\nOp "
                f"{when:%d-%m-%Y} schreef klant{i}@example.nl:\n"
                + "".join(f"> {ln}\n" for ln in complaint.split(". "))
            )
            if i % 10 == 0:
                r.set_content("<p>" + reply.replace("\n", "<br>") + "</p>", subtype="html")
            else:
                r.set_content(reply, charset="windows-1252" if i % 7 == 0 else "utf-8")
            for m in (c, r):
                f.write(b"From MAILER-DAEMON Thu Oct  1 00:00:00 2026\n")
                f.write(m.as_bytes().replace(b"\nFrom ", b"\n>From ") + b"\n")


def run_once(path: Path) -> dict:
    """Child process: parse+extract, then report figures (so peak RSS is this run's alone)."""
    from apology_clf.mail.pipeline import MailboxReader

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        reader = MailboxReader([(path, "mbox")], ["shop.nl"], workdir=tmp)
        rows = sum(len(chunk) for chunk in reader.chunks(2048))
        reader.close()
    seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"read": reader.read, "replies": rows, "seconds": seconds, "rss_mb": rss_mb}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_once(args.child)))
        return
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-mailbox-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {}
    for n in (max(args.messages // 10, 2), args.messages):
        path = work / f"bench-{n}.mbox"
        if not path.exists():
            t = time.perf_counter()
            write_mbox(path, n)
            print(
                f"generated {n} messages, {path.stat().st_size / 1e9:.2f} GB "
                f"in {time.perf_counter() - t:.0f}s",
                flush=True,
            )
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        results[n] = r
        print(
            f"{n:>8} messages ({path.stat().st_size / 1e9:.2f} GB): "
            f"{r['read'] / r['seconds']:,.0f} "
            f"messages/s parse+extract, {r['replies']} replies, peak RSS {r['rss_mb']:,.0f} MB",
            flush=True,
        )
    small, big = results.values()
    print(
        f"peak RSS ratio ({args.messages} vs {args.messages // 10} messages): "
        f"{big['rss_mb'] / small['rss_mb']:.2f}"
    )


if __name__ == "__main__":
    main()
