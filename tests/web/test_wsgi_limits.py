"""The WSGI entry point refuses oversized bodies before anything reads them."""

import io
import json

import pytest

from paht.core.wsgi_limits import BodyLimit


class Stream(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.taken += len(data)
        return data


def inner(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [str(len(body)).encode()]


def call(app, environ):
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    body = b"".join(app(environ, start_response))
    return started, body


def test_declared_oversized_body_is_refused_unread():
    stream = Stream(b"x" * 500)
    started, body = call(BodyLimit(inner, 100), {"CONTENT_LENGTH": "101", "wsgi.input": stream})
    assert started["status"].startswith("413")
    assert stream.taken == 0
    data = json.loads(body)
    assert data["error"]["code"] == "too_large" and "MB" in data["error"]["message"]
    assert started["headers"]["Content-Length"] == str(len(body))


def test_undeclared_body_is_cut_at_the_limit():
    stream = Stream(b"x" * 500)
    started, body = call(BodyLimit(inner, 100), {"wsgi.input": stream})
    assert started["status"] == "200 OK" and body == b"100"
    assert stream.taken == 100


def test_body_within_the_limit_passes():
    stream = Stream(b"x" * 100)
    started, body = call(BodyLimit(inner, 100), {"CONTENT_LENGTH": "100", "wsgi.input": stream})
    assert started["status"] == "200 OK" and body == b"100"


@pytest.mark.django_db
def test_production_entry_point_refuses_an_upload_over_the_media_limit(settings):
    from paht.media.config import max_upload_bytes
    from paht.wsgi import application

    stream = Stream(b"")
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/v1/reports/ABC/attachments",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(max_upload_bytes() + 64 * 1024 + 1),
        "wsgi.input": stream,
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
    }
    started, body = call(application, environ)
    assert started["status"].startswith("413") and stream.taken == 0
    assert json.loads(body)["error"]["code"] == "too_large"
    # A small request goes through to Django as usual.
    environ.update(REQUEST_METHOD="GET", PATH_INFO="/healthz", CONTENT_LENGTH="")
    environ.pop("CONTENT_TYPE")
    started, body = call(application, environ)
    assert started["status"] == "200 OK"
