"""A small knowledge base each rule test builds itself: fictional companies, one article.

It uses the shipped lexicon (the words of the language and the domain) and nothing else of the
shipped knowledge, so a rule that only works for the real article's wording fails here.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.base import KnowledgeBase
from knowledge.loader import DEFAULT_DIR, load_knowledge

ENTITIES = """
[[entities]]
id = "orbis"
kind = "company"
name = { ko = "오르비스", en = "Orbis Labs" }
aliases = ["오르비스", "Orbis", "Orbis Labs"]

[[entities]]
id = "voltaic"
kind = "company"
name = { ko = "볼타익", en = "Voltaic" }
aliases = ["볼타익", "Voltaic", "VLT"]

[[entities]]
id = "kestrel"
kind = "company"
name = { ko = "케스트렐", en = "Kestrel" }
aliases = ["케스트렐", "Kestrel"]

[[entities]]
id = "nimbus"
kind = "company"
name = { ko = "님버스", en = "Nimbus" }
aliases = ["님버스", "Nimbus"]

[[entities]]
id = "berg"
kind = "person"
name = { ko = "한나 베르크", en = "Hanna Berg" }
aliases = ["한나 베르크", "Hanna Berg"]

[[entities]]
id = "ledger"
kind = "outlet"
name = { ko = "데일리 레저", en = "Daily Ledger" }
aliases = ["데일리 레저", "Daily Ledger"]

[[entities]]
id = "post"
kind = "outlet"
name = { ko = "모닝포스트", en = "Morning Post" }
aliases = ["모닝포스트", "Morning Post"]

[[entities]]
id = "testnews"
kind = "outlet"
name = { ko = "테스트뉴스", en = "Test News" }
aliases = ["테스트뉴스", "Test News"]
"""

TEXT = (
    "볼타익은 오르비스에 모두 30억달러를 투자했다. "
    "볼타익은 지난 3월 오르비스에 10억달러를 추가로 투자했다. "
    "오르비스는 6월 볼타익과 케스트렐로부터 6억유로를 유치했다. "
    "볼타익은 오르비스 지분 20%를 보유하고 있다. "
    "오르비스는 10월 새 서비스를 출시한다. "
    "케스트렐은 2023년 오르비스에 5억달러를 투자했다. "
    "님버스는 5월 시리즈A로 2억달러를 유치했다. "
    "님버스의 5월 라운드는 케스트렐이 주도했다. "
    "님버스의 기업가치는 20억달러로 평가됐다. "
    "오르비스의 새 서비스 요금은 월 20달러다. "
    "케스트렐은 유럽의 AI 스타트업이다. "
    "케스트렐은 2021년 유럽 출신 한나 베르크가 세웠다. "
    "케스트렐은 2022년 님버스에 1억달러를 투자했다. "
    "케스트렐은 2021년 볼타익에 5000만달러를 투자했다. "
    "오르비스는 2019년 설립됐다.\n"
)


def fact(
    fact_id: str, kind: str, participants: str, topics: str, extra: str, quote: str, en: str
) -> str:
    return f"""
[[facts]]
id = "{fact_id}"
kind = "{kind}"
participants = [{participants}]
topics = [{topics}]
{extra}
quote = "{quote}"
answer.ko = "{quote}"
answer.en = "{en}"
example.ko = "{fact_id} 질문"
example.en = "{fact_id} question"
"""


VOLTAIC_IN_ORBIS = (
    '{ entity = "voltaic", role = "investor" }, { entity = "orbis", role = "investee" }'
)
REPORTED = 'reporter = { entity = "ledger", reported = 2024-08-01 }'

ARTICLE = (
    """
