"""Lexicon concepts the answering code relies on by id. A lexicon missing any of them is
broken (a load error), not a source of silently unanswered questions."""

from __future__ import annotations

GIVE = "invest"
RECEIVE = "receive"
CONFIRM = "confirm"
ASK_AMOUNT = "ask_amount"
ASK_WHO = "ask_who"
ASK_WHEN = "ask_when"
REPORTED_BY = "reported_by"
SOURCE = "source"
PUBLISHED = "published"
AUTHOR = "author"
ARTICLE = "article"
TITLE = "title"
KRW = "krw"
LIST_ALL = "list_all"
# "in total", "so far": a cumulative figure (and, in a sum, the sum itself).
TOTAL = "total"
# "before the March tranche": a time relation, and (with a cumulative figure) a subtraction.
BEFORE = "before"
# "the one before", "그 전 투자": in a follow-up, before the time of the answer just given.
PREVIOUS = "previous"
# "Its next round": a deal still to come, which only an unsettled statement is about.
UPCOMING = "upcoming"
# "Back then", "그때": in a follow-up, the time of the answer just given.
THEN = "then"
# "Each" (각각): a statement giving each investor's own figure.
EACH = "each"
# "What stake?", "지분 몇 %": a percentage the sources state, never one computed.
STAKE = "stake"
# "How much did it grow?": answered by a statement saying by how much, in words or figures.
GROWTH = "growth"

REQUIRED = frozenset(
    {
        GIVE,
        RECEIVE,
        CONFIRM,
        ASK_AMOUNT,
        ASK_WHO,
        ASK_WHEN,
        REPORTED_BY,
        SOURCE,
        PUBLISHED,
        AUTHOR,
        ARTICLE,
        TITLE,
        KRW,
        LIST_ALL,
        TOTAL,
        BEFORE,
        PREVIOUS,
        UPCOMING,
        THEN,
        EACH,
        STAKE,
        GROWTH,
    }
)
