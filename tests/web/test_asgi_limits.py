"""The ASGI entry point refuses oversized bodies before Django spools them."""

import asyncio
import json

from paht.core.asgi_limits import BodyLimit


def call(headers, chunks):
    sent, calls = [], {"app": 0}

    async def inner(scope, receive, send):
        calls["app"] += 1
        received = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                received = None
                break
            received += message.get("body", b"")
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok" if received else b"cut"})

    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "headers": headers}
    asyncio.run(BodyLimit(inner, 100)(scope, receive, send))
    return sent, calls["app"]


def test_declared_oversized_body_is_refused_without_reaching_django():
    sent, reached = call([(b"content-length", b"101")], [b"x" * 101])
    assert reached == 0
    assert sent[0]["status"] == 413
    body = json.loads(sent[1]["body"])
    assert body["error"]["code"] == "too_large" and "MB" in body["error"]["message"]


def test_undeclared_body_growing_past_the_limit_is_cut_off():
    sent, reached = call([], [b"x" * 60, b"x" * 60])
    assert reached == 1
    assert sent[1]["body"] == b"cut"


def test_body_within_the_limit_passes():
    sent, reached = call([(b"content-length", b"100")], [b"x" * 50, b"x" * 50])
    assert reached == 1 and sent[0]["status"] == 200 and sent[1]["body"] == b"ok"
