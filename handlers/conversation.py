"""Follow-up questions: a message fills what it leaves out from its conversation's context.

The context is the previous turn's frame (names with their side of the deal, topics, times),
the statements it was answered from and any "which one?" options offered. A message that
names a company and what it asks about stands alone; "and in March?" keeps the names and
topics and takes the new time; "그럼 바이두는?" keeps the topics and swaps the name; "which
outlet had it?" asks about the statements just given.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pydantic import Field, ValidationError

from handlers.analysis import Analysis, Side
from handlers.language_data import says_other, says_they
from handlers.matching import INVESTOR_ROLES, Engine
from knowledge.base import KnowledgeBase
from knowledge.models import PROVIDER_ROLES, Frozen, Role
from knowledge.roles import ASK_WHEN, ASK_WHO, BEFORE, GIVE, PREVIOUS, THEN, TOTAL

# Ordinals and numbers that pick an offered option ("2", "두 번째", "the second one").
_PICK_NUMBER = re.compile(r"^\s*(?:#|no\.?\s*)?([1-9])\s*(?:번|번째|번째 거|st|nd|rd|th)?\W*$")
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "첫": 1, "첫 번째": 1, "첫번째": 1,
    "두 번째": 2, "두번째": 2, "둘째": 2, "세 번째": 3, "세번째": 3, "셋째": 3,
}  # fmt: skip


class Context(Frozen):
    """What a conversation keeps from its last turn."""

    entities: dict[str, Side | None] = Field(default_factory=dict)
    concepts: tuple[str, ...] = ()
    times: tuple[tuple[str, ...], ...] = ()
    fact_ids: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    # The statements of the turn before ("바이두는?" after Alibaba: "둘 차이는?" is both).
    earlier: tuple[str, ...] = ()
    # The name a "who/which?" answer gave ("who founded Mistral?" Mensch): "he" is that name,
    # while "and Cohere?" still swaps Mistral.
    answered: dict[str, Side | None] = Field(default_factory=dict)

    @classmethod
    def parse(cls, text: str | None) -> Context | None:
        if not text:
            return None
        try:
            return cls.model_validate_json(text)
        except ValidationError:
            return None  # a context from an older version, or damaged: start afresh


def picked_option(question: str, context: Context) -> str | None:
    """The option a reply to "which one?" picks, by number or ordinal."""
    if not context.options:
        return None
    lowered = question.strip().lower()
    match = _PICK_NUMBER.match(lowered)
    number = int(match.group(1)) if match else None
    if number is None:
        number = next((n for word, n in _ORDINALS.items() if lowered.startswith(word)), None)
    if number is None or number > len(context.options):
        return None
    return context.options[number - 1]


def fill(engine: Engine, analysis: Analysis, context: Context) -> Analysis:
    """The analysis with what the message leaves out taken from the context."""
    topics = analysis.concepts & engine.topics
    kinds = engine.kb.entities
    if (
        analysis.confirming
        and context.fact_ids
        and analysis.entities
        and all(kinds[e].kind == "outlet" for e in analysis.entities)
    ):
        # "그거 WSJ 보도 맞지?": a claim about who reported the statements just given.
        return replace(
            analysis,
            entities=dict(context.entities),
            claimed_outlets=tuple(analysis.entities),
            only_facts=frozenset(context.fact_ids),
        )
    if THEN in analysis.concepts and not analysis.times and context.times:
        # "And its valuation at that point?": at the time just asked about.
        said = tuple(frozenset(t) for t in context.times)
        analysis = replace(analysis, times=said, concepts=analysis.concepts.union(*said))
    if analysis.entities and (topics or analysis.figures) and not adds_a_name(analysis):
        givers = _left_out_givers(analysis, context)
        if givers:
            # "미스트랄엔 얼마 넣었는데?" after Nvidia: the one putting money in is unsaid.
            return replace(analysis, entities={**givers, **analysis.entities})
        receivers = _left_out_receivers(engine, analysis, context)
        if receivers:
            # "MS는 얼마 넣었는데?" after Figure's investors: into Figure, and MS gave.
            named = {entity: side or "source" for entity, side in analysis.entities.items()}
            return replace(analysis, entities={**receivers, **named})
        return analysis  # a complete question stands on its own
    if analysis.outside or analysis.unknown_names or analysis.unsupported:
        return analysis  # "and ByteDance?": declined like any question
    if len(analysis.entities) > 1:
        entities = dict(analysis.entities)  # names enough to stand for the previous ones
    elif analysis.entities and adds_a_name(analysis):
        entities = {**context.entities, **analysis.entities}  # "시스코도?", "Nvidia too?"
    elif analysis.entities:
        entities = _swap(engine, dict(context.entities), analysis.entities)
    else:
        entities = dict(_answered_for(analysis, context) or context.entities)
    concepts = set(analysis.concepts)
    times = analysis.times
    if not topics:
        # Keep what was asked about, not how it was asked ("how much", "when").
        # "How much" carries over to "and Kestrel?"; a message asking its own ("when?")
        # replaces it.
        carried = set(context.concepts) - engine.times
        if analysis.concepts & engine.asks:
            # A new kind of answer switches the attribute: "how much?" after "what stake?"
            # asks for an amount, not a stake; "when was it signed?" after the merger asks
            # when of the same thing.
            switched = engine.slots if analysis.concepts & engine.asks - {ASK_WHEN} else set()
            carried -= engine.asks | switched
        elif analysis.concepts - engine.times:
            # So does a detail of its own ("what did he liken it to?" after "which expert?").
            carried -= engine.asks
        if analysis.times:
            carried -= {TOTAL}  # "and in March?" after a total asks for March's figure
        concepts |= carried
        # "and the running total?" after March: a cumulative figure, at no one time.
        if not times and ASK_WHEN not in analysis.concepts and TOTAL not in analysis.concepts:
            times = tuple(frozenset(t) for t in context.times)
            concepts |= (set().union(*times) & engine.times) if times else set()
    # No new name, time or figure: first of all about the statements just given.
    # "That was $3 billion, right?": a figure claimed of the statements just given.
    claims_of_the_last = analysis.confirming and not analysis.entities and not analysis.times
    about_the_last = claims_of_the_last or not (
        analysis.entities or analysis.times or analysis.figures
    )
    if PREVIOUS in analysis.concepts and not analysis.times and context.times:
        # "그 전 투자는?": the one before the time just asked about, not that one.
        times = tuple(frozenset(t) | {BEFORE} for t in context.times)
        concepts |= {BEFORE}.union(*times)
        about_the_last = False
    other_than: frozenset[str] = frozenset()
    if about_the_last and says_other(analysis.text):
        # "Has it backed any other startup?": the one doing it, in statements besides those
        # just given, with whoever they were about left open.
        about_the_last = False
        other_than = frozenset(context.fact_ids)
        entities = {e: side for e, side in entities.items() if side != "target"} or entities
    return replace(
        analysis,
        entities=entities,
        concepts=frozenset(concepts),
        times=times,
        only_facts=frozenset(context.fact_ids) if about_the_last else frozenset(),
        other_than=other_than,
    )


def _answered_for(analysis: Analysis, context: Context) -> dict[str, Side | None]:
    """The names the last "who?" was answered with, for a message that leaves them out; the
    several investors of a round only when it says "they" ("how much did they put in?")."""
    if len(context.answered) > 1 and not says_they(analysis.text):
        return {}
    return dict(context.answered)


def _left_out_givers(analysis: Analysis, context: Context) -> dict[str, Side | None]:
    """The previous turn's giver, when a question about money going in names only where it
    went: in Korean the one giving is often left unsaid."""
    if GIVE not in analysis.concepts or set(analysis.entities.values()) != {"target"}:
        return {}
    gave = GIVE in context.concepts
    return {
        entity: "source"
        for entity, side in context.entities.items()
        if (side == "source" or (side is None and gave)) and entity not in analysis.entities
    }


def _left_out_receivers(
    engine: Engine, analysis: Analysis, context: Context
) -> dict[str, Side | None]:
    """The receiver of the deal just answered, when a question about money going in names
    only one of that deal's givers."""
    if GIVE not in analysis.concepts or "target" in analysis.entities.values():
        return {}
    receivers: dict[str, Side | None] = {}
    for item in engine.kb.known(context.fact_ids):
        if all(item.fact.roles_of(e) & PROVIDER_ROLES for e in analysis.entities):
            for participant in item.fact.participants:
                if participant.role is Role.INVESTEE:
                    receivers[participant.entity] = "target"
    return receivers


