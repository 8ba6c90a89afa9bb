"""The HTTP SMS gateway against a real local HTTP server."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from paht.notify.models import Message, Status
from paht.notify.services import messages_deliver
from paht.notify.sms import HttpGateway, SmsError
from tests.factories import submit


class Provider:
    """A fake SMS provider: records requests, answers what the test sets."""

    def __init__(self):
        self.requests = []
        self.status, self.answer = 200, '{"status": "OK", "id": 1}'
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                provider.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length).decode(),
                    }
                )
                self.send_response(provider.status)
                self.end_headers()
                self.wfile.write(provider.answer.encode())

            do_GET = do_POST = _handle

            def log_message(self, *args):  # the test output stays quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/api/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def provider(settings):
    p = Provider()
    p.thread.start()
    settings.PAHT_SMS_BACKEND = "paht.notify.sms.HttpGateway"
    settings.PAHT_SMS_HTTP_URL = p.url
    settings.PAHT_SMS_HTTP_EXTRA = "brandname=UBND-CAMAU&type=2"
    settings.PAHT_SMS_HTTP_AUTH_HEADER = "Authorization: Bearer khoa-bi-mat"
    try:
        yield p
    finally:
        p.server.shutdown()
        p.server.server_close()


def test_form_post_with_auth_header_and_international_phone(provider):
    HttpGateway().send("0912345678", "Phản ánh PA-2025-000001 đã được tiếp nhận.")
    (request,) = provider.requests
    assert request["method"] == "POST" and request["path"] == "/api/sms"
    assert request["headers"]["Authorization"] == "Bearer khoa-bi-mat"
    form = dict(urllib.parse.parse_qsl(request["body"]))
    assert form == {
        "brandname": "UBND-CAMAU",
        "type": "2",
        "to": "84912345678",
        "text": "Phản ánh PA-2025-000001 đã được tiếp nhận.",
    }


def test_json_body_and_get_query(provider, settings):
    settings.PAHT_SMS_HTTP_FORMAT = "json"
    settings.PAHT_SMS_HTTP_PHONE_PARAM, settings.PAHT_SMS_HTTP_TEXT_PARAM = "phone", "message"
    HttpGateway().send("0912345678", "Xin chào")
    body = json.loads(provider.requests[-1]["body"])
    assert body["phone"] == "84912345678" and body["message"] == "Xin chào"
    assert provider.requests[-1]["headers"]["Content-Type"].startswith("application/json")

    settings.PAHT_SMS_HTTP_METHOD, settings.PAHT_SMS_HTTP_PHONE_PREFIX = "GET", ""
    HttpGateway().send("0912345678", "Xin chào")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(provider.requests[-1]["path"]).query))
    assert query["phone"] == "0912345678" and query["message"] == "Xin chào"


def test_refusals_raise_without_the_phone(provider, settings):
    provider.status, provider.answer = 500, "loi gui toi 84912345678"
    with pytest.raises(SmsError) as refused:
        HttpGateway().send("0912345678", "x")
    assert "500" in str(refused.value) and "912345678" not in str(refused.value)

    provider.status, provider.answer = 200, '{"status": "ERROR"}'
    settings.PAHT_SMS_HTTP_SUCCESS = '"status": "OK"'
    with pytest.raises(SmsError):
        HttpGateway().send("0912345678", "x")
    provider.answer = '{"status": "OK"}'
    HttpGateway().send("0912345678", "x")

    settings.PAHT_SMS_HTTP_URL = "file:///etc/passwd"
    with pytest.raises(SmsError):
        HttpGateway().send("0912345678", "x")


def test_outbox_sms_goes_through_the_http_gateway_and_is_retried(world, provider, settings):
    report = submit(world, email="").report
    provider.status = 503
    assert messages_deliver() == {Status.FAILED: 1}
    message = Message.objects.get(report=report)
    assert message.last_error == "SmsError: SMS gateway answered HTTP 503"
    provider.status = 200
    Message.objects.filter(pk=message.pk).update(next_attempt_at=message.created_at)
    assert messages_deliver() == {Status.SENT: 1}
    form = dict(urllib.parse.parse_qsl(provider.requests[-1]["body"]))
    assert form["to"] == "84912345678" and report.code in form["text"]
