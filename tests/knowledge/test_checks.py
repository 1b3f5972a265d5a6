import shutil
from pathlib import Path

import pytest

from knowledge.checks import CheckReport, check_knowledge
from knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge

ARTICLE = "chosunbiz-2024-09-02-ai-funding"


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def article(root: Path) -> Path:
    return root / "articles" / f"{ARTICLE}.toml"


def errors_of(root: Path) -> list[str]:
    return list(check_knowledge(root).errors)


def test_the_shipped_knowledge_passes_every_check() -> None:
    report = check_knowledge(DEFAULT_DIR)
    assert report.ok, report.errors
    assert report.summary.startswith("1 article(s), 43 facts")


def test_a_figure_the_quote_does_not_state_is_one_error(knowledge_dir: Path) -> None:
    edit(article(knowledge_dir), "money = [{ amount = 4e9,", "money = [{ amount = 4e10,")
    errors = errors_of(knowledge_dir)
    assert len(errors) == 1
    assert "fact amazon-anthropic-total: money.0.amount: 4e10 USD is not a figure" in errors[0]
    assert "40억달러 = 4e9 USD" in errors[0]


def test_a_wrong_won_conversion_and_range_end_are_named(knowledge_dir: Path) -> None:
    edit(article(knowledge_dir), "krw = 5.35e12", "krw = 5.3e12")
    edit(article(knowledge_dir), "amount_max = 10,", "amount_max = 12,")
    errors = errors_of(knowledge_dir)
    assert any("amazon-anthropic-total: money.0.krw: 5.3e12 KRW" in e for e in errors)
    assert any("alexa-next-price: money.0.amount_max: 12 USD" in e for e in errors)
    assert len(errors) == 2


def test_a_stake_percentage_must_be_quoted(knowledge_dir: Path) -> None:
    edit(article(knowledge_dir), "percent = 49", "percent = 94")
    assert errors_of(knowledge_dir) == [
        f"{article(knowledge_dir)}: fact microsoft-openai-stake: percent: 94% is not in the "
        "quote (it has 49%)"
    ]


def test_a_when_the_quote_does_not_name_is_an_error(knowledge_dir: Path) -> None:
    edit(article(knowledge_dir), 'when = "2024-03"', 'when = "2024-04"')
    errors = errors_of(knowledge_dir)
    assert len(errors) == 1
    assert "fact amazon-anthropic-march-2024: when: '2024-04' is not a time" in errors[0]
    assert "지난 3월 = 2024-03, resolved against 2024-09-02" in errors[0]


def test_relative_times_resolve_against_the_published_date(knowledge_dir: Path) -> None:
    # "지난해 12월" in an article of 2024-09-02 is December 2023, not 2024.
    edit(article(knowledge_dir), 'when = "2023-12"', 'when = "2024-12"')
    assert any("mistral-december-2023-round: when" in e for e in errors_of(knowledge_dir))


def test_a_time_left_to_the_paragraph_is_accepted_but_not_an_invented_one(
    knowledge_dir: Path,
) -> None:
    # "알리바바와 텐센트는 각각 ..." takes "올해 상반기" from the sentence before it.
    assert check_knowledge(knowledge_dir).ok
    edit(article(knowledge_dir), 'when = "2024-H1"\nreporter', 'when = "2024-03"\nreporter')
    assert len(errors_of(knowledge_dir)) == 1


def test_a_relative_when_is_rejected_naming_the_accepted_forms(knowledge_dir: Path) -> None:
    edit(article(knowledge_dir), 'when = "2024-03"', 'when = "지난 3월"')
    errors = errors_of(knowledge_dir)
    assert len(errors) == 1
    assert "fact amazon-anthropic-march-2024: when: not an absolute period" in errors[0]
    assert "month (2024-03)" in errors[0]
    assert "half (2024-H1)" in errors[0]


def test_a_broken_entities_file_is_one_error_not_a_cascade(knowledge_dir: Path) -> None:
    (knowledge_dir / "entities.toml").write_text("[[entities]\nid = ", encoding="utf-8")
    errors = errors_of(knowledge_dir)
    assert len(errors) == 1
    assert "entities.toml: not valid TOML" in errors[0]