def adds_a_name(analysis: Analysis) -> bool:
    """A name said with "도" / "also" / "too" joins the previous ones instead of replacing
    them ("시스코도 거기 넣었어?": Cisco as well as those already named)."""
    text = analysis.text.lower()
    if any(f"{written}도" in analysis.text for written in analysis.names.values()):
        return True
    return any(word in _ADDING for word in re.findall(r"[a-z]+", text))


_ADDING = frozenset({"also", "too"})


def previous_frame(analysis: Analysis, context: Context) -> Analysis:
    """The previous turn's question as a frame, read in the new message's language."""
    return replace(
        analysis,
        entities=dict(context.entities),
        concepts=frozenset(context.concepts),
        times=tuple(frozenset(t) for t in context.times),
        figures=(),
        confirming=False,
        only_facts=frozenset(context.fact_ids),
    )


def _swap(
    engine: Engine, previous: dict[str, Side | None], named: dict[str, Side | None]
) -> dict[str, Side | None]:
    """New names take the place of old ones of the same kind ("and Baidu?" after Tencent):
    the one on the paying side first (all of them, when several paid side by side), else
    the first of its kind."""
    entities = dict(previous)
    kinds = engine.kb.entities
    for entity_id, side in named.items():
        if entity_id in entities:
            entities[entity_id] = side or entities[entity_id]
            continue
        family = _family(kinds[entity_id].kind)
        same_kind = [e for e in entities if _family(kinds[e].kind) == family]
        payers = [e for e in same_kind if entities[e] != "target"]
        if side is not None:
            # "How much came from Nvidia?" after Figure's round: a giver joins the receiver.
            candidates = [e for e in same_kind if entities[e] in (side, None)]
        else:
            candidates = payers or same_kind
        if not candidates:
            entities[entity_id] = side
            continue
        # "and Baidu?" after Alibaba and Tencent, asked side by side: Baidu takes both places.
        replaced = payers if side is None and len(payers) > 1 else candidates[:1]
        entities[entity_id] = side if side is not None else entities[replaced[0]]
        for old in replaced:
            del entities[old]
    return entities


