import pytest

from handlers.analysis import analyze
from handlers.matching import engine_for
from knowledge.base import KnowledgeBase


def entities(kb: KnowledgeBase, question: str) -> dict[str, str | None]:
    return dict(analyze(question, engine_for(kb).index).entities)


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("Antrhopic funding", "anthropic"),
        ("mistrall valuation", "mistral"),
        ("nvidea mistral", "nvidia"),
        ("미스트럴 기업가치", "mistral"),
        ("앤트로픽크 투자", "anthropic"),
        ("마이크로소프트가 투자", "microsoft"),
        ("마소 지분", "microsoft"),
        ("ＭＳ 지분", "microsoft"),
        ("오픈에이아이 적자", "openai"),
    ],
)
def test_names_are_found_through_typos_particles_and_aliases(
    kb: KnowledgeBase, question: str, entity: str
) -> None:
    assert entity in entities(kb, question)


def test_the_side_of_a_deal_comes_from_particles_and_prepositions(kb: KnowledgeBase) -> None:
    assert entities(kb, "아마존이 앤트로픽에 넣은 돈") == {
        "amazon": "source",
        "anthropic": "target",
    }
    assert entities(kb, "앤트로픽이 아마존으로부터 받은 돈") == {
        "anthropic": "target",
        "amazon": "source",
    }
    assert entities(kb, "money Amazon put into Anthropic")["anthropic"] == "target"
    assert entities(kb, "round backed by Samsung")["samsung"] == "source"


def test_mid_sentence_capitalised_unknown_words_are_taken_for_names(kb: KnowledgeBase) -> None:
    analysis = analyze("How much did Sequoya put into Mistral?", engine_for(kb).index)
    assert analysis.unknown_names == ("Sequoya",)


def test_names_outside_the_sources_and_unsupported_topics_are_flagged(kb: KnowledgeBase) -> None:
    index = engine_for(kb).index
    assert analyze("소프트뱅크가 오픈AI에 투자했어?", index).outside == ("소프트뱅크",)
    assert analyze("anthropic ceo", index).unsupported == ("ceo",)


def test_a_common_word_one_letter_off_a_topic_is_not_corrected(kb: KnowledgeBase) -> None:
    analysis = analyze("최 교수는 내년 시장을 어떻게 봐?", engine_for(kb).index)
    assert analysis.unsupported == ()
