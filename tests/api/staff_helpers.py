"""Helpers for the staff API tests: signed-in clients and payloads in the API's terms."""

import json

from django.test import Client

from paht.api.tokens import staff_token_create
from paht.org.models import Unit
from paht.reports.models import Report, ReportEvent

PASSWORD = "x-test-pass-1"
BASE = "/api/v1/staff"


def token_for(user) -> str:
    raw, _expires = staff_token_create(username=user.username, password=PASSWORD, ip="192.0.2.1")
    return raw


class StaffClient:
    """A JSON client with one staff member's bearer token (or none)."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(BASE + path, params or {}, headers={**self.headers, **headers})

    def post(self, path: str, body=None, *, key: str | None = None, **headers):
        if key is not None:
            headers["Idempotency-Key"] = key
        data = "" if body is None else body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(
            BASE + path, data, content_type="application/json", headers={**self.headers, **headers}
        )

    def upload(self, data: dict, *, key: str | None = None, **headers):
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.client.post(BASE + "/uploads", data, headers={**self.headers, **headers})

    def delete(self, path: str, **headers):
        return self.client.delete(BASE + path, headers={**self.headers, **headers})

    def act(self, report, action: str, body=None, **kw):
        return self.post(f"/reports/{report.code}/actions/{action}", body, **kw)


def staff_client(world, name: str) -> StaffClient:
    return StaffClient(token_for(world.users[name]))


def to_api(value):
    """A service payload value as the API takes it: units and reports by their code."""
    if isinstance(value, (Unit, Report)):
        return value.code
    if isinstance(value, (list, tuple)):
        return [to_api(v) for v in value]
    return value


def api_body(payload: dict) -> dict:
    return {("commune" if k == "commune_code" else k): to_api(v) for k, v in payload.items()}


def snapshot(report) -> tuple:
    """What a refused request must leave as it was."""
    report.refresh_from_db()
    return report.state, report.version, ReportEvent.objects.filter(report=report).count()


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape, with the expected status (and code)."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
