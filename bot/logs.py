"""Logging: one line per event, plain text or JSON lines (LOG_FORMAT=json)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import TextIO


class JsonFormatter(logging.Formatter):
    """A JSON object per line, with the fields an event attached under `extra={"fields": ...}`."""

    def format(self, record: logging.LogRecord) -> str:
        fields = getattr(record, "fields", None)
        payload: dict[str, object] = dict(fields) if isinstance(fields, dict) else {}
        # The envelope wins over a field that happens to share its name.
        payload.update(
            time=datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            level=record.levelname.lower(),
            logger=record.name,
            event=record.getMessage(),
        )
        if record.exc_info:
            payload["error"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`time level logger event key=value ...` for people reading a console."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line += " " + " ".join(
                f"{key}={json.dumps(value, ensure_ascii=False, default=str)}"
                for key, value in fields.items()
            )
        return line


# Libraries that log request bodies (and so question text) at INFO: quiet unless debugging.
CHATTY_LIBRARIES = ("slack_bolt", "slack_sdk", "discord", "aiohttp.access")


def configure_logging(*, json_lines: bool, level: str, stream: TextIO | None = None) -> None:
    """One handler on the root logger, in text or JSON lines."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(level if level == "DEBUG" else "WARNING")
