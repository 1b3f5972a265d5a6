"""`funding-bot knowledge draft`: an article's text to a first knowledge file for a curator.

Every sentence that states an amount of money, a time, a valuation or names a known entity
becomes a draft statement: its figures parsed (with the article's own won conversion as
`krw` and 약/about/이상/more than as qualifiers), its time resolved against the published date
into `when`, the entities it names with a guessed role, and the sentence itself as the quote.
What only a person can decide is left as a "TODO" string, often with a guess after it
("TODO investor"), which `knowledge check` lists one by one until it is replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from knowledge.dates import DateMention, dates_in
from knowledge.figures import MoneyMention, format_amount, money_in
from knowledge.models import Entity, Language

TODO = "TODO"
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"[A-Za-z\uac00-\ud7a3]")
_OPENING = "“「『("
_CLOSING = "”」』)"
_VALUATION = re.compile(r"기업\s?가치|몸값|회사\s?가치|valuation|valued at|\bworth\b", re.I)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|퍼센트|percent\b)", re.I)

# A guess of the statement's kind from its words, most specific first, with its topic.
_KINDS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("valuation", "valuation", _VALUATION),
    ("stake", "stake", re.compile(r"지분|\bstake\b", re.I)),
    ("loss", "loss", re.compile(r"적자|손실|\blos(?:s|e|ing)\b", re.I)),
    ("founding", "founding", re.compile(r"설립|창업|\bfounded\b", re.I)),
    ("funding_round", "round", re.compile(r"유치|조달|펀딩|\braised?\b|\bround\b", re.I)),
    ("investment", "invest", re.compile(r"투자|\binvest", re.I)),
    ("price", "price", re.compile(r"요금|가격|구독료|월\s?\d|a month|per month|\bprice", re.I)),
    ("launch", "launch", re.compile(r"출시|선보|공개|\blaunch|\bunveil", re.I)),
)
_STATUSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("considering", re.compile(r"검토|협의 중|considering|in talks", re.I)),
    ("estimated", re.compile(r"추정|estimated", re.I)),
    ("expected", re.compile(r"예상|전망|것으로 보인|expected|is set to|will\b", re.I)),
)
# The words right after (Korean) or before (English) a name that say its role.
_KOREAN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(r"^\s?(?:이|가|의)?\s?주도")),
    ("vehicle", re.compile(r"^\)?\s?(?:을|를)\s?통해")),
    ("investor", re.compile(r"^\s?(?:으로부터|로부터|에서)")),
    ("investee", re.compile(r"^\s?(?:에|에게|에 대한)(?:\s|$)")),
)
_ENGLISH_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lead", re.compile(r"\bled by\s$", re.I)),
    ("vehicle", re.compile(r"\b(?:through|via)\s$", re.I)),
    ("investor", re.compile(r"\bfrom\s$", re.I)),
    ("investee", re.compile(r"\b(?:in|into)\s$", re.I)),
)
_KIND_ROLES = {"person": "person", "product": "product"}


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in a sentence, and the role its surroundings suggest."""

    entity: Entity
    role: str


@dataclass(frozen=True, slots=True)
class DraftStatement:
    """What one sentence yields before a curator decides."""

    quote: str
    money: tuple[MoneyMention, ...]
    times: tuple[DateMention, ...]
    mentions: tuple[Mention, ...]
    reporters: tuple[Entity, ...]
    kind: str | None
    topic: str | None
    status: str | None
    percent: float | None


@dataclass(frozen=True)
class ArticleDraft:
    """The article's header and its draft statements."""

    article_id: str
    published: date
    language: Language
    title: str
    text_file: str
    outlet: Entity | None
    outlet_name: str | None
    statements: tuple[DraftStatement, ...] = field(default=())


def split_sentences(text: str) -> list[str]:
    """Sentences, never split inside quotation marks or parentheses ("…선택했다. 이는 …”라고
    했다." is one), nor after a number ("2024. 9. 2.") or an initial ("U.S.")."""
    sentences: list[str] = []
    for line in text.splitlines():
        sentences.extend(_split_line(line.strip()))
    return [sentence for sentence in sentences if sentence]


def _split_line(line: str) -> Iterator[str]:
    depth, start, straight = 0, 0, False
    for index, char in enumerate(line):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        elif char == '"':
            straight = not straight
        elif char in ".?!" and depth == 0 and not straight and _ends_sentence(line, index):
            yield line[start : index + 1].strip()
            start = index + 1
    yield line[start:].strip()


def _ends_sentence(line: str, index: int) -> bool:
    after = line[index + 1 : index + 2]
    if after not in ("", " "):
        return False
    before = line[max(0, index - 2) : index]
    if line[index] == "." and before[-1:].isdigit():
        return False
    return not (line[index] == "." and before[-1:].isupper() and not before[:1].isalpha())


