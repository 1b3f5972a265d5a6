"""What a question says: entities (and which side of a deal they are on), concepts, names
the sources never cover, out-of-scope topics, and its language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from handlers.amounts import Figure, figures_in
from handlers.language import language_of_units
from handlers.language_data import (
    asks_a_count,
    asks_openly,
    language_data,
    named_rounds,
    states_a_claim,
)
from handlers.models import Language
from handlers.terms import TermIndex, TermMatch
from handlers.text import Unit, normalize, strip_particle, units
from knowledge import roles

MAX_QUESTION_CHARS = 500
MIN_UNKNOWN_WORD = 4
# Korean words starting like these are verbs of doing and being, pronouns and question words
# ("하려고", "있다고", "됐어", "그거", "뭐라고"): not content the bot failed to understand.
FUNCTION_SYLLABLES = frozenset("하했한할합해있없되된될됐돼이그저뭐어무왜좀다잘또더거것게걸건뭔")
MONTH_NAMES = frozenset(language_data().months["en"])
# The lexicon concept for receiving money ("받은", "raised"): it turns who is the subject.
RECEIVE_CONCEPT = roles.RECEIVE
GIVE_CONCEPT = roles.GIVE
CONFIRM_CONCEPT = roles.CONFIRM
REPORTED_BY_CONCEPT = roles.REPORTED_BY
_YES_NO_OPENERS = frozenset(
    {
        *("is", "was", "did", "does", "are", "were", "has", "have"),
        *("isn", "wasn", "didn", "doesn", "aren", "weren", "hasn", "haven"),
    }
)
MONEY_CONCEPTS = frozenset({GIVE_CONCEPT, RECEIVE_CONCEPT})
# Time words at most this many units apart ("January of 2023") form one time expression.
TIME_EXPRESSION_GAP = 2
# A year written as a number, in a time expression: "year:2023".
YEAR_TOKEN = "year:"

Side = Literal["target", "source"]
# "subject" (A가/은) and "agent" (by A) name the one doing the verb: who that is in the deal
# depends on whether the verb gives or receives money.
Marked = Literal["target", "source", "subject", "agent", "excluded", "dative"]

# Korean particles after a name: "앤트로픽에" (money goes to it),
# "아마존에서", "아마존으로부터" (money comes from it).
_SOURCE_PARTICLES = ("에서", "로부터", "으로부터", "한테서", "에게서")
_TARGET_PARTICLES = ("에다", "에")
# "오르비스한테 투자" (to it) or "오르비스한테 받은" (from it): the verb says which.
_DATIVE_PARTICLES = ("에게", "한테")
# Only the subject markers: 은/는 mark a topic ("앤트로픽은 아마존 투자금이"), not who acts.
_SUBJECT_PARTICLES = ("께서", "이", "가")
_TARGET_PREPOSITIONS = frozenset({"in", "into", "to", "toward", "towards"})
_SOURCE_PREPOSITIONS = frozenset({"from"})
_AGENT_PREPOSITIONS = frozenset({"by"})
# "Besides Apple and Nvidia, which backer ...", "애플 말고": names the answer must leave out.
_EXCLUDING_WORDS = frozenset({"besides", "except", "excluding"})
_EXCLUDING_PHRASES = (("apart", "from"), ("aside", "from"), ("other", "than"))
_EXCLUDING_PARTICLES = ("말고", "외에", "빼고", "제외")
# "12월 말고", "12월이 아니라": a time said not to be meant.
_AND_PARTICLES = frozenset({"와", "과", "랑", "이랑", "하고", "및"})
# Particles joining one name to another in speech ("케스트렐이랑 오르비스").
_LIST_GLUE = frozenset({"and", "or", "the", "s"})
# "How much did Amazon invest": the name after these does the verb.
_AUXILIARIES = frozenset({"did", "does", "do", "has", "have", "had", "will", "would", "could"})
# Words opening a question rather than stating something ("will it close by June?").
_SKIPPABLE = frozenset({"the", "it", "their", "his", "her"})
# "/funding openai valuation" typed into a message: the command is not part of the question.
_SLASH_COMMAND = re.compile(r"^/(?:funding|펀딩|fund|ask)?(?![^\s])\s*|^/", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A question reduced to what the matcher compares with facts."""

    text: str
    truncated: bool
    language: Language
    entities: dict[str, Side | None]
    concepts: frozenset[str]
    unsupported: tuple[str, ...]
    outside: tuple[str, ...]
    unknown_names: tuple[str, ...]
    has_words: bool
    focus: str | None = None
    unknown_words: int = 0
    unknown_times: tuple[str, ...] = ()
    excluded: frozenset[str] = frozenset()
    confirming: bool = False
    figures: tuple[Figure, ...] = ()
    times: tuple[frozenset[str], ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    # Outlets a claim being checked names ("WSJ reported it, right?"): checked, not grounded.
    claimed_outlets: tuple[str, ...] = ()
    # Backgrounds a claim gives ("founded by ex-OpenAI researchers, right?"): checked, not
    # grounded.
    claimed_backgrounds: tuple[str, ...] = ()
    # A follow-up about the statements just given: only these may answer it.
    only_facts: frozenset[str] = frozenset()
    # "Any other startup?": statements just given, which may not answer it.
    other_than: frozenset[str] = frozenset()
    # Lettered rounds the question names ("Series A").
    rounds: frozenset[str] = frozenset()
    # "How many ...?": a count is asked, not an amount of money.
    counting: bool = False


def analyze(
    question: str,
    index: TermIndex,
    *,
    topics: frozenset[str] = frozenset(),
    times: frozenset[str] = frozenset(),
) -> Analysis:
    """Read a question: which known terms it uses, exactly or mistyped, and what is left."""
    text = _SLASH_COMMAND.sub("", normalize(question))
    truncated = len(text) > MAX_QUESTION_CHARS
    text = text[:MAX_QUESTION_CHARS]
    question_units = units(text)
    matches, left = _read_terms(question_units, index)
    # "..., not December": a time said not to be meant is not read at all.
    matches = [m for m in matches if not (m.info.concepts & times and _denied(question_units, m))]
    concepts = frozenset(c for match in matches for c in match.info.concepts)
    named = [match for match in matches if match.info.entity is not None]
    outside = [match for match in matches if match.info.outside]
    name_positions = frozenset(_positions([*named, *outside]))
    language = language_of_units(question_units, name_positions)
    figures = figures_in(text)
    time_expressions = _time_expressions(question_units, matches, left, times)
    unknown_names = (
        *_unknown_names(question_units, left),
        *_unknown_actors(question_units, left, matches),
    )
    return Analysis(
        text=text,
        truncated=truncated,
        language=language,
        entities=_entities(
            question_units,
            named,
            giving=GIVE_CONCEPT in concepts,
            receiving=RECEIVE_CONCEPT in concepts or _owned_money(question_units, matches),
        ),
        excluded=_excluded(question_units, named),
        concepts=concepts,
        unsupported=tuple(_surface(question_units, m) for m in matches if m.info.unsupported),
        outside=tuple(dict.fromkeys(_surface(question_units, m) for m in outside)),
        unknown_names=tuple(dict.fromkeys(unknown_names)),
        has_words=any(unit.kind in ("latin", "hangul") for unit in question_units),
        focus=_focus(matches, topics, language),
        figures=figures,
        times=time_expressions,
        names=_names_as_written(question_units, named),
        rounds=named_rounds(text),
        counting=asks_a_count(text),
        unknown_words=len(_unknown_words(question_units, left)),
        unknown_times=_unknown_times(question_units, left),
        confirming=_confirming(
            question_units,
            concepts,
            states_a_time=bool(time_expressions),
            figures=figures,
            # A claim has a subject: "and in March?" asks, "Cohere was founded in 2020?" claims.
            claims=bool(named) and (states_a_claim(text) or _tag_question(text)),
            open_question=asks_openly(text, definite=True),
        ),
    )


def _confirming(
    question_units: list[Unit],
    concepts: frozenset[str],
    *,
    states_a_time: bool,
    figures: tuple[Figure, ...],
    claims: bool,
    open_question: bool,
) -> bool:
    """A yes/no check of a claim ("...2016년에 나온 거 맞지?", "Did Amazon invest $5B in
    March?", "Figure raised $765m?"): answered with what the sources say, even when the
    claim's time is wrong."""
    # "Figure raised $765m?", "Cohere was founded in 2020, yes?"; not "will it close ...?"
    opener = question_units[0].surface.lower() if question_units else ""
    asks = opener in _YES_NO_OPENERS or opener in language_data().grammar["asking_openers"]
    if claims and not asks and (figures or states_a_time):
        return True
    if CONFIRM_CONCEPT in concepts:
        # "얼마였죠?", "언제였지?": an open question asked again claims nothing, unless it
        # states a figure ("얼마였지? 100억달러 맞지?").
        return bool(figures) or not open_question
    opens_yes_no = opener in _YES_NO_OPENERS
    # "Wasn't that a Bloomberg scoop?": a claim about who reported it.
    names_the_reporter = REPORTED_BY_CONCEPT in concepts
    return opens_yes_no and (states_a_time or bool(figures) or names_the_reporter)


def _read_terms(question_units: list[Unit], index: TermIndex) -> tuple[list[TermMatch], list[int]]:
    """Exact matches, then mistyped words; returns the matches in order and what is left."""
    matches, unmatched = index.scan(question_units)
    # Filler inside a mistyped word ("기업" in "기업까치") must not hide the word from fuzzy
    # matching: filler carries no meaning, so those positions are read again.
    filler = [m for m in matches if m.info.ignored]
    fuzzy = _fuzzy_matches(question_units, sorted({*unmatched, *_positions(filler)}), index)
    corrected = set(_positions(fuzzy))
    kept = [m for m in matches if not (m.info.ignored and corrected & set(_positions([m])))]
    left = [position for position in unmatched if position not in corrected]
    return sorted([*kept, *fuzzy], key=lambda m: m.start), left


def _names_as_written(question_units: list[Unit], named: list[TermMatch]) -> dict[str, str]:
    """Each entity as the question spells it; a name written twice keeps its first spelling."""
    written: dict[str, str] = {}
    for match in named:
        if match.info.entity is not None:
            written.setdefault(match.info.entity, _surface(question_units, match))
    return written


def _entities(
    question_units: list[Unit], named: list[TermMatch], *, giving: bool, receiving: bool
) -> dict[str, Side | None]:
    """Each name with the side of the deal the question puts it on, if it says."""
    marked: dict[str, Marked | None] = {}
    for match in named:
        entity = match.info.entity
        if entity is not None:
            marked[entity] = marked.get(entity) or _side_of(question_units, match)
    # The one doing the verb ("A가 ...", "did A ...", "... by A") gives money when the verb
    # gives ("투자한", "invest") and gets it when the verb receives ("받은", "raised"). Beside
    # another name, A is the one acting even without a money verb ("A가 B 지분을 보유").
    doer: Side | None = "target" if receiving else "source" if giving else None
    if doer is None and len(marked) > 1:
        doer = "source"
    # "B한테 받은": from B; "B한테 투자한": to B.
    dative: Side = "source" if receiving and not giving else "target"
    sides = {"subject": doer, "agent": doer, "dative": dative}
    return {
        entity: sides[side] if side in sides else _side(side)
        for entity, side in marked.items()
        if side != "excluded"
    }


def _excluded(question_units: list[Unit], named: list[TermMatch]) -> frozenset[str]:
    """Names the answer must leave out, with the names listed with them ("애플과 엔비디아 말고")."""
    excluded: set[str] = set()
    listed: list[str] = []
    for match in named:
        entity = match.info.entity
        if entity is None:
            continue
        if _side_of(question_units, match) == "excluded":
            excluded.update((*listed, entity))
        listed = [*listed, entity] if _tail(question_units, match) in _AND_PARTICLES else []
    return frozenset(excluded)


def _side(marked: Marked | None) -> Side | None:
    return marked if marked in ("target", "source") else None


def _time_expressions(
    question_units: list[Unit], matches: list[TermMatch], left: list[int], times: frozenset[str]
) -> tuple[frozenset[str], ...]:
    """Times said together are one expression ("작년 상반기", "January 2023"); times said apart
    belong to different parts of the question ("since 2019 ... and in January 2023"). A year
    written as a number is a time of its own: `year:2023`."""
    said: list[tuple[int, int, set[str]]] = [
        (match.start, match.end, set(match.info.concepts & times))
        for match in matches
        if match.info.concepts & times
    ]
    said += [
        (position, position + 1, {f"{YEAR_TOKEN}{question_units[position].key}"})
        for position in left
        if _is_year(question_units[position])
    ]
    groups: list[set[str]] = []
    last_end = -10
    for start, end, words in sorted(said, key=lambda item: item[0]):
        if groups and start - last_end <= TIME_EXPRESSION_GAP:
            groups[-1] |= words
        else:
            groups.append(set(words))
        last_end = end
    # "6월 라운드 전까지": "before" belongs to the time it is said of, a few words away.
    alone = [group for group in groups if group <= {roles.BEFORE}]
    if alone and len(groups) > len(alone):
        rest = [group for group in groups if not group <= {roles.BEFORE}]
        rest[-1] |= {roles.BEFORE}
        groups = rest
    return tuple(frozenset(group) for group in groups)


def _tag_question(text: str) -> bool:
    """ "150억달러 넣었지?": a Korean statement closed by a tag asking to confirm it, with no
    word of an open question ("얼마였지?" asks)."""
    ending = text.rstrip().endswith(tuple(language_data().grammar["tag_endings"]))
    return ending and not asks_openly(text, definite=True)


def _owned_money(question_units: list[Unit], matches: list[TermMatch]) -> bool:
    """ "When did SSI announce its funding?": money that is the doer's own was received."""
    grammar = language_data().grammar
    return any(
        GIVE_CONCEPT in match.info.concepts
        and match.start > 0
        and question_units[match.start - 1].surface.lower() in grammar["owning"]
        for match in matches
    )


def _denied(question_units: list[Unit], match: TermMatch) -> bool:
    """ "I meant the seed money, not December", "12월 말고": a time said not to be meant."""
    position = match.start - 1
    grammar = language_data().grammar
    skipped = grammar["skipped_before_denial"]
    while position >= 0 and question_units[position].surface.lower() in skipped:
        position -= 1
    before = question_units[position].surface.lower() if position >= 0 else ""
    after = (_tail(question_units, match), _next_word(question_units, match))
    denying = grammar["denying"]
    return before in grammar["denying_before"] or any(word.startswith(denying) for word in after)


def _is_year(unit: Unit) -> bool:
    return (
        unit.kind == "digit"
        and len(unit.key) == 4
        and unit.key.isdigit()
        and unit.key[:2] in ("19", "20")
    )


def _focus(matches: list[TermMatch], topics: frozenset[str], language: Language) -> str | None:
    """The topic the question is about: English asks it first ("what was the valuation after
    the round"), Korean last ("6월 투자 이후 몸값은")."""
    named = [concept for match in matches for concept in sorted(match.info.concepts & topics)]
    if not named:
        return None
    return named[-1] if language == "ko" else named[0]


def _fuzzy_matches(
    question_units: list[Unit], unmatched: list[int], index: TermIndex
) -> list[TermMatch]:
    found: list[TermMatch] = []
    for start, end in _unmatched_words(question_units, unmatched):
        first = question_units[start]
        if first.kind == "latin":
            info = index.fuzzy_latin(first.surface.lower())
        elif first.kind == "hangul" and first.word_start:
            word = strip_particle("".join(unit.key for unit in question_units[start:end]))
            pending = question_units[end - 1].pending
            typing = end == len(question_units) or bool(pending)
            info = index.fuzzy_hangul(word, still_typing=typing, pending=pending)
        else:
            info = None
        if info is not None and not info.ignored:
            found.append(TermMatch(start=start, end=end, info=info))
    return found


def _unmatched_words(question_units: list[Unit], unmatched: list[int]) -> list[tuple[int, int]]:
    """Group unmatched positions into words: one Latin word, or a run of Hangul syllables."""
    words: list[tuple[int, int]] = []
    for position in unmatched:
        unit = question_units[position]
        if (
            words
            and unit.kind == "hangul"
            and not unit.word_start
            and words[-1][1] == position
            and question_units[words[-1][0]].kind == "hangul"
        ):
            words[-1] = (words[-1][0], position + 1)
        else:
            words.append((position, position + 1))
    return words


def _unknown_names(question_units: list[Unit], left: list[int]) -> tuple[str, ...]:
    """Capitalised words we know nothing about, mid-sentence: most likely a company's name."""
    names = []
    for position in left:
        unit = question_units[position]
        if unit.kind != "latin" or len(unit.surface) < 2 or unit.surface.lower() in MONTH_NAMES:
            continue
        shouted = unit.surface.isupper() or any(c.isupper() for c in unit.surface[1:])
        if shouted or (unit.capitalised and not unit.sentence_start):
            names.append(unit.surface)
    return tuple(dict.fromkeys(names))


def _unknown_actors(
    question_units: list[Unit], left: list[int], matches: list[TermMatch]
) -> tuple[str, ...]:
    """An unknown word where the one paying or raising money stands ("how much did nvdaa
    invest in ...", "구굴이 앤트로픽에 투자한"): a name the bot cannot read, so no deal may be
    assumed between the names it can."""
    money_starts = {m.start for m in matches if m.info.concepts & MONEY_CONCEPTS}
    name_starts = {m.start for m in matches if m.info.entity}
    targets = [m for m in matches if m.info.entity and _side_of(question_units, m) == "target"]
    actors = []
    for start, end in _unmatched_words(question_units, left):
        first = question_units[start]
        if not money_starts:
            # "케스트렐이랑 오르비스 중에 ...": an unknown word joined to a name like a name.
            if first.kind == "hangul" and first.word_start and first.key not in FUNCTION_SYLLABLES:
                word = "".join(unit.key for unit in question_units[start:end])
                stem = strip_particle(word)
                joining = language_data().grammar["joining_names"]
                joined = word[len(stem) :] in joining and end in name_starts
                if joined and len(stem) >= 2:
                    actors.append(stem)
            continue
        if first.kind == "latin":
            before = _word_before(question_units, start)
            # "X's investment in ...": the possessive before a money word is the payer.
            possessive = end < len(question_units) and question_units[end].key == "s"
            if (before in _AUXILIARIES and end in money_starts) or (
                possessive and end + 1 in money_starts and len(first.surface) >= MIN_UNKNOWN_WORD
            ):
                actors.append(first.surface)
        elif first.kind == "hangul" and first.word_start:
            word = "".join(unit.key for unit in question_units[start:end])
            stem = strip_particle(word)
            particle = word[len(stem) :]
            followed = any(target.start >= end for target in targets)
            # "구굴이 앤트로픽에 투자한", "구글도 거기 돈 넣었어?": the one investing.
            acting = (particle in ("이", "가") and followed) or particle == "도"
            # "만들다가": a verb going on ("-다가", while making), not a name doing the deal.
            verb = particle == "가" and stem.endswith("다")
            if acting and not verb and len(stem) >= 2 and first.key not in FUNCTION_SYLLABLES:
                actors.append(stem)
    return tuple(actors)


def _word_before(question_units: list[Unit], position: int) -> str:
    position -= 1
    while position >= 0 and question_units[position].surface.lower() in _SKIPPABLE:
        position -= 1
    return question_units[position].surface.lower() if position >= 0 else ""


def _unknown_words(question_units: list[Unit], left: list[int]) -> list[str]:
    """Words that are neither known terms nor filler: what the bot did not understand."""
    words = []
    for start, end in _unmatched_words(question_units, left):
        first = question_units[start]
        if first.kind == "latin" and len(first.surface) >= MIN_UNKNOWN_WORD:
            words.append(first.surface)
        elif first.kind == "hangul" and first.word_start and first.key not in FUNCTION_SYLLABLES:
            word = "".join(unit.key for unit in question_units[start:end])
            if len(word) >= 2:
                words.append(strip_particle(word))
    return words


def _unknown_times(question_units: list[Unit], left: list[int]) -> tuple[str, ...]:
    """Months the lexicon cannot read ("13월"): never another time's figure."""
    found = []
    for position in left:
        unit = question_units[position]
        following = question_units[position + 1] if position + 1 < len(question_units) else None
        is_month = unit.kind == "digit" and following is not None and following.key == "월"
        if is_month or unit.surface.lower() in MONTH_NAMES:
            found.append(unit.surface)
    return tuple(found)


def _tail(question_units: list[Unit], match: TermMatch) -> str:
    """The Korean particle (and what follows it) written onto a name: "앤트로픽에서" -> "에서"."""
    last = question_units[match.end - 1]
    tail = ""
    for unit in question_units[match.end : match.end + 4]:
        if unit.kind != "hangul" or unit.word != last.word:
            break
        tail += unit.key
    return tail


def _receives_after(question_units: list[Unit], match: TermMatch) -> bool:
    """Whether a word starting with "받" (receive) follows within the next two words."""
    words = 0
    for unit in question_units[match.end :]:
        if unit.word_start:
            words += 1
            if words > 2:
                return False
            if unit.key == "받":
                return True
    return False


def _next_word(question_units: list[Unit], match: TermMatch) -> str:
    """The Korean word right after a name and its particle ("엔비디아 말고" -> "말고")."""
    word = ""
    for unit in question_units[match.end : match.end + 6]:
        if unit.word_start and word:
            break
        if unit.kind == "hangul" and (word or unit.word_start):
            word += unit.key
    return word


def _side_of(question_units: list[Unit], match: TermMatch) -> Marked | None:
    """Which side of a deal the question puts a name on, from the particle or preposition."""
    tail = _tail(question_units, match)
    if tail.startswith(_EXCLUDING_PARTICLES) or _next_word(question_units, match).startswith(
        _EXCLUDING_PARTICLES
    ):
        return "excluded"
    if tail.startswith(_SOURCE_PARTICLES):
        return "source"
    if tail.startswith(_DATIVE_PARTICLES):
        # "와에드벤처스한테 받은", "와에드한테 얼마 받음?": the money came from it.
        return "source" if _receives_after(question_units, match) else "dative"
    if tail.startswith(_TARGET_PARTICLES) or tail == "엔":  # "미스트랄엔" (에는)
        return "target"
    if tail.startswith(_SUBJECT_PARTICLES):
        return "subject"
    position = match.start - 1
    while position >= 0 and question_units[position].surface.lower() in _SKIPPABLE:
        position -= 1
    if _follows_exclusion(question_units, match.start):
        return "excluded"
    if position >= 0 and question_units[position].kind == "latin":
        before = question_units[position].surface.lower()
        if before in _TARGET_PREPOSITIONS:
            return "target"
        if before in _SOURCE_PREPOSITIONS:
            return "source"
        # "did Amazon invest", but "which outlet had the Mistral funding": before "the", a
        # verb owns the name's deal, it does not make the name act.
        owned = question_units[position + 1].surface.lower() == "the"
        if before in _AGENT_PREPOSITIONS or (before in _AUXILIARIES and not owned):
            return "agent"
    return None


def _positions(matches: list[TermMatch]) -> list[int]:
    return [position for match in matches for position in range(match.start, match.end)]


def _follows_exclusion(question_units: list[Unit], start: int) -> bool:
    """Whether a name is listed right after "besides", "apart from", ... ("besides Apple and
    Nvidia"), with nothing but names and "and" between: "besides buying chips, what are the
    Chinese firms ..." excludes nothing."""
    position = start - 1
    while position >= 0 and (
        question_units[position].key in _LIST_GLUE or question_units[position].capitalised
    ):
        if question_units[position].surface.lower() in _EXCLUDING_WORDS:
            return True
        position -= 1
    if position < 0:
        return False
    word = question_units[position].surface.lower()
    pair = (question_units[position - 1].surface.lower(), word) if position > 0 else ("", word)
    return word in _EXCLUDING_WORDS or pair in _EXCLUDING_PHRASES


def _surface(question_units: list[Unit], match: TermMatch) -> str:
    text = ""
    for unit in question_units[match.start : match.end]:
        if text and (unit.kind != "hangul" or unit.word_start):
            text += " "
        text += unit.surface
    return text
