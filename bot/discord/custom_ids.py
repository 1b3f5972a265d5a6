"""Button custom ids: each carries everything its button needs, so buttons outlive restarts.

Discord sends the custom_id back when a button is clicked, so the state a click needs (which
fact, which language, which answer to vote on) is encoded in it, within Discord's 100 characters.
A vote carries fact tokens (8 characters each) rather than fact ids, so that every fact of a
multi-fact answer fits.
"""

from __future__ import annotations

from handlers.models import Language

CUSTOM_ID_LIMIT = 100
TOKEN_SEPARATOR = ","

SHARE_TEMPLATE = r"fb:share:(?P<language>ko|en)"
SUGGESTION_TEMPLATE = r"fb:fact:(?P<fact_id>[^:,]+):(?P<language>ko|en)"
VOTE_TEMPLATE = r"fb:vote:(?P<vote>up|down):(?P<language>ko|en):(?P<tokens>[^:]+)"


def share_id(language: Language) -> str:
    """The Share button's id."""
    return f"fb:share:{language}"


def suggestion_id(fact_id: str, language: Language) -> str | None:
    """A "did you mean" button's id, or None when the fact id cannot fit or be parsed back."""
    if not _packable(fact_id):
        return None
    custom_id = f"fb:fact:{fact_id}:{language}"
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else None


def vote_id(tokens: tuple[str, ...], *, helpful: bool, language: Language) -> str | None:
    """A 👍/👎 button's id carrying the answer's fact tokens, or None when it has none."""
    prefix = f"fb:vote:{'up' if helpful else 'down'}:{language}:"
    kept = [token for token in tokens if _packable(token)]
    # Three 8-character tokens take 26 of the 84 characters left; the cut only guards the limit.
    while kept and len(prefix) + len(TOKEN_SEPARATOR.join(kept)) > CUSTOM_ID_LIMIT:
        kept.pop()
    return prefix + TOKEN_SEPARATOR.join(kept) if kept else None


def parse_tokens(packed: str) -> tuple[str, ...]:
    """The fact tokens a vote button carries."""
    return tuple(part for part in packed.split(TOKEN_SEPARATOR) if part)


def _packable(part: str) -> bool:
    # A part holding a separator would be split differently when the click comes back.
    return bool(part) and ":" not in part and TOKEN_SEPARATOR not in part


def parse_language(value: str) -> Language:
    """The language a custom id names (the templates only match "ko" or "en")."""
    return "ko" if value == "ko" else "en"
