"""Keeping the model busy in batch scoring: the next chunk is read and tokenised in a worker
thread while the model scores this one, and finished chunks are written by another."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

import pandas as pd

T = TypeVar("T")
_DONE = object()


def prefetch(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """Yield ``items`` while a background thread produces up to ``depth`` of them ahead.

    The producer's exceptions are raised in the consumer; a consumer that stops early stops
    the producer too. Worth it where producing releases the GIL (fast tokenizers, file reads,
    numpy) or waits on I/O."""
    q: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item) -> bool:
        while not stop.is_set():
            try:
                q.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
        except BaseException as e:  # handed to the consumer, raised there
            put((_DONE, e))
            return
        put((_DONE, None))

    worker = threading.Thread(target=produce, name="apology-clf-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item, error = q.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        worker.join()


def score_chunks(
    clf,
    chunks: Iterable[pd.DataFrame],
    store,
    batch_size: int,
    id_column: str = "id",
    combine: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None,
) -> int:
    """Score each chunk (columns ``text``, ``context`` and ``id_column``) into ``store`` (a
    :class:`~apology_clf.resume.ChunkStore`), skipping chunks it already holds. ``combine``
    builds the stored rows from the chunk and its scores (default: the scores). Returns the
    number of chunks.

    Three stages overlap: reading and ``clf.prepare`` (tokenising, rubric flags) of the next
    chunk, the model on this chunk, and writing the previous chunk."""

    def prepared() -> Iterator[tuple[int, pd.DataFrame, object]]:
        for index, rows in enumerate(chunks):
            if store.has(index):  # done in an interrupted run
                yield index, rows, None
                continue
            texts, contexts = rows["text"].tolist(), rows["context"].tolist()
            yield index, rows, clf.prepare(texts, contexts, ids=rows[id_column].tolist())

    count = 0
    writes: list[Future] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="apology-clf-write") as writer:
        for index, rows, ready in prefetch(prepared()):
            count += 1
            if ready is None:
                continue
            scores = clf.run(ready, batch_size)
            out = combine(rows, scores) if combine else scores
            writes.append(writer.submit(store.put, index, out))
            while len(writes) > 1:  # bounded memory; a failed write surfaces here
                writes.pop(0).result()
        for w in writes:
            w.result()
    return count
