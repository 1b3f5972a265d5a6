"""Match an analysed question to facts: grounded first, then scored, never guessed.

A fact can answer a question only if
  1. every entity the question names takes part in the fact (or reported it), at least one
     of them as a principal (not merely mentioned), on the side of the deal the question
     puts it on;
  2. every time the question names is the fact's time ("in March", "상반기"); and
  3. the question names one of the fact's topics, or a figure the fact states.
Among those, the score weighs what both share against what the question asks that the fact
does not say, and (lightly) what the fact says that the question did not ask. A question
with several parts is answered by the few facts that together explain it best.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from functools import lru_cache
from math import inf, log

from handlers.amounts import SAME_FIGURE, Figure, FigureKind, same_figure
from handlers.analysis import YEAR_TOKEN, Analysis, analyze
from handlers.language_data import (
    backgrounds,
    compile_patterns,
    listed_parts,
    named_rounds,
)
from handlers.terms import TermIndex
from knowledge import roles
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.loader import gc_paused
from knowledge.models import PROVIDER_ROLES, Role
from knowledge.periods import Period, half_period, parse_period, quarter_period

INVESTOR_ROLES = frozenset({Role.INVESTOR, Role.LEAD})

CONFIDENCE_CUTOFF = 0.55
# Alternatives scoring this close that explain the same part of the question are a tie: the
# bot asks which one is meant. A question naming no company is ambiguous much sooner
# ("what's the valuation?" fits every company's valuation).
TIE_MARGIN_WITHOUT_NAMES = 0.15
EXACT_TIE = 1e-9
# Without a topic, a fact must lead the next by this much to be answered on its own;
# otherwise the facts within SUMMARY_MARGIN of the best are given together.
NO_TOPIC_MARGIN = 0.05
SUMMARY_MARGIN = 0.1
# Statements this close are told apart, in a claim, by the figure it states.
CLAIM_MARGIN = 0.1
MAX_UNKNOWN_WORDS = 1
MAX_OPTIONS = 3
# A fact joins an answer only if it explains enough of the question that the others do not.
MAX_FACTS_PER_ANSWER = 3
# "List them all": at most this many statements.
MAX_LISTED = 5
MIN_COMPOUND_GAIN = 0.05
MIN_COMPOUND_MEMBER = 0.3
# A question naming no company is matched against at most this many statements about what it
# asks (the newest first): beyond that it cannot single one out anyway.
MAX_UNNAMED_CANDIDATES = 60

KIND_WEIGHTS = {"topic": 2.0, "time": 1.5, "ask": 1.5, "cue": 1.0}
ENTITY_WEIGHT = 3.0
FIGURE_WEIGHT = 3.0
UNNAMED_PARTICIPANT_WEIGHT = 1.0
CO_INVESTOR_WEIGHT = 3.0
UNASKED_FACTOR = 0.1
# Asking about something the fact does not cover (a topic, or the kind of answer wanted:
# an amount, a date, a name) is worse than a missing detail.
UNANSWERED_FACTOR = 2.0
STRONG_KINDS = frozenset({"topic", "ask"})
# A statement dated only to a year (or a span of years) half answers "when?".
COARSE_DATES = frozenset({"year", "span"})
COARSE_DATE_FACTOR = 0.5
# Statuses of a deal still to come.
UNSETTLED = frozenset({"expected", "considering", "planned"})
# The topic a question is about ("몸값은 얼마", "what was its valuation") outweighs its context.
FOCUS_FACTOR = 1.5
# A fact that only mentions a topic is less about it than one that is.
MENTION_FACTOR = 0.5
REPORTED_BY_CONCEPT = roles.REPORTED_BY
SOURCE_CONCEPT = roles.SOURCE
PUBLISHED_CONCEPT = roles.PUBLISHED
ASK_WHEN_CONCEPT = roles.ASK_WHEN
ASK_AMOUNT_CONCEPT = roles.ASK_AMOUNT
ASK_WHO_CONCEPT = roles.ASK_WHO
# A fact naming someone in one of these roles answers "who?".
NAMED_ROLES = frozenset({Role.INVESTOR, Role.LEAD, Role.PERSON, Role.REPORTER})
# A statement describing a company ("a French start-up founded in 2023") names it: it answers
# "which start-up?".
DESCRIBING_KINDS = frozenset({"company", "founding"})
KRW_CONCEPT = roles.KRW
LIST_ALL_CONCEPT = roles.LIST_ALL
GIVE_CONCEPT = roles.GIVE
# A question with one of these is about the reporting, so outlets and authors may ground it.
REPORTING_CONCEPTS = frozenset(
    {roles.REPORTED_BY, roles.SOURCE, roles.PUBLISHED, roles.AUTHOR, roles.ARTICLE, roles.TITLE}
)
# What a question can ask of an article itself.
_ARTICLE_DETAILS = frozenset({roles.PUBLISHED, roles.AUTHOR, roles.TITLE})


class Outcome(StrEnum):
    """What the matcher decided: answer, ask which one, or decline."""

    ANSWER = "answer"
    NOT_REPORTED = "not_reported"
    CLARIFY = "clarify"
    NONE = "none"


class Reason(StrEnum):
    """Why no fact answers."""

    NO_WORDS = "no_words"
    UNSUPPORTED = "unsupported"
    OUTSIDE = "outside"
    UNGROUNDED = "ungrounded"
    LOW_CONFIDENCE = "low_confidence"
    # The statements about the names asked lack what was asked (NOT_REPORTED).
    SLOT_EMPTY = "slot_empty"
    OWN_AMOUNT = "own_amount"


# A concept asked, as `Engine.score` weighs it: the concept, whether it is a time, and its
# weight when a statement is about it, only mentions it, or lacks it.
ConceptStep = tuple[str, bool, float, float, float]


@dataclass(frozen=True, slots=True)
class FactProfile:
    """A fact (or several answered together) as the matcher sees it."""

    item: SourcedFact
    concepts: dict[str, float]
    unasked_weight: dict[str, float]
    topics: frozenset[str]
    participants: frozenset[str]
    principals: frozenset[str]
    investors: frozenset[str]
    groups: frozenset[str]
    reporters: frozenset[str]
    grounding: frozenset[str]
    figures: frozenset[Figure]
    listed: frozenset[str]
    period: Period | None = None
    # Lettered rounds the statement is about ("Series B").
    rounds: frozenset[str] = frozenset()

    def merge(self, other: FactProfile) -> FactProfile:
        """Two facts as one answer, to score a question in several parts."""
        return replace(
            self,
            concepts={**other.concepts, **self.concepts},
            unasked_weight={**other.unasked_weight, **self.unasked_weight},
            topics=self.topics | other.topics,
            participants=self.participants | other.participants,
            principals=self.principals | other.principals,
            investors=self.investors | other.investors,
            groups=self.groups | other.groups,
            reporters=self.reporters | other.reporters,
            grounding=self.grounding | other.grounding,
            figures=self.figures | other.figures,
            listed=self.listed | other.listed,
            rounds=self.rounds | other.rounds,
        )


@dataclass(frozen=True, slots=True)
class Scored:
    """A fact with how well it explains the question (0 to 1)."""

    profile: FactProfile
    score: float

    @property
    def item(self) -> SourcedFact:
        return self.profile.item


@dataclass(frozen=True, slots=True)
class MatchResult:
    """ANSWER with the facts that answer; CLARIFY with the options; NONE with the reason."""

    outcome: Outcome
    chosen: tuple[Scored, ...] = ()
    reason: Reason | None = None
    nearest: tuple[Scored, ...] = ()
    score: float | None = None
    # OWN_AMOUNT: the investors whose own amount was asked and is not given.
    unreported: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        if self.score is not None:
            return self.score
        ranked = self.chosen or self.nearest
        return ranked[0].score if ranked else 0.0


class Engine:
    """The matcher's view of one knowledge base: term index and fact profiles."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.index = TermIndex.build(kb)
        self.profiles = {item.fact.id: _profile(kb, item) for item in kb.facts}
        concepts = kb.lexicon.concepts.values()
        self.topics = frozenset(concept.id for concept in concepts if concept.kind == "topic")
        self._strict = frozenset(concept.id for concept in concepts if concept.strict)
        self._strong = frozenset(c.id for c in concepts if c.kind in STRONG_KINDS)
        self.times = frozenset(c.id for c in concepts if c.kind == "time")
        self._time_values = {c.id: c.time for c in concepts if c.time is not None}
        # Time words that start a running span ("since", "이후").
        self.since_words = frozenset(c for c, time in self._time_values.items() if time.since)
        # Relative times in questions ("this year") count from the newest source.
        self.newest_year = max(article.published.year for article in kb.articles)
        self.slots = frozenset(c.id for c in concepts if c.slot)
        self.asks = frozenset(c.id for c in concepts if c.kind == "ask")
        opposite: dict[str, set[str]] = {}
        for one, other in kb.lexicon.opposites:
            opposite.setdefault(one, set()).add(other)
            opposite.setdefault(other, set()).add(one)
        self._opposite = {concept: frozenset(them) for concept, them in opposite.items()}
        self._concept_weights = {concept.id: KIND_WEIGHTS[concept.kind] for concept in concepts}
        # Each concept's statements, the newest first, and their ids.
        self._postings = {
            concept: (
                tuple(sorted(items, key=lambda i: i.article.published, reverse=True)),
                frozenset(item.fact.id for item in items),
            )
            for concept, items in kb.by_concept.items()
        }
        self._members = _group_members(kb)
        compile_patterns()  # at load, not at the first question
        self._publishers = frozenset(
            a.outlet_entity for a in kb.articles if a.outlet_entity is not None
        )
        self._figure_values = sorted(
            (figure.value, fact_id)
            for fact_id, profile in self.profiles.items()
            for figure in profile.figures
        )
        # The last question's concepts read for scoring, and its statements' scores (`score`).
        self._plan: tuple[object, object, tuple[ConceptStep, ...]] = (None, None, ())
        self._scores: tuple[object, dict[str, tuple[FactProfile, float]]] = (None, {})

    def analyze(self, question: str) -> Analysis:
        """Read a question with this knowledge base's terms. In a claim being checked, an
        outlet ("WSJ reported it, right?") or a background ("ex-OpenAI researchers") is what is
        claimed, not what the fact is about."""
        analysis = analyze(question, self.index, topics=self.topics, times=self.times)
        analysis = self._without_an_event_anchor(analysis)
        kinds = self.kb.entities
        named = set(analysis.entities)
        wider = {g for g in named if self._members.get(g, frozenset()) & named}
        if wider:
            # "the China part ... how much did Alibaba spend?": the member named is meant.
            kept = {e: side for e, side in analysis.entities.items() if e not in wider}
            analysis = replace(analysis, entities=kept)
        says_a_deal = analysis.concepts & {roles.GIVE, roles.RECEIVE}
        if not says_a_deal and any(
            kinds[e].kind == "outlet" and side for e, side in analysis.entities.items()
        ):
            # "로이터가 알렉사 문제라고 했어?": an outlet is what reported. ("How much did WSJ
            # invest?" names it as a giver, and no deal has it.)
            entities = {
                e: None if kinds[e].kind == "outlet" else side
                for e, side in analysis.entities.items()
            }
            analysis = replace(analysis, entities=entities)
        if not analysis.confirming:
            return analysis
        if REPORTED_BY_CONCEPT in analysis.concepts and analysis.unknown_names:
            # "Wasn't that a Bloomberg scoop?": a name the sources lack, claimed as the outlet.
            named_words = sum(len(name.split()) for name in analysis.unknown_names)
            analysis = replace(
                analysis,
                claimed_outlets=analysis.unknown_names,
                unknown_names=(),
                unknown_words=max(0, analysis.unknown_words - named_words),
            )
        outlets = tuple(e for e in analysis.entities if self.kb.entities[e].kind == "outlet")
        if outlets and len(outlets) < len(analysis.entities):
            entities = {e: side for e, side in analysis.entities.items() if e not in outlets}
            analysis = replace(
                analysis, entities=entities, claimed_outlets=(*outlets, *analysis.claimed_outlets)
            )
        background = backgrounds(analysis.text, analysis.names)
        if background and len(background) < len(analysis.entities):
            # "Founded by ex-OpenAI researchers, right?": where they came from is claimed.
            entities = {e: side for e, side in analysis.entities.items() if e not in background}
            analysis = replace(analysis, entities=entities, claimed_backgrounds=background)
        return analysis

    def match(self, analysis: Analysis, *, cutoff: float = CONFIDENCE_CUTOFF) -> MatchResult:
        """The facts that answer, near-tied options, or None with the reason and nearest facts."""
        analysis = self._about_the_article(analysis)
        refusal = self._refusal(analysis)
        if refusal is not None:
            return MatchResult(Outcome.NONE, reason=refusal, nearest=self._nearest(analysis))
        grounded = [p for p in self._candidates(analysis) if _grounded(analysis, p)]
        if analysis.entities and not grounded:
            return self._none(analysis, Reason.UNGROUNDED)
        if analysis.unknown_times and not analysis.confirming:
            # "2022년": a time no fact is dated with.
            return self._none(analysis, Reason.LOW_CONFIDENCE)
        kept = [p for p in grounded if self._strict_concepts_met(analysis, p)]
        if self._asks_since_when(analysis) and any(_running(p) for p in kept):
            # "언제부터 투자해 왔어?": a running span, if any, is what has a start.
            kept = [p for p in kept if _running(p)]
        if not (analysis.concepts & self.topics or analysis.figures):
            plain = self._without_topic(analysis, kept)
            if plain.outcome is not Outcome.ANSWER:
                return plain
            # "Both the March amount and the running total": each part, as with a topic.
            parts = self._complete_parts(
                analysis, list(plain.chosen), self._rank(analysis, grounded)
            )
            return self._slot_check(analysis, tuple(parts), plain.confidence)
        on_topic = [p for p in kept if self._on_topic(analysis, p)]
        if not on_topic:
            return self._none(analysis, Reason.LOW_CONFIDENCE)
        ranked = _nearest_figure_first(analysis, self._rank(analysis, on_topic), self.slots)
        chosen, score = self._compound(analysis, ranked[0], self._rank(analysis, kept))
        if (
            score < cutoff
            or self._asked_at_another_time(analysis, ranked[0], grounded)
            or not self._gives_a_date_if_asked(analysis, chosen)
        ):
            return MatchResult(
                Outcome.NONE, reason=Reason.LOW_CONFIDENCE, nearest=ranked[:MAX_OPTIONS]
            )
        if len(chosen) == 1:
            alternatives = [s for s in ranked[1:MAX_OPTIONS] if self._tied(analysis, chosen[0], s)]
            about_articles = all(s.item.fact.kind == "article" for s in (chosen[0], *alternatives))
            if alternatives and not analysis.entities and not about_articles:
                return MatchResult(Outcome.CLARIFY, chosen=(chosen[0], *alternatives))
            # "Who wrote the article?" with several articles: each one, never "which one?".
            # Equally good facts about the names asked: both are the answer.
            chosen.extend(alternatives or self._other_givers(analysis, chosen[0], ranked))
        # A part may have its own time ("since 2019 ..., and the stake"): grounded will do.
        chosen = self._complete_parts(analysis, chosen, self._rank(analysis, grounded))
        return self._slot_check(analysis, _slot_first(analysis, chosen, self.slots), score)

    def _other_givers(
        self, analysis: Analysis, best: Scored, ranked: tuple[Scored, ...]
    ) -> list[Scored]:
        """ "Who backed X?" at no time said: every statement nearly as good that names
        other investors in X (the founder's own money and a later round's backers)."""
        if ASK_WHO_CONCEPT not in analysis.concepts or analysis.times or analysis.confirming:
            return []
        sides = set(analysis.entities.values())
        # Into X: X marked as receiving, or named alone ("피규어 투자자 누구야?").
        if not best.profile.investors or not ("target" in sides or sides == {None}):
            return []
        return [
            s
            for s in ranked[1:MAX_FACTS_PER_ANSWER]
            if best.score - s.score < SUMMARY_MARGIN
            and s.profile.investors - best.profile.investors - analysis.entities.keys()
            and ASK_WHO_CONCEPT in s.profile.concepts
        ]

    def _about_the_article(self, analysis: Analysis) -> Analysis:
        """ "When was the Chosun Biz article on AI investment published?": asked about an
        article (by that word, or by naming only its publisher), the words saying what it is
        about are not the question's topic."""
        asked = analysis.concepts & _ARTICLE_DETAILS
        if not asked or analysis.confirming:
            return analysis
        names = set(analysis.entities)
        if not (roles.ARTICLE in analysis.concepts or names & self._publishers):
            return analysis
        about = replace(analysis, concepts=analysis.concepts - (self.topics - asked))
        described = names - self._publishers
        if not described:
            return about
        # "Who wrote the article about Alexa?": the articles whose statements name them.
        articles = {
            item.article.id
            for item in self.kb.facts_about(described)
            if {p.entity for p in item.fact.participants} >= described
        }
        own = frozenset(
            item.fact.id
            for item in self.kb.facts
            if item.fact.kind == "article" and item.article.id in articles
        )
        if not own:
            return analysis
        kept = {e: side for e, side in analysis.entities.items() if e not in described}
        return replace(about, entities=kept, only_facts=own)

    def says_anything_on(self, analysis: Analysis) -> bool:
        """Whether any statement about all the names asked is on what the question asks."""
        return any(
            _grounded(analysis, p) and self._on_topic(analysis, p)
            for p in self._candidates(analysis)
        )

    def _complete_parts(
        self, analysis: Analysis, chosen: list[Scored], ranked: tuple[Scored, ...]
    ) -> list[Scored]:
        """A question in several parts ("how much, and what stake?") gets, for each topic the
        chosen statements leave out, the best statement about the same names that has it."""
        # Slots must each be stated; so must a cumulative figure asked beside a dated one
        # ("how much in March, ... and the total so far?").
        parts = analysis.concepts & self.slots
        if analysis.times and roles.TOTAL in analysis.concepts:
            parts |= {roles.TOTAL}
        missing = parts - _listed(chosen)
        # The deal the question is about: what it says of the statements chosen, and when.
        deal = (analysis.concepts & _listed(chosen)) - self.slots
        when = chosen[0].profile.period

        def deal_amount(profile: FactProfile) -> bool:
            same_time = when is None or profile.period is None or profile.period == when
            # "How much in June, at what valuation, and who led it?": also the deal of the
            # same month or day as the statement chosen.
            same_deal = bool(deal & profile.listed) or (
                when is not None and when.precision in ("day", "month") and profile.period == when
            )
            return self._plain_amount(profile) and same_deal and same_time

        # A figure the question states ("..., and it's about a $1B raise?") is a part too.
        states_a_figure = bool(analysis.figures) and not any(s.profile.figures for s in chosen)
        asks_amount = self._asks_a_plain_amount(analysis) or states_a_figure
        if asks_amount and not any(deal_amount(s.profile) for s in chosen):
            missing |= {ASK_AMOUNT_CONCEPT}
        if ASK_WHEN_CONCEPT in analysis.concepts and not any(
            ASK_WHEN_CONCEPT in s.profile.concepts for s in chosen
        ):
            missing |= {ASK_WHEN_CONCEPT}
        # The date of the same event: a statement sharing what the question says about it.
        event = analysis.concepts & chosen[0].profile.listed
        # "Before ..." holds for the whole question, every part of it.
        before = any(roles.BEFORE in expression for expression in analysis.times)
        for candidate in ranked:
            if not missing or len(chosen) == MAX_FACTS_PER_ANSWER:
                break
            if before and not self._time_fits(analysis, candidate.profile):
                continue
            covers = missing & candidate.profile.listed
            if ASK_AMOUNT_CONCEPT in missing and deal_amount(candidate.profile):
                covers |= {ASK_AMOUNT_CONCEPT}
            period = candidate.profile.period
            if (
                ASK_WHEN_CONCEPT in missing
                and period is not None
                and period.precision not in COARSE_DATES
                and event & candidate.profile.listed
            ):
                covers |= {ASK_WHEN_CONCEPT}
            # A statement giving an asked slot about the same names is its answer, however
            # little else of the question it explains.
            enough = candidate.score >= MIN_COMPOUND_MEMBER or covers & parts
            if covers and candidate not in chosen and enough:
                chosen.append(candidate)
                missing -= covers
        return chosen

    def _asks_a_plain_amount(self, analysis: Analysis) -> bool:
        """ "Lead investor, size, and valuation of the round?": beside a slot with a
        figure of its own (a valuation), one item asks "how much" of the deal itself."""
        if ASK_AMOUNT_CONCEPT not in analysis.concepts or not analysis.concepts & self.slots:
            return False
        items = listed_parts(analysis.text)
        return len(items) > 1 and any(
            ASK_AMOUNT_CONCEPT in concepts and not concepts & self.slots
            for concepts in (self.analyze(item).concepts for item in items)
        )

    def _plain_amount(self, profile: FactProfile) -> bool:
        """A statement whose figure is the deal's own amount, not a slot's (a valuation)."""
        return bool(profile.figures) and not profile.topics & self.slots

    def _dated_as_asked(self, analysis: Analysis, chosen: tuple[Scored, ...]) -> bool:
        """ "When?" about a statement that has no date of its own is answered by another
        statement only with a precise date, not by one dated to a whole year."""
        if ASK_WHEN_CONCEPT not in analysis.concepts:
            return True
        best = chosen[0].profile
        period = best.period
        if (
            best.item.fact.status in UNSETTLED
            and period is not None
            and period.precision in COARSE_DATES
            and not analysis.concepts & REPORTING_CONCEPTS  # "when did WSJ report it?"
        ):
            # "When is the round expected to close?": a deal still to come, dated only to
            # the year it was reported in, has no date of its own.
            return False
        if ASK_WHEN_CONCEPT in best.concepts:
            return True
        return any(
            s.profile.period is not None and s.profile.period.precision not in COARSE_DATES
            for s in chosen[1:]
        )

    def _slot_check(
        self, analysis: Analysis, chosen: tuple[Scored, ...], score: float
    ) -> MatchResult:
        """What the question asks must be what the statements give: every topic it asks
        about, an amount when it asks how much, and one investor's own amount only where the
        statement gives it rather than a round shared with others. Otherwise the sources don't
        report it, and the answer says so before what they do say."""
        if analysis.confirming:
            return MatchResult(Outcome.ANSWER, chosen=chosen, score=score)
        missing = (analysis.concepts & self.slots) - _listed(chosen)
        # "How much/long" is answered by a figure, or by the very slot asked ("how long did
        # Alexa take": a latency the statement gives in words).
        best = chosen[0].profile
        # A count ("how many?") is given only by the slot asked, never by a sum of money.
        figures = best.figures if not analysis.counting else frozenset()
        given = frozenset().union(*(s.profile.topics for s in chosen))
        # "How much did it grow?": "more than doubled" says how much, without a figure.
        measured = (self.slots | {roles.GROWTH}) & given
        has_amount = bool(figures or analysis.concepts & measured)
        if (
            missing
            or (ASK_AMOUNT_CONCEPT in analysis.concepts and not has_amount)
            or (not self._dated_as_asked(analysis, chosen))
        ):
            return MatchResult(
                Outcome.NOT_REPORTED, chosen=chosen, reason=Reason.SLOT_EMPTY, score=score
            )
        own = _own_amount_asked(analysis, chosen[0].profile)
        if own:
            return MatchResult(
                Outcome.NOT_REPORTED,
                chosen=chosen[:1],
                reason=Reason.OWN_AMOUNT,
                score=score,
                unreported=own,
            )
        return MatchResult(Outcome.ANSWER, chosen=chosen, score=score)

    def score(self, analysis: Analysis, profile: FactProfile) -> float:
        """Shared / (shared + asked but not stated + a tenth of stated but not asked)."""
        # One question's statements are scored several times over (ranked on topic, then all
        # kept, then all grounded): each of the engine's own profiles is scored once.
        memo = self._scores
        if memo[0] is not analysis:
            memo = self._scores = (analysis, {})
        known = memo[1].get(profile.item.fact.id)
        if known is not None and known[0] is profile:
            return known[1]
        value = self._score(analysis, profile)
        if self.profiles.get(profile.item.fact.id) is profile:
            memo[1][profile.item.fact.id] = (profile, value)
        return value

    def _concept_plan(self, analysis: Analysis) -> tuple[ConceptStep, ...]:
        """For each concept asked, in the question's order: whether it is a time, its weight
        when the statement is about it, when it only mentions it, and when it lacks it."""
        plan = self._plan
        if plan[0] is analysis.concepts and plan[1] == analysis.focus:
            return plan[2]
        steps = []
        for concept in analysis.concepts:
            weight = self._concept_weights.get(concept, 1.0)
            if concept == analysis.focus:
                weight *= FOCUS_FACTOR
            mentioned = weight * (MENTION_FACTOR if concept in self.topics else 1.0)
            missed = weight * UNANSWERED_FACTOR if concept in self._strong else weight
            steps.append((concept, concept in self.times, weight, mentioned, missed))
        self._plan = (analysis.concepts, analysis.focus, tuple(steps))
        return self._plan[2]

    def _score(self, analysis: Analysis, profile: FactProfile) -> float:
        shared = ENTITY_WEIGHT * sum(1 for e in analysis.entities if e in profile.grounding)
        unanswered = 0.0
        timely: bool | None = None
        topics, concepts = profile.topics, profile.concepts
        for concept, is_time, weight, mentioned, missed in self._concept_plan(analysis):
            if is_time:
                # Times are the statement's `when`, not words it is tagged with.
                if timely is None:
                    timely = self._time_fits(analysis, profile)
                if timely:
                    shared += weight
                else:
                    unanswered += weight
            elif concept in topics:
                shared += weight
            elif concept in concepts:
                shared += mentioned
            else:
                unanswered += missed
        for figure in analysis.figures:
            if any(same_figure(figure, stated) for stated in profile.figures):
                shared += FIGURE_WEIGHT
            elif not analysis.confirming:
                # A claim being checked may well be wrong; any other figure names another fact.
                unanswered += FIGURE_WEIGHT
        period = profile.period
        if ASK_WHEN_CONCEPT in analysis.concepts and period and period.precision in COARSE_DATES:
            # "When?" wants the most precise date the sources give: a year is a weak answer.
            unanswered += KIND_WEIGHTS["ask"] * COARSE_DATE_FACTOR
        unasked = sum(
            weight
            for concept, weight in profile.unasked_weight.items()
            if concept not in analysis.concepts
        )
        named = analysis.entities.keys()
        unasked += UNNAMED_PARTICIPANT_WEIGHT * len(profile.participants - named)
        if profile.figures and named & profile.investors and not named & profile.groups:
            # "How much did Alibaba invest?": a figure shared with co-investors the question
            # does not name is less its answer than Alibaba's own figure (unless the question
            # names the group itself, "BAT").
            unasked += CO_INVESTOR_WEIGHT * len(profile.investors - named)
        total = shared + unanswered + UNASKED_FACTOR * unasked
        return shared / total if total else 0.0

    def _refusal(self, analysis: Analysis) -> Reason | None:
        if not analysis.has_words:
            return Reason.NO_WORDS
        if not (analysis.entities or analysis.concepts or analysis.figures):
            return Reason.LOW_CONFIDENCE
        if analysis.unsupported:
            return Reason.UNSUPPORTED
        if analysis.outside or analysis.unknown_names:
            return Reason.OUTSIDE
        return None

    def _none(self, analysis: Analysis, reason: Reason) -> MatchResult:
        return MatchResult(Outcome.NONE, reason=reason, nearest=self._nearest(analysis))

    def _gives_a_date_if_asked(self, analysis: Analysis, chosen: list[Scored]) -> bool:
        """ "When ...?" is answered only by a fact that has a date."""
        if ASK_WHEN_CONCEPT not in analysis.concepts:
            return True
        return any(ASK_WHEN_CONCEPT in s.profile.concepts for s in chosen)

    def _on_topic(self, analysis: Analysis, profile: FactProfile) -> bool:
        # What every fact implies (its source, its date) makes a fact about a named company
        # fit "which outlet reported it?", but does not make every fact fit a bare "source?".
        concepts = profile.concepts.keys() if analysis.entities else profile.listed
        if analysis.concepts & self.topics & concepts:
            return True
        if analysis.confirming and analysis.entities:
            # A claimed figure, right or wrong, is about a fact stating a figure of its kind.
            return any(a.kind == b.kind for a in analysis.figures for b in profile.figures)
        return any(
            same_figure(asked, stated) for asked in analysis.figures for stated in profile.figures
        )

    def _strict_concepts_met(self, analysis: Analysis, profile: FactProfile) -> bool:
        """Strict details ("each") must all be in the fact, and none it contradicts; of the
        time expressions, one, unless the question checks a claim (then the fact's own time
        is the answer)."""
        untimed = (analysis.concepts & self._strict) - self.times
        if not untimed <= profile.concepts.keys():
            return False
        if any(self._opposite.get(c, frozenset()) & profile.listed for c in analysis.concepts):
            return False
        if analysis.confirming or not analysis.times:
            return True
        return self._time_fits(analysis, profile)

    def _time_fits(self, analysis: Analysis, profile: FactProfile) -> bool:
        """One of the question's time expressions fits the statement's own time."""
        return any(self._fits(expression, profile.period) for expression in analysis.times)

    def _without_an_event_anchor(self, analysis: Analysis) -> Analysis:
        """ "합병 이후 통합 법인은 누가 이끌어?": "after" an event, not a time; only "since
        when?" (언제부터) asks a time with it."""
        if ASK_WHEN_CONCEPT in analysis.concepts:
            return analysis
        bare = [t for t in analysis.times if t <= self.since_words]
        if not bare:
            return analysis
        kept = tuple(t for t in analysis.times if t not in bare)
        return replace(analysis, times=kept, concepts=analysis.concepts - frozenset().union(*bare))

    def _asks_since_when(self, analysis: Analysis) -> bool:
        """ "Since when?", "언제부터?": a start asked, with no time to start from."""
        if ASK_WHEN_CONCEPT not in analysis.concepts:
            return False
        for expression in analysis.times:
            values = [self._time_values.get(word) for word in expression]
            if any(v is not None and v.since for v in values) and all(
                v is None or v.since for v in values
            ):
                return not any(word.startswith(YEAR_TOKEN) for word in expression)
        return False

    def _fits(self, expression: frozenset[str], period: Period | None) -> bool:
        """Whether a statement's period is the time a group of time words says. Two months
        in one group ("between June and July") are either of them."""
        years: set[int] = set()
        months: set[int] = set()
        half = quarter = None
        since = before = False
        for word in sorted(expression):
            if word.startswith(YEAR_TOKEN):
                years.add(int(word.removeprefix(YEAR_TOKEN)))
                continue
            value = self._time_values.get(word)
            if value is None:
                continue
            if value.relative_year is not None:
                years.add(self.newest_year + value.relative_year)
            months |= {value.month} if value.month else set()
            half = value.half or half
            quarter = value.quarter or quarter
            since = since or value.since
            before = before or value.before
        if period is None:
            return False
        year = min(years) if years else None
        if before:
            # "Before the June round": ended before the time said began.
            month = min(months) if months else None
            start = _start_of(year or self.newest_year, month, half, quarter)
            return start is not None and period.end < start
        if since and year is not None:
            return period.precision == "span" and period.start.year == year
        if period.precision == "span":
            return not (years or months or half or quarter)
        if years and period.start.year not in years:
            return False
        if months and period.month not in months:
            return False
        if half is not None and not period.within(half_period(period.start.year, half)):
            return False
        return quarter is None or period.within(quarter_period(period.start.year, quarter))

    def _compound(
        self, analysis: Analysis, best: Scored, others: tuple[Scored, ...]
    ) -> tuple[list[Scored], float]:
        """The best fact, joined by others only while each explains more of the question
        (or every good one, when the question asks for all of them)."""
        chosen = [best]
        union, score = best.profile, best.score
        wants_all = LIST_ALL_CONCEPT in analysis.concepts
        limit = MAX_LISTED if wants_all else MAX_FACTS_PER_ANSWER
        for other in others[: limit * 2]:
            if len(chosen) == limit:
                break
            if other.profile is best.profile or other.score < MIN_COMPOUND_MEMBER:
                continue
            merged = union.merge(other.profile)
            merged_score = self.score(analysis, merged)
            # "All of them": each statement about someone, or a figure, not yet given.
            news = (other.profile.principals - union.principals) or (
                other.profile.figures - union.figures
            )
            listed = self._on_topic(analysis, other.profile) and bool(news)
            if merged_score - score >= MIN_COMPOUND_GAIN or (wants_all and listed):
                chosen.append(other)
                union, score = merged, max(score, merged_score)
        return chosen, score

    def _asked_at_another_time(
        self, analysis: Analysis, best: Scored, grounded: list[FactProfile]
    ) -> bool:
        """True when a fact left out for its time would have fit better, for a topic the best
        one lacks: "Mistral's valuation after the December round" is a valuation we do not
        have, not the December round."""
        missing = (analysis.concepts & self.topics) - best.profile.concepts.keys()
        return any(
            missing & profile.concepts.keys() and self.score(analysis, profile) > best.score
            for profile in grounded
            if not self._strict_concepts_met(analysis, profile)
        )

    def _tied(self, analysis: Analysis, best: Scored, other: Scored) -> bool:
        """An alternative answer to the same part of the question, as good as the best."""
        covered_best = analysis.concepts & best.profile.concepts.keys()
        covered_other = analysis.concepts & other.profile.concepts.keys()
        if covered_other != covered_best:
            return False
        gap = best.score - other.score
        if not analysis.entities and other.profile.participants != best.profile.participants:
            return gap < TIE_MARGIN_WITHOUT_NAMES
        return gap < EXACT_TIE

    def _without_topic(self, analysis: Analysis, kept: list[FactProfile]) -> MatchResult:
        """Names and details without a topic ("anthropic amazon total", "/funding tencent"):
        a clear favourite sharing a detail, or what the sources say about those names."""
        ranked = self._rank(analysis, kept)
        if not ranked or not _read_enough(analysis):
            return self._none(analysis, Reason.LOW_CONFIDENCE)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        asked = analysis.concepts & self.asks
        answers = set(best.profile.concepts.keys())
        if best.profile.principals - analysis.entities.keys():
            # "Which voice assistant is Amazon upgrading?": a name the question leaves open.
            answers.add(ASK_WHO_CONCEPT)
        if asked and not asked & answers:
            # "클로드 최신 버전 이름이 뭐야?": a name is asked for that no such fact gives.
            return self._none(analysis, Reason.LOW_CONFIDENCE)
        if analysis.counting:
            # "How many Alexa users?": a count, and no topic a statement counts.
            return self._none(analysis, Reason.LOW_CONFIDENCE)
        shares_detail = bool(analysis.concepts & best.profile.concepts.keys())
        if shares_detail and best.score - runner_up >= NO_TOPIC_MARGIN:
            return MatchResult(Outcome.ANSWER, chosen=(best,))
        if not analysis.entities:
            return self._none(analysis, Reason.LOW_CONFIDENCE)
        summary = [s for s in ranked if best.score - s.score < SUMMARY_MARGIN]
        return MatchResult(Outcome.ANSWER, chosen=tuple(summary[:MAX_FACTS_PER_ANSWER]))

    def _candidates(self, analysis: Analysis) -> list[FactProfile]:
        if analysis.only_facts:
            # A follow-up about the statements just given ("which outlet had it?").
            return [self.profiles[i] for i in sorted(analysis.only_facts) if i in self.profiles]
        if analysis.entities:
            items = self.kb.facts_about(analysis.entities)
        elif analysis.figures and not analysis.concepts & self.topics:
            items = self._stating(analysis.figures)
        else:
            items = self._on_concepts(analysis.concepts - self.asks - self.times)
        return [
            self.profiles[item.fact.id] for item in items if item.fact.id not in analysis.other_than
        ]

    def _on_concepts(self, concepts: frozenset[str]) -> tuple[SourcedFact, ...]:
        """Statements about every concept asked (else about any), the newest first and at most
        MAX_UNNAMED_CANDIDATES: a question naming no one cannot tell more of them apart, so
        it is answered from these or asked "which one?", at the same cost at any size."""
        postings = sorted(
            (self._postings[c] for c in concepts if c in self._postings), key=lambda p: len(p[1])
        )
        if not postings:
            return ()
        (shortest, _), others = postings[0], [ids for _, ids in postings[1:]]
        common = [item for item in shortest if all(item.fact.id in ids for ids in others)]
        if common:
            return tuple(common[:MAX_UNNAMED_CANDIDATES])
        seen: dict[str, SourcedFact] = {}
        for posting, _ in postings:
            for item in posting[:MAX_UNNAMED_CANDIDATES]:
                seen.setdefault(item.fact.id, item)
        newest = sorted(seen.values(), key=lambda item: item.article.published, reverse=True)
        return tuple(newest[:MAX_UNNAMED_CANDIDATES])

    def _stating(self, figures: tuple[Figure, ...]) -> tuple[SourcedFact, ...]:
        """Statements stating one of `figures` (a question that quotes only a figure)."""
        found: dict[str, SourcedFact] = {}
        for figure in figures:
            low = bisect_left(self._figure_values, (figure.value * (1 - SAME_FIGURE), ""))
            for value, fact_id in self._figure_values[low:]:
                if value > figure.value * (1 + SAME_FIGURE):
                    break
                found.setdefault(fact_id, self.kb.by_id[fact_id])
        return tuple(found.values())

    def _rank(self, analysis: Analysis, profiles: list[FactProfile]) -> tuple[Scored, ...]:
        scored = [Scored(p, self.score(analysis, p)) for p in profiles]
        # Of equally good statements, the latest first ("its valuation" is the current one).
        return tuple(sorted(scored, key=lambda s: (-s.score, -_recency(s), s.item.fact.id)))

    def _nearest(self, analysis: Analysis) -> tuple[Scored, ...]:
        """Facts worth suggesting: about the known names asked about, else on the same topics."""
        if analysis.entities:
            profiles = [self.profiles[i.fact.id] for i in self.kb.facts_about(analysis.entities)]
        else:
            profiles = self._candidates(analysis)
        return self._rank(analysis, profiles)[:MAX_OPTIONS]