[article]
id = "testnews-2024-09-01"
outlet = { ko = "테스트뉴스", en = "Test News" }
outlet_entity = "testnews"
published = 2024-09-01
title = "Orbis test article"
language = "ko"
text_file = "testnews-2024-09-01.ko.txt"
"""
    + fact(
        "orbis-total",
        "investment",
        VOLTAIC_IN_ORBIS,
        '"invest"',
        'cues = ["total"]\nmoney = [{ amount = 3e9, currency = "USD" }]\n' + REPORTED,
        "볼타익은 오르비스에 모두 30억달러를 투자했다.",
        "Voltaic has invested $3 billion in Orbis Labs in total.",
    )
    + fact(
        "orbis-march",
        "investment",
        VOLTAIC_IN_ORBIS,
        '"invest"',
        'cues = ["additional"]\nwhen = "2024-03"\nmoney = [{ amount = 1e9, currency = "USD" }]',
        "볼타익은 지난 3월 오르비스에 10억달러를 추가로 투자했다.",
        "Voltaic added $1 billion to Orbis Labs in March 2024.",
    )
    + fact(
        "orbis-june-round",
        "funding_round",
        '{ entity = "voltaic", role = "investor" }, { entity = "kestrel", role = "investor" },'
        ' { entity = "orbis", role = "investee" }',
        '"round", "invest"',
        'when = "2024-06"\nmoney = [{ amount = 6e8, currency = "EUR" }]',
        "오르비스는 6월 볼타익과 케스트렐로부터 6억유로를 유치했다.",
        "Orbis Labs raised €600 million from Voltaic and Kestrel in June 2024.",
    )
    + fact(
        "orbis-stake",
        "stake",
        VOLTAIC_IN_ORBIS,
        '"stake"',
        "percent = 20",
        "볼타익은 오르비스 지분 20%를 보유하고 있다.",
        "Voltaic holds a 20% stake in Orbis Labs.",
    )
    + fact(
        "kestrel-orbis-2023",
        "investment",
        '{ entity = "kestrel", role = "investor" }, { entity = "orbis", role = "investee" }',
        '"invest"',
        'when = "2023"\nmoney = [{ amount = 5e8, currency = "USD" }]',
        "케스트렐은 2023년 오르비스에 5억달러를 투자했다.",
        "Kestrel invested $500 million in Orbis Labs in 2023.",
    )
    + fact(
        "nimbus-may-round",
        "funding_round",
        '{ entity = "kestrel", role = "lead" }, { entity = "nimbus", role = "investee" }',
        '"round"',
        'when = "2024-05"\nmoney = [{ amount = 2e8, currency = "USD" }]',
        "님버스는 5월 시리즈A로 2억달러를 유치했다.",
        "Nimbus raised $200 million in a Series A in May 2024.",
    )
    + fact(
        "nimbus-may-lead",
        "funding_round",
        '{ entity = "kestrel", role = "lead" }, { entity = "nimbus", role = "investee" }',
        '"lead", "round"',
        'when = "2024-05"',
        "님버스의 5월 라운드는 케스트렐이 주도했다.",
        "Kestrel led Nimbus's May 2024 round.",
    )
    + fact(
        "nimbus-valuation",
        "valuation",
        '{ entity = "nimbus", role = "investee" }',
        '"valuation"',
        'when = "2024-05"\nmoney = [{ amount = 2e9, currency = "USD" }]',
        "님버스의 기업가치는 20억달러로 평가됐다.",
        "Nimbus was valued at $2 billion in May 2024.",
    )
    + fact(
        "orbis-service-price",
        "price",
        '{ entity = "orbis", role = "subject" }',
        '"price"',
        'money = [{ amount = 20, currency = "USD" }]',
        "오르비스의 새 서비스 요금은 월 20달러다.",
        "Orbis Labs' new service costs $20 a month.",
    )
    + fact(
        "kestrel-profile",
        "company",
        '{ entity = "kestrel", role = "subject" }',
        '"profile"',
        'cues = ["europe", "startup"]',
        "케스트렐은 유럽의 AI 스타트업이다.",
        "Kestrel is a European AI start-up.",
    )
    + fact(
        "kestrel-founding",
        "founding",
        '{ entity = "kestrel", role = "subject" }, { entity = "berg", role = "person" }',
        '"founding"',
        'cues = ["europe"]\nwhen = "2021"',
        "케스트렐은 2021년 유럽 출신 한나 베르크가 세웠다.",
        "Kestrel was founded in 2021 by Hanna Berg, from Europe.",
    )
    + fact(
        "kestrel-nimbus-2022",
        "investment",
        '{ entity = "kestrel", role = "investor" }, { entity = "nimbus", role = "investee" }',
        '"invest"',
        'when = "2022"\nmoney = [{ amount = 1e8, currency = "USD" }]',
        "케스트렐은 2022년 님버스에 1억달러를 투자했다.",
        "Kestrel invested $100 million in Nimbus in 2022.",
    )
    + fact(
        "kestrel-voltaic-2021",
        "investment",
        '{ entity = "kestrel", role = "investor" }, { entity = "voltaic", role = "investee" }',
        '"invest"',
        'when = "2021"\nmoney = [{ amount = 5e7, currency = "USD" }]',
        "케스트렐은 2021년 볼타익에 5000만달러를 투자했다.",
        "Kestrel invested $50 million in Voltaic in 2021.",
    )
    + fact(
        "orbis-founding",
        "founding",
        '{ entity = "orbis", role = "subject" }',
        '"founding"',
        'when = "2019"',
        "오르비스는 2019년 설립됐다.",
        "Orbis Labs was founded in 2019.",
    )
    + fact(
        "orbis-launch",
        "launch",
        '{ entity = "orbis", role = "subject" }',
        '"launch"',
        'when = "2024-10"',
        "오르비스는 10월 새 서비스를 출시한다.",
        "Orbis Labs launches a new service in October 2024.",
    )
)


def build(directory: Path, *, lexicon: str | None = None) -> Path:
    """Write the knowledge directory; `lexicon` replaces the shipped lexicon's text."""
    (directory / "articles").mkdir(parents=True)
    lexicon_text = lexicon or (DEFAULT_DIR / "lexicon.toml").read_text(encoding="utf-8")
    (directory / "lexicon.toml").write_text(lexicon_text, encoding="utf-8")
    (directory / "entities.toml").write_text(ENTITIES, encoding="utf-8")
    articles = directory / "articles"
    (articles / "testnews-2024-09-01.toml").write_text(ARTICLE, encoding="utf-8")
    (articles / "testnews-2024-09-01.ko.txt").write_text(TEXT, encoding="utf-8")
    return directory


