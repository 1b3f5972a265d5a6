"""Korean language pack."""

from handlers.messages import Messages

MESSAGES = Messages(
    not_found="제가 가진 자료에는 그 내용이 없습니다.",
    not_found_about="제가 가진 자료에는 {names}에 대한 그 내용이 없습니다.",
    grounding_failed="제가 가진 자료에는 {names} 사이의 내용이 없어서 수치를 추측하지 않겠습니다.",
    out_of_scope_topic="제가 가진 자료는 {topic}에 대해 다루지 않습니다.",
    unknown_entity="제가 가진 자료에는 {names}에 대한 내용이 없습니다.",
    clarify="질문이 여러 내용에 해당합니다. 어느 것을 물어보신 건가요?",
    empty_question="AI 투자에 대해 물어보세요. 예: {example}",
    question_too_long="질문이 너무 깁니다. {limit}자 이내로 다시 물어봐 주세요.",
    too_long_note="(질문이 길어서 앞의 {limit}자만 읽었습니다.)",
    suggestions_intro="이런 질문에 답할 수 있습니다:",
    rate_limited="질문이 너무 빠릅니다. {seconds}초 뒤에 다시 물어봐 주세요.",
    apology="죄송합니다. 답변하는 중에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.",
    help=(
        "가진 기사를 바탕으로 AI 투자에 대한 질문에 한국어나 영어로 답하고, 항상 출처를 밝힙니다.\n"
        "회사: {companies}\n"
        "주제: 투자, 펀딩 라운드, 기업가치, 지분, 적자, 제품 출시와 요금, 중국 빅테크의 AI 투자, "
        "전문가 전망\n"
        "출처 목록은 `출처 목록`을 입력하세요."
    ),
    help_examples_intro="예를 들면:",
    sources_intro="참고한 자료:",
    sources_line="{outlet}, {published}: 「{title}」 (사실 {facts}건)",
    source_label="출처",
    quote_label="인용 문장",
    source_line="{outlet}{author}, {published}{via}",
    source_author=" {author}",
    source_via=" ({via} 보도 인용)",
    source_via_dated=" ({via} {date} 보도 인용)",
    share_button="채널에 공유",
    show_quote_button="원문 문장 보기",
    shared_by="{user}님이 공유함",
    helpful_button="👍",
    not_helpful_button="👎",
    feedback_thanks="의견 감사합니다.",
    terminal_prompt="질문> ",
    terminal_greeting=(
        "funding-bot: AI 투자에 대해 한국어나 영어로 물어보세요. "
        "`도움말`로 주제를, `quit`로 종료합니다."
    ),
    terminal_bye="안녕히 가세요.",
    slash_usage="사용법: `/funding <질문>`, `/funding help`, `/funding sources`.",
    answer_title="AI 투자",
    # Slack
    slack_shared_question="“{question}”",
    # Discord
    discord_command_description="AI 투자에 대해 묻고 출처와 함께 답을 받습니다",
    discord_question_description="질문 (예: 마이크로소프트는 오픈AI에 얼마를 투자했나요?)",
    discord_public_description="답변을 나에게만 보이지 않고 채널에 게시합니다",
    footer="funding-bot · 출처에 있는 내용만 답합니다",
)
