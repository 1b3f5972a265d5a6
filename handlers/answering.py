"""Turn a question into an Answer: analyse, match, and say it in the question's language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from handlers import claims
from handlers.analysis import MAX_QUESTION_CHARS, Analysis
from handlers.chronology import Chronology, chronology, chronology_lines
from handlers.composed import composed_lines, computed_of
from handlers.composition import (
    Composition,
    compose,
    compose_follow_up,
    filled_side,
    sides_of,
)
from handlers.conversation import (
    Context,
    adds_a_name,
    context_of,
    fill,
    picked_option,
    previous_frame,
)
from handlers.language import detect_language
from handlers.language_data import asked_parts, is_courtesy, question_clauses
from handlers.matching import Engine, MatchResult, Outcome, Reason, Scored, engine_for
from handlers.messages import Messages, messages_for
from handlers.models import Answer, AnswerKind, Computed, Language, SourceRef, Suggestion
from handlers.text import is_hangul, normalize
from handlers.wording import as_subject, joined_names
from knowledge import roles
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.models import Role

HELP_WORDS = frozenset({"help", "/help", "도움말", "도움", "사용법", "명령어", "commands", "usage"})
SOURCES_WORDS = frozenset(
    {"sources", "source list", "출처 목록", "출처목록", "자료 목록", "소스 목록"}
)


ANSWER_CACHE_SIZE = 4096
# A question in clauses is answered by at most this many statements.
MAX_CLAUSE_FACTS = 4


def answer_question(kb: KnowledgeBase, question: str) -> Answer:
    """The core's one entry point for free text.

    Answers are immutable and depend only on the knowledge and the text, so the questions a
    team asks again and again (and autocomplete picks) come from a cache; a reloaded
    knowledge base is a different key. Overlong text is not worth keeping.
    """
    if len(question) > MAX_QUESTION_CHARS:
        return compose_answer(kb, question)
    return _remembered_answer(kb, question)


def answer_in_context(
    kb: KnowledgeBase, question: str, context: str | None
) -> tuple[Answer, str | None]:
    """Answer a message of a conversation given the context kept from its previous turn
    (opaque text, or None); returns the answer and the context to keep for the next turn."""
    previous = Context.parse(context)
    if is_courtesy(question):
        return _courtesy(question), context
    picked = picked_option(question, previous) if previous else None
    if previous is not None and picked is not None and picked in kb.by_id:
        language = detect_language(question)
        answer = answer_for_fact(kb, kb.by_id[picked], language)
        kept = previous.model_copy(update={"fact_ids": (picked,), "options": ()})
        return answer.model_copy(update={"question": question}), kept.model_dump_json()
    command = _command(kb, question)
    if command is not None:
        return command, context
    engine = engine_for(kb)
    own = engine.analyze(question)
    analysis, result = own, None
    if previous is not None and not _asks_the_unknown(engine, own):
        analysis, result = _follow_up(engine, own, previous)
        if result is None and not own.entities and own.concepts & engine.topics:
            analysis, result = _about_one_of(engine, analysis, previous)
        elif result is None and _names_only_outlets(engine, own):
            analysis, result = _reported_of_them(engine, analysis, own)
        if result is None and analysis is not own:
            analysis, result = _without_a_borrowed_start(engine, analysis, own)
    composition = compose(engine, own)
    if composition is None and previous is not None:
        composition = compose_follow_up(
            engine, own, previous_frame(own, previous), earlier=previous.earlier
        )
    found = chronology(engine, own) if composition is None else None
    if composition is not None:
        answer = _composed_answer(kb, question, own, composition)
    elif found is not None:
        answer = _chronology_answer(kb, question, own, found)
    else:
        if result is None:
            result = engine.match(analysis)
            if analysis is own:
                result = _both_asked(kb, engine, own, result) or result
        answer = _reply(kb, question, analysis, result)
        if _stands_alone(engine, own, answer):
            # "Unrelated, but: what does the professor expect next year?": a
            # message with names and words of its own that the context makes unanswerable.
            alone = compose_answer(kb, question)
            if alone.kind is AnswerKind.ANSWER:
                answer, analysis = alone, own
    if answer.kind is AnswerKind.EMPTY:
        return answer, context
    options = (
        tuple(s.fact_id for s in answer.suggestions) if answer.kind is AnswerKind.CLARIFY else ()
    )
    earlier = previous.fact_ids if previous is not None else ()
    return answer, context_of(kb, analysis, answer.fact_ids, options, earlier=earlier)


@lru_cache(maxsize=ANSWER_CACHE_SIZE)
def _remembered_answer(kb: KnowledgeBase, question: str) -> Answer:
    return compose_answer(kb, question)


def forget_answers() -> None:
    """Drop cached answers (after a reload, so old knowledge is not kept alive)."""
    _remembered_answer.cache_clear()


def compose_answer(kb: KnowledgeBase, question: str) -> Answer:
    """Analyse, match and word the answer (no cache)."""
    command = _command(kb, question)
    if command is not None:
        return command
    engine = engine_for(kb)
    answer = _answer_text(kb, engine, question, question)
    if answer.kind is AnswerKind.NOT_FOUND:
        # A chatty message ("prepping the board deck for Seoul: ... is that right?"): the
        # sentences that ask, not the scene around them.
        # Each part is answered in the language of the whole ("... amount랑 valuation,
        # 그리고 HQ 어디인지도 알려주세요" is Korean, though its first clause is not).
        language = answer.language
        for part in asked_parts(question):
            retried = _answer_text(kb, engine, question, part, language=language)
            if retried.kind in (AnswerKind.ANSWER, AnswerKind.NOT_REPORTED):
                return retried
        in_parts = _in_clauses(kb, engine, question, language=language)
        if in_parts is not None:
            return in_parts
    return answer


def _in_clauses(
    kb: KnowledgeBase, engine: Engine, question: str, *, language: Language
) -> Answer | None:
    """A question of clauses asking different things ("어느 학교 소속이고, 내년 전망은?"),
    not understood whole: each clause answered on its own (a clause naming no one is about the
    names of the one before), and the answer given only when every clause has one."""
    clauses = question_clauses(question)
    if len(clauses) < 2:
        return None
    first = engine.analyze(clauses[0])
    named = Context(entities=dict(first.entities))
    chosen: list[Scored] = []
    for clause in clauses:
        analysis = engine.analyze(clause)
        if not analysis.entities:
            analysis = replace(fill(engine, analysis, named), only_facts=frozenset())
        result = engine.match(analysis)
        if result.outcome is not Outcome.ANSWER:
            return None
        chosen += [s for s in result.chosen if s.item not in {c.item for c in chosen}]
    whole = MatchResult(Outcome.ANSWER, chosen=tuple(chosen[:MAX_CLAUSE_FACTS]), score=1.0)
    return _answer(kb, question, replace(first, language=language), whole)


def _answer_text(
    kb: KnowledgeBase,
    engine: Engine,
    question: str,
    text: str,
    *,
    language: Language | None = None,
) -> Answer:
    analysis = engine.analyze(text)
    if language is not None:
        analysis = replace(analysis, language=language)
    composed = _composed(kb, engine, question, analysis)
    if composed is not None:
        return composed
    result = engine.match(analysis)
    return _reply(kb, question, analysis, _both_asked(kb, engine, analysis, result) or result)


def _both_asked(
    kb: KnowledgeBase, engine: Engine, analysis: Analysis, whole: MatchResult
) -> MatchResult | None:
    """Two things asked together are each answered on their own when the question read
    whole finds one statement or none ("A랑 B 둘 다 알려줘", "both X and Y"), or only
    statements that name the asked companies through a group they belong to ("Alibaba's and
    Tencent's H1 investments" and BAT's total). A side naming no one is about the other's
    names, or one of them ("와에드한테 받은 돈이랑 누적 투자액": the receiver's). So is a
    question one statement answers only in part ("... 받은 금액이랑 누적 투자액은?")."""
    listed = roles.LIST_ALL in analysis.concepts and len(whole.chosen) <= 1
    in_part = listed or _answered_in_part(engine, analysis, whole)
    if not (in_part or _named_through_a_group(analysis, whole)):
        return None
    if whole.outcome is Outcome.CLARIFY or whole.reason is Reason.OWN_AMOUNT:
        return None
    sides = sides_of(engine, analysis)
    if sides is None or not (in_part or all(side.entities for side in sides)):
        return None
    chosen: list[Scored] = []
    for side, other in (sides, sides[::-1]):
        answered = _side_answer(engine, side, other, taken={c.item for c in chosen})
        if answered is None:
            return None
        chosen.append(answered)
    return MatchResult(Outcome.ANSWER, chosen=tuple(chosen), score=whole.score)


def _answered_in_part(engine: Engine, analysis: Analysis, whole: MatchResult) -> bool:
    """One statement found, and a slot or a running total asked that it does not give."""
    found = whole.outcome is Outcome.ANSWER or whole.reason is Reason.SLOT_EMPTY
    if not found or len(whole.chosen) != 1:
        return False
    asked = analysis.concepts & (engine.slots | {roles.TOTAL})
    return bool(asked - whole.chosen[0].profile.listed)


def _named_through_a_group(analysis: Analysis, whole: MatchResult) -> bool:
    """The statements found are a group's (BAT's), and the question names its members."""
    if whole.outcome is not Outcome.ANSWER or len(analysis.entities) < 2:
        return False
    groups = frozenset().union(*(scored.profile.groups for scored in whole.chosen))
    return bool(groups) and not groups & set(analysis.entities)


def _side_answer(
    engine: Engine, side: Analysis, other: Analysis, *, taken: set[SourcedFact]
) -> Scored | None:
    # "Both" asked of the whole, not of either side.
    side = replace(side, concepts=side.concepts - {roles.LIST_ALL})
    if side.entities:
        readings = [filled_side(engine, side, other)]
    else:
        names = list(other.entities.items())
        readings = [replace(side, entities=dict(names))]
        readings += [replace(side, entities=dict([name])) for name in names if len(names) > 1]
    for reading in readings:
        result = engine.match(reading)
        fresh = [s for s in result.chosen if s.item not in taken]
        if result.outcome is Outcome.ANSWER and len(result.chosen) == 1 and fresh:
            return fresh[0]
    return None


def _asks_the_unknown(engine: Engine, own: Analysis) -> bool:
    """ "And its headcount of engineers?": the message's only content is words the bot
    cannot read, so no context can make it a question the sources answer. ("When was the
    agreement signed?" asks when, of what was just said.)"""
    said = own.concepts - (engine.asks - {roles.ASK_WHEN})
    return own.unknown_words > 0 and not (said or own.entities or own.times or own.figures)


def _about_one_of(
    engine: Engine, analysis: Analysis, previous: Context
) -> tuple[Analysis, MatchResult | None]:
    """A message naming no one is about the previous names; when no statement answers it
    about all of them ("새 법인 대표는?" after the name of a deal's investor), it is
    about the one of them, or of the others in the statements just given, that it can be
    answered about, if exactly one."""
    if engine.says_anything_on(analysis):
        return analysis, None
    names = dict(analysis.entities)
    for item in engine.kb.known(previous.fact_ids):
        for participant in item.fact.participants:
            if participant.role is not Role.MENTIONED:
                names.setdefault(participant.entity, None)
    if len(names) < 2:
        return analysis, None
    answered = []
    for entity, side in names.items():
        one = replace(analysis, entities={entity: side})
        result = engine.match(one)
        if result.outcome is Outcome.ANSWER:
            answered.append((one, result))
    return answered[0] if len(answered) == 1 else (analysis, None)


def _stands_alone(engine: Engine, own: Analysis, answer: Answer) -> bool:
    """Whether a message the context left unanswered may be read on its own: it names
    someone and says what it asks about beyond "how much" or "when", and does not add its
    name to the previous ones ("Nvidia too?"). "What did Reuters say about the old one?"
    says only who reported it: it is about the conversation."""
    return (
        answer.kind is AnswerKind.NOT_FOUND
        and bool(own.entities)
        and bool(own.concepts - engine.asks - {roles.REPORTED_BY})
        and not adds_a_name(own)
        and not own.concepts & {roles.THEN, roles.PREVIOUS}  # "back then", "그 전": not alone
    )


def _without_a_borrowed_start(
    engine: Engine, filled: Analysis, own: Analysis
) -> tuple[Analysis, MatchResult | None]:
    """ "What about Amazon into Anthropic?" after Microsoft's total since 2019: the start of
    one running total is not the other's. A borrowed "since ..." that leaves the names with
    no answer is dropped."""
    borrowed = [t for t in filled.times if t & engine.since_words and t not in own.times]
    if not borrowed:
        return filled, None
    words = frozenset().union(*borrowed)
    untimed = replace(
        filled,
        times=tuple(t for t in filled.times if t not in borrowed),
        concepts=filled.concepts - words,
    )
    result = engine.match(untimed)
    return (untimed, result) if result.outcome is Outcome.ANSWER else (filled, None)


def _names_only_outlets(engine: Engine, own: Analysis) -> bool:
    kinds = engine.kb.entities
    return bool(own.entities) and all(kinds[e].kind == "outlet" for e in own.entities)


def _reported_of_them(
    engine: Engine, filled: Analysis, own: Analysis
) -> tuple[Analysis, MatchResult | None]:
    """ "What did Reuters say about the old one?" after the price: what that outlet reported
    about the names talked about, whatever the topic was."""
    bare = replace(filled, concepts=own.concepts)
    result = engine.match(bare)
    return (bare, result) if result.outcome is Outcome.ANSWER else (filled, None)


def _follow_up(
    engine: Engine, own: Analysis, previous: Context
) -> tuple[Analysis, MatchResult | None]:
    """The message read in its conversation. A question about the statements just given
    ("which outlet had it?") is answered from them when they say what it asks; otherwise from
    the previous question's names and topics ("규모는?" after "who leads the round?")."""
    filled = fill(engine, own, previous)
    if not filled.only_facts:
        return filled, None
    result = engine.match(filled)
    stated = frozenset().union(*(s.profile.concepts.keys() for s in result.chosen))
    if result.outcome is Outcome.ANSWER and own.concepts - {roles.CONFIRM} <= stated:
        return filled, result
    widened = replace(filled, only_facts=frozenset())
    said = own.concepts - engine.asks
    if said and said <= stated and result.outcome is Outcome.NOT_REPORTED:
        # The statement just given lacks what is asked. Another about the same names that
        # says all the message says answers it ("and its size?" after who led the round);
        # else it is not reported ("얼마나 더 넣는대?" about an expected top-up).
        wider = engine.match(widened)
        if wider.outcome is Outcome.ANSWER and said <= wider.chosen[0].profile.listed:
            return widened, wider
        return filled, result
    if not said:
        # "규모는?" after who leads a round: a figure of the same deal or nothing, never one
        # about the same names that shares no topic with what was just said.
        deal = frozenset().union(*(engine.profiles[i].topics for i in filled.only_facts))
        wider = engine.match(widened)
        shares = wider.chosen and deal & engine.topics & wider.chosen[0].profile.topics
        if wider.outcome is Outcome.ANSWER and not shares:
            return widened, MatchResult(Outcome.NONE, reason=Reason.LOW_CONFIDENCE)
        return widened, wider
    return widened, None


def _composed(
    kb: KnowledgeBase, engine: Engine, question: str, analysis: Analysis
) -> Answer | None:
    """A sum, difference, comparison or ranking the question asks for, computed honestly,
    or which of several came first."""
    composition = compose(engine, analysis)
    if composition is not None:
        return _composed_answer(kb, question, analysis, composition)
    found = chronology(engine, analysis)
    return None if found is None else _chronology_answer(kb, question, analysis, found)


def _chronology_answer(
    kb: KnowledgeBase, question: str, analysis: Analysis, found: Chronology
) -> Answer:
    lines = chronology_lines(kb, found, analysis.language)
    return _computed_answer(kb, question, analysis, [d.item for d in found.dated], lines)


def _composed_answer(
    kb: KnowledgeBase, question: str, analysis: Analysis, composition: Composition
) -> Answer:
    items = [side.item for side in composition.sides]
    claimed = analysis.figures if analysis.confirming else ()
    lines = composed_lines(kb, composition, analysis.language, claimed=claimed, text=question)
    return _computed_answer(kb, question, analysis, items, lines, computed=computed_of(composition))


def _computed_answer(
    kb: KnowledgeBase,
    question: str,
    analysis: Analysis,
    items: list[SourcedFact],
    lines: list[str],
    *,
    computed: tuple[Computed, ...] = (),
) -> Answer:
    """An answer the core worded from several statements (a computation, an order)."""
    language = analysis.language
    return Answer(
        question=question,
        kind=AnswerKind.ANSWER,
        language=language,
        text="\n".join(lines),
        sources=tuple(source_of(kb, item, language) for item in items),
        confidence=1.0,
        fact_ids=tuple(item.fact.id for item in items),
        computed=computed,
    )


def _courtesy(question: str) -> Answer:
    language = detect_language(question)
    text = messages_for(language).courtesy
    return Answer(question=question, kind=AnswerKind.COURTESY, language=language, text=text)


def _command(kb: KnowledgeBase, question: str) -> Answer | None:
    """`help`, `sources` and thanks, in either language."""
    if is_courtesy(question):
        return _courtesy(question)
    command = normalize(question).lower().strip(" .!?")
    if command in HELP_WORDS:
        return help_answer(kb, detect_language(command), question=question)
    if command in SOURCES_WORDS:
        return sources_answer(kb, detect_language(command), question=question)
    return None


def _reply(kb: KnowledgeBase, question: str, analysis: Analysis, result: MatchResult) -> Answer:
    """The answer the match result calls for, worded in the question's language."""
    if result.outcome is Outcome.ANSWER:
        return _answer(kb, question, analysis, result)
    if result.outcome is Outcome.NOT_REPORTED:
        return _not_reported(kb, question, analysis, result)
    if result.outcome is Outcome.CLARIFY:
        return _clarify(question, analysis.language, result)
    return _not_found(kb, question, analysis, result)


def answer_for_fact(kb: KnowledgeBase, item: SourcedFact, language: Language) -> Answer:
    """The answer a suggestion button gives: exactly that fact."""
    return Answer(
        question=item.fact.example.in_(language),
        kind=AnswerKind.ANSWER,
        language=language,
        text=item.fact.answer.in_(language),
        sources=(source_of(kb, item, language),),
        confidence=1.0,
        fact_ids=(item.fact.id,),
    )


def help_answer(kb: KnowledgeBase, language: Language, *, question: str = "help") -> Answer:
    """What the bot knows (companies, topics) and how to ask, with examples."""
    messages = messages_for(language)
    companies = ", ".join(
        entity.name.in_(language) for entity in kb.entities.values() if entity.kind == "company"
    )
    examples = _featured(kb, language)
    text = "\n".join(
        [
            messages.help.format(companies=companies),
            messages.help_examples_intro,
        ]
    )
    return Answer(
        question=question, kind=AnswerKind.HELP, language=language, text=text, suggestions=examples
    )


def sources_answer(kb: KnowledgeBase, language: Language, *, question: str = "sources") -> Answer:
    """The articles the bot answers from, with how many facts each gives."""
    messages = messages_for(language)
    lines = [messages.sources_intro]
    for article in kb.articles:
        count = sum(1 for item in kb.facts if item.article.id == article.id)
        lines.append(
            "• "
            + messages.sources_line.format(
                outlet=article.outlet.in_(language),
                published=article.published.isoformat(),
                title=article.title,
                facts=count,
            )
        )
    return Answer(
        question=question, kind=AnswerKind.SOURCES, language=language, text="\n".join(lines)
    )


def source_of(kb: KnowledgeBase, item: SourcedFact, language: Language) -> SourceRef:
    """The citation for a fact: the article, its author, the original reporter, the quote."""
    article, reporter = item.article, item.fact.reporter
    via = kb.entities[reporter.entity].name.in_(language) if reporter is not None else None
    return SourceRef(
        outlet=article.outlet.in_(language),
        published=article.published,
        title=article.title,
        author=article.author.in_(language) if article.author else None,
        url=article.url,
        via=via,
        via_reported=reporter.reported if reporter is not None else None,
        quote=item.fact.quote,
    )


def _answer(kb: KnowledgeBase, question: str, analysis: Analysis, result: MatchResult) -> Answer:
    language = analysis.language
    items = [scored.item for scored in result.chosen]
    sources = tuple(dict.fromkeys(source_of(kb, item, language) for item in items))
    paragraphs = [item.fact.answer.in_(language) for item in items]
    if len(sources) > 1:
        # Each sentence carries its own numbered source.
        numbers = [sources.index(source_of(kb, item, language)) + 1 for item in items]
        paragraphs = [f"{text} [{n}]" for text, n in zip(paragraphs, numbers, strict=True)]
    if analysis.confirming:
        verdict = claims.check(
            kb,
            items,
            text=analysis.text,
            figures=analysis.figures,
            outlets=analysis.claimed_outlets,
            backgrounds=analysis.claimed_backgrounds,
            language=language,
            # "블룸버그 보도 맞지?": a reporter claimed that the bot cannot read.
            unverified=bool(
                roles.REPORTED_BY in analysis.concepts
                and not analysis.claimed_outlets
                and analysis.unknown_words
            ),
        )
        if verdict is not None:
            paragraphs.insert(0, _verdict_line(verdict, language))
    if analysis.truncated:
        paragraphs.append(_truncation_note(language))
    return Answer(
        question=question,
        kind=AnswerKind.ANSWER,
        language=language,
        text="\n".join(paragraphs),
        sources=sources,
        confidence=round(min(result.confidence, 1.0), 4),
        fact_ids=tuple(item.fact.id for item in items),
    )


def _not_reported(
    kb: KnowledgeBase, question: str, analysis: Analysis, result: MatchResult
) -> Answer:
    """ "The sources don't give Samsung's own amount", then what they do say."""
    language = analysis.language
    messages = messages_for(language)
    if result.reason is Reason.OWN_AMOUNT:
        names = joined_names(
            [_name(kb, analysis, e, language) for e in result.unreported], language
        )
        opening = messages.own_amount_not_reported.format(names=names)
    else:
        names = joined_names(
            [_name(kb, analysis, e, language) for e in analysis.entities], language
        )
        opening = messages.not_reported.format(names=names or messages.these_names)
    stated = _answer(kb, question, analysis, result)
    return stated.model_copy(
        update={
            "kind": AnswerKind.NOT_REPORTED,
            "text": f"{opening}\n{messages.what_they_say}\n{stated.text}",
        }
    )


def _verdict_line(verdict: claims.Verdict, language: Language) -> str:
    messages = messages_for(language)
    if verdict.holds:
        return messages.claim_holds
    claimed = as_subject(verdict.claimed, language)
    if not verdict.stated:
        return messages.claim_unstated.format(claimed=claimed)
    return messages.claim_wrong.format(stated=verdict.stated, claimed=claimed)


def _clarify(question: str, language: Language, result: MatchResult) -> Answer:
    messages = messages_for(language)
    options = tuple(
        Suggestion(fact_id=s.item.fact.id, question=s.item.fact.example.in_(language))
        for s in result.chosen
    )
    return Answer(
        question=question,
        kind=AnswerKind.CLARIFY,
        language=language,
        text=messages.clarify,
        suggestions=options,
        confidence=round(result.confidence, 4),
    )


def _not_found(kb: KnowledgeBase, question: str, analysis: Analysis, result: MatchResult) -> Answer:
    language = analysis.language if analysis.has_words else detect_language(question)
    messages = messages_for(language)
    if result.reason is Reason.NO_WORDS:
        featured = _featured(kb, language)
        return Answer(
            question=question,
            kind=AnswerKind.EMPTY,
            language=language,
            text=messages.empty_question.format(example=featured[0].question),
            suggestions=featured,
        )
    nearest = [s.item for s in result.nearest]
    suggestions = _suggestions(nearest, language) if nearest else _featured(kb, language)
    lines = [_why_not(kb, analysis, result.reason, messages, language)]
    if suggestions:
        lines.append(messages.suggestions_intro)
    return Answer(
        question=question,
        kind=AnswerKind.NOT_FOUND,
        language=language,
        text="\n".join(lines),
        suggestions=suggestions,
    )


def _why_not(
    kb: KnowledgeBase,
    analysis: Analysis,
    reason: Reason | None,
    messages: Messages,
    language: Language,
) -> str:
    known_names = [_name(kb, analysis, entity_id, language) for entity_id in analysis.entities]
    if reason is Reason.OUTSIDE:
        names = joined_names([*analysis.outside, *analysis.unknown_names], language)
        return messages.unknown_entity.format(names=names)
    if reason is Reason.UNSUPPORTED:
        return messages.out_of_scope_topic.format(
            topic=joined_names(list(analysis.unsupported), language)
        )
    if reason is Reason.UNGROUNDED and len(known_names) > 1:
        return messages.grounding_failed.format(names=joined_names(known_names, language))
    if known_names:
        return messages.not_found_about.format(names=joined_names(known_names, language))
    return messages.not_found


def _name(kb: KnowledgeBase, analysis: Analysis, entity_id: str, language: Language) -> str:
    """The name as the asker wrote it ("Google", not "Google DeepMind") when it is a known
    spelling in the reply's script; otherwise (a typo, another script) the entity's own name."""
    entity = kb.entities[entity_id]
    written = analysis.names.get(entity_id, "").casefold()
    for alias in entity.aliases:
        if alias.casefold() == written and any(map(is_hangul, alias)) == (language == "ko"):
            return alias
    return entity.name.in_(language)


def _featured(kb: KnowledgeBase, language: Language) -> tuple[Suggestion, ...]:
    return _suggestions(kb.featured, language)


def _suggestions(items: Iterable[SourcedFact], language: Language) -> tuple[Suggestion, ...]:
    return tuple(
        Suggestion(fact_id=item.fact.id, question=item.fact.example.in_(language)) for item in items
    )


def _truncation_note(language: Language) -> str:
    return messages_for(language).too_long_note.format(limit=MAX_QUESTION_CHARS)
