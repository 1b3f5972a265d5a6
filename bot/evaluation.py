"""`funding-bot knowledge test`: score the question files kept beside the articles.

Each `articles/*.questions.jsonl` holds one JSON object a line, in the development question
format: a single question
    {"id": "q-01", "lang": "ko", "tags": [], "q": "...", "answerable": true, "must": [[regex, ...]]}
or a conversation whose turns share context
    {"id": "c-01", "lang": "en", "turns": [{"q": "...", "answerable": true, "must": [...]}, ...]}
A turn may carry its own "lang" and "tags"; turns after the first are tagged "followup".

Judged as the development scorer judges: an answerable question passes when the bot answers
and every group of `must` has a regex matching the text (case-insensitive); an unanswerable
one passes when the bot does not answer. The reply must be in the question's language, and an
answer must cite a source with outlet and date. The questions go through the answering core
in-process (`FundingBot.converse`), not through a subprocess.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator

from handlers.models import Answer, Asker
from handlers.rendering import plain_text
from handlers.service import FundingBot
from knowledge.models import Frozen, Language

QUESTION_FILES = "articles/*.questions.jsonl"
ASKER = Asker(platform="cli", user_id="knowledge-test")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LETTER = re.compile(r"[A-Za-z\uac00-\ud7a3]")
Verdict = Literal["correct", "wrong", "missed", "rejected", "false_answer"]
PASSING: frozenset[str] = frozenset({"correct", "rejected"})


class QuestionFileError(Exception):
    """A question file is malformed; each line names the file, the line and the field."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


Patterns = tuple[tuple[str, ...], ...]


def _compiles(groups: Patterns) -> Patterns:
    for group in groups:
        for pattern in group:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a regular expression: {error}") from None
    return groups


class Turn(Frozen):
    """One question of a conversation."""

    q: str
    answerable: bool
    must: Patterns = ()
    lang: Language | None = None
    tags: tuple[str, ...] = ()

    _must_compiles = field_validator("must")(_compiles)


class Single(Frozen):
    """One question on its own."""

    id: str
    lang: Language
    tags: tuple[str, ...] = ()
    q: str
    answerable: bool
    must: Patterns = ()

    _must_compiles = field_validator("must")(_compiles)


class Conversation(Frozen):
    """Questions asked one after another in one conversation."""

    id: str
    lang: Language
    tags: tuple[str, ...] = ()
    turns: tuple[Turn, ...] = Field(min_length=1)


@dataclass(frozen=True, slots=True)
class Question:
    """One question to ask: a single one, or one turn of a conversation."""

    id: str
    lang: Language
    tags: tuple[str, ...]
    q: str
    answerable: bool
    must: Patterns
    conversation: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    question: Question
    answer: Answer
    verdict: Verdict
    language_ok: bool
    sourced: bool

    @property
    def problems(self) -> tuple[str, ...]:
        """Why this result counts against the score, in the order the scorer prints them."""
        found = []
        if not self.language_ok:
            found.append("language")
        if self.answer.answered and not self.sourced:
            found.append("unsourced")
        if self.verdict not in PASSING:
            found.append(self.verdict)
        return tuple(found)


@dataclass(frozen=True)
class Evaluation:
    """Every result, and the scores the development scorer reports."""

    results: tuple[Result, ...]
    seconds: float = 0.0
    verdicts: Counter[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "verdicts", Counter(r.verdict for r in self.results))

    @property
    def answerable(self) -> int:
        return sum(r.question.answerable for r in self.results)

    @property
    def out_of_scope(self) -> int:
        return len(self.results) - self.answerable

    @property
    def accuracy(self) -> float:
        return self.verdicts["correct"] / self.answerable if self.answerable else 0.0

    @property
    def oos_rejection(self) -> float:
        return self.verdicts["rejected"] / self.out_of_scope if self.out_of_scope else 1.0

    @property
    def confidently_wrong(self) -> int:
        return self.verdicts["wrong"] + self.verdicts["false_answer"]

    @property
    def language_mismatch(self) -> int:
        return sum(not r.language_ok for r in self.results)

    @property
    def unsourced(self) -> int:
        return sum(r.answer.answered and not r.sourced for r in self.results)

    def score_line(self) -> str:
        return (
            f"SCORE accuracy={self.accuracy:.3f} oos_rejection={self.oos_rejection:.3f} "
            f"confidently_wrong={self.confidently_wrong} "
            f"language_mismatch={self.language_mismatch} unsourced={self.unsourced}"
        )

    def summary_lines(self) -> list[str]:
        by_tag: Counter[tuple[str, bool]] = Counter()
        for result in self.results:
            for tag in (*result.question.tags, result.question.lang):
                by_tag[(tag, result.verdict in PASSING)] += 1
        lines = []
        for tag in sorted({tag for tag, _ in by_tag}):
            good, bad = by_tag[(tag, True)], by_tag[(tag, False)]
            lines.append(f"  {tag:8s} {good}/{good + bad}")
        v = self.verdicts
        lines += [
            f"answerable: correct {v['correct']}/{self.answerable}, wrong {v['wrong']}, "
            f"missed {v['missed']}",
            f"out of scope: rejected {v['rejected']}/{self.out_of_scope}, "
            f"false answers {v['false_answer']}",
            f"language mismatches {self.language_mismatch}, unsourced answers {self.unsourced}, "
            f"{self.seconds:.2f}s for {len(self.results)} questions",
            self.score_line(),
        ]
        return lines

    def failure_lines(self) -> list[str]:
        lines = []
        for result in self.results:
            for why in result.problems:
                question, answer = result.question, result.answer
                lines.append(
                    f"[{why}] {question.id} {question.q}\n"
                    f"    -> answered={answer.answered} {plain_text(answer)[:300]!r}"
                )
        return lines

    def shortfalls(
        self,
        *,
        min_accuracy: float | None = None,
        max_wrong: int | None = None,
        min_oos: float | None = None,
    ) -> list[str]:
        """The thresholds this evaluation misses, in words."""
        missed = []
        if min_accuracy is not None and self.accuracy < min_accuracy:
            missed.append(f"accuracy {self.accuracy:.3f} is below {min_accuracy:.3f}")
        if max_wrong is not None and self.confidently_wrong > max_wrong:
            missed.append(f"confidently_wrong {self.confidently_wrong} is above {max_wrong}")
        if min_oos is not None and self.oos_rejection < min_oos:
            missed.append(f"oos_rejection {self.oos_rejection:.3f} is below {min_oos:.3f}")
        return missed


