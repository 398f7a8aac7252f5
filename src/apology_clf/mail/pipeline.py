"""Score the outgoing replies of mailbox exports.

Pass 1 reads headers only (threading, selection); pass 2 extracts the bodies that are needed
into a temporary SQLite file; pass 3 scores replies in chunks and streams rows to the output.
Memory stays flat in the number of messages apart from one small header record each."""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from ..data.text import not_text_reason
from ..errors import InputError
from ..io import TableWriter, check_table_path
from ..model.loading import load_scorer
from ..model.streaming import score_chunks
from ..resume import ChunkStore, fingerprint, model_id
from .body import extract_reply
from .language import is_dutch
from .sources import RawMail, read_messages
from .threads import Header, build_threads, pair_contexts, read_header

NOT_OUTGOING = "not outgoing"
OUT_OF_RANGE = "outside date range"
EMPTY = "empty after extraction"
NOT_DUTCH = "not Dutch"
DUPLICATE = "duplicate"
META_COLUMNS = ["message_id", "thread_id", "date", "from", "agent", "to", "subject", "has_context"]
# what the skipped file says of each message: enough to find it, never its body
SKIPPED_COLUMNS = ["source", "message_id", "date", "from", "subject", "reason"]
LOW_SHARE = 0.1  # a run that scores less than this share of the messages gets a warning


@dataclass
class MailSummary:
    """What a mailbox run counted: messages read and scored, skips by reason, the sender
    domains seen and the date range of the mail (for the warnings)."""

    output: Path
    skipped_file: Path
    read: int = 0
    scored: int = 0
    skipped: Counter = field(default_factory=Counter)
    sender_domains: Counter = field(default_factory=Counter)
    first_date: datetime | None = None
    last_date: datetime | None = None

    def warnings(self, org: Sequence[str]) -> list[str]:
        """When nothing or very little was scored: the likely cause and the fix."""
        if self.read == 0:
            return ["the input holds no messages"]
        if self.scored >= LOW_SHARE * self.read:
            return []
        reason, n = self.skipped.most_common(1)[0]
        out = [
            f"no message was scored: {n} of {self.read} skipped as '{reason}'"
            if not self.scored
            else f"only {self.scored} of {self.read} messages scored; {n} skipped as '{reason}'"
        ]
        if reason == NOT_OUTGOING:
            top = ", ".join(f"{d} ({k})" for d, k in self.sender_domains.most_common(3))
            first = self.sender_domains.most_common(1)[0][0]
            out.append(
                f"`org` {' '.join(org)} matches few senders; the most frequent sender domains "
                f"are {top}: pass your organisation's, e.g. `org` '*@{first}'"
            )
        elif reason == OUT_OF_RANGE and self.first_date and self.last_date:
            out.append(
                f"the messages are dated {self.first_date:%Y-%m-%d} to {self.last_date:%Y-%m-%d}:"
                " choose `month`, `since` or `until` within that"
            )
        elif reason == NOT_DUTCH:
            out.append("the model scores Dutch replies; the others are skipped")
        out.append(f"each message's reason is in {self.skipped_file}")
        return out


def skipped_path(output: Path) -> Path:
    """Where a run's skipped messages go: ``<output stem>.skipped.csv`` beside the output."""
    return output.with_name(output.stem + ".skipped.csv")


def _all_messages(
    inputs: Sequence[tuple[Path, str]], headers_only: bool = False
) -> Iterator[tuple[int, RawMail]]:
    index = 0
    for path, fmt in inputs:
        for raw in read_messages(path, fmt, headers_only):
            yield index, raw
            index += 1


