import pytest

from handlers.answering import answer_in_context, compose_answer
from handlers.matching import engine_for
from handlers.models import AnswerKind
from knowledge.base import KnowledgeBase
from tests.handlers import synthetic


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return synthetic.load(tmp_path_factory.mktemp("synthetic") / "knowledge")


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        (
            "케스트렐이랑 오르비스 중에 어디가 먼저 설립됐어?",
            "오르비스가 먼저입니다: 2019년 [1]. 그다음 케스트렐: 2021년 [2].",
        ),
        ("Which was founded earlier, Kestrel or Orbis?", "Orbis Labs came first: 2019 [1]"),
        ("Which was founded later, Kestrel or Orbis?", "Kestrel came last: 2021 [1]"),
    ],
)
def test_which_came_first_compares_the_dates_the_statements_give(
    kb: KnowledgeBase, question: str, lead: str
) -> None:
    answer = compose_answer(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith(lead)
    assert set(answer.fact_ids) == {"orbis-founding", "kestrel-founding"}


def test_a_name_with_no_dated_statement_is_not_compared(kb: KnowledgeBase) -> None:
    answer = compose_answer(kb, "Which was founded earlier, Nimbus or Orbis?")
    assert answer.kind is AnswerKind.NOT_FOUND


def test_an_unknown_name_joined_to_a_known_one_is_not_answered_for(kb: KnowledgeBase) -> None:
    answer = compose_answer(kb, "팔콘이랑 오르비스 중에 어디가 먼저 설립됐어?")
    assert answer.kind is AnswerKind.NOT_FOUND
    assert "팔콘" in answer.text


def test_two_unknown_words_joined_are_not_taken_for_names(kb: KnowledgeBase) -> None:
    # Places the lexicon lacks ("팰로앨토랑 텔아비브") are not companies.
    analysis = engine_for(kb).analyze("케스트렐 사무실 팰로앨토랑 텔아비브 두 군데 맞지?")
    assert analysis.unknown_names == ()


def test_which_came_first_is_answered_in_a_thread_too(kb: KnowledgeBase) -> None:
    answer, _ = answer_in_context(kb, "Which was founded earlier, Kestrel or Orbis?", None)
    assert answer.text.startswith("Orbis Labs came first: 2019 [1]")


@pytest.mark.parametrize(
    "question",
    [
        "Did Kestrel invest in Orbis earlier than Voltaic?",
        "케스트렐이랑 볼타익 가장 최근 투자 알려줘",
        "what did Kestrel and Voltaic invest later?",
    ],
)
def test_a_time_word_without_a_which_question_orders_nothing(
    kb: KnowledgeBase, question: str
) -> None:
    text = compose_answer(kb, question).text
    assert "came first" not in text
    assert "came last" not in text
    assert "나중입니다" not in text


def test_more_beside_or_is_no_comparison(kb: KnowledgeBase) -> None:
    assert compose_answer(kb, "Any more news on Kestrel or Nimbus?").computed == ()