def draft_article(
    text: str,
    *,
    published: date,
    article_id: str,
    text_file: str,
    entities: Mapping[str, Entity],
    outlet: str | None = None,
    language: Language | None = None,
) -> ArticleDraft:
    """Draft statements for every sentence worth one."""
    outlet_entity = _find_entity(outlet, entities) if outlet else None
    finder = _EntityFinder(entities.values())
    statements = []
    for sentence in split_sentences(text):
        statement = _draft_statement(sentence, published, finder, outlet_entity)
        if statement is not None:
            statements.append(statement)
    title = next((line.strip() for line in text.splitlines() if line.strip()), TODO)
    return ArticleDraft(
        article_id=article_id,
        published=published,
        language=language or _language_of(text),
        title=title,
        text_file=text_file,
        outlet=outlet_entity,
        outlet_name=outlet,
        statements=tuple(statements),
    )


def _language_of(text: str) -> Language:
    letters = _LETTER.findall(text)
    hangul = len(_HANGUL.findall(text))
    return "ko" if letters and hangul / len(letters) >= 0.3 else "en"


def _find_entity(name: str, entities: Mapping[str, Entity]) -> Entity | None:
    folded = name.casefold()
    for entity in entities.values():
        names = (entity.id, entity.name.ko, entity.name.en, *entity.aliases)
        if any(folded == candidate.casefold() for candidate in names):
            return entity
    return None


