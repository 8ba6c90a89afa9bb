import logging

from paht.core.logs import RedactSecrets, redact, uvicorn_log_config


def test_follow_link_secrets_are_redacted_from_log_lines():
    line = '127.0.0.1:1 - "GET /theo-doi/PA-2026-000001/NS4yMGv1K0Hp_-Gs/ HTTP/1.1" 302'
    assert "NS4yMGv1K0Hp" not in redact(line)
    assert "/theo-doi/PA-2026-000001/…/" in redact(line)

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        "",
        0,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", "GET", "/theo-doi/PA-2026-000001/secretvalue123/", "1.1", 302),
        None,
    )
    assert RedactSecrets().filter(record)
    assert "secretvalue123" not in record.getMessage()


def test_uvicorn_handlers_carry_the_filter():
    config = uvicorn_log_config()
    assert all("redact" in h["filters"] for h in config["handlers"].values())
    assert config["filters"]["redact"]["()"] == "paht.core.logs.RedactSecrets"
