"""Load knowledge files into a KnowledgeBase, or fail with every problem named.

Layout of a knowledge directory:
    lexicon.toml            concepts, out-of-scope topics, names the sources never cover
    entities.toml           entities shared by all articles
    articles/*.toml         one file per source article (its own entities allowed)
A broken file never yields a half-loaded base: `load_knowledge` raises `KnowledgeError`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

import rtoml
from pydantic import ValidationError

from knowledge import roles
from knowledge.base import Concept, KnowledgeBase, Lexicon, SourcedFact, TimeValue
from knowledge.models import ArticleFile, Entity, FactKind, Role

DEFAULT_DIR = Path(__file__).parent / "data"
DEFAULT_LEXICON = DEFAULT_DIR / "lexicon.toml"
CONCEPT_KINDS = frozenset({"topic", "time", "ask", "cue"})


class KnowledgeError(Exception):
    """One or more knowledge files are broken; each line names the file, the fact and the field."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


def load_knowledge(directory: Path | None = None) -> KnowledgeBase:
    """Load and check a whole knowledge directory. The garbage collector waits meanwhile:
    loading makes millions of objects that all live on, and a full collection in the middle
    of 50,000 statements is a pause of half a second for nothing."""
    with gc_paused():
        return collect_path(directory or DEFAULT_DIR).build()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause automatic garbage collection (if it was on) for the block, then freeze what it
    made: the objects live on, and the first full collection afterwards would otherwise
    walk all of them at once (a quarter of a second at 50,000 statements)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def check_path(path: Path) -> KnowledgeBase:
    """Check a knowledge directory, or one article file against its directory's lexicon."""
    return collect_path(path).build()


@dataclass
class Collected:
    """What a knowledge directory holds, as far as it could be read, and what is wrong with it.

    `entities_complete` is false when entities.toml (or one of its entries) could not be read:
    references to entities are then left unchecked rather than reported by the hundred.
    """

    root: Path
    problems: list[str] = field(default_factory=list)
    lexicon: Lexicon | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    entities_complete: bool = True
    files: list[tuple[Path, ArticleFile | None]] = field(default_factory=list)
    facts: list[SourcedFact] = field(default_factory=list)
    fact_files: dict[str, Path] = field(default_factory=dict)

    @property
    def articles(self) -> Iterator[tuple[Path, ArticleFile]]:
        """The article files that passed validation."""
        return ((path, item) for path, item in self.files if item is not None)

    def build(self) -> KnowledgeBase:
        """The knowledge base; raises KnowledgeError listing every problem found."""
        if self.problems or self.lexicon is None:
            raise KnowledgeError(self.problems)
        articles = tuple(item.article for _, item in self.articles)
        return KnowledgeBase(
            articles=articles,
            entities=self.entities,
            facts=tuple(self.facts),
            lexicon=self.lexicon,
        )


def collect_path(path: Path) -> Collected:
    """Read a knowledge directory, or one article file with its directory's lexicon and
    entities, collecting every problem instead of stopping at the first."""
    if path.is_dir():
        return _collect(path, sorted((path / "articles").glob("*.toml")))
    if not path.exists():
        return Collected(root=path, problems=[f"{path}: no such file"])
    root = path.parent.parent if path.parent.name == "articles" else DEFAULT_DIR
    if not (root / "entities.toml").exists():
        root = DEFAULT_DIR
    return _collect(root, [path])