def _start_of(year: int, month: int | None, half: int | None, quarter: int | None) -> date | None:
    if month is not None:
        return date(year, month, 1)
    if half is not None:
        return half_period(year, half).start
    if quarter is not None:
        return quarter_period(year, quarter).start
    return date(year, 1, 1)


def _recency(scored: Scored) -> int:
    period = scored.profile.period
    return period.end.toordinal() if period is not None else 0


def _slot_first(
    analysis: Analysis, chosen: list[Scored], slots: frozenset[str]
) -> tuple[Scored, ...]:
    """The statement giving what is asked ("how many employees?") leads the answer."""
    asked = analysis.concepts & slots
    if not asked or asked & chosen[0].profile.listed:
        return tuple(chosen)
    giving = [s for s in chosen if asked & s.profile.listed]
    return tuple(giving + [s for s in chosen if s not in giving])


def _group_members(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """Each group's members: who takes the group's part beside it in its statements (BAT's
    investors Baidu, Alibaba, Tencent)."""
    members: dict[str, set[str]] = {}
    for item in kb.facts:
        parts = item.fact.participants
        for group in (p for p in parts if kb.entities[p.entity].kind == "group"):
            members.setdefault(group.entity, set()).update(
                p.entity for p in parts if p.role is group.role and p.entity != group.entity
            )
    return {group: frozenset(found) for group, found in members.items()}


def _running(profile: FactProfile) -> bool:
    return profile.period is not None and profile.period.precision == "span"


def _nearest_figure_first(
    analysis: Analysis, ranked: tuple[Scored, ...], slots: frozenset[str]
) -> tuple[Scored, ...]:
    """A claimed amount is about the statement whose amount it most resembles ("8억유로
    받았다며?": the 6억유로 round, not the 58억유로 valuation): of nearly equally good
    statements, that one first."""
    claimed = [f.value for f in analysis.figures if f.kind == "amount" and f.value > 0]
    if not analysis.confirming or not claimed or len(ranked) < 2:
        return ranked
    close = [s for s in ranked if ranked[0].score - s.score < CLAIM_MARGIN]

    def distance(scored: Scored) -> tuple[bool, float]:
        # "SSI got $2B?": a deal's own amount before a slot's figure (a valuation) not asked.
        unasked_slot = bool(scored.profile.topics & slots - analysis.concepts)
        stated = [f.value for f in scored.profile.figures if f.kind == "amount" and f.value > 0]
        return unasked_slot, min((abs(log(v / c)) for v in stated for c in claimed), default=inf)

    return (*sorted(close, key=distance), *ranked[len(close) :])


def _listed(chosen: Iterable[Scored]) -> frozenset[str]:
    """The topics and details the statements chosen so far state."""
    return frozenset().union(*(s.profile.listed for s in chosen))


def _own_amount_asked(analysis: Analysis, profile: FactProfile) -> tuple[str, ...]:
    """Investors asked "how much did X put in" of a statement whose amount several investors
    share: X's own amount is not what the statement gives."""
    if ASK_AMOUNT_CONCEPT not in analysis.concepts or not profile.figures:
        return ()
    if roles.EACH in profile.topics:
        return ()  # "Alibaba and Tencent each spent ...": each one's own figure
    if analysis.entities.keys() & profile.groups:
        return ()
    if not {"source", "target"} & set(analysis.entities.values()):
        return ()  # "Samsung and Mistral": neither said to give or to receive
    asked = tuple(
        e for e, side in analysis.entities.items() if side != "target" and e in profile.investors
    )
    if asked and len(profile.investors - profile.groups) > len(asked):
        return asked
    return ()


def _read_enough(analysis: Analysis) -> bool:
    """Names amid words the bot does not know ("ChatGPT weekly users", "알리바바 쥬가") are a
    question it cannot read, not a request for what the sources say about those names."""
    if analysis.unknown_words == 0:
        return True
    return bool(analysis.concepts) and analysis.unknown_words <= MAX_UNKNOWN_WORDS


def _profile(kb: KnowledgeBase, item: SourcedFact) -> FactProfile:
    lexicon = kb.lexicon
    fact = item.fact
    concepts: dict[str, float] = {}
    unasked: dict[str, float] = {}
    for concept_id in (*fact.topics, *fact.cues):
        concept = lexicon.concepts[concept_id]
        if concept.kind == "ask":
            continue  # what a fact can answer is derived from its fields, below
        weight = KIND_WEIGHTS[concept.kind]
        concepts[concept_id] = weight
        if not concept.implicit:
            unasked[concept_id] = weight
    # What every fact of its sort answers without saying so: its source ("which outlet?"),
    # its reporter, "when?" when it has a date or a time, its figures in won when the article
    # gives them.
    implied = [SOURCE_CONCEPT]
    implied += [REPORTED_BY_CONCEPT] if fact.reporter is not None else []
    implied += [PUBLISHED_CONCEPT] if fact.reporter and fact.reporter.reported else []
    # "When?" is answered by when it happened, not by when it was reported.
    dated = fact.when is not None or PUBLISHED_CONCEPT in fact.topics
    implied += [ASK_WHEN_CONCEPT] if dated else []
    implied += [KRW_CONCEPT] if any(m.krw for m in fact.money) else []
    implied += [ASK_AMOUNT_CONCEPT] if fact.money or fact.percent is not None else []
    names = fact.kind in DESCRIBING_KINDS or any(
        p.role in NAMED_ROLES and _names(kb, item, p.entity) for p in fact.participants
    )
    implied += [ASK_WHO_CONCEPT] if names else []
    implied += [roles.UPCOMING] if fact.status in UNSETTLED else []
    for concept_id in implied:
        if concept_id in lexicon.concepts:
            concepts.setdefault(concept_id, KIND_WEIGHTS[lexicon.concepts[concept_id].kind])
    principals = {p.entity for p in fact.participants if p.role is not Role.MENTIONED}
    grounding = kb.grounding_entities(item)
    return FactProfile(
        item=item,
        concepts=concepts,
        unasked_weight=unasked,
        topics=frozenset(fact.topics),
        participants=fact.entity_ids,
        principals=frozenset(principals),
        investors=frozenset(p.entity for p in fact.participants if p.role in INVESTOR_ROLES),
        groups=frozenset(e for e in fact.entity_ids if kb.entities[e].kind == "group"),
        reporters=grounding - fact.entity_ids,
        grounding=grounding,
        figures=frozenset(_figures(item)),
        listed=frozenset((*fact.topics, *fact.cues)),
        period=parse_period(fact.when) if fact.when else None,
        rounds=named_rounds(f"{fact.quote} {fact.answer.en}"),
    )


def _names(kb: KnowledgeBase, item: SourcedFact, entity_id: str) -> bool:
    """Whether the statement's answer says the name ("who invested?" is answered by a
    statement that names the investors, not one that only counts them among its parties)."""
    entity = kb.entities[entity_id]
    text = f"{item.fact.answer.ko} {item.fact.answer.en}".casefold()
    spellings = (entity.name.ko, entity.name.en, *entity.aliases, *entity.cased_aliases)
    return any(spelling.casefold() in text for spelling in spellings if len(spelling) > 1)


def _figures(item: SourcedFact) -> list[Figure]:
    """What the fact states: its amounts (and the article's won conversions), its percentage."""
    fact = item.fact
    figures = []
    for money in fact.money:
        kind: FigureKind = "won" if money.currency == "KRW" else "amount"
        figures += [Figure(value, kind) for value in (money.amount, money.amount_max) if value]
        figures += [Figure(money.krw, "won")] if money.krw else []
    return figures + ([Figure(fact.percent, "percent")] if fact.percent is not None else [])


def _grounded(analysis: Analysis, profile: FactProfile) -> bool:
    """Every named entity takes part in the fact, on the side of the deal the question says,
    and the fact is about at least one of them (not just mentioning it in passing). An outlet
    or author grounds a fact only when the question asks about the reporting ("What did
    Reuters report?"), never a deal ("How much did WSJ invest?")."""
    if profile.investors and profile.investors <= analysis.excluded:
        return False  # "besides Apple and Nvidia, who ...": not a fact about only them
    if analysis.rounds and not analysis.rounds & profile.rounds:
        return False  # "its Series A": only a statement about its Series A
    asks_about_reporting = bool(analysis.concepts & REPORTING_CONCEPTS)
    principals = profile.principals | (profile.reporters if asks_about_reporting else set())
    if analysis.entities and not analysis.entities.keys() & principals:
        return False
    fact = profile.item.fact
    for entity_id, side in analysis.entities.items():
        if entity_id not in profile.participants:
            # "per the WSJ", "WSJ 단독": the outlet that reported it, never a party to a deal.
            if entity_id in profile.reporters and (asks_about_reporting or side is None):
                continue
            return False
        roles = fact.roles_of(entity_id)
        if side == "target" and not _can_receive(roles, funding=fact.is_funding):
            return False
        # Money coming from a name: it must be on the giving side of a deal in the fact
        # (a person quoted about investment, "최 교수가 ... 투자 규모", is only speaking).
        giving = fact.is_funding or (GIVE_CONCEPT in analysis.concepts and Role.PERSON not in roles)
        if side == "source" and giving and not roles & PROVIDER_ROLES:
            return False
    return True


def _can_receive(roles: frozenset[Role], *, funding: bool) -> bool:
    """Money (or anything) going *into* a name: it must be the investee in a deal, and never
    a name the fact only mentions in passing."""
    if funding:
        return Role.INVESTEE in roles
    return bool(roles - {Role.MENTIONED})


@lru_cache(maxsize=4)
def engine_for(kb: KnowledgeBase) -> Engine:
    """One engine per loaded knowledge base; a reload builds a new one (without collector
    pauses midway, as loading does)."""
    with gc_paused():
        engine = Engine(kb)
        engine.analyze("warm up")  # caches the first question would otherwise fill
        return engine
