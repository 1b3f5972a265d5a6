"""Each answering rule on a knowledge base the test builds itself (tests/handlers/synthetic.py).

Negative cases assert the exact outcome, so a crashing matcher (an apology) fails them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.bootstrap import StaticKnowledge
from handlers.answering import answer_in_context, compose_answer
from handlers.conversation import Context, context_of, fill
from handlers.matching import engine_for
from handlers.models import Answer, AnswerKind
from handlers.service import FundingBot
from knowledge.base import KnowledgeBase
from knowledge.loader import DEFAULT_DIR, KnowledgeError, load_knowledge
from tests.handlers import synthetic


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    return synthetic.load(tmp_path_factory.mktemp("synthetic") / "knowledge")


def ask(kb: KnowledgeBase, question: str) -> Answer:
    return compose_answer(kb, question)


def test_a_wrong_figure_is_corrected_with_the_sourced_one(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Voltaic put $5B into Orbis in total, right?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("No: my sources say $3 billion, not $5 billion.")


def test_a_right_figure_is_confirmed(kb: KnowledgeBase) -> None:
    answer = ask(kb, "볼타익이 오르비스에 총 30억달러 투자한 거 맞지?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("네")
    assert answer.fact_ids == ("orbis-total",)


def test_a_wrong_outlet_is_corrected(kb: KnowledgeBase) -> None:
    answer = ask(kb, "The Orbis investment total was reported by Morning Post, right?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("No: my sources say Daily Ledger, not Morning Post.")


def test_an_outlet_the_sources_do_not_know_is_corrected_with_the_one_they_name(
    kb: KnowledgeBase,
) -> None:
    answer = ask(kb, "Wasn't Voltaic's total investment in Orbis a Bloomberg scoop?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("No: my sources say Daily Ledger, not Bloomberg.")


def test_a_claim_the_bot_cannot_read_in_full_is_never_confirmed(kb: KnowledgeBase) -> None:
    answer = ask(kb, "볼타익이 3월에 오르비스에 넣은 건 블룸버그 보도 맞지?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("볼타익은 지난 3월 오르비스에 10억달러를 추가로 투자했다.")


@pytest.mark.parametrize(
    ("figure", "start"),
    [("$200 million", "Yes"), ("$300 million", "No: my sources say $200 million, not $300")],
)
def test_a_figure_claimed_beside_another_part_is_checked_too(
    kb: KnowledgeBase, figure: str, start: str
) -> None:
    answer = ask(kb, f"Is it right that Kestrel led the Nimbus round, and it was a {figure} raise?")
    assert set(answer.fact_ids) == {"nimbus-may-lead", "nimbus-may-round"}
    assert answer.text.startswith(start)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("I heard Voltaic holds 30% of Orbis.", "No: my sources say 20%, not 30%."),
        ("볼타익 오르비스 지분 30%라던데?", "아닙니다."),
    ],
)
def test_reported_speech_is_a_claim(kb: KnowledgeBase, question: str, start: str) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith(start)


def test_a_wrong_month_is_corrected(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Orbis launches in November, isn't it?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("No: my sources say October 2024, not November.")


@pytest.mark.parametrize(
    "question",
    [
        "How much did Kestrel put into Orbis's June round?",
        # The giver only as the sentence's topic: "케스트렐은", the receiver marked by "에".
        "케스트렐은 6월에 오르비스에 정확히 얼마 넣었어?",
    ],
)
def test_one_investors_own_amount_in_a_shared_round_is_not_reported(
    kb: KnowledgeBase, question: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.NOT_REPORTED
    assert not answer.answered
    assert answer.text.startswith(
        ("My sources don't give Kestrel's own amount.", "출처에는 케스트렐의 개별 투자 금액이")
    )
    assert answer.fact_ids == ("orbis-june-round",)


@pytest.mark.parametrize(
    "question", ["Who led Orbis's June round?", "오르비스 6월 라운드는 누가 주도했어?"]
)
def test_an_asked_slot_no_statement_gives_is_not_reported(kb: KnowledgeBase, question: str) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.NOT_REPORTED
    assert not answer.answered
    assert answer.fact_ids == ("orbis-june-round",)


def test_a_name_the_statement_does_not_involve_never_gets_its_answer(kb: KnowledgeBase) -> None:
    answer = ask(kb, "How much did Kestrel invest in Orbis in March?")
    assert answer.kind is AnswerKind.NOT_FOUND


def test_an_abbreviation_spelled_in_hangul_is_the_abbreviation(kb: KnowledgeBase) -> None:
    answer = ask(kb, "브이엘티가 오르비스에 투자한 총액은?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-total",)


def test_every_part_of_a_multi_part_question_is_answered(kb: KnowledgeBase) -> None:
    answer = ask(
        kb, "How much has Voltaic invested in Orbis in total, and what stake does it hold?"
    )
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == {"orbis-total", "orbis-stake"}


@pytest.mark.parametrize(
    "question",
    [
        "Who led Nimbus's round, what size was it, and the valuation?",
        "Who led the Nimbus round, how large was it, and at what valuation?",
        "Nimbus: lead investor, size of the round, valuation?",
        "님버스 라운드는 누가 주도했고, 규모는 얼마였고, 기업가치는?",
        "님버스 라운드 주도한 곳, 규모, 기업가치 알려줘",
    ],
)
def test_how_much_listed_beside_a_valuation_asks_the_deals_own_amount(
    kb: KnowledgeBase, question: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == {"nimbus-may-lead", "nimbus-may-round", "nimbus-valuation"}


@pytest.mark.parametrize(
    "question", ["오르비스 새 서비스는 무료야?", "Is Orbis's new service free of charge?"]
)
def test_asking_whether_it_is_free_asks_its_price(kb: KnowledgeBase, question: str) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-service-price",)


@pytest.mark.parametrize("question", ["Which European AI startup appears in the article?"])
def test_which_company_is_answered_by_the_statement_describing_it(
    kb: KnowledgeBase, question: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("kestrel-profile",)
    # A statement describing a company names it, as a founding statement names its founder.
    assert "ask_who" in engine_for(kb).profiles["kestrel-profile"].concepts


def test_first_and_came_out_are_two_words_with_two_meanings(kb: KnowledgeBase) -> None:
    concepts = engine_for(kb).analyze("오르비스 서비스가 처음 나온 게 언제야?").concepts
    assert {"first", "launch", "ask_when"} <= concepts


def test_a_lettered_round_is_answered_only_by_statements_about_that_round(
    kb: KnowledgeBase,
) -> None:
    named = ask(kb, "How much did Nimbus raise in its Series A?")
    assert named.kind is AnswerKind.ANSWER
    assert named.fact_ids == ("nimbus-may-round",)
    other = ask(kb, "님버스 시리즈B 때는 얼마 받았어?")
    assert other.kind is AnswerKind.NOT_FOUND
    assert not other.answered


@pytest.mark.parametrize(
    "question", ["List every company Kestrel has invested in", "케스트렐이 투자한 회사 다 알려줘"]
)
def test_asked_for_all_of_them_each_one_is_listed(kb: KnowledgeBase, question: str) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == {
        "kestrel-orbis-2023",
        "kestrel-nimbus-2022",
        "kestrel-voltaic-2021",
        "orbis-june-round",
    }


def test_a_count_is_never_answered_by_a_sum_of_money(kb: KnowledgeBase) -> None:
    investors = ask(kb, "How many investors joined Orbis's June round?")
    assert investors.kind is AnswerKind.NOT_REPORTED
    assert investors.fact_ids == ("orbis-june-round",)
    users = ask(kb, "How many Orbis users are there?")
    assert users.kind is AnswerKind.NOT_FOUND
    ratio = ask(kb, "How many times bigger was Voltaic's March investment than Kestrel's 2023 one?")
    assert ratio.kind is AnswerKind.ANSWER


def converse(kb: KnowledgeBase, *questions: str) -> list[Answer]:
    context: str | None = None
    answers = []
    for question in questions:
        answer, context = answer_in_context(kb, question, context)
        answers.append(answer)
    return answers


def test_a_time_alone_is_only_that_time(kb: KnowledgeBase) -> None:
    _, march = converse(
        kb, "How much has Voltaic invested in Orbis in total?", "and in March alone?"
    )
    assert march.kind is AnswerKind.ANSWER
    assert march.fact_ids == ("orbis-march",)


def test_two_months_in_one_time_are_either_of_them(kb: KnowledgeBase) -> None:
    answer = ask(kb, "How much did Orbis raise between June and July?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-june-round",)


def test_parts_are_completed_without_a_topic_word_too(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Voltaic and Orbis: the March amount and the running total, please.")
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == {"orbis-march", "orbis-total"}


def test_a_name_whose_last_syllable_is_still_being_typed_is_read(kb: KnowledgeBase) -> None:
    answer = ask(kb, "케스트렐 님버ㅅ 투자액은?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("kestrel-nimbus-2022",)


def _with_a_group(tmp_path: Path) -> KnowledgeBase:
    """The synthetic knowledge with Orbis's June round raised from "the Pair", a group of
    Voltaic and Kestrel."""
    directory = synthetic.build(tmp_path / "knowledge")
    entities = directory / "entities.toml"
    entities.write_text(
        entities.read_text(encoding="utf-8") + '\n[[entities]]\nid = "pair"\nkind = "group"\n'
        'name = { ko = "두 투자사", en = "the Pair" }\naliases = ["두 투자사", "the Pair"]\n',
        encoding="utf-8",
    )
    article = directory / "articles" / "testnews-2024-09-01.toml"
    text = article.read_text(encoding="utf-8").replace(
        '{ entity = "voltaic", role = "investor" }, { entity = "kestrel", role = "investor" },',
        '{ entity = "pair", role = "investor" }, { entity = "voltaic", role = "investor" },'
        ' { entity = "kestrel", role = "investor" },',
    )
    article.write_text(text, encoding="utf-8")
    return load_knowledge(directory)


def test_a_company_named_after_its_group_replaces_the_group(tmp_path: Path) -> None:
    kb = _with_a_group(tmp_path)
    _, kestrel = converse(kb, "How much did the Pair put into Orbis in June?", "케스트렐은?")
    assert kestrel.kind is AnswerKind.NOT_REPORTED  # Kestrel's own amount, not the Pair's
    assert kestrel.text.startswith("출처에는 케스트렐의 개별 투자 금액이 나오지 않습니다.")


def test_the_name_a_who_answer_gave_is_he_while_a_new_name_swaps_the_asked_one(
    kb: KnowledgeBase,
) -> None:
    _, orbis = converse(kb, "Who founded Kestrel?", "and Orbis?")
    assert orbis.kind is AnswerKind.ANSWER
    assert orbis.fact_ids == ("orbis-founding",)
    _, them = converse(kb, "Who led the Nimbus round?", "how much did they put into Orbis in 2023?")
    assert them.fact_ids == ("kestrel-orbis-2023",)


@pytest.mark.parametrize(
    "question",
    ["오르비스가 케스트렐한테 받은 돈은 얼마야?", "케스트렐이 오르비스한테 투자한 금액은?"],
)
def test_hante_marks_the_giver_before_a_receiving_verb_and_the_receiver_otherwise(
    kb: KnowledgeBase, question: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("kestrel-orbis-2023",)


def test_a_giver_named_in_a_follow_up_joins_the_receiver(kb: KnowledgeBase) -> None:
    _, own = converse(
        kb, "How much did Orbis raise in June?", "how much of that came from Kestrel?"
    )
    assert own.kind is AnswerKind.NOT_REPORTED
    assert own.text.startswith("My sources don't give Kestrel's own amount.")


def test_who_is_answered_by_a_statement_that_names_them(kb: KnowledgeBase) -> None:
    profiles = engine_for(kb).profiles
    assert "ask_who" in profiles["nimbus-may-lead"].concepts  # "Kestrel led Nimbus's ..."
    assert "ask_who" not in profiles["nimbus-may-round"].concepts  # Kestrel is not named


def test_discourse_words_and_phrasal_verbs_mean_what_they_say(kb: KnowledgeBase) -> None:
    engine = engine_for(kb)
    assert {"ask_amount", "invest"} <= engine.analyze("케스트렐은 얼마 썼대?").concepts
    assert "latency" in engine.analyze("Orbis taking 6-7 sec to answer?").concepts
    assert "location" in engine.analyze("Orbis: HQ city?").concepts
    assert "each" not in engine.analyze("Separate question: what did Orbis raise?").concepts
    got_into = engine.analyze("Did Kestrel get into Orbis's June round?")
    assert "invest" in got_into.concepts
    assert got_into.entities["kestrel"] != "target"


def test_a_giver_left_unsaid_in_korean_is_the_previous_turns(kb: KnowledgeBase) -> None:
    _, own = converse(kb, "케스트렐은 어디 투자했어?", "오르비스엔 정확히 얼마 넣었는데?")
    assert own.kind is AnswerKind.ANSWER
    assert own.fact_ids == ("kestrel-orbis-2023",)
    assert engine_for(kb).analyze("볼타익·케스트렐이 투자한 곳은?").entities["voltaic"] != "target"


def test_back_then_is_the_time_just_asked(kb: KnowledgeBase) -> None:
    _, valued = converse(
        kb, "How much did Kestrel put into Nimbus in 2022?", "what was Nimbus valued at back then?"
    )
    assert valued.kind is not AnswerKind.ANSWER  # the valuation is from 2024
    assert not valued.answered


def test_after_a_computation_those_are_the_companies_computed_over(kb: KnowledgeBase) -> None:
    unnamed = engine_for(kb).analyze("둘 합치면?")
    kept = Context.parse(context_of(kb, unnamed, ("orbis-total", "kestrel-orbis-2023"), ()))
    assert kept is not None
    assert set(kept.entities) == {"voltaic", "kestrel"}


def test_a_receiver_left_unsaid_is_the_deal_just_answered(kb: KnowledgeBase) -> None:
    _, own = converse(kb, "Who put money into Orbis in June?", "케스트렐은 얼마 넣었는데?")
    assert own.kind is AnswerKind.ANSWER
    assert own.fact_ids == ("kestrel-orbis-2023",)  # Kestrel's own money in Orbis


def test_a_follow_up_takes_a_new_time(kb: KnowledgeBase) -> None:
    _, march = converse(kb, "How much has Voltaic invested in Orbis in total?", "and in March?")
    assert march.kind is AnswerKind.ANSWER
    assert march.fact_ids == ("orbis-march",)


def test_a_follow_up_asks_about_the_last_answer(kb: KnowledgeBase) -> None:
    _, who = converse(kb, "How much has Voltaic invested in Orbis in total?", "who reported that?")
    assert who.fact_ids == ("orbis-total",)
    assert who.sources[0].via == "Daily Ledger"


def test_a_follow_up_swaps_the_name_and_keeps_the_question(kb: KnowledgeBase) -> None:
    _, other = converse(kb, "How much has Voltaic invested in Orbis in total?", "and Kestrel?")
    assert other.kind is AnswerKind.ANSWER
    assert other.fact_ids == ("kestrel-orbis-2023",)


def test_thanks_get_a_courteous_reply_and_no_suggestions(kb: KnowledgeBase) -> None:
    _, thanks = converse(kb, "How much has Voltaic invested in Orbis in total?", "thanks!")
    assert thanks.kind is AnswerKind.COURTESY
    assert not thanks.answered
    assert thanks.suggestions == ()


def test_a_complete_question_ignores_the_context(kb: KnowledgeBase) -> None:
    first, second = converse(
        kb, "How much did Voltaic add to Orbis in March?", "Orbis launches when?"
    )
    assert first.fact_ids == ("orbis-march",)
    assert second.fact_ids == ("orbis-launch",)


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        (
            "Prepping slides, each one needs a figure. When does Orbis launch its new service?",
            "orbis-launch",
        ),
        (
            "발표 자료 준비 중인데요, 각각 한 장씩. 케스트렐은 2023년에 오르비스에 얼마 넣었어?",
            "kestrel-orbis-2023",
        ),
    ],
)
def test_a_chatty_message_in_a_thread_is_read_as_it_would_be_alone(
    kb: KnowledgeBase, question: str, fact_id: str
) -> None:
    _, answer = converse(kb, "How much did Voltaic put into Orbis in March?", question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == (fact_id,)


def test_the_two_answers_just_given_are_what_a_computation_is_over(kb: KnowledgeBase) -> None:
    *_, difference = converse(
        kb,
        "How much did Voltaic put into Orbis in March?",
        "and Kestrel in 2023?",
        "둘 차이는 얼마야?",
    )
    assert difference.kind is AnswerKind.ANSWER
    assert [c.fact_ids for c in difference.computed] == [("orbis-march", "kestrel-orbis-2023")]
    assert difference.computed[0].value == 5e8


@pytest.mark.parametrize(
    "question", ["그럼 그거 빼고 나머지는 얼마야?", "so what's the remainder?"]
)
def test_the_rest_after_a_part_and_its_whole_is_their_difference(
    kb: KnowledgeBase, question: str
) -> None:
    *_, rest = converse(
        kb, "How much did Voltaic put into Orbis in March?", "and in total?", question
    )
    assert rest.kind is AnswerKind.ANSWER
    assert [c.fact_ids for c in rest.computed] == [("orbis-total", "orbis-march")]
    assert rest.computed[0].value == 2e9


def test_start_using_is_a_launch_not_a_founding(kb: KnowledgeBase) -> None:
    concepts = engine_for(kb).analyze("When does Orbis start using the new service?").concepts
    assert "launch" in concepts
    assert "founding" not in concepts


def test_a_claimed_outlet_in_a_thread_is_checked_against_the_statement_just_given(
    kb: KnowledgeBase,
) -> None:
    _, wrong, right = converse(
        kb,
        "How much has Voltaic invested in Orbis in total?",
        "그거 모닝포스트 보도 맞지?",
        "and the Daily Ledger reported it, right?",
    )
    assert wrong.fact_ids == right.fact_ids == ("orbis-total",)
    assert wrong.text.startswith("아닙니다.")
    assert right.text.startswith("Yes")


def test_a_claimed_bound_on_a_computed_figure_gets_a_verdict(kb: KnowledgeBase) -> None:
    *_, over = converse(
        kb,
        "How much did Voltaic put into Orbis in March?",
        "and Kestrel in 2023?",
        "두 곳 합치면 10억달러 넘는 거 맞아?",
    )
    assert [c.value for c in over.computed] == [1.5e9]
    assert over.text.startswith("맞습니다. 계산하면 15억달러입니다(10억달러 초과).")
    wrong = ask(
        kb, "Voltaic's March investment and Kestrel's 2023 one combined are $2 billion, right?"
    )
    assert wrong.text.startswith("No: $1.5 billion, not $2 billion.")


def test_a_total_in_a_thread_is_at_no_one_time(kb: KnowledgeBase) -> None:
    _, total = converse(
        kb, "How much did Voltaic put into Orbis in March?", "and the running total?"
    )
    assert total.kind is AnswerKind.ANSWER
    assert total.fact_ids == ("orbis-total",)


def test_the_one_before_is_before_the_time_just_asked(kb: KnowledgeBase) -> None:
    _, earlier = converse(
        kb, "How much did Kestrel put into Orbis in June?", "and the earlier one, how much?"
    )
    assert earlier.kind is AnswerKind.ANSWER
    assert earlier.fact_ids == ("kestrel-orbis-2023",)
    _, undated = converse(
        kb, "How much did Voltaic put into Orbis in March?", "그 전 투자는 언제였어?"
    )
    assert undated.kind is AnswerKind.NOT_FOUND


def test_a_name_said_with_also_in_a_complete_question_joins_the_previous_ones(
    kb: KnowledgeBase,
) -> None:
    _, joined = converse(kb, "How much did Nimbus raise in May?", "볼타익도 거기 투자했어?")
    assert joined.kind is AnswerKind.NOT_FOUND
    assert not joined.answered


def test_the_name_answering_which_stands_for_its_description(kb: KnowledgeBase) -> None:
    answer, kept = answer_in_context(kb, "Which startup did a European found in 2021?", None)
    context = Context.parse(kept)
    assert answer.fact_ids == ("kestrel-founding",)
    assert context is not None
    assert context.entities == {"kestrel": None}
    assert context.concepts == ()


def test_a_follow_up_with_a_detail_of_its_own_drops_the_previous_kind_of_answer(
    kb: KnowledgeBase,
) -> None:
    engine = engine_for(kb)
    previous = Context(entities={"orbis": None}, concepts=("ask_who", "round"))
    filled = fill(engine, engine.analyze("and the European one?"), previous)
    assert "europe" in filled.concepts
    assert "round" in filled.concepts
    assert "ask_who" not in filled.concepts


def test_a_follow_up_naming_no_one_is_about_the_one_name_it_can_be_answered_about(
    kb: KnowledgeBase,
) -> None:
    _, valuation = converse(kb, "Who led the Nimbus round?", "what's the valuation?")
    assert valuation.kind is AnswerKind.ANSWER
    assert valuation.fact_ids == ("nimbus-valuation",)


def test_words_asking_for_precision_change_nothing(kb: KnowledgeBase) -> None:
    _, exact = converse(kb, "How much did Orbis raise in June?", "정확히 누구야?")
    assert exact.kind is AnswerKind.ANSWER
    assert exact.fact_ids == ("orbis-june-round",)


async def test_context_stays_within_its_conversation(kb: KnowledgeBase) -> None:
    bot = FundingBot(StaticKnowledge(kb))
    from handlers.models import Asker

    asker = Asker(platform="cli")
    await bot.converse(
        "How much has Voltaic invested in Orbis in total?", asker=asker, conversation="a"
    )
    elsewhere = await bot.converse("and in March?", asker=asker, conversation="b")
    same = await bot.converse("and in March?", asker=asker, conversation="a")
    assert elsewhere.kind is AnswerKind.NOT_FOUND
    assert same.fact_ids == ("orbis-march",)


def test_a_lexicon_without_a_concept_the_code_relies_on_is_a_load_error(tmp_path: Path) -> None:
    lexicon = (DEFAULT_DIR / "lexicon.toml").read_text(encoding="utf-8")
    broken = lexicon.replace("[concepts.receive]", "[concepts.receive_renamed]")
    directory = synthetic.build(tmp_path / "knowledge", lexicon=broken)
    with pytest.raises(KnowledgeError, match="receive: required by the answering code"):
        load_knowledge(directory)


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("How much did Voltaic add to Orbis in March 2024?", "orbis-march"),
        ("볼타익이 올해 3월 오르비스에 추가로 넣은 돈은?", "orbis-march"),
        ("오르비스 상반기 라운드 규모는?", "orbis-june-round"),
        ("When does Orbis launch its new service?", "orbis-launch"),
    ],
)
def test_times_are_the_statements_own_and_relative_words_count_from_the_newest_source(
    kb: KnowledgeBase, question: str, fact_id: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids[0] == fact_id


@pytest.mark.parametrize(
    "question",
    ["How much did Voltaic add to Orbis in March 2023?", "볼타익이 작년 3월 오르비스에 넣은 돈은?"],
)
def test_a_time_no_statement_has_is_not_answered_with_another(
    kb: KnowledgeBase, question: str
) -> None:
    assert ask(kb, question).kind is AnswerKind.NOT_FOUND


def test_a_sum_over_two_statements_is_computed_and_says_so(kb: KnowledgeBase) -> None:
    answer = ask(kb, "How much did Voltaic and Kestrel put into Orbis combined?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("Voltaic and Kestrel combined: $3.5 billion (computed:")
    assert [c.fact_ids for c in answer.computed] == [("orbis-total", "kestrel-orbis-2023")]


def test_figures_in_currencies_without_won_conversions_are_not_combined(
    kb: KnowledgeBase,
) -> None:
    answer = ask(kb, "Voltaic's March investment and the June round combined?")
    assert answer.text.startswith("I can't compute that honestly: the figures are in different")
    assert answer.computed == ()


def test_a_total_and_its_own_part_are_not_added(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Voltaic's total in Orbis and its March investment combined?")
    assert answer.text.startswith("I can't combine these honestly")


@pytest.mark.parametrize(
    "question",
    [
        "What's the gap between Voltaic's total in Orbis and its March investment?",
        "볼타익의 오르비스 누적 투자액에서 3월 투자분을 빼면 얼마야?",
    ],
)
def test_a_total_minus_its_own_part_is_the_rest(kb: KnowledgeBase, question: str) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert [c.fact_ids for c in answer.computed] == [("orbis-total", "orbis-march")]
    assert answer.computed[0].value == 2e9


@pytest.mark.parametrize(
    "question",
    [
        "How much had Voltaic invested in Orbis before the March investment?",
        "볼타익이 3월 투자 전에 오르비스에 넣었던 돈은 얼마야?",
    ],
)
def test_before_a_dated_part_is_the_total_minus_the_part(kb: KnowledgeBase, question: str) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert [c.fact_ids for c in answer.computed] == [("orbis-total", "orbis-march")]


def test_a_whole_reported_as_more_than_minus_its_part_is_more_than_the_rest(
    tmp_path: Path,
) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'money = [{ amount = 3e9, currency = "USD" }]',
        'money = [{ amount = 3e9, currency = "USD", qualifier = "more_than" }]',
    )
    answer = compose_answer(kb, "볼타익이 이번 10억달러 전까지 오르비스에 넣은 누적 금액은?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith("그 이전 금액: 20억달러 이상 (계산:")
    summed = compose_answer(kb, "Voltaic's total in Orbis and Kestrel's 2023 investment combined?")
    assert "combined: more than $3.5 billion" in summed.text
    ratio = compose_answer(
        kb, "How many times bigger is Voltaic's total in Orbis than Kestrel's 2023 one?"
    )
    assert "is more than 6 times Kestrel" in ratio.text


def test_the_words_asking_for_a_ratio_are_no_side_s_topic(kb: KnowledgeBase) -> None:
    # "times" is also a growth word; read into a side, it picked the added March tranche.
    answer = ask(
        kb, "How many times bigger is Voltaic's total investment in Orbis than Kestrel's 2023 one?"
    )
    assert [c.fact_ids for c in answer.computed] == [("orbis-total", "kestrel-orbis-2023")]


def test_a_whole_ratio_is_written_without_a_decimal(kb: KnowledgeBase) -> None:
    answer = ask(
        kb, "How many times bigger was Voltaic's March investment in Orbis than Kestrel's 2023 one?"
    )
    assert "is about 2 times Kestrel" in answer.text


def test_korean_a_ga_b_boda_compares_the_subject_with_b(kb: KnowledgeBase) -> None:
    answer = ask(kb, "볼타익 3월 투자액이 케스트렐 2023년 투자액보다 얼마나 많아?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.computed
    assert set(answer.computed[0].fact_ids) == {"orbis-march", "kestrel-orbis-2023"}
    assert answer.computed[0].value == 5e8


def test_when_of_a_deal_still_to_come_dated_only_to_a_year_is_not_reported(
    tmp_path: Path,
) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'when = "2021"\nmoney = [{ amount = 5e7',
        'status = "expected"\nwhen = "2021"\nmoney = [{ amount = 5e7',
    )
    answer = compose_answer(kb, "When is Kestrel's investment in Voltaic expected to close?")
    assert answer.kind is AnswerKind.NOT_REPORTED
    assert answer.fact_ids[0] == "kestrel-voltaic-2021"


def test_a_round_still_to_come_is_never_answered_with_a_past_one(kb: KnowledgeBase) -> None:
    assert {"round", "upcoming"} <= engine_for(kb).analyze("Orbis's next round?").concepts
    answer = ask(kb, "오르비스 다음 라운드는 언제야?")
    assert answer.kind is AnswerKind.NOT_FOUND
    assert not answer.answered


def test_a_concept_also_meaning_an_unknown_one_is_a_load_error(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    lexicon = directory / "lexicon.toml"
    text = lexicon.read_text(encoding="utf-8").replace('also = ["round"]', 'also = ["rounds"]')
    lexicon.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="concept upcoming: also: 'rounds': no such concept"):
        load_knowledge(directory)


def test_an_outlet_named_as_the_source_is_the_statements_reporter(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Voltaic's total in Orbis, per the Daily Ledger?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-total",)
    wrong = ask(kb, "볼타익 오르비스 누적 투자, 모닝포스트 단독이었던 걸로 기억하는데")
    assert wrong.text.startswith("아닙니다.")


def test_sides_of_a_computation_named_by_their_figures(kb: KnowledgeBase) -> None:
    answer = ask(kb, "볼타익 10억달러랑 케스트렐 5억달러, 차이 얼마야?")
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.computed[0].fact_ids) == {"orbis-march", "kestrel-orbis-2023"}


def test_two_sides_joined_by_rang_after_any_word(kb: KnowledgeBase) -> None:
    answer = ask(kb, "케스트렐 2023년 투자랑 2022년 투자 합산하면?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.computed[0].value == 6e8


def test_a_side_named_by_one_takes_the_other_sides_topic(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    text_file = directory / "articles" / "testnews-2024-09-01.ko.txt"
    text_file.write_text(
        text_file.read_text(encoding="utf-8") + "오르비스의 기업가치는 50억달러다.\n",
        encoding="utf-8",
    )
    article = directory / "articles" / "testnews-2024-09-01.toml"
    article.write_text(
        article.read_text(encoding="utf-8")
        + synthetic.fact(
            "orbis-valuation",
            "valuation",
            '{ entity = "orbis", role = "investee" }',
            '"valuation"',
            'money = [{ amount = 5e9, currency = "USD" }]',
            "오르비스의 기업가치는 50억달러다.",
            "Orbis Labs is valued at $5 billion.",
        ),
        encoding="utf-8",
    )
    kb = load_knowledge(directory)
    answer = compose_answer(
        kb, "Orbis's valuation vs Nimbus's one - which is higher and by how much?"
    )
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.computed[0].fact_ids) == {"orbis-valuation", "nimbus-valuation"}


def test_of_equal_statements_the_latest_comes_first(kb: KnowledgeBase) -> None:
    answer = ask(kb, "What's Kestrel's most recent investment?")
    assert answer.fact_ids == ("kestrel-orbis-2023", "kestrel-nimbus-2022", "kestrel-voltaic-2021")


def test_which_was_bigger_of_two_sides_is_computed(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Which was bigger: Voltaic's March investment in Orbis or Kestrel's 2023 one?")
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.computed[0].fact_ids) == {"orbis-march", "kestrel-orbis-2023"}


def test_a_statement_giving_each_investors_figure_gives_their_own_amount(
    tmp_path: Path,
) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'topics = ["round", "invest"]',
        'topics = ["round", "invest", "each"]',
    )
    answer = compose_answer(kb, "How much did Kestrel put into Orbis in June?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-june-round",)


def test_a_cue_naming_a_time_is_a_load_error(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    article = directory / "articles" / "testnews-2024-09-01.toml"
    text = article.read_text(encoding="utf-8").replace('cues = ["additional"]', 'cues = ["march"]')
    article.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="'march' is a time: not a cue"):
        load_knowledge(directory)


def test_an_unknown_name_owning_the_investment_blocks_the_deal(kb: KnowledgeBase) -> None:
    assert ask(kb, "quorvex's investment in orbis?").kind is AnswerKind.NOT_FOUND


def test_which_asks_for_the_name_the_question_leaves_open(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Which company is Orbis raising the June round from?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-june-round",)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        (
            "prepping slides for the Zurich offsite: I have Voltaic at $5 billion total into "
            "Orbis. is that right or did I mix it up?",
            "No: my sources say $3 billion, not $5 billion.",
        ),
        (
            "Hey team — quick one for the Lisbon memo. How much did Kestrel invest in Orbis?",
            "Kestrel invested $500 million",
        ),
    ],
)
def test_a_chatty_message_is_answered_from_the_sentences_that_ask(
    kb: KnowledgeBase, question: str, start: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith(start)


async def test_a_picked_suggestion_is_what_a_follow_up_continues(kb: KnowledgeBase) -> None:
    from handlers.models import Asker

    bot = FundingBot(StaticKnowledge(kb))
    asker = Asker(platform="slack", user_id="U1")
    picked = await bot.suggest("orbis-total", "en", asker=asker, conversation="thread")
    assert picked is not None
    assert picked.fact_ids == ("orbis-total",)
    follow_up = await bot.converse("and in March?", asker=asker, conversation="thread")
    assert follow_up.fact_ids == ("orbis-march",)


@pytest.mark.parametrize("question", ["Orbis valuation 20.5?", "오르비스 1999.9억달러?"])
def test_numbers_that_look_like_years_are_not_years(kb: KnowledgeBase, question: str) -> None:
    assert ask(kb, question).kind is not AnswerKind.ERROR


def test_a_cased_alias_is_read_only_as_written(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    entities = directory / "entities.toml"
    text = entities.read_text(encoding="utf-8").replace(
        'aliases = ["오르비스", "Orbis", "Orbis Labs"]',
        'aliases = ["오르비스", "Orbis Labs"]\ncased_aliases = ["Orbis"]',
    )
    entities.write_text(text, encoding="utf-8")
    engine = engine_for(load_knowledge(directory))
    assert "orbis" in engine.analyze("How much did Kestrel invest in Orbis?").entities
    assert "orbis" not in engine.analyze("a figure for kestrel in orbis terms").entities


def test_a_cased_alias_that_is_also_a_word_has_one_meaning_or_the_other(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    entities = directory / "entities.toml"
    text = entities.read_text(encoding="utf-8").replace(
        'aliases = ["님버스", "Nimbus"]', 'aliases = ["님버스"]\ncased_aliases = ["Amount"]'
    )
    entities.write_text(text, encoding="utf-8")
    engine = engine_for(load_knowledge(directory))
    named = engine.analyze("Who led Amount's round?")
    assert "nimbus" in named.entities
    assert "ask_amount" not in named.concepts
    word = engine.analyze("What amount did Kestrel invest in Orbis?")
    assert "nimbus" not in word.entities
    assert "ask_amount" in word.concepts
    # Owning something, it is the name however it is cased; after "the", still the word.
    assert "nimbus" in engine.analyze("who led amount's round?").entities
    assert "nimbus" not in engine.analyze("what's the amount's source?").entities


def test_a_statements_own_word_the_lexicon_knows_joins_the_lexicons_topic(
    tmp_path: Path,
) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    article = directory / "articles" / "testnews-2024-09-01.toml"
    text = article.read_text(encoding="utf-8").replace(
        'topics = ["launch"]', 'topics = ["launch"]\nterms = ["staff", "zorbiton"]'
    )
    article.write_text(text, encoding="utf-8")
    kb = load_knowledge(directory)
    topics = kb.by_id["orbis-launch"].fact.topics
    assert "headcount" in topics
    assert any(topic.startswith("own.") for topic in topics)
    answer = compose_answer(kb, "How many employees does Orbis have?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids[0] == "orbis-launch"


def test_a_name_said_with_also_joins_the_previous_ones(kb: KnowledgeBase) -> None:
    _, also = converse(kb, "Who put money into Orbis's June round?", "Kestrel too?")
    assert also.fact_ids == ("orbis-june-round",)


def test_a_follow_up_about_an_unreadable_attribute_is_declined(kb: KnowledgeBase) -> None:
    _, unknown = converse(kb, "How much has Voltaic invested in Orbis in total?", "customers?")
    assert unknown.kind is AnswerKind.NOT_FOUND


def test_a_computation_over_the_two_statements_just_given(kb: KnowledgeBase) -> None:
    first, total = converse(
        kb, "How much did Voltaic and Kestrel put into Orbis combined?", "what's the difference?"
    )
    assert first.computed
    assert total.computed[0].operation == "difference"
    assert total.computed[0].value == 2.5e9


def test_before_a_time_is_a_relation_not_that_time(kb: KnowledgeBase) -> None:
    # The only launch is in October: a claim of one before June is answered "No".
    claim = ask(kb, "Did Orbis launch anything before June?")
    assert claim.text.startswith("No: my sources say October 2024")
    assert ask(kb, "What did Orbis launch before June?").kind is AnswerKind.NOT_FOUND
    earlier = ask(kb, "How much did Kestrel invest in Orbis before 2024?")
    assert earlier.fact_ids == ("kestrel-orbis-2023",)


def test_clauses_asking_different_things_are_each_answered(kb: KnowledgeBase) -> None:
    answer = ask(kb, "오르비스는 10월에 뭘 출시하고, 케스트렐은 오르비스에 얼마 투자했어?")
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == {"orbis-launch", "kestrel-orbis-2023"}


def test_an_open_ended_figure_is_not_computed_with(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    article = directory / "articles" / "testnews-2024-09-01.toml"
    text = article.read_text(encoding="utf-8").replace(
        'money = [{ amount = 5e8, currency = "USD" }]',
        'money = [{ amount = 5e8, currency = "USD", qualifier = "more_than" }]',
    )
    article.write_text(text, encoding="utf-8")
    kb = load_knowledge(directory)
    # More than $500 million against Voltaic's $1 billion in March: either could be larger.
    answer = ask(kb, "How much more did Voltaic put into Orbis in March than Kestrel in 2023?")
    assert answer.text.startswith("I can't compute that honestly: one figure is open-ended")
    assert answer.computed == ()
    ratio = ask(
        kb, "How many times bigger was Voltaic's March investment in Orbis than Kestrel's 2023 one?"
    )
    assert ratio.text.startswith("I can't compute that honestly: one figure is open-ended")


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        (
            "볼타익이 3월에 오르비스에 넣은 돈이랑 누적 투자액 둘 다 알려줘",
            {"orbis-march", "orbis-total"},
        ),
        (
            "Give me both Voltaic's March investment in Orbis and the cumulative total",
            {"orbis-march", "orbis-total"},
        ),
        (
            "볼타익이 3월에 오르비스에 넣은 돈이랑 케스트렐 2023년 투자액 둘 다 알려줘",
            {"orbis-march", "kestrel-orbis-2023"},
        ),
        # One statement answers the question only in part: each side on its own.
        (
            "케스트렐이 님버스에 넣은 돈이랑 님버스 기업가치는?",
            {"kestrel-nimbus-2022", "nimbus-valuation"},
        ),
    ],
)
def test_two_things_asked_together_are_each_answered(
    kb: KnowledgeBase, question: str, facts: set[str]
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == facts


def test_members_asked_together_get_their_own_statements_before_their_group_s(
    tmp_path: Path,
) -> None:
    kb = _with_a_group(tmp_path)
    answer = ask(kb, "What were Voltaic's and Kestrel's investments in Orbis?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-total", "kestrel-orbis-2023")
    [in_a_thread] = converse(kb, "What were Voltaic's and Kestrel's investments in Orbis?")
    assert in_a_thread.fact_ids == answer.fact_ids
    # The group's own statement still answers what only it reports.
    june = ask(kb, "What did Voltaic and Kestrel put into Orbis in June?")
    assert june.fact_ids == ("orbis-june-round",)


@pytest.mark.parametrize(
    "question",
    [
        "님버스랑 케스트렐 둘 다 오르비스에 투자했어?",
        "Did Nimbus and Kestrel both invest in Orbis?",
    ],
)
def test_both_asked_of_a_pair_one_side_of_which_has_no_statement_is_declined(
    kb: KnowledgeBase, question: str
) -> None:
    assert ask(kb, question).kind is AnswerKind.NOT_FOUND


@pytest.mark.parametrize(
    "question",
    [
        "볼타익이랑 케스트렐이 6월에 오르비스에 각각 얼마 넣었어?",
        "볼타익이랑 케스트렐이 6월에 오르비스에 얼마씩 넣었어?",
        "6월 오르비스 라운드에 회사별로 얼마 넣었어?",
    ],
)
def test_each_one_s_amount_is_not_a_shared_round_s_total(kb: KnowledgeBase, question: str) -> None:
    assert ask(kb, question).kind is AnswerKind.NOT_FOUND


def test_a_new_name_takes_the_place_of_every_payer_asked_side_by_side(tmp_path: Path) -> None:
    quote = "님버스는 2024년 오르비스에 2억달러를 투자했다."
    kb = synthetic.load_with(
        tmp_path / "knowledge",
        synthetic.fact(
            "nimbus-orbis",
            "investment",
            '{ entity = "nimbus", role = "investor" }, { entity = "orbis", role = "investee" }',
            '"invest"',
            'when = "2024"\nmoney = [{ amount = 2e8, currency = "USD" }]',
            quote,
            "Nimbus invested $200 million in Orbis Labs in 2024.",
        ),
        quote,
    )
    _, nimbus = converse(
        kb, "What were Voltaic's and Kestrel's investments in Orbis?", "and Nimbus?"
    )
    assert nimbus.kind is AnswerKind.ANSWER
    assert nimbus.fact_ids == ("nimbus-orbis",)


def test_who_put_money_in_at_no_time_said_names_every_investor_nearly_as_well_stated(
    tmp_path: Path,
) -> None:
    quote = "한나 베르크는 2020년 님버스 설립 당시 자기 돈 1000만달러를 넣었다."
    kestrel_in_nimbus = (
        '{ entity = "kestrel", role = "investor" }, { entity = "nimbus", role = "investee" }]\n'
    )
    kb = synthetic.load_with(
        tmp_path / "knowledge",
        synthetic.fact(
            "berg-nimbus",
            "investment",
            '{ entity = "berg", role = "investor" }, { entity = "nimbus", role = "investee" }',
            '"invest"',
            'when = "2020"\nmoney = [{ amount = 1e7, currency = "USD" }]',
            quote,
            "Hanna Berg put $10 million of her own money into Nimbus when it was founded.",
        ),
        quote,
        edit=(
            kestrel_in_nimbus + 'topics = ["invest"]',
            kestrel_in_nimbus + 'topics = ["round", "invest"]',
        ),
    )
    for question in (
        "Who put money into Nimbus?",
        "님버스에 돈 넣은 사람은 누구야?",
        "님버스 투자자 누구누구야?",
    ):
        assert set(ask(kb, question).fact_ids) == {"berg-nimbus", "kestrel-nimbus-2022"}
    assert ask(kb, "Who put money into Nimbus in 2022?").fact_ids == ("kestrel-nimbus-2022",)


def test_a_background_a_claim_gives_is_checked_not_grounded(tmp_path: Path) -> None:
    founders = '{ entity = "kestrel", role = "subject" }, { entity = "berg", role = "person" }'
    kb = synthetic.load_edited(
        tmp_path / "knowledge", founders, founders + ', { entity = "nimbus", role = "mentioned" }'
    )
    wrong = ask(kb, "Kestrel was founded by ex-Orbis people, right?")
    assert wrong.kind is AnswerKind.ANSWER
    assert wrong.text.startswith("No: my sources say Nimbus, not Orbis Labs.")
    korean = ask(kb, "케스트렐은 오르비스 출신이 세운 거 맞지?")
    assert korean.text.startswith("아닙니다. 출처에 따르면 오르비스가 아니라 님버스입니다.")
    right = ask(kb, "Kestrel was founded by a former Nimbus engineer, wasn't it?")
    assert right.text.startswith("Yes, that matches my sources.")


def test_a_background_the_statement_does_not_name_is_denied(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Kestrel was founded by ex-Orbis people, right?")
    assert answer.text.startswith("No: my sources do not name Orbis Labs there.")
    # Asked, not claimed: a name the statement does not involve is not its answer.
    assert ask(kb, "Who were the ex-Orbis founders of Kestrel?").kind is AnswerKind.NOT_FOUND


@pytest.mark.parametrize(
    "question",
    [
        "볼타익은 언제부터 오르비스에 투자해 왔어?",
        "Since when has Voltaic been investing in Orbis?",
    ],
)
def test_since_when_is_answered_by_the_running_span(tmp_path: Path, question: str) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'cues = ["total"]\nmoney',
        'cues = ["total"]\nwhen = "2019/2024"\nmoney',
    )
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-total",)


def test_each_part_of_a_deal_asked_by_its_slots_is_the_same_month_s_deal(kb: KnowledgeBase) -> None:
    answer = ask(kb, "nimbus: how much in may, at what valuation, and who led it?")
    assert answer.kind is AnswerKind.ANSWER
    assert set(answer.fact_ids) == {"nimbus-valuation", "nimbus-may-lead", "nimbus-may-round"}


def test_may_after_a_preposition_is_the_month(kb: KnowledgeBase) -> None:
    assert "may" in engine_for(kb).analyze("What did Nimbus raise in May?").concepts
    assert "may" not in engine_for(kb).analyze("Nimbus may raise more").concepts


def test_what_an_outlet_said_is_about_the_names_talked_about_whatever_the_topic(
    tmp_path: Path,
) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'when = "2022"\nmoney = [{ amount = 1e8, currency = "USD" }]',
        'when = "2022"\nmoney = [{ amount = 1e8, currency = "USD" }]\n' + synthetic.REPORTED,
    )
    _, reported = converse(
        kb, "When does Orbis launch its new service?", "what did the Daily Ledger say about it?"
    )
    assert reported.kind is AnswerKind.ANSWER
    assert reported.fact_ids == ("orbis-total",)


def test_what_a_price_costs_is_not_spending_likened_to_a_money_pit(kb: KnowledgeBase) -> None:
    assert "hippo" not in engine_for(kb).analyze("How much will Orbis's service cost?").concepts


@pytest.mark.parametrize(
    "question",
    [
        "bigger investment in Orbis: Voltaic's March one or Kestrel's 2023 one?",
        "볼타익 3월 투자랑 케스트렐 2023년 투자 둘 중 어디가 컸어?",
    ],
)
def test_a_comparative_beside_a_choice_between_two_compares_them(
    kb: KnowledgeBase, question: str
) -> None:
    answer = ask(kb, question)
    assert [(c.operation, c.fact_ids) for c in answer.computed] == [
        ("compare", ("orbis-march", "kestrel-orbis-2023"))
    ]


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        # Hearsay (-다며) is a claim; of the May round and the May valuation, the claimed
        # amount is about the one it resembles.
        (
            "님버스 5월에 3억달러 받았다며?",
            "아닙니다. 출처에 따르면 3억달러가 아니라 2억달러입니다.",
        ),
        (
            "님버스 5월에 25억달러로 평가받았다며?",
            "아닙니다. 출처에 따르면 25억달러가 아니라 20억달러입니다.",
        ),
        # A statement of a figure ending in "?", with no word of an open question.
        (
            "Nimbus raised $300 million in its Series A?",
            "No: my sources say $200 million, not $300 million.",
        ),
    ],
)
def test_a_claimed_amount_is_checked_against_the_statement_it_resembles(
    kb: KnowledgeBase, question: str, verdict: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith(verdict)


def test_since_when_with_no_running_span_is_when_it_starts(kb: KnowledgeBase) -> None:
    _, start = converse(kb, "What does Orbis launch in October?", "언제부터?")
    assert start.kind is AnswerKind.ANSWER
    assert start.fact_ids == ("orbis-launch",)


def test_an_outlet_as_a_sentence_s_subject_is_what_reported(tmp_path: Path) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'topics = ["launch"]',
        'topics = ["launch"]\nreporter = { entity = "post", reported = 2024-08-01 }',
    )
    answer = ask(kb, "모닝포스트가 오르비스 새 서비스 언제 나온다고 했어?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-launch",)


def test_a_price_asked_is_not_a_valuation(kb: KnowledgeBase) -> None:
    answer = ask(kb, "orbis service pricing?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-service-price",)


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # "얼마에요" (how much is it) asks an amount; "얼마에 나와" asks a price.
        ("볼타익이 오르비스에 지금까지 넣은 돈 총 얼마에요?", "orbis-total"),
        ("오르비스 새 서비스 얼마에 나와?", "orbis-service-price"),
    ],
)
def test_how_much_is_an_amount_and_for_how_much_a_price(
    kb: KnowledgeBase, question: str, fact_id: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == (fact_id,)


def _with_article_facts(tmp_path: Path) -> KnowledgeBase:
    """The synthetic knowledge with what the article says of itself: its date and author."""
    directory = synthetic.build(tmp_path / "knowledge")
    byline = "테스트뉴스 김기자 2024. 9. 1. 09:00"
    articles = directory / "articles"
    text_file = articles / "testnews-2024-09-01.ko.txt"
    text_file.write_text(byline + "\n" + text_file.read_text(encoding="utf-8"), encoding="utf-8")
    article = articles / "testnews-2024-09-01.toml"
    publisher = '{ entity = "testnews", role = "reporter" }'
    article.write_text(
        article.read_text(encoding="utf-8")
        + synthetic.fact(
            "article-published",
            "article",
            publisher,
            '"published"',
            'cues = ["article"]',
            byline,
            "The Test News article was published on 1 September 2024.",
        )
        + synthetic.fact(
            "article-author",
            "article",
            publisher,
            '"author"',
            'cues = ["article"]',
            byline,
            "The Test News article was written by reporter Kim.",
        ),
        encoding="utf-8",
    )
    return load_knowledge(directory)


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        # What the article is about is no topic of the question.
        ("When was the Test News article on Orbis funding published?", "article-published"),
        ("테스트뉴스 오르비스 투자 기사 언제 나온 거예요?", "article-published"),
        # Named by what it covers: the article whose statements name them.
        ("Who wrote the article about Nimbus?", "article-author"),
    ],
)
def test_a_question_about_an_article_is_answered_by_the_article(
    tmp_path: Path, question: str, fact_id: str
) -> None:
    answer = ask(_with_article_facts(tmp_path), question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == (fact_id,)


def test_an_investor_noun_asked_about_is_investing_and_one_describing_is_not(
    kb: KnowledgeBase,
) -> None:
    engine = engine_for(kb)
    assert "invest" in engine.analyze("님버스 투자사는 어디야?").concepts
    assert "invest" in engine.analyze("님버스에 투자한 곳은?").concepts
    assert "invest" not in engine.analyze("케스트렐은 어떤 투자사야?").concepts


def test_a_verb_before_the_names_deal_does_not_make_the_name_act(kb: KnowledgeBase) -> None:
    engine = engine_for(kb)
    assert engine.analyze("which outlet had the Nimbus funding numbers").entities == {
        "nimbus": None
    }
    assert engine.analyze("did Kestrel invest in Nimbus?").entities["kestrel"] == "source"


def test_chipping_in_is_investing_not_chips(kb: KnowledgeBase) -> None:
    concepts = engine_for(kb).analyze("did kestrel chip in for nimbus?").concepts
    assert "invest" in concepts
    assert "chips" not in concepts


def test_a_verb_going_on_is_no_unknown_name(kb: KnowledgeBase) -> None:
    answer = ask(
        kb, "보고서 만들다가 궁금해서요 ㅎㅎ 볼타익이 3월에 오르비스에 추가로 넣은 금액이 얼마였죠?"
    )
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("orbis-march",)
    # An open question asked again claims nothing: no "yes" before the amount.
    assert answer.text.startswith("볼타익은 지난 3월")


def test_someone_said_is_a_claim_though_its_word_also_asks_who(kb: KnowledgeBase) -> None:
    _, claim = converse(kb, "What does Orbis launch in October?", "누가 그거 11월이라던데?")
    assert claim.text.startswith("아닙니다. 출처에 따르면 11월이 아니라 2024년 10월입니다.")


def test_one_running_total_s_start_is_not_borrowed_by_another_pair(tmp_path: Path) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'cues = ["total"]\nmoney',
        'cues = ["total"]\nwhen = "2019/2024"\nmoney',
    )
    _, other = converse(
        kb, "볼타익이 2019년 이후 오르비스에 넣은 돈 총액?", "What about Kestrel into Nimbus?"
    )
    assert other.kind is AnswerKind.ANSWER
    assert other.fact_ids == ("kestrel-nimbus-2022",)


def test_the_gap_between_two_figures_is_their_difference(kb: KnowledgeBase) -> None:
    answer = ask(
        kb, "Voltaic's total in Orbis vs Kestrel's 2023 investment in Orbis: what's the gap?"
    )
    assert [(c.operation, c.value) for c in answer.computed] == [("difference", 2.5e9)]


def test_a_term_does_not_take_the_first_syllable_of_a_name(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    entities = directory / "entities.toml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace(
            'aliases = ["님버스", "Nimbus"]', 'aliases = ["님버스", "사이온", "Nimbus"]'
        ),
        encoding="utf-8",
    )
    engine = engine_for(load_knowledge(directory))
    # "계열사" (an affiliate) would read "계열 사" and leave "이온".
    assert "nimbus" in engine.analyze("케스트렐 계열 사이온이 받은 돈은?").entities


def test_when_asked_after_a_statement_s_own_word_is_when_of_that_statement(
    tmp_path: Path,
) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'topics = ["launch"]',
        'topics = ["launch"]\nterms = ["partnership"]',
    )
    _, when = converse(
        kb, "Who did Orbis sign a partnership with?", "when was the agreement signed?"
    )
    assert when.kind is AnswerKind.ANSWER
    assert when.fact_ids == ("orbis-launch",)


@pytest.mark.parametrize(
    "question",
    ["I meant Voltaic's investment in Orbis, not in March", "3월 말고 볼타익이 오르비스에 넣은 돈"],
)
def test_a_time_said_not_to_be_meant_is_not_read(kb: KnowledgeBase, question: str) -> None:
    analysis = engine_for(kb).analyze(question)
    assert analysis.times == ()
    assert "march" not in analysis.concepts


def test_a_company_is_also_named_without_the_ending_people_drop(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    entities = directory / "entities.toml"
    entities.write_text(
        entities.read_text(encoding="utf-8")
        .replace(
            'name = { ko = "케스트렐", en = "Kestrel" }',
            'name = { ko = "케스트렐벤처스", en = "Kestrel Ventures" }',
        )
        .replace(
            'aliases = ["케스트렐", "Kestrel"]', 'aliases = ["케스트렐벤처스", "Kestrel Ventures"]'
        ),
        encoding="utf-8",
    )
    engine = engine_for(load_knowledge(directory))
    assert engine.analyze("오르비스 케스트렐한테 얼마 받음?").entities == {
        "orbis": None,
        "kestrel": "source",
    }
    assert "kestrel" in engine.analyze("Did Kestrel back Nimbus?").entities
    # Latin short names are names only as written: "kestrel" could be the bird.
    assert "kestrel" not in engine.analyze("what does a kestrel eat").entities


def test_a_question_answered_clause_by_clause_is_answered_in_the_whole_s_language(
    kb: KnowledgeBase,
) -> None:
    answer = ask(kb, "Orbis service price랑 launch month, 그리고 founding year도 알려주세요")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.language == "ko"
    assert set(answer.fact_ids) == {"orbis-service-price", "orbis-launch", "orbis-founding"}


def test_an_english_statement_of_a_time_ending_in_a_question_mark_is_a_claim(
    kb: KnowledgeBase,
) -> None:
    answer = ask(kb, "Kestrel was founded in 2020, yes?")
    assert answer.text.startswith("No: my sources say 2021, not 2020.")
    # A question about what is to come claims nothing.
    assert not engine_for(kb).analyze("will Orbis launch before year end?").confirming


def test_money_that_is_the_doer_s_own_was_received(kb: KnowledgeBase) -> None:
    analysis = engine_for(kb).analyze("When did Nimbus announce its funding?")
    assert analysis.entities == {"nimbus": "target"}
    assert "nimbus-may-round" in ask(kb, "When did Nimbus announce its funding?").fact_ids


def test_which_group_a_company_belongs_to_asks_its_parent(kb: KnowledgeBase) -> None:
    for question in ("오르비스는 어느 그룹 계열이야?", "Which group does Orbis belong to?"):
        assert "unit" in engine_for(kb).analyze(question).concepts


def test_a_fragment_follow_up_with_a_time_asks_and_claims_nothing(kb: KnowledgeBase) -> None:
    _, march = converse(kb, "How much has Voltaic invested in Orbis in total?", "and in March?")
    assert march.fact_ids == ("orbis-march",)
    assert not march.text.startswith("Yes")


def test_a_member_named_beside_its_group_is_what_is_meant(tmp_path: Path) -> None:
    kb = _with_a_group(tmp_path)
    analysis = engine_for(kb).analyze("In the Pair's part, how much did Kestrel put into Orbis?")
    assert "pair" not in analysis.entities
    assert "kestrel" in analysis.entities


def test_when_a_company_came_into_being_is_its_founding(kb: KnowledgeBase) -> None:
    assert ask(kb, "케스트렐 언제 생겼냐").fact_ids == ("kestrel-founding",)


def test_they_after_a_who_answered_with_several_investors_are_those_investors(
    kb: KnowledgeBase,
) -> None:
    engine = engine_for(kb)
    _, context = answer_in_context(kb, "Who put money into Orbis in June?", None)
    previous = Context.parse(context)
    assert previous is not None
    they = fill(engine, engine.analyze("how much did they put in?"), previous)
    assert they.entities == {"orbis": "target", "voltaic": "source", "kestrel": "source"}
    # "There" is the deal, not its investors.
    there = fill(engine, engine.analyze("거기 또 누가 들어갔어?"), previous)
    assert set(there.entities) == {"orbis"}


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("케스트렐 설립 시점이 언제인지 확인 부탁드립니다.", "kestrel-founding"),
        ("님버스 5월 라운드는 어느 투자사가 주도했는지 여쭤봐도 될까요?", "nimbus-may-lead"),
    ],
)
def test_polite_requests_are_no_part_of_the_question(
    kb: KnowledgeBase, question: str, fact_id: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids[0] == fact_id


def test_after_an_event_is_no_time_but_since_when_is(kb: KnowledgeBase) -> None:
    engine = engine_for(kb)
    assert engine.analyze("오르비스 출시 이후 누가 투자했어?").times == ()
    assert engine.analyze("볼타익은 언제부터 오르비스에 투자했어?").times != ()


@pytest.mark.parametrize(
    ("question", "lead"),
    [
        # One company's dated part of its running total.
        (
            "What share of Voltaic's total investment in Orbis came in March?",
            "$1 billion [2] is about 33.3% of $3 billion [1] (computed).",
        ),
        (
            "님버스 5월 조달액이 기업가치의 몇 퍼센트야?",
            "2억달러 [1]은(는) 20억달러 [2]의 약 10%입니다(계산).",
        ),
    ],
)
def test_a_share_is_the_part_in_percent_of_the_whole(
    kb: KnowledgeBase, question: str, lead: str
) -> None:
    answer = ask(kb, question)
    assert answer.kind is AnswerKind.ANSWER
    assert answer.text.startswith(lead)


def test_a_stake_in_percent_is_stated_never_computed(kb: KnowledgeBase) -> None:
    answer = ask(kb, "볼타익은 오르비스 지분 몇 퍼센트 갖고 있어?")
    assert answer.fact_ids == ("orbis-stake",)
    assert answer.computed == ()


def test_a_post_money_valuation_is_no_investment(kb: KnowledgeBase) -> None:
    concepts = engine_for(kb).analyze("님버스 투자 후 기업가치는?").concepts
    assert "valuation" in concepts
    assert "invest" not in concepts


def test_how_is_it_politely_asks_what_it_is_not_what_will_happen(kb: KnowledgeBase) -> None:
    answer = ask(kb, "님버스 5월 투자 유치 규모가 어떻게 되나요?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids == ("nimbus-may-round",)


def test_looking_at_putting_money_in_is_considering(kb: KnowledgeBase) -> None:
    assert (
        "consider" in engine_for(kb).analyze("Who's looking at putting money into Nimbus?").concepts
    )


def test_a_standalone_daebi_splits_a_comparison(kb: KnowledgeBase) -> None:
    answer = ask(kb, "케스트렐 2023년 투자 대비 볼타익 3월 투자는 얼마나 더 많아?")
    assert [(c.operation, c.value) for c in answer.computed] == [("difference", 5e8)]


def _with_an_earlier_valuation(tmp_path: Path) -> KnowledgeBase:
    quote = "님버스의 기업가치는 2023년 5억달러였다."
    return synthetic.load_with(
        tmp_path / "knowledge",
        synthetic.fact(
            "nimbus-valuation-2023",
            "valuation",
            '{ entity = "nimbus", role = "investee" }',
            '"valuation"',
            'when = "2023"\nmoney = [{ amount = 5e8, currency = "USD" }]',
            quote,
            "Nimbus was valued at $500 million in 2023.",
        ),
        quote,
    )


def test_one_company_s_figure_is_compared_with_a_figure_of_the_same_kind(tmp_path: Path) -> None:
    kb = _with_an_earlier_valuation(tmp_path)
    # "이번 5월 라운드에서" is the valuation at that round, not the round's size.
    answer = ask(kb, "님버스 기업가치가 2023년 대비 이번 5월 라운드에서 얼마나 올랐어?")
    assert [(c.operation, c.value, c.fact_ids) for c in answer.computed] == [
        ("difference", 1.5e9, ("nimbus-valuation-2023", "nimbus-valuation"))
    ]


def test_a_computation_with_another_time_of_the_same_names(kb: KnowledgeBase) -> None:
    _, summed = converse(
        kb, "볼타익이 3월에 오르비스에 넣은 돈은?", "6월 라운드랑 합치면 얼마예요?"
    )
    # Both sides found; dollars and euros are not added up.
    assert summed.fact_ids == ("orbis-march", "orbis-june-round")


def test_a_pre_money_valuation_is_never_answered_with_a_post_money_one(
    kb: KnowledgeBase,
) -> None:
    answer = ask(kb, "What was Nimbus's pre-money valuation?")
    assert answer.kind is AnswerKind.NOT_FOUND
    assert ask(kb, "What was Nimbus's post-money valuation?").fact_ids == ("nimbus-valuation",)


def test_the_year_before_is_a_growth_comparison_not_a_time(kb: KnowledgeBase) -> None:
    analysis = engine_for(kb).analyze("How did Nimbus's funding compare with the year before?")
    assert "growth" in analysis.concepts
    assert analysis.times == ()


def test_a_korean_tag_question_stating_a_time_or_figure_is_a_claim(kb: KnowledgeBase) -> None:
    assert ask(kb, "케스트렐 2020년에 세워졌죠?").text.startswith(
        "아닙니다. 출처에 따르면 2020년이 아니라 2021년입니다."
    )
    # An open question asked with the same ending claims nothing.
    assert not engine_for(kb).analyze("케스트렐 언제 세워졌죠?").confirming


def test_a_claimed_price_is_answered_with_the_range_the_sources_give(tmp_path: Path) -> None:
    kb = synthetic.load_edited(
        tmp_path / "knowledge",
        'money = [{ amount = 20, currency = "USD" }]',
        'money = [{ amount = 20, amount_max = 30, currency = "USD" }]',
    )
    answer = ask(kb, "Orbis's new service costs $50 a month, right?")
    assert answer.text.startswith("No: my sources say $20~$30, not $50.")


def test_a_claimed_deal_amount_is_not_checked_against_a_valuation(kb: KnowledgeBase) -> None:
    answer = ask(kb, "Nimbus got $300 million in May?")
    assert answer.text.startswith("No: my sources say $200 million, not $300 million.")


def test_a_figure_then_is_compared_with_the_latest_of_its_kind(tmp_path: Path) -> None:
    kb = _with_an_earlier_valuation(tmp_path)
    answer = ask(kb, "님버스 기업가치 2023년 대비 몇 배 뛰었어?")
    assert [(c.operation, c.value, c.fact_ids) for c in answer.computed] == [
        ("ratio", 4.0, ("nimbus-valuation-2023", "nimbus-valuation"))
    ]


def test_how_much_it_grew_is_answered_in_words_when_the_sources_say_so(tmp_path: Path) -> None:
    quote = "케스트렐의 올해 투자는 전년 대비 2배 이상 늘었다."
    kb = synthetic.load_with(
        tmp_path / "knowledge",
        synthetic.fact(
            "kestrel-growth",
            "spending",
            '{ entity = "kestrel", role = "investor" }',
            '"growth", "invest"',
            'when = "2024"',
            quote,
            "Kestrel's investment this year more than doubled from the year before.",
        ),
        quote,
    )
    answer = ask(kb, "케스트렐 투자 전년 대비 얼마나 늘었어?")
    assert answer.kind is AnswerKind.ANSWER
    assert answer.fact_ids[0] == "kestrel-growth"


def test_a_name_is_corrected_from_how_it_is_written_not_from_its_stem(tmp_path: Path) -> None:
    directory = synthetic.build(tmp_path / "knowledge")
    entities = directory / "entities.toml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace(
            'aliases = ["님버스", "Nimbus"]', 'aliases = ["님버스", "Nimbus", "Adhere"]'
        ),
        encoding="utf-8",
    )
    index = engine_for(load_knowledge(directory)).index
    found = index.fuzzy_latin("adhre")
    assert found is not None
    assert found.entity == "nimbus"
    # "adder" is one letter from the stem "adher", two from the name as written.
    assert index.fuzzy_latin("adder") is None


def test_most_recent_is_no_use_of_funds(kb: KnowledgeBase) -> None:
    assert (
        "use_of_funds"
        not in engine_for(kb).analyze("What was Nimbus's most recent raise?").concepts
    )


@pytest.mark.parametrize(
    "question",
    ["Who raised more in 2024, Nimbus or Orbis?", "Nimbus vs Orbis: which raised more money?"],
)
def test_who_raised_more_of_two_compares_them(kb: KnowledgeBase, question: str) -> None:
    answer = ask(kb, question)
    # Both sides found; dollars and euros are not compared without the won conversions.
    assert answer.fact_ids == ("nimbus-may-round", "orbis-june-round")
    assert answer.text.startswith("I can't compute that honestly: the figures are in different")


def test_any_other_asks_besides_the_statements_just_given(kb: KnowledgeBase) -> None:
    _, other = converse(kb, "Did Kestrel back Nimbus?", "has it backed any other company?")
    assert other.kind is AnswerKind.ANSWER
    assert "kestrel-nimbus-2022" not in other.fact_ids
    assert set(other.fact_ids) <= {"kestrel-orbis-2023", "kestrel-voltaic-2021", "orbis-june-round"}
    # "Who else" asks about the same deal.
    engine = engine_for(kb)
    _, context = answer_in_context(kb, "Who led Nimbus's May round?", None)
    previous = Context.parse(context)
    assert previous is not None
    assert (
        fill(engine, engine.analyze("who else was in that round?"), previous).other_than
        == frozenset()
    )
