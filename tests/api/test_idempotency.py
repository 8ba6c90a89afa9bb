"""Idempotency-Key on every POST of the citizens' API: a retry with the same key gets the
first answer and creates nothing, even twenty at once over real database connections."""

import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from paht.core.models import IdempotencyKey
from paht.media.models import Attachment
from paht.notify import sms
from paht.reports.models import Report, ReportEvent, State
from paht.reports.workflow import Action
from tests.api.citizen_helpers import (
    API,
    app_key,
    assert_error,
    counts,
    media_root,
    new_app_key,
    post_json,
    report_body,
)
from tests.factories import make_world, report_in_state
from tests.media import samples

__all__ = ["app_key", "media_root"]  # fixtures


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


# --- twenty at once ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_posts_with_the_same_key_create_one_report():
    # Separate clients, separate threads, separate connections: PostgreSQL's unique index
    # or SQLite's write lock decides, never the test's own transaction.
    make_world()
    key = new_app_key()
    body = report_body()
    n = 20
    barrier = threading.Barrier(n)
    answers: list = [None] * n

    def post(i):
        try:
            client = Client()
            barrier.wait()
            response = post_json(
                client, "/reports", body, key=key, **{"Idempotency-Key": "cung-mot-khoa-20"}
            )
            answers[i] = (response.status_code, response.content)
        except Exception as exc:  # reported by the assertions below
            answers[i] = ("error", repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(a is not None and a[0] == 201 for a in answers), answers
    assert len({a[1] for a in answers}) == 1, answers
    assert Report.objects.count() == 1
    assert IdempotencyKey.objects.filter(key="cung-mot-khoa-20").count() == 1
    assert ReportEvent.objects.count() == 1


# --- retries one after another ------------------------------------------------------------


@pytest.mark.django_db
def test_a_retried_submission_returns_the_first_answer(client, world, app_key):
    headers = {"Idempotency-Key": "9b4f6a1e-retry"}
    body = report_body()
    first = post_json(client, "/reports", body, key=app_key, **headers)
    assert first.status_code == 201
    before = counts()
    again = post_json(client, "/reports", body, key=app_key, **headers)
    assert (again.status_code, again.json()) == (201, first.json())
    assert counts() == before
    # Even after the report moved on, the retry answers what the first request did.
    report = Report.objects.get(code=first.json()["code"])
    Report.objects.filter(pk=report.pk).update(state=State.RETURNED, deadline_at=None)
    assert post_json(client, "/reports", body, key=app_key, **headers).json() == (first.json())
    other = post_json(client, "/reports", {**body, "description": "Khác."}, key=app_key, **headers)
    assert_error(other, 409, "idempotency_key_reused")
    assert counts() == before


@pytest.mark.django_db
def test_keys_are_scoped_per_app(client, world, app_key):
    headers = {"Idempotency-Key": "same-key"}
    body = report_body()
    mine = post_json(client, "/reports", body, key=app_key, **headers).json()
    theirs = post_json(client, "/reports", body, key=new_app_key(name="Khác"), **headers).json()
    assert mine["code"] != theirs["code"] and mine["secret"] != theirs["secret"]


@pytest.mark.django_db
def test_without_a_key_every_request_creates(client, world, app_key):
    post_json(client, "/reports", report_body(), key=app_key)
    post_json(client, "/reports", report_body(), key=app_key)
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_a_refused_request_keeps_nothing_so_the_fixed_retry_runs(client, world, app_key):
    headers = {"Idempotency-Key": "fix-and-retry"}
    body = report_body()
    bad = post_json(client, "/reports", {**body, "phone": "123"}, key=app_key, **headers)
    assert_error(bad, 400)
    good = post_json(client, "/reports", body, key=app_key, **headers)
    assert good.status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["x" * 101, "   "])
def test_an_invalid_key_is_400(client, world, app_key, value):
    before = counts()
    response = post_json(
        client, "/reports", report_body(), key=app_key, **{"Idempotency-Key": value}
    )
    assert_error(response, 400)
    assert counts() == before


@pytest.mark.django_db
def test_a_retried_upload_stores_the_file_once(client, world, app_key):
    data = samples.jpeg(320, 240)

    def send(payload=data):
        return client.post(
            f"{API}/uploads",
            {"file": SimpleUploadedFile("a.jpg", payload)},
            HTTP_X_API_KEY=app_key,
            HTTP_IDEMPOTENCY_KEY="upload-1",
        )

    first = send()
    assert first.status_code == 201
    again = send()
    assert (again.status_code, again.json()) == (201, first.json())
    assert Attachment.objects.count() == 1
    assert_error(send(samples.jpeg(300, 200)), 409, "idempotency_key_reused")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "action, body, status, state",
    [
        ("reply", {"note": "Thêm thông tin."}, 200, State.IN_PROGRESS),
        ("rate", {"rating": 5, "satisfied": True}, 200, State.PUBLISHED),
        ("reopen", {"note": "Chưa sửa xong."}, 201, State.PUBLISHED),
    ],
)
def test_retried_actions_act_once(client, world, app_key, action, body, status, state):
    report, secret = report_in_state(world, state)
    headers = {"Idempotency-Key": f"{action}-1", "X-Report-Secret": secret}
    path = f"/reports/{report.code}/{action}"
    first = post_json(client, path, body, key=app_key, **headers)
    assert first.status_code == status, first.content.decode()
    before = counts()
    again = post_json(client, path, body, key=app_key, **headers)
    # Rating twice would be refused (409); the retry gets the first answer instead.
    assert (again.status_code, again.json()) == (status, first.json())
    assert counts() == before
    assert ReportEvent.objects.filter(report=report, action=Action(action)).count() == 1
    other = dict(body, note="Nội dung khác.") if "note" in body else dict(body, rating=1)
    assert_error(post_json(client, path, other, key=app_key, **headers), 409)


@pytest.mark.django_db
def test_a_retried_code_request_sends_one_sms(
    client, world, app_key, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    headers = {"Idempotency-Key": "otp-1"}
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = post_json(
                client, "/auth/code", {"phone": "0912345678"}, key=app_key, **headers
            )
        assert response.status_code == 202
    assert len(sms.outbox) == 1
    assert re.search(r"\b\d{6}\b", sms.outbox[0].text)
    sms.outbox.clear()


def test_a_replayed_action_is_answered_only_to_the_same_proof(client, app_key):
    from django.test import Client

    from tests.api.citizen_helpers import post_json, submit

    created = submit(client, app_key)
    path = f"/reports/{created['code']}/reply"
    body = {"note": "Ổ gà rộng thêm sau trận mưa."}
    owner = {"X-Report-Secret": created["secret"], "Idempotency-Key": "k-1"}
    assert post_json(client, path, body, key=app_key, **owner).status_code == 200
    stranger = {"X-Report-Secret": "wrong", "Idempotency-Key": "k-1"}
    response = post_json(Client(), path, body, key=app_key, **stranger)
    assert response.status_code == 404
    assert "Ổ gà" not in response.content.decode()
