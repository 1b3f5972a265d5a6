import shutil
from pathlib import Path

import pytest

from knowledge.loader import DEFAULT_DIR, KnowledgeError, check_path, load_knowledge

ARTICLE = "chosunbiz-2024-09-02-ai-funding"


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def article_path(root: Path) -> Path:
    return root / "articles" / f"{ARTICLE}.toml"


def edit_article(root: Path, old: str, new: str) -> None:
    path = article_path(root)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    return str(caught.value)


def test_the_shipped_knowledge_loads_every_article_fact() -> None:
    kb = load_knowledge()
    assert len(kb.articles) == 1
    assert len(kb.facts) >= 35
    assert kb.articles[0].published.isoformat() == "2024-09-02"


def test_facts_keep_figures_krw_conversions_and_qualifiers() -> None:
    kb = load_knowledge()
    total = kb.by_id["amazon-anthropic-total"].fact
    assert total.money[0].amount == 4e9
    assert total.money[0].krw == 5.35e12
    assert kb.by_id["openai-round-size"].fact.money[0].qualifier == "about"
    assert kb.by_id["openai-apple-nvidia-considering"].fact.status == "considering"
    assert kb.by_id["bat-ai-spending-h1-2024"].fact.money[0].qualifier == "more_than"
    reporter = kb.by_id["openai-round-valuation"].fact.reporter
    assert reporter is not None
    assert reporter.entity == "wsj"


def test_broken_toml_names_the_file(knowledge_dir: Path) -> None:
    article_path(knowledge_dir).write_text("[article\nid = ", encoding="utf-8")
    assert f"{ARTICLE}.toml: not valid TOML" in problems_of(knowledge_dir)


def test_a_missing_field_names_the_fact_and_the_field(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'topics = ["loss"]\n', "")
    message = problems_of(knowledge_dir)
    assert "fact openai-loss-2024: topics: Field required" in message


def test_a_wrong_value_names_the_fact_and_the_field(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'currency = "USD", krw = 7e12', 'currency = "KRW?", krw = 7e12')
    assert "fact openai-loss-2024: money.0.currency" in problems_of(knowledge_dir)


def test_an_unknown_field_is_rejected(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'kind = "loss"\n', 'kind = "loss"\nvaluation = 3\n')
    assert "fact openai-loss-2024: valuation: Extra inputs are not permitted" in problems_of(
        knowledge_dir
    )


def test_an_unknown_entity_is_named(knowledge_dir: Path) -> None:
    edit_article(
        knowledge_dir,
        '{ entity = "openai", role = "subject" }',
        '{ entity = "opnai", role = "subject" }',
    )
    assert "fact openai-loss-2024: participants.0.entity: unknown entity 'opnai'" in problems_of(
        knowledge_dir
    )


def test_an_unknown_concept_is_named(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'topics = ["loss"]', 'topics = ["losss"]')
    assert "fact openai-loss-2024: topics.0: unknown concept 'losss'" in problems_of(knowledge_dir)


def test_a_cue_cannot_be_a_topic(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'topics = ["loss"]', 'topics = ["total"]')
    assert "topics.0: 'total' is a cue, not a topic" in problems_of(knowledge_dir)


def test_a_quote_must_be_the_articles_own_words(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, "50억달러(약 7조원)의 적자를", "60억달러(약 7조원)의 적자를")
    assert "fact openai-loss-2024: quote: not found in" in problems_of(knowledge_dir)


def test_duplicate_fact_ids_are_rejected(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'id = "openai-round-lead"', 'id = "openai-loss-2024"')
    assert "fact openai-loss-2024: id: already used" in problems_of(knowledge_dir)


def test_a_broken_lexicon_is_named(knowledge_dir: Path) -> None:
    lexicon = knowledge_dir / "lexicon.toml"
    lexicon.write_text('[concepts.loss]\nkind = "feeling"\nterms = ["loss"]\n', encoding="utf-8")
    assert "lexicon.toml: concept loss: kind: must be one of" in problems_of(knowledge_dir)


def test_every_problem_is_reported_at_once(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'topics = ["loss"]', 'topics = ["losss"]')
    edit_article(knowledge_dir, 'topics = ["stake"]', 'topics = ["stakes"]')
    assert len(problems_of(knowledge_dir).splitlines()) == 2


def test_a_second_article_is_just_another_file(knowledge_dir: Path) -> None:
    (knowledge_dir / "articles" / "example-2025-01-01.toml").write_text(
        """
[article]
id = "example-2025-01-01"
outlet = { ko = "예시일보", en = "Example Daily" }
published = 2025-01-01
title = "Example"
language = "en"

[[entities]]
id = "examplecorp"
kind = "company"
name = { ko = "예시코프", en = "ExampleCorp" }
aliases = ["ExampleCorp", "예시코프"]

[[facts]]
id = "examplecorp-valuation"
kind = "valuation"
participants = [{ entity = "examplecorp", role = "investee" }]
topics = ["valuation"]
money = [{ amount = 2e9, currency = "USD" }]
quote = "ExampleCorp is valued at $2 billion."
answer.ko = "예시코프의 기업가치는 20억달러입니다."
answer.en = "ExampleCorp is valued at $2 billion."
example = { ko = "예시코프 기업가치?", en = "ExampleCorp valuation?" }
""",
        encoding="utf-8",
    )
    kb = load_knowledge(knowledge_dir)
    assert "examplecorp-valuation" in kb.by_id
    assert len(kb.articles) == 2


def test_check_path_validates_a_single_article_file() -> None:
    kb = check_path(DEFAULT_DIR / "articles" / f"{ARTICLE}.toml")
    assert len(kb.facts) >= 35


def test_check_path_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="no such file"):
        check_path(tmp_path / "nope.toml")


def test_a_name_that_means_two_entities_is_rejected(knowledge_dir: Path) -> None:
    entities = knowledge_dir / "entities.toml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(
        text.replace('"애플", "Apple",', '"애플", "Apple", "AWS",'), encoding="utf-8"
    )
    assert "'AWS' is also a name of" in problems_of(knowledge_dir)


def test_a_text_file_outside_the_articles_folder_is_rejected(knowledge_dir: Path) -> None:
    edit_article(knowledge_dir, 'text_file = "', 'text_file = "../')
    assert "text_file: must be a file beside the article file" in problems_of(knowledge_dir)


def test_entities_that_are_not_a_list_are_named(knowledge_dir: Path) -> None:
    (knowledge_dir / "entities.toml").write_text("entities = 5\n", encoding="utf-8")
    assert "entities.toml: entities: must be a list" in problems_of(knowledge_dir)


def test_opposites_must_name_known_concepts(knowledge_dir: Path) -> None:
    lexicon = knowledge_dir / "lexicon.toml"
    text = lexicon.read_text(encoding="utf-8")
    lexicon.write_text(
        text.replace('pairs = [["first", "additional"]]', 'pairs = [["first", "nope"]]'),
        encoding="utf-8",
    )
    assert "opposites.pairs.0: must name two known concepts" in problems_of(knowledge_dir)
