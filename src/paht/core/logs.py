"""Logging helpers: secrets that travel in URLs never reach a log line (DESIGN §2)."""

import logging
import re

# The citizen's follow link carries its secret in the path: /theo-doi/<code>/<secret>/.
_FOLLOW = re.compile(r"(/theo-doi/[A-Za-z0-9-]+/)[A-Za-z0-9_-]+")


def redact(text: str) -> str:
    return _FOLLOW.sub(r"\1…", text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message and arguments (uvicorn's access log passes the path as
    an argument) so a follow link's secret is replaced by an ellipsis."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def uvicorn_log_config() -> dict:
    """uvicorn's own logging configuration with the redaction on every handler."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": "paht.core.logs.RedactSecrets"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact")
    return config
