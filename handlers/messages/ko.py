"""Korean language pack."""

from handlers.messages import Messages

MESSAGES = Messages(
    not_found="제가 가진 자료에는 그 내용이 없습니다.",
    not_found_about="제가 가진 자료에는 {names}에 대한 그 내용이 없습니다.",
    grounding_failed="제가 가진 자료에는 {names} 사이의 내용이 없어서 수치를 추측하지 않겠습니다.",
    out_of_scope_topic="제가 가진 자료는 {topic}에 대해 다루지 않습니다.",
    unknown_entity="제가 가진 자료에는 {names}에 대한 내용이 없습니다.",
    claim_holds="네, 출처와 일치합니다.",
    claim_wrong="아닙니다. 출처에 따르면 {claimed} 아니라 {stated}입니다.",
    claim_unstated="아닙니다. 출처에는 여기에 {claimed} 나오지 않습니다.",
    not_reported="출처에는 {names}에 대해 그 내용이 나오지 않습니다.",
    own_amount_not_reported="출처에는 {names}의 개별 투자 금액이 나오지 않습니다.",
    what_they_say="출처에 나오는 내용은 이렇습니다:",
    these_names="이 회사들",
    courtesy="천만에요! AI 투자에 대해 더 궁금한 게 있으면 물어보세요.",
    compose_sum="{names} 합계: {result} (계산: {parts}).",
    compose_before="그 이전 금액: {result} (계산: {whole} 빼기 {part}).",
    compose_rest="그 부분을 뺀 나머지: {result} (계산: {whole} 빼기 {part}).",
    compose_more_than="{figure} 이상",
    compose_claim_above="맞습니다. 계산하면 {result}입니다({claim} 초과).",
    compose_claim_not_above="아닙니다. 계산하면 {result}입니다({claim} 이하).",
    compose_claim_below="맞습니다. 계산하면 {result}입니다({claim} 미만).",
    compose_claim_not_below="아닙니다. 계산하면 {result}입니다({claim} 이상).",
    compose_claim_same="맞습니다. 계산하면 {result}입니다.",
    compose_claim_other="아닙니다. 계산하면 {claimed} 아니라 {result}입니다.",
    compose_compare="더 큰 쪽은 {bigger}입니다: {big}, {smaller} {small}, 차이 {result}(계산).",
    compose_share="{part}은(는) {whole}의 약 {percent}%입니다(계산).",
    compose_share_more_than="{part}은(는) {whole}의 {percent}% 이상입니다(계산).",
    compose_ratio="{bigger}은(는) {smaller}의 약 {ratio}배입니다: {big}, {small}(계산).",
    compose_ratio_more_than=(
        "{bigger}은(는) {smaller}의 {ratio}배 이상입니다: {big}, {small}(계산)."
    ),
    compose_equal="{one}와(과) {other}는 같습니다: {figure}, {other_figure}.",
    compose_most="가장 많은 곳은 {name}입니다: {figure}. 전체: {others}.",
    compose_least="가장 적은 곳은 {name}입니다: {figure}. 전체: {others}.",
    chronology_first="{name} 먼저입니다: {when}. 그다음 {others}.",
    chronology_last="{name} 가장 나중입니다: {when}. 그 전에 {others}.",
    chronology_tied="출처의 날짜로는 순서를 가릴 수 없습니다: {all}.",
    compose_in_won=" 출처가 제공한 원화 환산액으로 비교했습니다.",
    compose_refused_overlap=(
        "정직하게 합산할 수 없습니다: 한 수치가 다른 수치를 이미 포함합니다. "
        "출처의 수치: {figures}."
    ),
    compose_refused_qualifier=(
        "정직하게 계산할 수 없습니다: 한 수치가 '이상'처럼 열린 값입니다. 출처의 수치: {figures}."
    ),
    compose_refused_currency=(
        "정직하게 계산할 수 없습니다: 통화가 다르고 둘 다의 원화 환산액이 "
        "출처에 없습니다. 출처의 수치: {figures}."
    ),
    compose_refused_same="두 쪽이 같은 수치에서 나옵니다. 출처의 수치: {figures}.",
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
