"""Logging: one line per event, plain text or JSON lines (LOG_FORMAT=json)."""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from datetime import UTC, datetime
from typing import TextIO

# What json.dumps(value, ensure_ascii=False, default=str) does, without making an encoder for
# every value of every line.
_encode = json.JSONEncoder(ensure_ascii=False, default=str).encode
_encode_string = json.encoder.encode_basestring


def _field(value: object) -> str:
    """`_encode(value)`, the common kinds of field (text, flags, counts, finite times) without
    going through the encoder."""
    if isinstance(value, str):
        return _encode_string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    if type(value) is float and math.isfinite(value):
        return float.__repr__(value)
    return _encode(value)


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
        return _encode(payload)


class TextFormatter(logging.Formatter):
    """`time level logger event key=value ...` for people reading a console."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self._second: tuple[int, str] = (-1, "")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line += " " + " ".join(f"{key}={_field(value)}" for key, value in fields.items())
        return line

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        """As logging does, the date and time to the second formatted once per second."""
        if datefmt is not None:
            return super().formatTime(record, datefmt)
        second, stamp = self._second
        if second != int(record.created):
            stamp = time.strftime(self.default_time_format, self.converter(record.created))
            self._second = (int(record.created), stamp)
        if self.default_msec_format:
            return self.default_msec_format % (stamp, record.msecs)
        return stamp


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
