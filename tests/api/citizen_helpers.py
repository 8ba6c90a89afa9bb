"""Shared pieces of the REST API tests: an app key, a valid report body, JSON posts."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from paht.clients.services import apikey_create
from paht.reports.models import Report
from tests.factories import AN_XUYEN, AN_XUYEN_POINT
from tests.web.helpers import photo, use_tmp_media

API = "/api/v1"

__all__ = ["API", "app_key", "media_root", "photo"]


def new_app_key(name: str = "Ứng dụng Cà Mau-G", per_hour: int = 3600) -> str:
    _row, raw = apikey_create(name=name, per_hour=per_hour)
    return raw


@pytest.fixture
def app_key(db) -> str:
    return new_app_key()


@pytest.fixture
def media_root(settings, tmp_path):
    return use_tmp_media(settings, tmp_path)


def report_body(**overrides) -> dict:
    """What a mobile app sends for a complete, valid report."""
    observed = timezone.localtime() - timedelta(hours=2)
    body = {
        "field": "ha_tang_do_thi",
        "description": "Đèn đường trước chợ An Xuyên không sáng ba đêm liền, rất tối.",
        "lat": AN_XUYEN_POINT[0],
        "lng": AN_XUYEN_POINT[1],
        "address": "Trước cổng chợ, đường Lý Thường Kiệt",
        "commune": AN_XUYEN,
        "observed_at": observed.isoformat(),
        "name": "Lê Thị Bình",
        "phone": "0912 345 678",
        "email": "binh@example.com",
        "share_identity": True,
        "attachments": [],
    }
    body.update(overrides)
    return body


def post_json(client, path: str, body, *, key: str | None = None, **headers):
    """POST ``body`` as JSON to ``API + path``; ``key`` is the app's X-API-Key."""
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    if key is not None:
        extra["HTTP_X_API_KEY"] = key
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(API + path, data, content_type="application/json", **extra)


def get(client, path: str, **headers):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return client.get(API + path, **extra)


def submit(client, key: str, **overrides) -> dict:
    """A report submitted through the API; returns the 201 answer's body."""
    response = post_json(client, "/reports", report_body(**overrides), key=key)
    assert response.status_code == 201, response.content.decode()
    return response.json()


def counts() -> tuple[int, ...]:
    from paht.core.models import IdempotencyKey
    from paht.media.models import Attachment
    from paht.reports.models import ReportEvent

    return (
        Report.objects.count(),
        ReportEvent.objects.count(),
        Attachment.objects.count(),
        IdempotencyKey.objects.count(),
    )


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape, with ``status`` (and ``code`` if given)."""
    assert response.status_code == status, response.content.decode()[:2000]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]


def field_names(error: dict) -> set[str]:
    """The fields an error names. Form and file parameters may come prefixed by their
    source (``form.phone``, ``file.file``) depending on base.py's formatting."""
    return {k.removeprefix("form.").removeprefix("file.") for k in error["fields"]}