def question_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(QUESTION_FILES))


def load_questions(paths: Sequence[Path], *, exclude_tags: Iterable[str] = ()) -> list[Question]:
    """Every question of the files, conversations flattened into their turns."""
    excluded = set(exclude_tags)
    questions: list[Question] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        for number, line in _lines(path, problems):
            where = f"{path}:{number}"
            row = _parse(where, line, problems)
            if row is None or excluded & set(row.tags):
                continue
            if row.id in seen:
                problems.append(f"{where}: id: {row.id!r} already used at {seen[row.id]}")
            seen.setdefault(row.id, where)
            questions.extend(_flatten(row, conversation=f"{path.name}:{row.id}"))
    if problems:
        raise QuestionFileError(problems)
    return questions


def _lines(path: Path, problems: list[str]) -> list[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot be read: {error}")
        return []
    return [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _parse(where: str, line: str, problems: list[str]) -> Single | Conversation | None:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        problems.append(f"{where}: not JSON: {error}")
        return None
    model: type[Single] | type[Conversation] = (
        Conversation if isinstance(data, dict) and "turns" in data else Single
    )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            location = ".".join(str(part) for part in item["loc"]) or "row"
            message = item["msg"].removeprefix("Value error, ")
            problems.append(f"{where}: {location}: {message}")
        return None


def _flatten(row: Single | Conversation, *, conversation: str) -> list[Question]:
    if isinstance(row, Single):
        return [Question(row.id, row.lang, row.tags, row.q, row.answerable, row.must)]
    return [
        Question(
            id=f"{row.id}.{index + 1}",
            lang=turn.lang or row.lang,
            tags=(*row.tags, *turn.tags, *(("followup",) if index else ())),
            q=turn.q,
            answerable=turn.answerable,
            must=turn.must,
            conversation=conversation,
        )
        for index, turn in enumerate(row.turns)
    ]


async def evaluate(bot: FundingBot, questions: Sequence[Question]) -> Evaluation:
    """Ask every question, in order, and judge each answer."""
    started = time.perf_counter()
    results = []
    for question in questions:
        answer = await bot.converse(question.q, asker=ASKER, conversation=question.conversation)
        results.append(judge(question, answer))
    return Evaluation(results=tuple(results), seconds=time.perf_counter() - started)


def judge(question: Question, answer: Answer) -> Result:
    text = plain_text(answer)
    return Result(
        question=question,
        answer=answer,
        verdict=_verdict(question, answer.answered, text),
        language_ok=language_ok(question.lang, answer.language, text),
        sourced=any(source.outlet and source.published for source in answer.sources),
    )


def _verdict(question: Question, answered: bool, text: str) -> Verdict:
    if not question.answerable:
        return "false_answer" if answered else "rejected"
    if not answered:
        return "missed"
    matches = all(
        any(re.search(pattern, text, re.IGNORECASE) for pattern in group) for group in question.must
    )
    return "correct" if matches else "wrong"


def language_ok(wanted: Language, replied: Language, text: str) -> bool:
    """The reply says it is in the question's language, and mostly is (30% Hangul letters
    or more for Korean, under 20% for English)."""
    letters = LETTER.findall(text)
    share = len(HANGUL.findall(text)) / len(letters) if letters else 0.0
    text_ok = share >= 0.3 if wanted == "ko" else share < 0.2
    return replied == wanted and text_ok
