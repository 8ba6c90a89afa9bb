"""Refuse an oversized request body before Django reads it.

Django's ASGI handler spools the whole body to disk before any view runs, so a view's
own size check comes too late to spare the disk and the bandwidth. This wrapper answers
413 from the declared ``Content-Length`` alone, and cuts off a body that grows past the
limit without declaring it (chunked uploads). ``wsgi_limits`` does the same for WSGI.
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import override


def refusal_body(max_bytes: int) -> bytes:
    """The 413 answer both entry points send, in the API's error format."""
    with override("vi"):
        message = _("Tệp quá lớn: tối đa %(max)s MB.") % {"max": max_bytes // (1024 * 1024)}
    return json.dumps(
        {"error": {"code": "too_large", "message": message, "fields": {}}},
        ensure_ascii=False,
    ).encode()


class BodyLimit:
    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await self._refuse(send)
        seen = 0

        async def limited_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    return {"type": "http.disconnect"}
            return message

        return await self.app(scope, limited_receive, send)

    async def _refuse(self, send):
        body = refusal_body(self.max_bytes)
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
