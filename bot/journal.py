"""The curation journal: unanswered and low-confidence questions, and 👍/👎, in SQLite.

Writing is best effort and happens on a thread of its own, so a slow disk never holds up an
answer: if the file cannot be opened or written, a warning is logged and the bot keeps
answering; nothing here ever raises into an adapter. The thread gathers what arrives within
`BATCH_SECONDS` and writes it in one transaction: under load that is one commit, and one
wake-up of the thread, for many questions rather than one each.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from handlers.models import Answer, AnswerKind, Asker

log = logging.getLogger("funding_bot.journal")

# Answers below this confidence are kept for review even though they were given.
REVIEW_BELOW_CONFIDENCE = 0.75
LOCK_TIMEOUT_SECONDS = 1.0
MAX_QUEUED_WRITES = 10_000
MAX_QUESTION_CHARS = 2000
# How long the writer waits for more writes after the first of a batch (flush and close cut it
# short).
BATCH_SECONDS = 0.05

_SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY,
    asked_at REAL NOT NULL,
    platform TEXT NOT NULL,
    language TEXT NOT NULL,
    question TEXT NOT NULL,
    kind TEXT NOT NULL,
    confidence REAL NOT NULL,
    fact_ids TEXT NOT NULL,
    nearest_fact TEXT
);
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    given_at REAL NOT NULL,
    platform TEXT NOT NULL,
    fact_id TEXT NOT NULL,
    helpful INTEGER NOT NULL
);
"""


@dataclass(frozen=True, slots=True)
class UnansweredRow:
    question: str
    language: str
    platform: str
    kind: str
    nearest_fact: str | None


Write = tuple[str, tuple[object, ...]]


class SqliteJournal:
    """QuestionJournal on an embedded SQLite file, written by a background thread."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._writes: queue.Queue[Write | None] = queue.Queue(maxsize=MAX_QUEUED_WRITES)
        self._writer: threading.Thread | None = None
        self._lock = threading.Lock()
        # Set while someone waits for the writes (flush, close): the writer stops gathering.
        self._hurry = threading.Event()
        self._warned = False

    def record_answer(self, answer: Answer, asker: Asker, latency_ms: float) -> None:
        if not _worth_reviewing(answer):
            return
        nearest = answer.fact_ids[0] if answer.fact_ids else None
        if nearest is None and answer.suggestions:
            nearest = answer.suggestions[0].fact_id
        self._write(
            "INSERT INTO questions (asked_at, platform, language, question, kind, confidence,"
            " fact_ids, nearest_fact) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                time.time(),
                asker.platform,
                answer.language,
                answer.question[:MAX_QUESTION_CHARS],
                answer.kind.value,
                answer.confidence,
                json.dumps(answer.fact_ids),
                nearest,
            ),
        )

    def record_feedback(self, fact_ids: tuple[str, ...], *, helpful: bool, asker: Asker) -> None:
        for fact_id in fact_ids:
            self._write(
                "INSERT INTO feedback (given_at, platform, fact_id, helpful) VALUES (?, ?, ?, ?)",
                (time.time(), asker.platform, fact_id, int(helpful)),
            )

    def unanswered(self, *, limit: int = 5000) -> list[UnansweredRow]:
        rows = self._read(
            "SELECT question, language, platform, kind, nearest_fact FROM questions"
            " ORDER BY asked_at DESC LIMIT ?",
            (limit,),
        )
        return [
            UnansweredRow(
                question=str(question),
                language=str(language),
                platform=str(platform),
                kind=str(kind),
                nearest_fact=None if nearest is None else str(nearest),
            )
            for question, language, platform, kind, nearest in rows
        ]

    def disliked_facts(self, *, limit: int = 10) -> list[tuple[str, int, int]]:
        """(fact id, 👎 count, 👍 count), most 👎 first."""
        rows = self._read(
            "SELECT fact_id, SUM(helpful = 0), SUM(helpful = 1) FROM feedback GROUP BY fact_id"
            " HAVING SUM(helpful = 0) > 0 ORDER BY 2 DESC, 1 LIMIT ?",
            (limit,),
        )
        return [(str(fact_id), _count(down), _count(up)) for fact_id, down, up in rows]

    def flush(self) -> None:
        """Wait until every write so far has been made (or given up)."""
        self._hurry.set()
        try:
            self._writes.join()
        finally:
            self._hurry.clear()

    def close(self) -> None:
        """Write out what is queued and stop the writer; later writes start a new one."""
        with self._lock:
            if self._writer is not None:
                self._hurry.set()
                try:
                    self._writes.put(None)
                    self._writer.join()
                finally:
                    self._hurry.clear()
                self._writer = None

    def _write(self, sql: str, parameters: tuple[object, ...]) -> None:
        with self._lock:
            if self._writer is None:
                self._writer = threading.Thread(
                    target=self._write_forever, name="curation-journal", daemon=True
                )
                self._writer.start()
            try:
                self._writes.put_nowait((sql, parameters))
            except queue.Full:
                # The disk cannot keep up; losing a curation record beats stalling answers.
                self._warn(OSError("curation journal queue is full"))

    def _write_forever(self) -> None:
        connection: sqlite3.Connection | None = None
        stopping = False
        while not stopping:
            batch = [self._writes.get()]
            if batch[0] is not None:
                # Let more arrive: they are written together, and meanwhile adding one to the
                # queue wakes no thread.
                self._hurry.wait(BATCH_SECONDS)
            with contextlib.suppress(queue.Empty):
                while batch[-1] is not None:
                    batch.append(self._writes.get_nowait())
            writes = [write for write in batch if write is not None]
            stopping = len(writes) < len(batch)
            try:
                if writes:
                    connection = connection or self._connect()
                    with connection:
                        for sql, parameters in writes:
                            connection.execute(sql, parameters)
                    self._recovered()
            except (sqlite3.Error, OSError) as error:
                if connection is not None:
                    connection.close()
                connection = None
                self._warn(error)
            finally:
                for _ in batch:
                    self._writes.task_done()
        if connection is not None:
            connection.close()

    def _connect(self) -> sqlite3.Connection:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self._path, timeout=LOCK_TIMEOUT_SECONDS)
        connection.executescript(_SCHEMA)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def _recovered(self) -> None:
        # After a failure, the next one is worth a warning again (and the recovery a note).
        if self._warned:
            self._warned = False
            log.info("curation journal writable again", extra={"fields": {"path": str(self._path)}})

    def _warn(self, error: Exception) -> None:
        if not self._warned:
            log.warning(
                "curation journal unavailable, answering goes on without it",
                extra={"fields": {"path": str(self._path), "error": str(error)}},
            )
            self._warned = True

    def _read(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[object, ...]]:
        self.flush()
        if not self._path.exists():
            return []
        connection = sqlite3.connect(self._path, timeout=LOCK_TIMEOUT_SECONDS)
        try:
            return list(connection.execute(sql, parameters).fetchall())
        finally:
            connection.close()


def _count(value: object) -> int:
    return value if isinstance(value, int) else 0


def _worth_reviewing(answer: Answer) -> bool:
    if answer.kind in (AnswerKind.NOT_FOUND, AnswerKind.NOT_REPORTED, AnswerKind.CLARIFY):
        return True
    return answer.kind is AnswerKind.ANSWER and answer.confidence < REVIEW_BELOW_CONFIDENCE