class MailboxReader:
    """Passes 1 and 2 over mailbox inputs: headers, threads and selection, then the needed
    bodies into a SQLite file in ``workdir``. :meth:`chunks` yields the replies to score."""

    def __init__(self, inputs, org, since=None, until=None, workdir: str | Path = "."):
        if not org:
            raise InputError("`org` is required for mailbox input (the organisation's addresses)")
        self.inputs = inputs
        self.read = 0
        self.skipped: dict[int, dict] = {}  # index -> a row of SKIPPED_COLUMNS
        self.keys: dict[int, str] = {}
        self.sender_domains: Counter = Counter()
        headers = self._read_headers(list(org))
        self.threads = build_threads(headers)
        self.contexts = pair_contexts(headers, self.threads)
        self.replies: dict[int, Header] = {}
        for h in headers:
            if not h.outgoing:
                self._skip(h.index, NOT_OUTGOING, h)
            elif (since and (h.date is None or h.date < since)) or (
                until and (h.date is None or h.date >= until)
            ):
                self._skip(h.index, OUT_OF_RANGE, h)
            else:
                self.replies[h.index] = h
        dates = [h.date for h in headers if h.date]
        self.first_date, self.last_date = (min(dates), max(dates)) if dates else (None, None)
        # check_same_thread off: chunks() runs in the prefetch thread, one thread at a time
        self.db = sqlite3.connect(Path(workdir) / "bodies.sqlite", check_same_thread=False)
        self._read_bodies()

    def _read_headers(self, org: list[str]) -> list[Header]:
        headers, seen_ids = [], set()
        for index, raw in _all_messages(self.inputs, headers_only=True):
            self.read += 1
            self.keys[index] = raw.key
            if raw.message is None:
                self._skip(index, raw.error)
                continue
            try:
                h = read_header(index, raw.message, org)
            except Exception as e:  # a header the email package cannot make sense of
                self._skip(index, f"undecodable ({type(e).__name__})")
                continue
            self.sender_domains[h.from_addr.rpartition("@")[2] or "?"] += 1
            if h.message_id and h.message_id in seen_ids:
                self._skip(index, DUPLICATE, h)
                continue
            seen_ids.add(h.message_id)
            headers.append(h)
        return headers

    def _read_bodies(self) -> None:
        ctx = self.contexts
        needed = set(self.replies) | {ctx[i] for i in self.replies if ctx[i] is not None}
        self.db.execute("CREATE TABLE body (idx INTEGER PRIMARY KEY, text TEXT)")
        for index, raw in _all_messages(self.inputs):
            if index not in needed or raw.message is None:
                continue
            try:
                text = extract_reply(raw.message)
            except Exception as e:  # one corrupt body never stops the run
                if index in self.replies:
                    self._skip(index, f"undecodable ({type(e).__name__})", self.replies[index])
                    del self.replies[index]
                continue
            self.db.execute("INSERT INTO body VALUES (?, ?)", (index, text))
        self.db.commit()

    def chunks(self, size: int = 1024) -> Iterator[pd.DataFrame]:
        """Rows (metadata, ``text``, ``context``) of the replies to score, in input order;
        empty, non-text and non-Dutch replies are moved to :attr:`skipped` on the way."""
        order = sorted(self.replies)
        for start in range(0, len(order), size):
            rows = self._rows(order[start : start + size])
            if not rows.empty:
                yield rows

    def _rows(self, indices: list[int]) -> pd.DataFrame:
        ctx = self.contexts
        wanted = indices + [ctx[i] for i in indices if ctx[i] is not None]
        marks = ",".join("?" * len(wanted))
        texts = dict(self.db.execute(f"SELECT idx, text FROM body WHERE idx IN ({marks})", wanted))
        rows = []
        for i in indices:
            h, text = self.replies[i], texts.get(i, "")
            if not text.strip():
                self._skip(i, EMPTY, h)
                continue
            if reason := not_text_reason(text):
                self._skip(i, reason, h)
                continue
            if not is_dutch(text):
                self._skip(i, NOT_DUTCH, h)
                continue
            context = texts.get(ctx[i], "") if ctx[i] is not None else ""
            rows.append(
                {
                    "message_id": h.message_id or self.keys[i],
                    "thread_id": self.threads[i],
                    "date": h.date.isoformat() if h.date else "",
                    "from": h.from_addr,
                    "agent": h.from_name,
                    "to": h.to,
                    "subject": h.subject,
                    "has_context": bool(context.strip()),
                    "text": text,
                    "context": context,
                }
            )
        return pd.DataFrame(rows)

    def _skip(self, index: int, reason: str, h: Header | None = None) -> None:
        self.skipped[index] = {
            "source": self.keys[index],
            "message_id": h.message_id if h else "",
            "date": h.date.isoformat() if h and h.date else "",
            "from": h.from_addr if h else "",
            "subject": h.subject if h else "",
            "reason": reason,
        }

    def skipped_table(self) -> pd.DataFrame:
        """Every skipped message with its source, id, date, sender, subject and reason (no body)."""
        rows = [row for _, row in sorted(self.skipped.items())]
        return pd.DataFrame(rows, columns=SKIPPED_COLUMNS)

    def close(self) -> None:
        """Close the reader's temporary header index."""
        self.db.close()


def score_mailbox(
    inputs: Sequence[tuple[Path, str]],
    model,
    output: str | Path,
    *,
    org: Sequence[str],
    since: datetime | None = None,
    until: datetime | None = None,
    include_text: bool = False,
    chunk_size: int = 1024,
    batch_size: int = 32,
    resume: bool = False,
    runtime: str = "torch",
) -> MailSummary:
    """Score every outgoing reply in ``inputs`` (pairs of path and format: mbox/eml/msg).

    Every message is accounted for: scored, or written with its reason to
    ``<output>.skipped.csv``."""
    output = check_table_path(output)
    summary = MailSummary(output, skipped_path(output))
    run_id = fingerprint(
        [p for p, _ in inputs],
        org=sorted(org),
        since=since,
        until=until,
        text=include_text,
        model=model_id(model),
        runtime=runtime,
        chunk=chunk_size,
    )
    with (
        tempfile.TemporaryDirectory(prefix="apology-clf-") as tmp,
        closing(MailboxReader(inputs, org, since, until, tmp)) as reader,
    ):
        clf = load_scorer(model, runtime=runtime)
        store = ChunkStore(output, run_id, resume)

        def combine(rows: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
            out = pd.concat(
                [rows[META_COLUMNS], scores.drop(columns=["id", "skipped_reason"])], axis=1
            )
            if include_text:
                out[["text", "context"]] = rows[["text", "context"]]
            return out

        def empty() -> pd.DataFrame:  # no reply scored: the columns a scores file has
            no_rows = pd.DataFrame(columns=[*META_COLUMNS, "text", "context"])
            return combine(no_rows, clf.score([], ids=[]))

        chunks = reader.chunks(chunk_size)
        count = score_chunks(clf, chunks, store, batch_size, "message_id", combine)
        summary.scored = store.finish(count, empty)
    summary.read = reader.read
    summary.sender_domains = reader.sender_domains
    summary.first_date, summary.last_date = reader.first_date, reader.last_date
    skipped = reader.skipped_table()
    with TableWriter(summary.skipped_file) as w:
        w.write(skipped)
    summary.skipped = Counter(skipped["reason"])
    return summary
