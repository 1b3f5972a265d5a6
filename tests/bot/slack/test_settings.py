import pytest

from bot.settings import SettingsError
from bot.slack.settings import SLACK_PUBLIC_API_URL, load_slack_settings

TOKENS = {
    "SLACK_BOT_TOKEN": "xoxb-1-abc",
    "SLACK_SIGNING_SECRET": "0123456789abcdef0123456789abcdef",
    "SLACK_APP_TOKEN": "xapp-1-abc",
}


@pytest.fixture
def slack_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (*TOKENS, "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in TOKENS.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_reads_the_environment_with_slack_public_api_by_default(
    slack_env: pytest.MonkeyPatch,
) -> None:
    settings = load_slack_settings(http=False)
    assert settings.bot_token.get_secret_value() == "xoxb-1-abc"
    assert settings.socket_mode
    assert settings.api_url == SLACK_PUBLIC_API_URL


def test_api_url_can_point_elsewhere_and_gets_its_trailing_slash(
    slack_env: pytest.MonkeyPatch,
) -> None:
    slack_env.setenv("SLACK_API_URL", "https://slack-gov.com/api")
    assert load_slack_settings(http=True).api_url == "https://slack-gov.com/api/"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SLACK_BOT_TOKEN", "xapp-wrong-kind"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind"),
        ("SLACK_API_URL", "slack.com/api"),
        ("SLACK_SIGNING_SECRET", "has a space"),
    ],
)
def test_a_malformed_value_names_its_variable_in_one_line(
    slack_env: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    slack_env.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        load_slack_settings(http=True)
    message = str(raised.value)
    assert variable in message
    assert "\n" not in message
    assert value not in message or variable == "SLACK_API_URL"


@pytest.mark.parametrize(
    ("variable", "http"),
    [("SLACK_BOT_TOKEN", True), ("SLACK_SIGNING_SECRET", True), ("SLACK_APP_TOKEN", False)],
)
def test_a_missing_value_the_mode_needs_is_named(
    slack_env: pytest.MonkeyPatch, variable: str, http: bool
) -> None:
    slack_env.delenv(variable)
    with pytest.raises(SettingsError, match=variable):
        load_slack_settings(http=http)


def test_http_mode_does_not_need_an_app_token(slack_env: pytest.MonkeyPatch) -> None:
    slack_env.delenv("SLACK_APP_TOKEN")
    assert not load_slack_settings(http=True).socket_mode
