"""Match an analysed question to facts: grounded first, then scored, never guessed.

A fact can answer a question only if
  1. every entity the question names takes part in the fact (or reported it), on the side of
     the deal the question puts it on, and
  2. the question names one of the fact's topics.
Among those, the score weighs what both share against what the question asks that the fact
does not say, and (lightly) what the fact says that the question did not ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from handlers.analysis import Analysis
from handlers.terms import TermIndex
from knowledge.base import KnowledgeBase, SourcedFact
from knowledge.models import PROVIDER_ROLES, Role

CONFIDENCE_CUTOFF = 0.55
# Facts scoring this close, each explaining a different part of the question, are a tie: the
# bot asks which one is meant. A question naming no company is ambiguous much sooner ("what's
# the valuation?" fits every valuation).
TIE_MARGIN = 0.02
TIE_MARGIN_WITHOUT_NAMES = 0.15
EXACT_TIE = 1e-9
# Without a topic, a fact must lead the next by this much to be answered outright.
NO_TOPIC_MARGIN = 0.05
MAX_OPTIONS = 3

KIND_WEIGHTS = {"topic": 2.0, "time": 1.5, "ask": 1.5, "cue": 1.0}
ENTITY_WEIGHT = 3.0
UNNAMED_PARTICIPANT_WEIGHT = 1.0
UNASKED_FACTOR = 0.1
UNANSWERED_TOPIC_FACTOR = 2.0
# The topic a question is about ("몸값은 얼마", "what was its valuation") outweighs its context.
FOCUS_FACTOR = 1.5
MENTION_FACTOR = 0.5
REPORTED_BY_CONCEPT = "reported_by"
SOURCE_CONCEPT = "source"


class Outcome(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    NONE = "none"


class Reason(StrEnum):
    """Why no fact answers."""

    NO_WORDS = "no_words"
    UNSUPPORTED = "unsupported"
    OUTSIDE = "outside"
    UNGROUNDED = "ungrounded"
    NO_TOPIC = "no_topic"
    LOW_CONFIDENCE = "low_confidence"


@dataclass(frozen=True, slots=True)
class FactProfile:
    """A fact as the matcher sees it: weighted concepts and the entities it can be asked by."""

    item: SourcedFact
    concepts: dict[str, float]
    unasked_weight: dict[str, float]
    topics: frozenset[str]
    participants: frozenset[str]
    grounding: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scored:
    profile: FactProfile
    score: float

    @property
    def item(self) -> SourcedFact:
        return self.profile.item


@dataclass(frozen=True, slots=True)
class MatchResult:
    outcome: Outcome
    chosen: tuple[Scored, ...] = ()
    reason: Reason | None = None
    nearest: tuple[Scored, ...] = ()

    @property
    def confidence(self) -> float:
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
        self._concept_weights = {
            concept.id: KIND_WEIGHTS[concept.kind] for concept in kb.lexicon.concepts.values()
        }

    def match(
        self,
        analysis: Analysis,
        *,
        cutoff: float = CONFIDENCE_CUTOFF,
        tie_margin: float = TIE_MARGIN,
    ) -> MatchResult:
        """The fact that answers, near-tied options, or None with the reason and nearest facts."""
        if not analysis.has_words or not (analysis.entities or analysis.concepts):
            reason = Reason.NO_WORDS if not analysis.has_words else Reason.LOW_CONFIDENCE
            return MatchResult(Outcome.NONE, reason=reason, nearest=self._nearest(analysis))
        if analysis.unsupported:
            return MatchResult(
                Outcome.NONE, reason=Reason.UNSUPPORTED, nearest=self._nearest(analysis)
            )
        if analysis.outside or analysis.unknown_names:
            return MatchResult(Outcome.NONE, reason=Reason.OUTSIDE, nearest=self._nearest(analysis))
        grounded = [p for p in self._candidates(analysis) if _grounded(analysis, p)]
        if analysis.entities and not grounded:
            return MatchResult(
                Outcome.NONE, reason=Reason.UNGROUNDED, nearest=self._nearest(analysis)
            )
        if not analysis.concepts & self.topics:
            return self._without_topic(analysis, grounded)
        kept = [p for p in grounded if self._strict_concepts_met(analysis, p)]
        on_topic = [p for p in kept if self._on_topic(analysis, p)]
        if not on_topic:
            return MatchResult(
                Outcome.NONE, reason=Reason.LOW_CONFIDENCE, nearest=self._nearest(analysis)
            )
        ranked = self._rank(analysis, on_topic)
        best = ranked[0]
        if best.score < cutoff or self._asked_at_another_time(analysis, best, grounded):
            return MatchResult(
                Outcome.NONE, reason=Reason.LOW_CONFIDENCE, nearest=ranked[:MAX_OPTIONS]
            )
        close = [s for s in ranked[1:MAX_OPTIONS] if self._tied(analysis, best, s, tie_margin)]
        if close:
            return MatchResult(Outcome.CLARIFY, chosen=(best, *close))
        return MatchResult(Outcome.ANSWER, chosen=(best,))

    def _on_topic(self, analysis: Analysis, profile: FactProfile) -> bool:
        return bool(analysis.concepts & self.topics & profile.concepts.keys())

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

    def _tied(self, analysis: Analysis, best: Scored, other: Scored, tie_margin: float) -> bool:
        """Two facts are a tie when each explains a part of the question the other does not.
        When one explains all the other does, the score (fewer unasked details) decides."""
        gap = best.score - other.score
        if not analysis.entities and other.profile.participants != best.profile.participants:
            # A question naming nobody fits every company's version of the fact.
            return gap < TIE_MARGIN_WITHOUT_NAMES
        if gap >= tie_margin:
            return False
        covered_best = analysis.concepts & best.profile.concepts.keys()
        covered_other = analysis.concepts & other.profile.concepts.keys()
        if covered_best == covered_other:
            return gap < EXACT_TIE
        return not covered_best > covered_other

    def _strict_concepts_met(self, analysis: Analysis, profile: FactProfile) -> bool:
        return all(c in profile.concepts for c in analysis.concepts & self._strict)

    def _without_topic(self, analysis: Analysis, grounded: list[FactProfile]) -> MatchResult:
        """Keywords without a topic ("anthropic amazon total"): answer only a clear favourite
        that shares a detail with the question; otherwise list what the names are known for."""
        ranked = self._rank(analysis, grounded)
        if not ranked or not analysis.entities:
            return MatchResult(
                Outcome.NONE, reason=Reason.LOW_CONFIDENCE, nearest=self._nearest(analysis)
            )
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        shares_detail = bool(analysis.concepts & best.profile.concepts.keys())
        if (
            shares_detail
            and best.score >= CONFIDENCE_CUTOFF
            and best.score - runner_up >= NO_TOPIC_MARGIN
        ):
            return MatchResult(Outcome.ANSWER, chosen=(best,))
        return MatchResult(Outcome.CLARIFY, chosen=ranked[:MAX_OPTIONS], reason=Reason.NO_TOPIC)

    def score(self, analysis: Analysis, profile: FactProfile) -> float:
        shared = ENTITY_WEIGHT * sum(1 for e in analysis.entities if e in profile.grounding)
        unanswered = 0.0
        for concept in analysis.concepts:
            weight = self._concept_weights.get(concept, 1.0)
            if concept == analysis.focus:
                weight *= FOCUS_FACTOR
            if concept in profile.topics:
                shared += weight
            elif concept in profile.concepts:
                # A fact that only mentions a topic is less about it than one that is.
                shared += weight * (MENTION_FACTOR if concept in self.topics else 1.0)
            elif concept in self.topics:
                # Asking about something the fact does not cover is worse than a missing detail.
                unanswered += weight * UNANSWERED_TOPIC_FACTOR
            else:
                unanswered += weight
        unasked = sum(
            weight
            for concept, weight in profile.unasked_weight.items()
            if concept not in analysis.concepts
        )
        unasked += UNNAMED_PARTICIPANT_WEIGHT * len(profile.participants - analysis.entities.keys())
        total = shared + unanswered + UNASKED_FACTOR * unasked
        return shared / total if total else 0.0

    def _candidates(self, analysis: Analysis) -> list[FactProfile]:
        if analysis.entities:
            items = self.kb.facts_about(analysis.entities)
        else:
            seen: dict[str, SourcedFact] = {}
            for concept in analysis.concepts:
                for item in self.kb.by_concept.get(concept, ()):
                    seen.setdefault(item.fact.id, item)
            items = tuple(seen.values())
        return [self.profiles[item.fact.id] for item in items]

    def _rank(self, analysis: Analysis, profiles: list[FactProfile]) -> tuple[Scored, ...]:
        scored = (Scored(p, self.score(analysis, p)) for p in profiles)
        return tuple(sorted(scored, key=lambda s: (-s.score, s.item.fact.id)))

    def _nearest(self, analysis: Analysis) -> tuple[Scored, ...]:
        """Facts worth suggesting: about the known names asked about, else on the same topics."""
        if analysis.entities:
            profiles = [self.profiles[i.fact.id] for i in self.kb.facts_about(analysis.entities)]
        else:
            profiles = self._candidates(analysis)
        return self._rank(analysis, profiles)[:MAX_OPTIONS]


def _profile(kb: KnowledgeBase, item: SourcedFact) -> FactProfile:
    lexicon = kb.lexicon
    concepts: dict[str, float] = {}
    unasked: dict[str, float] = {}
    for concept_id in (*item.fact.topics, *item.fact.cues):
        concept = lexicon.concepts[concept_id]
        weight = KIND_WEIGHTS[concept.kind]
        concepts[concept_id] = weight
        if not concept.implicit:
            unasked[concept_id] = weight
    # "Which outlet reported X?" fits every fact: each one has a source, and some a reporter.
    implied = [SOURCE_CONCEPT] + ([REPORTED_BY_CONCEPT] if item.fact.reporter is not None else [])
    for concept_id in implied:
        if concept_id in lexicon.concepts:
            concepts.setdefault(concept_id, KIND_WEIGHTS[lexicon.concepts[concept_id].kind])
    return FactProfile(
        item=item,
        concepts=concepts,
        unasked_weight=unasked,
        topics=frozenset(item.fact.topics),
        participants=item.fact.entity_ids,
        grounding=kb.grounding_entities(item),
    )


def _grounded(analysis: Analysis, profile: FactProfile) -> bool:
    """Every named entity takes part in the fact, on the side of the deal the question says."""
    fact = profile.item.fact
    for entity_id, side in analysis.entities.items():
        if entity_id not in profile.grounding:
            return False
        if side is None or entity_id not in profile.participants:
            continue
        roles = fact.roles_of(entity_id)
        if side == "target" and not _can_receive(roles, funding=fact.is_funding):
            return False
        if side == "source" and fact.is_funding and not roles & PROVIDER_ROLES:
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
    """One engine per loaded knowledge base; a reload builds a new one."""
    return Engine(kb)
