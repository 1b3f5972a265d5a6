"""`funding-bot report`: what people asked that the bot could not answer, and disliked facts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.journal import SqliteJournal, UnansweredRow
from handlers.text import normalize
from knowledge.base import KnowledgeBase

# Questions at least this similar (token set ratio, 0-100) are one group.
SAME_QUESTION_CUTOFF = 75.0


@dataclass
class QuestionGroup:
    """Questions asked in much the same words, with the fact nearest to them."""

    representative: str
    rows: list[UnansweredRow] = field(default_factory=list)

    @property
    def nearest_fact(self) -> str | None:
        counts = Counter(row.nearest_fact for row in self.rows if row.nearest_fact)
        return counts.most_common(1)[0][0] if counts else None


def group_questions(
    rows: list[UnansweredRow], *, cutoff: float = SAME_QUESTION_CUTOFF
) -> list[QuestionGroup]:
    """Greedy grouping by similarity, most frequent group first."""
    groups: list[QuestionGroup] = []
    for row in rows:
        text = normalize(row.question).lower()
        for group in groups:
            if fuzz.token_set_ratio(text, group.representative) >= cutoff:
                group.rows.append(row)
                break
        else:
            groups.append(QuestionGroup(representative=text, rows=[row]))
    return sorted(groups, key=lambda g: -len(g.rows))


def render_report(journal: SqliteJournal, kb: KnowledgeBase, *, limit: int = 20) -> str:
    """The curation report: frequent unanswered questions, then the most disliked facts."""
    lines = ["Most frequent unanswered or low-confidence questions:"]
    groups = group_questions(journal.unanswered())
    if not groups:
        lines.append("  (none recorded)")
    for group in groups[:limit]:
        first = group.rows[0]
        nearest = group.nearest_fact
        lines.append(
            f"  {len(group.rows):>4} × {first.question!r} ({first.language}, {first.kind})"
        )
        if nearest and nearest in kb.by_id:
            lines.append(f"         nearest fact: {nearest}: {kb.by_id[nearest].fact.example.en}")
    lines.append("Facts with the most 👎:")
    disliked = journal.disliked_facts()
    if not disliked:
        lines.append("  (none recorded)")
    for fact_id, down, up in disliked:
        lines.append(f"  {fact_id}: {down} 👎, {up} 👍")
    return "\n".join(lines)