def _collect(root: Path, article_paths: list[Path]) -> Collected:
    found = Collected(root=root)
    problems = found.problems
    # The lexicon is language: a knowledge directory may bring its own, else the shipped one.
    lexicon = root / "lexicon.toml"
    found.lexicon = _load_lexicon(lexicon if lexicon.exists() else DEFAULT_LEXICON, problems)
    found.entities, found.entities_complete = _load_entities(root / "entities.toml", problems)
    if not article_paths:
        problems.append(f"{root / 'articles'}: no article files (*.toml)")
    found.files = [(path, _load_article(path, problems)) for path in article_paths]
    for path, article_file in found.articles:
        for entity in article_file.entities:
            _add_entity(found.entities, entity, path, problems)
        for fact in article_file.facts:
            if fact.id in found.fact_files:
                problems.append(
                    f"{path}: fact {fact.id}: id: already used in {found.fact_files[fact.id]}"
                )
            found.fact_files[fact.id] = path
            found.facts.append(SourcedFact(fact=fact, article=article_file.article))
    known = found.entities if found.entities_complete else None
    for path, article_file in found.articles:
        _check_article_entities(path, article_file, known, problems)
    _check_article_ids(found.files, problems)
    _check_aliases(found.entities, problems)
    if found.lexicon is not None:
        found.lexicon, found.facts = _with_own_terms(found.lexicon, found.facts)
        for item in found.facts:
            path = found.fact_files[item.fact.id]
            _check_references(item, path, known, found.lexicon, problems)
    for path, article_file in found.articles:
        _check_quotes(path, article_file, problems)
    return found


OWN_TERMS = "own."


def _with_own_terms(
    lexicon: Lexicon, facts: list[SourcedFact]
) -> tuple[Lexicon, list[SourcedFact]]:
    """Statements' own `terms` (words the shared lexicon lacks: "CEO", "headcount", "합병")
    become topics, one per word, shared by every statement that uses it, and slots: a
    question using them is answered by such a statement, or told the sources don't report
    it. The curator needs no lexicon edit."""
    ids: dict[str, str] = {}
    # A word the lexicon already has as a topic joins that topic, with all its other words.
    known = {
        term.casefold(): concept.id
        for concept in lexicon.concepts.values()
        if concept.kind == "topic"
        for term in concept.terms
    }
    kept: list[SourcedFact] = []
    for item in facts:
        fact = item.fact
        if not fact.terms:
            kept.append(item)
            continue
        own = [
            known.get(term.casefold()) or ids.setdefault(term.casefold(), f"{OWN_TERMS}{len(ids)}")
            for term in fact.terms
        ]
        extended = fact.model_copy(update={"topics": tuple(dict.fromkeys((*fact.topics, *own)))})
        kept.append(SourcedFact(fact=extended, article=item.article))
    if not ids:
        return lexicon, facts
    concepts = {
        concept_id: Concept(id=concept_id, kind="topic", terms=(term,), slot=True)
        for term, concept_id in ids.items()
    }
    return replace(lexicon, concepts={**lexicon.concepts, **concepts}), kept


def _read_toml(path: Path, problems: list[str]) -> dict[str, Any] | None:
    text = _read_text(path, problems)
    return None if text is None else _parse_toml(path, text, problems)


def _read_text(path: Path, problems: list[str]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{path}: file not found")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: cannot be read: {error}")
    return None


def _parse_toml(path: Path, text: str, problems: list[str]) -> dict[str, Any] | None:
    # rtoml (Rust) parses ten times faster than tomllib: 50,000 statements load in seconds.
    try:
        data: dict[str, Any] = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        problems.append(f"{path}: not valid TOML: {error}")
        return None
    return data


def _load_lexicon(path: Path, problems: list[str]) -> Lexicon | None:
    data = _read_toml(path, problems)
    if data is None:
        return None
    concepts: dict[str, Concept] = {}
    raw_concepts = data.get("concepts", {})
    if not isinstance(raw_concepts, dict) or not raw_concepts:
        problems.append(f"{path}: concepts: at least one [concepts.NAME] table is required")
        return None
    for concept_id, raw in raw_concepts.items():
        concept = _parse_concept(path, concept_id, raw, problems)
        if concept is not None:
            concepts[concept_id] = concept
    for concept in concepts.values():
        for other in concept.also:
            if other not in concepts:
                problems.append(f"{path}: concept {concept.id}: also: {other!r}: no such concept")
    missing = sorted(roles.REQUIRED - raw_concepts.keys())
    if missing:
        problems.append(
            f"{path}: concepts: {', '.join(missing)}: required by the answering code, missing"
        )
    unsupported = _string_list(
        path, "unsupported.terms", data.get("unsupported", {}), "terms", problems
    )
    outside = _string_list(path, "outside.names", data.get("outside", {}), "names", problems)
    ignored = _string_list(path, "ignore.terms", data.get("ignore", {}), "terms", problems)
    return Lexicon(
        concepts=concepts,
        unsupported=unsupported,
        outside_names=outside,
        ignored=ignored,
        opposites=_opposites(path, data.get("opposites", {}), concepts, problems),
    )


