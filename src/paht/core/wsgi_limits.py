"""Refuse an oversized request body before Django reads it, under WSGI.

The WSGI twin of ``asgi_limits.BodyLimit``. A declared ``Content-Length`` over the
limit is answered 413 at once, without touching ``wsgi.input`` (the server drops the
unread body with the connection). A body sent without a length (chunked) is read
through a reader that stops at the limit: Django's WSGI request reads no more than
``CONTENT_LENGTH`` bytes anyway (none when it is absent), so this guards any other
reader of the stream.
"""

from .asgi_limits import refusal_body


class CappedInput:
    """``wsgi.input`` that reports end-of-body once ``max_bytes`` have been read."""

    def __init__(self, stream, max_bytes: int):
        self.stream, self.left = stream, max_bytes

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.read(size)
        self.left -= len(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        size = self.left if size is None or size < 0 else min(size, self.left)
        data = self.stream.readline(size)
        self.left -= len(data)
        return data

    def __iter__(self):
        while line := self.readline():
            yield line


class BodyLimit:
    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    def __call__(self, environ, start_response):
        declared = (environ.get("CONTENT_LENGTH") or "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            body = refusal_body(self.max_bytes)
            start_response(
                "413 Request Entity Too Large",
                [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
            )
            return [body]
        if not declared and "wsgi.input" in environ:
            environ["wsgi.input"] = CappedInput(environ["wsgi.input"], self.max_bytes)
        return self.app(environ, start_response)
