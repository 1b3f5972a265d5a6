"""The Slack adapter: `/funding`, mentions and direct messages, in Socket Mode or HTTP mode."""

from bot.slack.app import build_slack_app
from bot.slack.server import serve_http
from bot.slack.settings import SlackSettings, load_slack_settings
from bot.slack.socket_mode import serve_socket_mode

__all__ = [
    "SlackSettings",
    "build_slack_app",
    "load_slack_settings",
    "serve_http",
    "serve_socket_mode",
]