class _EntityFinder:
    """Entities by their names: the longest name wins; Latin names match whole words, Korean
    names at the start of a word (particles may follow)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        names: dict[str, Entity] = {}
        for entity in entities:
            for name in (entity.name.ko, entity.name.en, *entity.aliases):
                names.setdefault(name.casefold(), entity)
        ordered = sorted(names, key=len, reverse=True)
        self._names = names
        self._pattern = (
            re.compile("|".join(_name_pattern(name) for name in ordered), re.IGNORECASE)
            if ordered
            else None
        )

    def find(self, sentence: str) -> Iterator[tuple[Entity, int, int]]:
        if self._pattern is None:
            return
        for match in self._pattern.finditer(sentence):
            yield self._names[match.group().casefold()], match.start(), match.end()


def _name_pattern(name: str) -> str:
    escaped = re.escape(name)
    before = r"(?<![\w\uac00-\ud7a3])" if _HANGUL.match(name) else r"(?<![\w])"
    after = "" if _HANGUL.search(name[-1:]) else r"(?![A-Za-z0-9])"
    return f"{before}{escaped}{after}"


def _draft_statement(
    sentence: str, published: date, finder: _EntityFinder, outlet: Entity | None
) -> DraftStatement | None:
    money = tuple(m for m in money_in(sentence) if not m.conversion)
    times = dates_in(sentence, published)
    mentions, reporters = _mentions(sentence, finder, outlet)
    valuation = _VALUATION.search(sentence) is not None
    if not (money or times or mentions or reporters or valuation):
        return None
    kind, topic = next(
        ((kind, topic) for kind, topic, words in _KINDS if words.search(sentence)), (None, None)
    )
    percent = _PERCENT.search(sentence)
    return DraftStatement(
        quote=sentence,
        money=money,
        times=times,
        mentions=mentions,
        reporters=reporters,
        kind=kind,
        topic=topic,
        status=next((s for s, words in _STATUSES if words.search(sentence)), None),
        percent=float(percent.group(1)) if percent and kind == "stake" else None,
    )


def _mentions(
    sentence: str, finder: _EntityFinder, outlet: Entity | None
) -> tuple[tuple[Mention, ...], tuple[Entity, ...]]:
    mentions: dict[str, Mention] = {}
    reporters: dict[str, Entity] = {}
    for entity, start, end in finder.find(sentence):
        if outlet is not None and entity.id == outlet.id:
            continue
        if entity.kind == "outlet":
            reporters.setdefault(entity.id, entity)
            continue
        role = _guess_role(entity, sentence[:start], sentence[end:])
        mentions.setdefault(entity.id, Mention(entity, role))
    return tuple(mentions.values()), tuple(reporters.values())


def _guess_role(entity: Entity, before: str, after: str) -> str:
    if entity.kind in _KIND_ROLES:
        return _KIND_ROLES[entity.kind]
    for role, korean in _KOREAN_ROLES:
        if korean.search(after):
            return role
    for role, english in _ENGLISH_ROLES:
        if english.search(before):
            return role
    return "subject"


# --- writing the TOML -----------------------------------------------------------------------


def render_draft(draft: ArticleDraft) -> str:
    """The draft as a knowledge file: valid TOML, with every decision left as a TODO."""
    lines = [
        f"# Drafted by `funding-bot knowledge draft` from {draft.text_file}.",
        '# Replace every "TODO" (a guess may follow it), delete statements not worth keeping,',
        "# add ids to entities.toml for names it did not know, then run",
        "# `funding-bot knowledge check` on this file and `funding-bot knowledge test`.",
        "",
        *_article_lines(draft),
    ]
    for number, statement in enumerate(draft.statements, start=1):
        lines += ["", *_statement_lines(statement, number)]
    return "\n".join(lines) + "\n"


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _article_lines(draft: ArticleDraft) -> list[str]:
    if draft.outlet is not None:
        names = (draft.outlet.name.ko, draft.outlet.name.en)
    elif draft.outlet_name:
        names = (draft.outlet_name, f"{TODO} {draft.outlet_name} in English")
    else:
        names = (f"{TODO} outlet", f"{TODO} outlet")
    lines = [
        "[article]",
        f"id = {_string(draft.article_id)}",
        f"outlet = {{ ko = {_string(names[0])}, en = {_string(names[1])} }}",
    ]
    if draft.outlet is not None:
        lines.append(f"outlet_entity = {_string(draft.outlet.id)}")
    lines += [
        '# author = { ko = "", en = "" }',
        f"published = {draft.published.isoformat()}",
        f"title = {_string(draft.title)}",
        f"language = {_string(draft.language)}",
        f"text_file = {_string(draft.text_file)}",
    ]
    return lines


def _statement_lines(statement: DraftStatement, number: int) -> list[str]:
    lines = [
        "[[facts]]",
        f"id = {_string(_fact_id(statement, number))}",
        f"kind = {_string(_todo(statement.kind))}",
    ]
    if statement.status is not None:
        lines.append(f"status = {_string(statement.status)}")
    lines += _participant_lines(statement.mentions)
    lines.append(f"topics = [{_string(_todo(statement.topic))}]")
    if statement.money:
        lines += _money_lines(statement.money)
    if statement.percent is not None:
        lines.append(f"percent = {format_amount(statement.percent)}")
    when = _when(statement.times)
    if when is not None:
        lines.append(f"when = {_string(when)}")
    if statement.reporters:
        first = statement.reporters[0]
        lines.append(f"reporter = {{ entity = {_string(first.id)} }}")
    lines += [
        f"quote = {_string(statement.quote)}",
        f'answer.ko = "{TODO}"',
        f'answer.en = "{TODO}"',
        f'example.ko = "{TODO}"',
        f'example.en = "{TODO}"',
    ]
    return lines


def _todo(guess: str | None) -> str:
    return f"{TODO} {guess}" if guess else TODO


def _fact_id(statement: DraftStatement, number: int) -> str:
    """Unique by its number; readable by its first entities and kind."""
    parts = [m.entity.id for m in statement.mentions[:2]]
    return "-".join([*parts, statement.kind or "statement", str(number)]).replace("_", "-")


def _participant_lines(mentions: tuple[Mention, ...]) -> list[str]:
    if not mentions:
        return [f'participants = [{{ entity = "{TODO}", role = "{TODO}" }}]']
    rows = [
        f"  {{ entity = {_string(m.entity.id)}, role = {_string(_todo(m.role))} }},"
        for m in mentions
    ]
    return ["participants = [", *rows, "]"]


def _money_lines(money: tuple[MoneyMention, ...]) -> list[str]:
    rows = []
    for figure in money:
        fields = [f"amount = {format_amount(figure.amount)}"]
        if figure.amount_max is not None:
            fields.append(f"amount_max = {format_amount(figure.amount_max)}")
        fields.append(f"currency = {_string(figure.currency)}")
        if figure.krw is not None:
            fields.append(f"krw = {format_amount(figure.krw)}")
        fields.append(f"qualifier = {_string(figure.qualifier)}")
        rows.append(f"  {{ {', '.join(fields)} }},")
    return ["money = [", *rows, "]"]


def _when(times: tuple[DateMention, ...]) -> str | None:
    """The statement's time: the one the sentence names, or a TODO listing the candidates."""
    distinct = list(dict.fromkeys(mention.when for mention in times))
    if not distinct:
        return None
    if len(distinct) == 1:
        return distinct[0]
    return f"{TODO} one of {', '.join(distinct)}"


def article_id_for(path: Path) -> str:
    """An article id from its text file's name: "chosunbiz-2024-09-02-ai.ko.txt" →
    "chosunbiz-2024-09-02-ai"."""
    stem = path.name.split(".")[0].lower()
    slug = re.sub(r"[^a-z0-9_.-]+", "-", stem).strip("-.")
    return slug or "article"