def _family(kind: str) -> str:
    """Kinds a follow-up's name replaces: "알리바바는?" after BAT asks about Alibaba alone."""
    return "company" if kind == "group" else kind


def context_of(
    kb: KnowledgeBase,
    analysis: Analysis,
    fact_ids: tuple[str, ...],
    options: tuple[str, ...],
    *,
    earlier: tuple[str, ...] = (),
) -> str:
    """The context to keep after answering `analysis`. A question that named no one ("which
    professor is cited?") leaves the ones its answer is about as "him", "it" or "those"; a
    "which/who?" question also keeps the name it was answered with ("which assistant?" Alexa),
    apart from the names it asked about."""
    entities = dict(analysis.entities)
    concepts = analysis.concepts
    given = kb.known(fact_ids)
    answered_name: dict[str, Side | None] = {}
    if ASK_WHO in analysis.concepts and len(given) == 1:
        parties = [p for p in given[0].fact.participants if p.entity not in entities]
        answered = [p.entity for p in parties if p.role is not Role.MENTIONED]
        if len(answered) == 1:
            answered_name = {answered[0]: None}
        elif answered and all(p.role in INVESTOR_ROLES for p in parties if p.entity in answered):
            # "Who backed Mistral?", then "how much did they put in?": the investors
            # answered, into what was asked about.
            answered_name = {**entities, **dict.fromkeys(answered, "source")}
    if not entities and given:
        # "He", "it", "those": the ones the statements are about, each one's first principal.
        principals = (
            next(p.entity for p in item.fact.participants if p.role is not Role.MENTIONED)
            for item in given
        )
        entities = dict.fromkeys(principals)
        # "Which expert is quoted?": the name now stands for the description.
        concepts = frozenset()
    return Context(
        entities=entities,
        concepts=tuple(sorted(concepts)),
        times=tuple(tuple(sorted(t)) for t in analysis.times),
        fact_ids=fact_ids,
        options=options,
        earlier=earlier,
        answered=answered_name,
    ).model_dump_json()


def context_for_fact(kb: KnowledgeBase, fact_id: str) -> str:
    """The context after a suggestion button answered exactly one statement: its names, on
    their sides of the deal, and its topics, so "and in March?" follows on from it."""
    fact = kb.by_id[fact_id].fact
    sides: dict[Role, Side] = {
        Role.INVESTOR: "source",
        Role.LEAD: "source",
        Role.INVESTEE: "target",
    }
    entities: dict[str, Side | None] = {
        p.entity: sides.get(p.role) for p in fact.participants if p.role is not Role.MENTIONED
    }
    return Context(
        entities=entities, concepts=tuple(sorted(fact.topics)), fact_ids=(fact_id,)
    ).model_dump_json()