def _opposites(
    path: Path, table: object, concepts: Mapping[str, Concept], problems: list[str]
) -> tuple[tuple[str, str], ...]:
    pairs = table.get("pairs", []) if isinstance(table, dict) else None
    if not isinstance(pairs, list):
        problems.append(f"{path}: opposites.pairs: must be a list of [concept, concept] pairs")
        return ()
    found = []
    for index, pair in enumerate(pairs):
        if not (isinstance(pair, list) and len(pair) == 2 and all(c in concepts for c in pair)):
            problems.append(f"{path}: opposites.pairs.{index}: must name two known concepts")
            continue
        found.append((str(pair[0]), str(pair[1])))
    return tuple(found)


def _parse_concept(path: Path, concept_id: str, raw: object, problems: list[str]) -> Concept | None:
    where = f"{path}: concept {concept_id}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a table")
        return None
    unknown = set(raw) - {"kind", "terms", "implicit", "strict", "slot", "time", "also"}
    if unknown:
        problems.append(f"{where}: {', '.join(sorted(unknown))}: unknown field")
    kind = raw.get("kind")
    if kind not in CONCEPT_KINDS:
        problems.append(f"{where}: kind: must be one of {', '.join(sorted(CONCEPT_KINDS))}")
        return None
    terms = _string_list(path, f"concept {concept_id}: terms", raw, "terms", problems)
    if not terms:
        problems.append(f"{where}: terms: at least one term is required")
        return None
    # Times are strict unless a concept says otherwise.
    defaults = {"implicit": False, "strict": kind == "time", "slot": False}
    flags = {name: raw.get(name, default) for name, default in defaults.items()}
    for name, value in flags.items():
        if not isinstance(value, bool):
            problems.append(f"{where}: {name}: must be true or false")
            return None
    time = _time_value(where, kind, raw.get("time"), problems)
    also = _string_list(path, f"concept {concept_id}: also", raw, "also", problems)
    return Concept(id=concept_id, kind=kind, terms=terms, time=time, also=also, **flags)


_TIME_RANGES = {"relative_year": (-5, 5), "month": (1, 12), "half": (1, 2), "quarter": (1, 4)}


def _time_value(where: str, kind: str, raw: object, problems: list[str]) -> TimeValue | None:
    """A time concept's meaning, e.g. `time = { relative_year = -1, month = 12 }`."""
    if kind != "time":
        if raw is not None:
            problems.append(f"{where}: time: only a concept of kind time has one")
        return None
    if not isinstance(raw, dict) or not raw:
        problems.append(
            f"{where}: time: required, e.g. {{ month = 3 }}, {{ relative_year = -1 }}, "
            "{ half = 1 }, { quarter = 2 }, { since = true } or { before = true }"
        )
        return None
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in ("since", "before") and isinstance(value, bool):
            values[key] = value
        elif key in _TIME_RANGES and isinstance(value, int) and not isinstance(value, bool):
            low, high = _TIME_RANGES[key]
            if not low <= value <= high:
                problems.append(f"{where}: time.{key}: must be from {low} to {high}")
                return None
            values[key] = value
        else:
            problems.append(f"{where}: time.{key}: unknown or malformed")
            return None
    return TimeValue(**values)


def _string_list(
    path: Path, label: str, table: object, key: str, problems: list[str]
) -> tuple[str, ...]:
    if not isinstance(table, dict):
        problems.append(f"{path}: {label}: must be a table")
        return ()
    values = table.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        problems.append(f"{path}: {label}: must be a list of non-empty strings")
        return ()
    return tuple(values)


