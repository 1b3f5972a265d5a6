import io
import shutil
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from knowledge.checks import check_knowledge
from knowledge.draft import article_id_for, draft_article, render_draft, split_sentences
from knowledge.loader import DEFAULT_DIR, collect_path

ARTICLE = "\n".join(
    [
        "빅테크, AI 스타트업에 잇단 투자",
        "",
        "아마존은 지난 3월 아마존웹서비스(AWS)를 통해 앤트로픽에 27억5000만달러(약 3조6977억원)를"
        " 추가로 투자했다. 회사 측은 “투자는 계속된다. 더 늘릴 것”이라고 했다.",
        "",
        "뉴욕타임스(NYT)에 따르면 미스트랄AI는 올해 상반기 삼성으로부터 약 6억유로(약 9000억원)를"
        " 유치했다.",
        "이 회사의 날씨는 맑았다.",
        "",
    ]
)


def draft_text(text: str = ARTICLE) -> str:
    draft = draft_article(
        text,
        published=date(2024, 9, 2),
        article_id="test-article",
        text_file="test-article.ko.txt",
        entities=collect_path(DEFAULT_DIR).entities,
        outlet="조선비즈",
    )
    return render_draft(draft)


def test_sentences_are_not_split_inside_quotation_marks_or_after_numbers() -> None:
    sentences = split_sentences(ARTICLE + "전효진 기자 2024. 9. 2. 15:34\nThe U.S. said no. Fine!")
    assert "회사 측은 “투자는 계속된다. 더 늘릴 것”이라고 했다." in sentences
    assert "전효진 기자 2024. 9. 2. 15:34" in sentences
    assert sentences[-2:] == ["The U.S. said no.", "Fine!"]


def test_a_draft_is_valid_toml_with_figures_times_and_guessed_roles() -> None:
    data = tomllib.loads(draft_text())
    assert data["article"]["outlet_entity"] == "chosunbiz"
    assert data["article"]["published"] == date(2024, 9, 2)
    assert data["article"]["title"] == "빅테크, AI 스타트업에 잇단 투자"
    facts = data["facts"]
    # The headline, the remark and the weather name no entity, figure or time.
    assert len(facts) == 2
    amazon, mistral = facts
    assert amazon["money"] == [
        {"amount": 2.75e9, "currency": "USD", "krw": 3.6977e12, "qualifier": "exact"}
    ]
    assert amazon["when"] == "2024-03"
    assert amazon["kind"] == "TODO investment"
    roles = {p["entity"]: p["role"] for p in amazon["participants"]}
    assert roles == {"amazon": "TODO subject", "aws": "TODO vehicle", "anthropic": "TODO investee"}
    assert mistral["money"][0]["qualifier"] == "about"
    assert mistral["when"] == "2024-H1"
    assert mistral["reporter"] == {"entity": "nyt"}
    assert {p["entity"]: p["role"] for p in mistral["participants"]}["samsung"] == "TODO investor"
    assert mistral["answer"] == {"ko": "TODO", "en": "TODO"}


def test_an_english_article_is_drafted_too() -> None:
    text = "Amazon invested $2.75 billion in Anthropic in March. It led by Amazon.\n"
    facts = tomllib.loads(draft_text(text))["facts"]
    assert facts[0]["money"][0]["amount"] == 2.75e9
    assert facts[0]["when"] == "2024-03"
    assert {p["entity"]: p["role"] for p in facts[0]["participants"]}["anthropic"] == (
        "TODO investee"
    )


def test_several_times_are_left_for_the_curator() -> None:
    text = "글로벌타임스는 지난달 27일 올해 상반기 바이두가 42억위안을 투자했다고 보도했다."
    facts = tomllib.loads(draft_text(text))["facts"]
    assert facts[0]["when"] == "TODO one of 2024-08-27, 2024-H1"


def test_check_lists_the_drafts_todos_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "kb"
    shutil.copytree(DEFAULT_DIR, root)
    text_path = root / "articles" / "test-article.ko.txt"
    text_path.write_text(ARTICLE, encoding="utf-8")
    output = root / "articles" / "test-article.toml"
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = ["knowledge", "draft", str(text_path), "--published", "2024-09-02"]
    status = main([*args, "--outlet", "조선비즈", "-o", str(output)])
    assert status == 0
    assert "2 draft statement(s)" in capsys.readouterr().out
    errors = check_knowledge(output).errors
    assert errors
    assert all(": still TODO (" in error for error in errors), errors
    assert any(
        "fact amazon-aws-investment-1: participants.1.role: still TODO (draft guess: vehicle;"
        in error
        for error in errors
    )


def test_the_article_id_comes_from_the_file_name() -> None:
    assert article_id_for(Path("Chosunbiz 2024-09-02 AI.ko.txt")) == "chosunbiz-2024-09-02-ai"
