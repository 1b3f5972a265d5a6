from bot.slack.text import mrkdwn_safe, slack_to_plain, split_for_blocks, truncate

BROADCASTS = ("@channel", "@here", "@everyone")


def test_slack_markup_becomes_the_words_typed() -> None:
    text = "<@UBOT> how much did &lt;Microsoft&gt; invest in <https://openai.com|OpenAI> &amp; co?"
    assert slack_to_plain(text, bot_user_id="UBOT") == (
        "how much did <Microsoft> invest in OpenAI & co?"
    )


def test_special_mentions_become_plain_words() -> None:
    text = "<!channel> <!here|here> <!everyone> <!subteam^S123|@investors> <#C1|general> <@U9|kim>"
    assert slack_to_plain(text) == "@channel @here @everyone @investors #general @kim"


def test_echoed_text_has_no_live_mention_or_markup() -> None:
    for text in ("<!channel> hi", "@here now", "@Everyone!", "<!subteam^S1|@team>", "a <b> & c"):
        safe = mrkdwn_safe(slack_to_plain(text))
        assert "<" not in safe
        assert ">" not in safe
        assert not any(word in safe.lower() for word in BROADCASTS)


def test_escaped_text_still_reads_as_typed() -> None:
    assert mrkdwn_safe("R&D <50%>") == "R&amp;D &lt;50%&gt;"
    assert mrkdwn_safe("@here").replace("\u2060", "") == "@here"


def test_split_respects_the_limit_and_keeps_every_word() -> None:
    text = " ".join(f"word{i}" for i in range(3000))
    pieces = split_for_blocks(text, 3000)
    assert all(len(piece) <= 3000 for piece in pieces)
    assert " ".join(pieces).split() == text.split()


def test_split_of_text_without_spaces_does_not_break_an_escape() -> None:
    text = mrkdwn_safe("&" * 2000)
    pieces = split_for_blocks(text, 3000)
    assert all(len(piece) <= 3000 for piece in pieces)
    assert all(piece.count("&") == piece.count("&amp;") for piece in pieces)


def test_truncate_marks_the_cut() -> None:
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("abc", 4) == "abc"
