"""Contract tests of the citizens' API: upload, submit (JSON and multipart), follow,
reply, rate, re-open, phone sign-in and "my reports" — success shapes, every refusal in
the one error shape with its status, and nothing created on a refusal."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from paht.api.models import AccessToken
from paht.api.tokens import citizen_token_create
from paht.media.models import Attachment
from paht.notify import sms
from paht.reports.models import Channel, Report, ReportEvent, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.api.citizen_helpers import (
    API,
    app_key,
    assert_error,
    counts,
    field_names,
    get,
    media_root,
    new_app_key,
    photo,
    post_json,
    report_body,
    submit,
)
from tests.factories import AN_XUYEN, report_in_state
from tests.media import samples

pytestmark = pytest.mark.django_db

__all__ = ["app_key", "media_root"]  # fixtures

CODE = re.compile(r"^PA-\d{4}-\d{6}$")


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


def follow(client, code: str, secret: str | None = None, **headers):
    if secret is not None:
        headers["X-Report-Secret"] = secret
    return get(client, f"/reports/{code}/follow", **headers)


def upload(client, key: str, file=None, **headers):
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    return client.post(f"{API}/uploads", {"file": file or photo()}, HTTP_X_API_KEY=key, **extra)


# --- submitting as JSON ---------------------------------------------------------------


def test_a_json_report_is_created_with_its_secret(client, world, app_key):
    before = counts()
    response = post_json(client, "/reports", report_body(), key=app_key)
    assert response.status_code == 201, response.content.decode()
    body = response.json()
    assert set(body) == {"code", "secret", "follow_url", "submitted_at", "expected"}
    assert CODE.match(body["code"])
    assert len(body["secret"]) >= 24
    assert body["follow_url"].startswith("http://testserver/theo-doi/")
    assert body["expected"]["classify_by"] and body["expected"]["result_by"]
    report = Report.objects.get(code=body["code"])
    assert report.channel == Channel.API
    assert report.commune_id == AN_XUYEN
    assert report.share_identity is True
    assert report.contact.phone == "0912345678"
    assert counts()[0] == before[0] + 1
    # The secret proves the report.
    assert follow(client, body["code"], body["secret"]).status_code == 200


def test_a_report_with_files_uploaded_first(client, world, app_key):
    first = upload(client, app_key)
    assert first.status_code == 201, first.content.decode()
    item = first.json()
    assert set(item) == {"id", "key", "kind", "state", "suggestion"}
    assert item["kind"] == "photo"
    assert set(item["suggestion"]) == {"lat", "lng", "taken_at"}
    refs = [{"id": item["id"], "key": item["key"]}]
    body = submit(client, app_key, attachments=refs)
    report = Report.objects.get(code=body["code"])
    assert list(report.attachments.values_list("pk", flat=True)) == [Attachment.objects.get().pk]
    # Used up: the same reference cannot be attached again.
    again = post_json(client, "/reports", report_body(attachments=refs), key=app_key)
    assert assert_error(again, 400, "unknown_file")["fields"] == {"attachments": [item["id"]]}


def test_defaults_observed_now_no_identity_sharing(client, world, app_key):
    body = report_body(share_identity=None, observed_at=None, email=None, lat=None, lng=None)
    body = {k: v for k, v in body.items() if v is not None}
    answer = submit_raw = post_json(client, "/reports", body, key=app_key)
    assert answer.status_code == 201, submit_raw.content.decode()
    report = Report.objects.get(code=answer.json()["code"])
    assert report.share_identity is False
    assert report.lat is None and report.commune_id == AN_XUYEN
    assert abs((report.observed_at - timezone.now()).total_seconds()) < 60


@pytest.mark.parametrize(
    "headers, status, code",
    [
        ({}, 401, "not_authenticated"),
        ({"HTTP_X_API_KEY": "paht_nope_nope"}, 403, "invalid_api_key"),
        ({"HTTP_X_API_KEY": "not a key"}, 403, "invalid_api_key"),
    ],
)
def test_submitting_needs_a_valid_api_key(client, world, headers, status, code):
    before = counts()
    response = client.post(
        f"{API}/reports", report_body(), content_type="application/json", **headers
    )
    assert_error(response, status, code)
    assert counts() == before


def test_a_revoked_key_is_refused(client, world, app_key):
    from paht.clients.models import ApiKey

    ApiKey.objects.update(is_active=False)
    assert_error(post_json(client, "/reports", report_body(), key=app_key), 403)


def test_each_key_has_its_hourly_limit(client, world):
    key = new_app_key(per_hour=2)
    submit(client, key)
    assert get(client, "/fields").status_code == 200  # public reads are not counted
    submit(client, key, phone="0987654321")
    response = post_json(client, "/reports", report_body(phone="0911111111"), key=key)
    assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0
    # Another app is not concerned.
    submit(client, new_app_key(name="Ứng dụng khác"), phone="0911111111")


BAD_BODIES = [
    ("unknown field", {"field": "khong_ton_tai"}, "field"),
    ("empty description", {"description": "   "}, "description"),
    ("too long description", {"description": "Ổ gà " * 801}, "description"),
    ("not a phone", {"phone": "12345"}, "phone"),
    ("no name", {"name": ""}, "name"),
    ("bad email", {"email": "không phải email"}, "email"),
    ("outside the province", {"lat": 21.0285, "lng": 105.8542, "commune": None}, "location"),
    ("latitude alone", {"lng": None}, "location"),
    ("unknown commune", {"commune": "99999"}, "commune"),
    ("no place at all", {"lat": None, "lng": None, "commune": None, "address": ""}, "location"),
    ("observed in the future", {"observed_at": "2999-01-01T00:00:00+07:00"}, "observed_at"),
    ("observed without offset", {"observed_at": "2025-01-01T08:00:00"}, "observed_at"),
    ("observed before year 1 in UTC", {"observed_at": "0001-01-01T00:00:00+14:00"}, "observed_at"),
    ("observed after 9999 in UTC", {"observed_at": "9999-12-31T23:59:59-12:00"}, "observed_at"),
    ("latitude not a number", {"lat": "abc"}, "lat"),
    ("consent not a boolean", {"share_identity": "maybe"}, "share_identity"),
    ("attachments not a list", {"attachments": "abc"}, "attachments"),
    ("missing phone", {"phone": None}, "phone"),
]


@pytest.mark.parametrize(
    "overrides, field", [b[1:] for b in BAD_BODIES], ids=[b[0] for b in BAD_BODIES]
)
def test_invalid_reports_are_refused_with_the_field_named(client, world, app_key, overrides, field):
    body = report_body(**overrides)
    if overrides.get("phone", "") is None:
        del body["phone"]
    before = counts()
    error = assert_error(post_json(client, "/reports", body, key=app_key), 400)
    assert field in error["fields"], error
    assert counts() == before


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"[1, 2]", b'"text"', b"null", b"", '{"field": "\u0000"}'.encode()],
    ids=["malformed", "array", "string", "null", "empty", "nul char"],
)
def test_malformed_bodies_are_400_not_500(client, world, app_key, raw):
    before = counts()
    response = post_json(client, "/reports", raw, key=app_key)
    assert_error(response, 400)
    assert counts() == before


@pytest.mark.parametrize(
    "name", ["field", "description", "address", "commune", "name", "phone", "email"]
)
def test_a_nul_character_is_400_on_every_database(client, world, app_key, name):
    # PostgreSQL refuses NUL in text outright: it must never get that far.
    before = counts()
    body = report_body(**{name: "An\x00Xuyên"})
    assert name in assert_error(post_json(client, "/reports", body, key=app_key), 400)["fields"]
    refs = [{"id": "a\x00", "key": "b"}]
    error = assert_error(
        post_json(client, "/reports", report_body(attachments=refs), key=app_key), 400
    )
    assert "attachments.0.id" in error["fields"]
    assert_error(follow(client, "PA-2025-000001\x00", "x"), 404)
    assert_error(
        post_json(
            client, "/reports/PA\x00/reply", {"note": "x"}, key=app_key, **{"X-Report-Secret": "x"}
        ),
        404,
    )
    assert counts() == before


def test_a_body_that_is_not_json_is_415(client, world, app_key):
    response = client.post(
        f"{API}/reports", "field=x", content_type="text/plain", HTTP_X_API_KEY=app_key
    )
    assert_error(response, 415, "unsupported_media_type")


def test_errors_follow_accept_language(client, world, app_key):
    body = report_body(phone="12345")
    vi = assert_error(post_json(client, "/reports", body, key=app_key), 400)
    en = assert_error(
        post_json(client, "/reports", body, key=app_key, **{"Accept-Language": "en"}), 400
    )
    assert vi["message"].startswith("Số điện thoại không hợp lệ")
    assert en["message"].startswith("Invalid phone number")
    assert vi["code"] == en["code"]


def test_the_per_phone_limit_answers_429(client, world, app_key, settings):
    settings.PAHT_SUBMIT_PER_PHONE_DAY = 1
    submit(client, app_key)
    before = counts()
    response = post_json(client, "/reports", report_body(phone="+84912345678"), key=app_key)
    assert_error(response, 429, "rate_limited")
    assert counts() == before


# --- uploads ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, status, code",
    [
        ("page.jpg", samples.html_as_jpeg, 415, "unsupported_type"),
        ("cut.jpg", samples.truncated_jpeg, 422, "unreadable"),
        ("zero.jpg", lambda: b"", 422, "empty"),
    ],
)
def test_refused_uploads_leave_nothing(client, world, app_key, name, data, status, code):
    before = counts()
    response = upload(client, app_key, SimpleUploadedFile(name, data()))
    error = assert_error(response, status, code)
    assert "file" in error["fields"]
    assert counts() == before


def test_an_upload_over_the_size_limit_is_413(client, world, app_key, settings):
    settings.PAHT_MEDIA_PHOTO_MAX_MB = 0.01
    settings.PAHT_MEDIA_VIDEO_MAX_MB = 0.01
    response = upload(client, app_key, SimpleUploadedFile("big.jpg", samples.jpeg(1600, 1200)))
    assert_error(response, 413, "too_large")


def test_a_declared_oversized_body_is_refused_before_reading(client, world, app_key):
    response = client.generic(
        "POST",
        f"{API}/uploads",
        b"x",
        content_type="multipart/form-data; boundary=zzz",
        HTTP_X_API_KEY=app_key,
        CONTENT_LENGTH=str(10**12),
    )
    assert_error(response, 413, "too_large")


def test_an_upload_needs_a_file_and_a_key(client, world, app_key):
    assert_error(client.post(f"{API}/uploads", {"file": photo()}), 401)
    error = assert_error(client.post(f"{API}/uploads", {}, HTTP_X_API_KEY=app_key), 400)
    assert "file" in field_names(error)
    response = client.post(
        f"{API}/uploads", {"x": 1}, content_type="application/json", HTTP_X_API_KEY=app_key
    )
    assert_error(response, 415)


def test_uploads_are_limited_per_address(client, world, app_key, settings):
    settings.PAHT_UPLOAD_PER_IP_HOUR = 1
    assert upload(client, app_key).status_code == 201
    assert_error(upload(client, app_key), 429, "rate_limited")


# --- submitting as multipart ------------------------------------------------------------


def form(**overrides) -> dict:
    body = report_body(**overrides)
    body.pop("attachments")
    body["share_identity"] = "true" if body["share_identity"] else "false"
    return {k: v for k, v in body.items() if v is not None}


def test_a_multipart_report_with_its_files(client, world, app_key):
    earlier = upload(client, app_key).json()
    data = {**form(), "files": [photo("a.jpg"), photo("b.jpg")]}
    data["attachment"] = [f"{earlier['id']}:{earlier['key']}"]
    response = client.post(f"{API}/reports/multipart", data, HTTP_X_API_KEY=app_key)
    assert response.status_code == 201, response.content.decode()
    report = Report.objects.get(code=response.json()["code"])
    assert report.attachments.count() == 3
    assert report.channel == Channel.API and report.share_identity is True


def test_a_multipart_retry_does_not_store_its_files_twice(client, world, app_key):
    fields = form()
    first = client.post(
        f"{API}/reports/multipart",
        {**fields, "files": [photo()]},
        HTTP_X_API_KEY=app_key,
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )
    assert first.status_code == 201, first.content.decode()
    before = counts()
    again = client.post(
        f"{API}/reports/multipart",
        {**fields, "files": [photo()]},
        HTTP_X_API_KEY=app_key,
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )
    assert again.status_code == 201
    assert again.json() == first.json()
    assert counts() == before
    other = client.post(
        f"{API}/reports/multipart",
        {**fields, "description": "Một nội dung khác hẳn.", "files": [photo()]},
        HTTP_X_API_KEY=app_key,
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )
    assert_error(other, 409, "idempotency_key_reused")


def test_multipart_refusals(client, world, app_key, settings):
    url = f"{API}/reports/multipart"
    before = counts()
    too_many = {**form(), "files": [photo(f"{i}.jpg") for i in range(7)]}
    assert_error(client.post(url, too_many, HTTP_X_API_KEY=app_key), 400, "too_many_files")
    bad_ref = {**form(), "attachment": ["no-colon"]}
    error = assert_error(client.post(url, bad_ref, HTTP_X_API_KEY=app_key), 400)
    assert "attachment" in field_names(error)
    fake = {**form(), "files": [SimpleUploadedFile("x.jpg", samples.html_as_jpeg())]}
    assert_error(client.post(url, fake, HTTP_X_API_KEY=app_key), 415)
    missing = form()
    del missing["phone"]
    error = assert_error(client.post(url, missing, HTTP_X_API_KEY=app_key), 400)
    assert "phone" in field_names(error)
    as_json = post_json(client, "/reports/multipart", report_body(), key=app_key)
    assert_error(as_json, 415, "unsupported_media_type")
    assert counts()[0] == before[0]


# --- following one's report --------------------------------------------------------------

REPORTER_KEYS = {
    "code",
    "round",
    "state",
    "state_label",
    "field",
    "title",
    "description",
    "location",
    "observed_at",
    "submitted_at",
    "deadline_at",
    "expected",
    "lead_unit",
    "result_text",
    "result_at",
    "published_at",
    "returned",
    "merged_into",
    "rating",
    "satisfied",
    "timeline",
    "media",
    "media_processing",
    "can_reply",
    "can_rate",
    "can_reopen",
    "reopen_until",
    "previous_round",
    "next_round",
}


def test_the_reporter_follows_a_fresh_report(client, world, app_key):
    sent = submit(client, app_key, attachments=[])
    response = follow(client, sent["code"], sent["secret"])
    assert response.status_code == 200
    body = response.json()
    assert set(body) == REPORTER_KEYS
    assert body["state"] == "submitted"
    assert body["state_label"] == "Chờ tiếp nhận, phân loại"
    assert body["field"] == {"code": "ha_tang_do_thi", "name": "Hạ tầng đô thị"}
    assert body["location"]["commune"] == {"code": AN_XUYEN, "name": "Phường An Xuyên"}
    assert body["expected"]["classify_by"] == sent["expected"]["classify_by"]
    assert body["deadline_at"]
    assert body["can_reply"] and not body["can_rate"] and not body["can_reopen"]
    assert [e["text"] for e in body["timeline"]] == [
        "Phản ánh đã được gửi và đang chờ tiếp nhận, phân loại."
    ]
    english = follow(client, sent["code"], sent["secret"], **{"Accept-Language": "en"}).json()
    assert english["state_label"] != body["state_label"]


def test_unknown_code_and_wrong_secret_answer_the_same_404(client, world, app_key):
    sent = submit(client, app_key)
    wrong = follow(client, sent["code"], "not-the-secret")
    unknown = follow(client, "PA-2000-000001", sent["secret"])
    assert assert_error(wrong, 404, "not_found") == assert_error(unknown, 404, "not_found")
    assert_error(follow(client, sent["code"]), 401, "not_authenticated")


def test_a_citizen_token_of_the_same_phone_proves_the_report(client, world, app_key):
    sent = submit(client, app_key, phone="0912 345 678")
    mine, _ = citizen_token_create(phone="0912345678")
    other, _ = citizen_token_create(phone="0987654321")
    assert follow(client, sent["code"], Authorization=f"Bearer {mine}").status_code == 200
    assert_error(follow(client, sent["code"], Authorization=f"Bearer {other}"), 404)
    assert_error(follow(client, sent["code"], Authorization="Bearer nonsense"), 401)
    # A wrong secret beside a good token: the token still proves it.
    both = follow(client, sent["code"], "wrong", Authorization=f"Bearer {mine}")
    assert both.status_code == 200


def test_a_returned_report_says_why_and_where_to_go(client, world):
    report, secret = report_in_state(world, State.RETURNED)
    body = follow(client, report.code, secret).json()
    assert body["state"] == "returned"
    assert body["returned"]["reason"]["code"] == "thieu_thong_tin"
    assert body["returned"]["guidance"]
    assert body["deadline_at"] is None and body["expected"] is None
    assert not body["can_reply"] and not body["can_rate"]


def test_a_published_report_offers_rating_and_reopening(client, world):
    report, secret = report_in_state(world, State.PUBLISHED)
    body = follow(client, report.code, secret).json()
    assert body["result_text"] == "Đã vá ổ gà, mặt đường an toàn."
    assert body["lead_unit"] == "UBND Phường An Xuyên"
    assert body["can_rate"] and body["can_reopen"] and body["can_reply"]
    assert body["reopen_until"]


# --- reply, rate, re-open -----------------------------------------------------------------


def act(client, code, action, body, *, key, secret=None, **headers):
    if secret is not None:
        headers["X-Report-Secret"] = secret
    return post_json(client, f"/reports/{code}/{action}", body, key=key, **headers)


def test_reply_adds_to_the_timeline_of_the_reporter_only(client, world, app_key):
    report, secret = report_in_state(world, State.IN_PROGRESS)
    note = "Ổ gà nay đã rộng thêm, xe tải cũng tránh."
    response = act(client, report.code, "reply", {"note": note}, key=app_key, secret=secret)
    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert set(body) == REPORTER_KEYS
    assert body["timeline"][-1]["note"] == note
    assert body["timeline"][-1]["text"] == "Người phản ánh bổ sung thông tin."
    assert ReportEvent.objects.filter(report=report, action=Action.REPLY).count() == 1


def test_rate_once(client, world, app_key):
    report, secret = report_in_state(world, State.PUBLISHED)
    rating = {"rating": 4, "satisfied": True}
    response = act(client, report.code, "rate", rating, key=app_key, secret=secret)
    assert response.status_code == 200
    assert response.json()["rating"] == 4 and response.json()["satisfied"] is True
    assert response.json()["can_rate"] is False
    again = act(client, report.code, "rate", rating, key=app_key, secret=secret)
    assert_error(again, 409, "transition_not_allowed")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"rating": 0, "satisfied": True}, "rating"),
        ({"rating": 6, "satisfied": True}, "rating"),
        ({"rating": "many", "satisfied": True}, "rating"),
        ({"rating": 3}, "satisfied"),
    ],
)
def test_invalid_ratings(client, world, app_key, body, field):
    report, secret = report_in_state(world, State.PUBLISHED)
    error = assert_error(act(client, report.code, "rate", body, key=app_key, secret=secret), 400)
    assert field in error["fields"]
    report.refresh_from_db()
    assert report.rating is None


def test_rating_before_a_result_is_409(client, world, app_key):
    report, secret = report_in_state(world, State.IN_PROGRESS)
    body = {"rating": 1, "satisfied": False}
    assert_error(act(client, report.code, "rate", body, key=app_key, secret=secret), 409)


def test_reopen_creates_round_two_readable_with_the_same_secret(client, world, app_key):
    report, secret = report_in_state(world, State.PUBLISHED)
    note = {"note": "Ổ gà lại xuất hiện sau trận mưa."}
    response = act(client, report.code, "reopen", note, key=app_key, secret=secret)
    assert response.status_code == 201, response.content.decode()
    second = response.json()
    assert second["code"] == f"{report.code}-L2"
    assert second["round"] == 2 and second["previous_round"] == report.code
    assert second["state"] == "submitted"
    assert second["description"] == note["note"]
    assert follow(client, second["code"], secret).status_code == 200
    first = follow(client, report.code, secret).json()
    assert first["state"] == "reopened" and first["next_round"] == second["code"]
    assert not first["can_reopen"]
    again = act(client, report.code, "reopen", note, key=app_key, secret=secret)
    assert_error(again, 409)


def test_reopen_after_the_window_is_409(client, world, app_key, settings):
    report, secret = report_in_state(world, State.PUBLISHED)
    Report.objects.filter(pk=report.pk).update(
        published_at=timezone.now() - timedelta(days=settings.PAHT_REOPEN_WINDOW_DAYS + 1)
    )
    assert follow(client, report.code, secret).json()["can_reopen"] is False
    response = act(
        client, report.code, "reopen", {"note": "Chưa xong."}, key=app_key, secret=secret
    )
    error = assert_error(response, 409, "transition_not_allowed")
    assert "thời hạn" in error["message"]


@pytest.mark.parametrize("action", ["reply", "rate", "reopen"])
def test_actions_need_the_app_key_and_the_reporters_proof(client, world, app_key, action):
    report, secret = report_in_state(world, State.PUBLISHED)
    body = {"note": "Thêm thông tin.", "rating": 5, "satisfied": True}
    before = counts()
    assert_error(act(client, report.code, action, body, key=None, secret=secret), 401)
    assert_error(act(client, report.code, action, body, key=app_key), 401)
    assert_error(act(client, report.code, action, body, key="paht_x_y", secret=secret), 403)
    assert_error(act(client, report.code, action, body, key=app_key, secret="wrong"), 404)
    assert_error(act(client, "PA-2000-000009", action, body, key=app_key, secret=secret), 404)
    assert counts()[:2] == before[:2]
    token, _ = citizen_token_create(phone="0912345678")  # the factory's reporter
    ok = act(client, report.code, action, body, key=app_key, Authorization=f"Bearer {token}")
    assert ok.status_code in (200, 201), ok.content.decode()


def test_an_empty_note_is_refused(client, world, app_key):
    report, secret = report_in_state(world, State.IN_PROGRESS)
    error = assert_error(
        act(client, report.code, "reply", {"note": "  "}, key=app_key, secret=secret), 400
    )
    assert "note" in error["fields"]


# --- phone sign-in and my reports ------------------------------------------------------------


@pytest.fixture
def outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture
def ask_code(client, app_key, django_capture_on_commit_callbacks):
    """POST /auth/code, running the after-commit SMS; returns the response."""

    def ask(phone: str, **headers):
        with django_capture_on_commit_callbacks(execute=True):
            return post_json(client, "/auth/code", {"phone": phone}, key=app_key, **headers)

    return ask


def code_in(outbox) -> str:
    return re.search(r"\b(\d{6})\b", outbox[-1].text).group(1)


def sign_in(client, key: str, phone: str, outbox, ask_code) -> str:
    sent = ask_code(phone)
    assert sent.status_code == 202, sent.content.decode()
    assert sent.json() == {"expires_in": 300, "code_length": 6}
    code = code_in(outbox)
    verified = post_json(client, "/auth/verify", {"phone": phone, "code": code}, key=key)
    assert verified.status_code == 200, verified.content.decode()
    assert set(verified.json()) == {"token", "expires_at"}
    return verified.json()["token"]


def test_sign_in_then_my_reports(client, world, app_key, outbox, ask_code):
    mine = [submit(client, app_key, phone="0912345678") for _ in range(3)]
    submit(client, app_key, phone="0987654321")  # someone else's
    token = sign_in(client, app_key, "+84 912 345 678", outbox, ask_code)
    assert outbox[-1].phone == "0912345678"
    bearer = {"Authorization": f"Bearer {token}"}
    page = get(client, "/me/reports?limit=2", **bearer)
    assert page.status_code == 200
    first = page.json()
    assert [i["code"] for i in first["items"]] == [mine[2]["code"], mine[1]["code"]]
    assert set(first["items"][0]) == {
        "code",
        "round",
        "state",
        "state_label",
        "field",
        "title",
        "commune",
        "submitted_at",
    }
    rest = get(client, f"/me/reports?limit=2&cursor={first['next_cursor']}", **bearer).json()
    assert [i["code"] for i in rest["items"]] == [mine[0]["code"]]
    assert rest["next_cursor"] is None
    # The token also proves each of these reports.
    assert follow(client, mine[0]["code"], **bearer).status_code == 200


def test_my_reports_needs_a_live_token(client, world):
    assert_error(get(client, "/me/reports"), 401, "not_authenticated")
    token, _ = citizen_token_create(phone="0912345678")
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(get(client, "/me/reports", Authorization=f"Bearer {token}"), 401)
    fresh, _ = citizen_token_create(phone="0912345678")
    bad = get(client, "/me/reports?limit=1000", Authorization=f"Bearer {fresh}")
    assert "limit" in assert_error(bad, 400)["fields"]


def test_sign_in_refusals(client, world, app_key, outbox, ask_code):
    assert_error(post_json(client, "/auth/code", {"phone": "0912345678"}), 401)
    assert "phone" in assert_error(ask_code("123"), 400)["fields"]
    assert not outbox
    ask_code("0912345678")
    wrong_code = "000000" if code_in(outbox) != "000000" else "111111"
    wrong = post_json(
        client, "/auth/verify", {"phone": "0912345678", "code": wrong_code}, key=app_key
    )
    assert assert_error(wrong, 400, "otp_wrong")["fields"].keys() == {"code"}
    malformed = post_json(
        client, "/auth/verify", {"phone": "0912345678", "code": "12"}, key=app_key
    )
    assert_error(malformed, 400)
    assert not AccessToken.objects.exists()


def test_wrong_codes_stay_counted_even_with_an_idempotency_key(
    client, world, app_key, outbox, ask_code, settings
):
    settings.PAHT_OTP_MAX_ATTEMPTS = 2
    ask_code("0912345678")
    code = code_in(outbox)
    wrong = "111111" if code != "111111" else "222222"
    for i in range(2):
        post_json(
            client,
            "/auth/verify",
            {"phone": "0912345678", "code": wrong},
            key=app_key,
            **{"Idempotency-Key": f"k{i}"},
        )
    late = post_json(client, "/auth/verify", {"phone": "0912345678", "code": code}, key=app_key)
    assert_error(late, 400, "otp_dead")


def test_codes_are_limited_per_phone(client, world, outbox, ask_code, settings):
    settings.PAHT_OTP_PER_PHONE_15_MIN = 1
    assert ask_code("0912345678").status_code == 202
    response = ask_code("0912345678")
    assert_error(response, 429, "rate_limited")
    assert response["Retry-After"]
    assert len(outbox) == 1


def test_a_second_client_sees_the_same_answers(world, app_key):
    # Nothing of the above depends on a session: a fresh client per request works.
    sent = submit(Client(), app_key)
    assert follow(Client(), sent["code"], sent["secret"]).json()["code"] == sent["code"]


def test_actor_reporter_is_what_the_api_uses(client, world, app_key):
    # The API's answer for a transition done by the service directly is the same.
    report, secret = report_in_state(world, State.PUBLISHED)
    report_transition(
        report=report, action=Action.RATE, actor=Actor.reporter(report), rating=2, satisfied=False
    )
    body = follow(client, report.code, secret).json()
    assert body["rating"] == 2 and body["can_rate"] is False


def test_a_lone_surrogate_is_refused_not_a_server_error(client, app_key):
    from tests.api.citizen_helpers import post_json, report_body

    raw = json.dumps(report_body(description="MARK ổ gà")).replace("MARK", "\\ud800", 1)
    response = post_json(client, "/reports", raw, key=app_key)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
