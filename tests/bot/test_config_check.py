import pytest

from bot.cli import main
from bot.config_check import describe_configuration, mask


def test_secrets_are_masked() -> None:
    assert mask("xoxb-1234567890-abcdef") == "xoxb…****"
    assert mask("short") == "*****"


def test_each_platform_says_what_is_missing_by_variable_name() -> None:
    report, ready = describe_configuration(
        {"SLACK_BOT_TOKEN": "xoxb-1234567890-abcdef", "SLACK_APP_TOKEN": "xapp-1-0987654321"}
    )
    assert ready
    assert "Slack (Socket Mode): ready" in report
    assert "SLACK_SIGNING_SECRET is missing (needed for HTTP mode)" in report
    assert "Discord: not configured" in report
    assert "DISCORD_TOKEN is missing" in report
    assert "1234567890" not in report


def test_config_check_exits_2_when_nothing_is_configured(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["config", "check"]) == 2
    assert "No platform is fully configured" in capsys.readouterr().out


def test_a_malformed_setting_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RATE_LIMIT_PER_MINUTE", "lots")
    assert main(["ask", "hi"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "RATE_LIMIT_PER_MINUTE is malformed" in err


def test_run_with_a_slack_token_but_no_mode_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    monkeypatch.setenv("CURATION_DB", str(tmp_path) + "/c.sqlite3")
    assert main(["run"]) == 2
    assert "SLACK_APP_TOKEN is not set (Socket Mode) and PORT is not set" in capsys.readouterr().err
