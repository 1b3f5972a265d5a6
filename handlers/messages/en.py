"""English language pack."""

from handlers.messages import Messages

MESSAGES = Messages(
    not_found="My sources don't cover that.",
    not_found_about="My sources don't say that about {names}.",
    grounding_failed=(
        "My sources don't report anything between {names}, so I won't guess a figure."
    ),
    out_of_scope_topic="My sources don't cover {topic}.",
    unknown_entity="My sources say nothing about {names}.",
    claim_holds="Yes, that matches my sources.",
    claim_wrong="No: my sources say {stated}, not {claimed}.",
    claim_unstated="No: my sources do not name {claimed} there.",
    not_reported="My sources don't give that about {names}.",
    own_amount_not_reported="My sources don't give {names}'s own amount.",
    what_they_say="What they do say:",
    these_names="these companies",
    courtesy="You're welcome! Ask me anything else about AI funding.",
    compose_sum="{names} combined: {result} (computed: {parts}).",
    compose_before="Before that: {result} (computed: {whole} minus {part}).",
    compose_rest="Besides that part: {result} (computed: {whole} minus {part}).",
    compose_more_than="more than {figure}",
    compose_claim_above="Yes: {result} is more than {claim}.",
    compose_claim_not_above="No: {result} is not more than {claim}.",
    compose_claim_below="Yes: {result} is less than {claim}.",
    compose_claim_not_below="No: {result} is not less than {claim}.",
    compose_claim_same="Yes: {result}.",
    compose_claim_other="No: {result}, not {claimed}.",
    compose_compare=(
        "{bigger} is larger: {big} against {small} for {smaller}, a difference "
        "of {result} (computed)."
    ),
    compose_share="{part} is about {percent}% of {whole} (computed).",
    compose_share_more_than="{part} is more than {percent}% of {whole} (computed).",
    compose_ratio="{bigger} is about {ratio} times {smaller}: {big} against {small} (computed).",
    compose_ratio_more_than=(
        "{bigger} is more than {ratio} times {smaller}: {big} against {small} (computed)."
    ),
    compose_equal="{one} and {other} are the same: {figure} and {other_figure}.",
    compose_most="{name} is the largest: {figure}. All of them: {others}.",
    compose_least="{name} is the smallest: {figure}. All of them: {others}.",
    chronology_first="{name} came first: {when}; then {others}.",
    chronology_last="{name} came last: {when}; before it {others}.",
    chronology_tied="My sources date them too closely to tell them apart: {all}.",
    compose_in_won=" Compared through the won conversions the sources give.",
    compose_refused_overlap=(
        "I can't combine these honestly: one figure already includes the "
        "other. The sources say {figures}."
    ),
    compose_refused_qualifier=(
        "I can't compute that honestly: one figure is open-ended (such as "
        "'more than'). The sources say {figures}."
    ),
    compose_refused_currency=(
        "I can't compute that honestly: the figures are in different "
        "currencies and the sources give no won conversion for both. The "
        "sources say {figures}."
    ),
    compose_refused_same="Both sides come from the same figure. The sources say {figures}.",
    clarify="Your question fits more than one fact. Which one do you mean?",
    empty_question="Ask me about AI funding, for example: {example}",
    question_too_long="That question is too long for me; please ask in at most {limit} characters.",
    too_long_note="(Your question was long, so I read only its first {limit} characters.)",
    suggestions_intro="Here is what I can answer:",
    rate_limited="You're asking faster than I can keep up with. Please try again in {seconds} s.",
    apology="Sorry, something went wrong while answering. Please try again in a moment.",
    help=(
        "I answer questions about AI funding from the articles I have, in English or Korean, "
        "and always name my source.\n"
        "Companies: {companies}\n"
        "Topics: investments, funding rounds, valuations, stakes, losses, product launches "
        "and prices, China's AI spending, expert outlook.\n"
        "Type `sources` to see my sources."
    ),
    help_examples_intro="Try, for example:",
    sources_intro="My sources:",
    sources_line='{outlet}, {published}: "{title}" ({facts} facts)',
    source_label="Source",
    quote_label="Quoted sentence",
    source_line="{outlet}{author}, {published}{via}",
    source_author=" ({author})",
    source_via=", citing {via}",
    source_via_dated=", citing {via} ({date})",
    share_button="Share in channel",
    show_quote_button="Show source sentence",
    shared_by="Shared by {user}",
    helpful_button="👍",
    not_helpful_button="👎",
    feedback_thanks="Thanks for the feedback.",
    terminal_prompt="you> ",
    terminal_greeting=(
        "funding-bot: ask about AI funding in English or Korean. "
        "Type `help` for topics, `quit` to leave."
    ),
    terminal_bye="Bye.",
    slash_usage="Usage: `/funding <question>`, `/funding help`, `/funding sources`.",
    answer_title="AI funding",
    # Slack
    slack_shared_question="“{question}”",
    # Discord
    discord_command_description="Ask about AI funding, with sources",
    discord_question_description="Your question, e.g. How much did Microsoft invest in OpenAI?",
    discord_public_description="Post the answer in the channel instead of only to you",
    footer="funding-bot · answers only from its sources",
)
