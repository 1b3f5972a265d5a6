"""Button custom ids: each carries everything its button needs, so buttons outlive restarts.

Discord sends the custom_id back when a button is clicked, so the state a click needs (which
fact, which language, which answer to vote on) is encoded in it, within Discord's 100 characters.
"""

from __future__ import annotations

from handlers.models import Language

CUSTOM_ID_LIMIT = 100
FACT_IDS_SEPARATOR = ","

SHARE_TEMPLATE = r"fb:share:(?P<language>ko|en)"
SUGGESTION_TEMPLATE = r"fb:fact:(?P<fact_id>[^:,]+):(?P<language>ko|en)"
VOTE_TEMPLATE = r"fb:vote:(?P<vote>up|down):(?P<language>ko|en):(?P<fact_ids>[^:]+)"


def share_id(language: Language) -> str:
    """The Share button's id."""
    return f"fb:share:{language}"


def suggestion_id(fact_id: str, language: Language) -> str | None:
    """A "did you mean" button's id, or None when the fact id cannot fit or be parsed back."""
    if not fact_id or ":" in fact_id or FACT_IDS_SEPARATOR in fact_id:
        return None
    custom_id = f"fb:fact:{fact_id}:{language}"
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else None


def vote_id(fact_ids: tuple[str, ...], *, helpful: bool, language: Language) -> str | None:
    """A 👍/👎 button's id, carrying as many of the answer's fact ids as fit (None if none)."""
    prefix = f"fb:vote:{'up' if helpful else 'down'}:{language}:"
    kept: list[str] = []
    for fact_id in fact_ids:
        if not fact_id or ":" in fact_id or FACT_IDS_SEPARATOR in fact_id:
            continue
        candidate = FACT_IDS_SEPARATOR.join([*kept, fact_id])
        if len(prefix) + len(candidate) > CUSTOM_ID_LIMIT:
            break
        kept.append(fact_id)
    return prefix + FACT_IDS_SEPARATOR.join(kept) if kept else None


def parse_fact_ids(packed: str) -> tuple[str, ...]:
    """The fact ids a vote button carries."""
    return tuple(part for part in packed.split(FACT_IDS_SEPARATOR) if part)


def parse_language(value: str) -> Language:
    """The language a custom id names (the templates only match "ko" or "en")."""
    return "ko" if value == "ko" else "en"