def _load_entities(path: Path, problems: list[str]) -> tuple[dict[str, Entity], bool]:
    """The shared entities, and whether every one of them could be read."""
    entities: dict[str, Entity] = {}
    if not path.exists():
        return entities, True
    data = _read_toml(path, problems)
    if data is None:
        return entities, False
    raw_entities = data.get("entities", [])
    if not isinstance(raw_entities, list):
        problems.append(f"{path}: entities: must be a list of [[entities]] tables")
        return entities, False
    complete = True
    for index, raw in enumerate(raw_entities):
        try:
            _add_entity(entities, Entity.model_validate(raw), path, problems)
        except ValidationError as error:
            complete = False
            name = raw.get("id", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
            problems.extend(_describe(path, f"entity {name}", error))
    return entities, complete


def _add_entity(
    entities: dict[str, Entity], entity: Entity, path: Path, problems: list[str]
) -> None:
    if entity.id in entities:
        problems.append(f"{path}: entity {entity.id}: id: defined twice")
    entities[entity.id] = entity


def _load_article(path: Path, problems: list[str]) -> ArticleFile | None:
    text = _read_text(path, problems)
    data = None if text is None else _parse_toml(path, text, problems)
    if text is None or data is None:
        return None
    # Scanning every value for TODO costs as much as parsing: only a draft has any.
    todos = list(_todos(data)) if TODO in text else []
    for location, value in todos:
        where = _owner_of(list(location), data)
        label = ".".join(str(part) for part in _field_of(location))
        problems.append(f"{path}: {where}: {label}: still TODO ({_todo_hint(location, value)})")
    try:
        article_file = ArticleFile.model_validate(data)
    except ValidationError as error:
        skip = tuple(location for location, _ in todos)
        problems.extend(_describe(path, None, error, data, skip=skip))
        return None
    return article_file


Location = tuple[int | str, ...]
TODO = "TODO"


def _todos(value: object, location: Location = ()) -> Iterator[tuple[Location, str]]:
    """Every string a curator marked TODO (what `knowledge draft` leaves to decide)."""
    if isinstance(value, str):
        if TODO in value:
            yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _todos(item, (*location, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _todos(item, (*location, index))


_TODO_CHOICES: dict[str, str] = {
    "kind": ", ".join(get_args(FactKind)),
    "role": ", ".join(role.value for role in Role),
    "topics": "concepts of kind topic in lexicon.toml",
    "cues": "concepts in lexicon.toml",
    "entity": "an entity id from entities.toml or this file's [[entities]]",
    "when": "a day 2024-03-15, month 2024-03, quarter 2024-Q1, half 2024-H1, year 2024 "
    "or span 2019/2024",
    "answer": "the bot's answer, in the language of the key",
    "example": "a question this statement answers, in the language of the key",
}


def _todo_hint(location: Location, value: str) -> str:
    names = [part for part in location if isinstance(part, str)]
    choices = next((_TODO_CHOICES[n] for n in reversed(names) if n in _TODO_CHOICES), None)
    guess = value.replace(TODO, "", 1).strip(" :-?")
    parts = [f"draft guess: {guess}" if guess else "to be decided"]
    if choices:
        parts.append(f"allowed: {choices}")
    return "; ".join(parts)


def _field_of(location: Location) -> Location:
    """The location inside its fact or entity (what `_owner_of` leaves)."""
    if len(location) >= 2 and location[0] in ("facts", "entities") and isinstance(location[1], int):
        return location[2:]
    return location


def _describe(
    path: Path,
    owner: str | None,
    error: ValidationError,
    data: Mapping[str, Any] | None = None,
    *,
    skip: tuple[Location, ...] = (),
) -> list[str]:
    """One line per root cause: errors inside a TODO already reported, and a list "too short"
    only because its items failed, are left out."""
    items = error.errors()
    locations = [tuple(item["loc"]) for item in items]
    lines = []
    for item, loc in zip(items, locations, strict=True):
        if any(loc[: len(todo)] == todo for todo in skip):
            continue
        if item["type"] == "too_short" and any(
            len(other) > len(loc) and other[: len(loc)] == loc for other in locations
        ):
            continue
        location = list(loc)
        where = owner or _owner_of(location, data)
        field_name = ".".join(str(part) for part in location)
        message = item["msg"].removeprefix("Value error, ")
        lines.append(f"{path}: {where}: {field_name}: {message}")
    return lines


def _owner_of(location: list[int | str], data: Mapping[str, Any] | None) -> str:
    """Name the fact or entity an error sits in, by its id where the file gives one."""
    if len(location) >= 2 and location[0] in ("facts", "entities") and isinstance(location[1], int):
        section, index = str(location[0]), location[1]
        items = data.get(section, []) if data else []
        raw = items[index] if isinstance(items, list) and index < len(items) else None
        name = raw.get("id") if isinstance(raw, dict) else None
        del location[:2]
        return f"{section[:-1]} {name or f'#{index + 1}'}"
    return "article file"


def _check_references(
    item: SourcedFact,
    path: Path,
    entities: Mapping[str, Entity] | None,
    lexicon: Lexicon,
    problems: list[str],
) -> None:
    """Entities (when `entities` is known to be complete) and concepts must exist."""
    fact = item.fact
    where = f"{path}: fact {fact.id}"
    if entities is not None:
        for index, participant in enumerate(fact.participants):
            if participant.entity not in entities:
                problems.append(
                    f"{where}: participants.{index}.entity: unknown entity {participant.entity!r}"
                )
        if fact.reporter is not None and fact.reporter.entity not in entities:
            problems.append(f"{where}: reporter.entity: unknown entity {fact.reporter.entity!r}")
    for label, concept_ids in (("topics", fact.topics), ("cues", fact.cues)):
        for index, concept_id in enumerate(concept_ids):
            if concept_id not in lexicon.concepts:
                problems.append(f"{where}: {label}.{index}: unknown concept {concept_id!r}")
    for index, concept_id in enumerate(fact.cues):
        concept = lexicon.concepts.get(concept_id)
        if concept is not None and concept.kind in ("time", "ask"):
            derived = "its time is `when`" if concept.kind == "time" else "derived from its fields"
            problems.append(
                f"{where}: cues.{index}: {concept_id!r} is a {concept.kind}: not a cue ({derived})"
            )
    for index, concept_id in enumerate(fact.topics):
        concept = lexicon.concepts.get(concept_id)
        if concept is not None and concept.kind != "topic":
            problems.append(
                f"{where}: topics.{index}: {concept_id!r} is a {concept.kind}, not a topic"
            )


def _check_article_entities(
    path: Path,
    article_file: ArticleFile,
    entities: Mapping[str, Entity] | None,
    problems: list[str],
) -> None:
    if entities is None:
        return
    article = article_file.article
    for label, entity_id in (
        ("outlet_entity", article.outlet_entity),
        ("author_entity", article.author_entity),
    ):
        if entity_id is not None and entity_id not in entities:
            problems.append(f"{path}: article: {label}: unknown entity {entity_id!r}")


def _check_article_ids(files: list[tuple[Path, ArticleFile | None]], problems: list[str]) -> None:
    seen: dict[str, Path] = {}
    for path, article_file in files:
        if article_file is None:
            continue
        article_id = article_file.article.id
        if article_id in seen:
            problems.append(
                f"{path}: article: id: {article_id!r} already used in {seen[article_id]}"
            )
        seen.setdefault(article_id, path)


def _check_aliases(entities: Mapping[str, Entity], problems: list[str]) -> None:
    """A name must mean one entity. (A name in [outside] that an article's entity now has is
    simply covered: the loaded knowledge wins over the list of names it lacked.)"""
    owner: dict[str, str] = {}
    for entity in entities.values():
        for alias in (*entity.aliases, entity.name.ko, entity.name.en):
            other = owner.setdefault(alias.casefold(), entity.id)
            if other != entity.id:
                problems.append(f"entity {entity.id}: aliases: {alias!r} is also a name of {other}")


def _check_quotes(path: Path, article_file: ArticleFile, problems: list[str]) -> None:
    """Every quote must be the article's own words, so a citation can never be invented."""
    text_file = article_file.article.text_file
    if text_file is None:
        return
    text_path = path.parent / text_file
    if text_path.resolve().parent != path.parent.resolve():
        problems.append(f"{path}: article: text_file: must be a file beside the article file")
        return
    try:
        text = text_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{path}: article: text_file: cannot read {text_path}: {error}")
        return
    for fact in article_file.facts:
        if fact.quote not in text:
            problems.append(f"{path}: fact {fact.id}: quote: not found in {text_file}")