def load(directory: Path) -> KnowledgeBase:
    return load_knowledge(build(directory))


def load_edited(directory: Path, old: str, new: str) -> KnowledgeBase:
    """The knowledge base with one edit to its article's TOML (a status, a qualifier, ...)."""
    article = build(directory) / "articles" / "testnews-2024-09-01.toml"
    text = article.read_text(encoding="utf-8")
    assert old in text, old
    article.write_text(text.replace(old, new), encoding="utf-8")
    return load_knowledge(directory)


__all__ = ["build", "fact", "load", "load_edited"]


def load_with(
    directory: Path, fact_toml: str, quote: str, *, edit: tuple[str, str] | None = None
) -> KnowledgeBase:
    """The knowledge base with one more statement: its TOML (from `fact`) and its quoted
    sentence added to the article; `edit` (old, new) also changes the article's TOML."""
    articles = build(directory) / "articles"
    text_file = articles / "testnews-2024-09-01.ko.txt"
    text_file.write_text(text_file.read_text(encoding="utf-8") + quote + "\n", encoding="utf-8")
    article = articles / "testnews-2024-09-01.toml"
    text = article.read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text, edit[0]
        text = text.replace(*edit)
    article.write_text(text + fact_toml, encoding="utf-8")
    return load_knowledge(directory)