def test_a_broken_entity_does_not_make_its_references_unknown(knowledge_dir: Path) -> None:
    edit(knowledge_dir / "entities.toml", 'kind = "company"', 'kind = "firm"')
    errors = errors_of(knowledge_dir)
    assert len(errors) == 1
    assert "entity openai: kind" in errors[0]


def test_an_unknown_entity_is_still_named(knowledge_dir: Path) -> None:
    edit(
        article(knowledge_dir),
        '{ entity = "openai", role = "subject" }]',
        '{ entity = "opnai", role = "subject" }]',
    )
    assert errors_of(knowledge_dir) == [
        f"{article(knowledge_dir)}: fact openai-loss-2024: participants.0.entity: "
        "unknown entity 'opnai'"
    ]


def test_a_fact_error_does_not_add_an_empty_facts_error(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_DIR, root)
    text = article(root).read_text(encoding="utf-8")
    first, second = text.split("[[facts]]")[:2]
    article(root).write_text(
        first + "[[facts]]" + second.replace('kind = "loss"', 'kind = "loss?"'), encoding="utf-8"
    )
    errors = errors_of(root)
    assert len(errors) == 1
    assert "fact openai-loss-2024: kind: Input should be" in errors[0]


def test_todo_markers_are_reported_once_each_with_the_choices(knowledge_dir: Path) -> None:
    edit(article(knowledge_dir), 'kind = "loss"', 'kind = "TODO loss"')
    edit(
        article(knowledge_dir),
        'role = "subject" }]\ntopics = ["loss"]',
        'role = "TODO" }]\ntopics = ["loss"]',
    )
    edit(
        article(knowledge_dir),
        'answer.en = "OpenAI, the maker',
        'answer.en = "TODO OpenAI, the maker',
    )
    errors = errors_of(knowledge_dir)
    assert len(errors) == 3
    assert any(
        "fact openai-loss-2024: kind: still TODO (draft guess: loss; allowed: investment," in e
        for e in errors
    )
    assert any(
        "participants.0.role: still TODO (to be decided; allowed: investor," in e for e in errors
    )
    assert any("answer.en: still TODO" in e for e in errors)
    with pytest.raises(KnowledgeError):
        load_knowledge(knowledge_dir)


def warnings_of(root: Path) -> CheckReport:
    report = check_knowledge(root)
    assert report.ok, report.errors
    return report


def test_lexicon_lints_are_warnings(knowledge_dir: Path) -> None:
    lexicon = knowledge_dir / "lexicon.toml"
    edit(
        lexicon,
        '"invest", "investment", "investor",',
        '"invest", "investment", "investor", "alexa",',
    )
    with lexicon.open("a", encoding="utf-8") as file:
        file.write('\n[concepts.unused_detail]\nkind = "cue"\nterms = ["zzyzx"]\n')
        file.write('\n[concepts.unused_slot]\nkind = "topic"\nslot = true\nterms = ["zzyzy"]\n')
    report = warnings_of(knowledge_dir)
    assert "entity alexa: aliases: 'Alexa' is also a term of concept invest" in report.warnings
    assert any("term '조달' is in concepts receive, round" in w for w in report.warnings)
    assert any("'funding' (round) read the same after stemming" in w for w in report.warnings)
    assert any(
        w.endswith(
            "concept unused_detail: no statement uses it and the code does not rely on it "
            "(knowledge/roles.py)"
        )
        for w in report.warnings
    )
    assert not any("concept invest:" in w for w in report.warnings)  # the code relies on it
    assert not any("concept unused_slot:" in w for w in report.warnings)  # "not reported"


def test_checking_one_file_counts_concept_use_across_the_directory() -> None:
    report = check_knowledge(DEFAULT_DIR / "articles" / f"{ARTICLE}.toml")
    assert report.ok
    assert sum("no statement uses it" in w for w in report.warnings) == 0
