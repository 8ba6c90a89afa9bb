"""Contract tests of the staff API: every endpoint, its answers and its refusals."""

import json
from datetime import timedelta

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from paht.api.models import AccessToken
from paht.api.staff import STAFF_ACTIONS
from paht.api.tokens import citizen_token_create
from paht.core.models import IdempotencyKey
from paht.media import services as media
from paht.media.models import Attachment
from paht.reports.models import ExtensionRequest, Report, ReportEvent, State
from tests.api.staff_helpers import (
    PASSWORD,
    StaffClient,
    assert_error,
    snapshot,
    staff_client,
    token_for,
)
from tests.factories import report_in_state, submit
from tests.media import samples

pytestmark = pytest.mark.django_db

CONTACT = ("Nguyễn Văn An", "0912345678", "an@example.com")


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def _photo(name="result.jpg"):
    return SimpleUploadedFile(name, samples.jpeg(800, 600), content_type="image/jpeg")


# --- token ---------------------------------------------------------------------------


def test_sign_in_returns_a_token_with_the_users_roles(world):
    response = StaffClient().post("/token", {"username": "handler", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "username": "handler",
        "roles": [
            {"role": "handler", "unit_code": "ubnd_an_xuyen", "unit_name": "UBND Phường An Xuyên"}
        ],
    }
    assert body["expires_at"] > timezone.now().isoformat()
    # Only the token's hash is kept.
    assert not AccessToken.objects.filter(token_hash=body["token"]).exists()
    assert StaffClient(body["token"]).get("/reports").status_code == 200


@pytest.mark.parametrize(
    "credentials",
    [
        {"username": "handler", "password": "wrong"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "citizen", "password": PASSWORD},  # a user without any role
    ],
)
def test_bad_credentials_are_refused(world, credentials, django_user_model):
    django_user_model.objects.create_user(username="citizen", password=PASSWORD)
    response = StaffClient().post("/token", credentials)
    assert_error(response, 401, "not_authenticated")
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("body", ["{", "[]", '{"username": "handler"}', '{"username": 5}'])
def test_malformed_sign_in_is_a_400(world, body):
    assert_error(StaffClient().post("/token", body), 400)


def test_sign_in_attempts_are_limited_per_address(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_IP = 4
    client = StaffClient()
    for i in range(4):  # different names: the per-username limit does not kick in first
        body = {"username": f"nguoi{i}", "password": "no"}
        assert client.post("/token", body).status_code == 401
    response = client.post("/token", {"username": "handler", "password": PASSWORD})
    assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) > 0


def test_sign_out_revokes_the_token(world):
    client = staff_client(world, "handler")
    assert client.delete("/token").status_code == 204
    assert_error(client.get("/reports"), 401, "not_authenticated")


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer nope", "Basic abc"])
def test_missing_or_unknown_token_is_a_401(world, header):
    client = StaffClient()
    headers = {"Authorization": header} if header else {}
    assert_error(client.get("/reports", **headers), 401, "not_authenticated")


def test_expired_citizen_and_inactive_users_tokens_are_refused(world):
    expired = token_for(world.users["handler"])
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_error(StaffClient(expired).get("/reports"), 401)
    citizen, _ = citizen_token_create(phone="0912345678")
    assert_error(StaffClient(citizen).get("/reports"), 401)
    inactive = token_for(world.users["approver"])
    world.users["approver"].is_active = False
    world.users["approver"].save()
    assert_error(StaffClient(inactive).get("/reports"), 401)


# --- list ----------------------------------------------------------------------------


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_each_role_lists_the_reports_it_may_see(world):
    submitted = submit(world).report
    ours, _ = report_in_state(world, State.IN_PROGRESS)  # an_xuyen leads, water co-handles
    published, _ = report_in_state(world, State.PUBLISHED)
    private, _ = report_in_state(world, State.PUBLISHED)
    staff_client(world, "coordinator").act(private, "set_private")
    everything = {submitted.code, ours.code, published.code, private.code}

    def seen(name):
        return set(_codes(staff_client(world, name).get("/reports")))

    assert seen("coordinator") == everything
    assert seen("supervisor") == everything
    assert seen("handler") == {ours.code, published.code, private.code}
    assert seen("approver") == {ours.code, published.code, private.code}
    assert seen("co_handler") == {ours.code, published.code, private.code}
    assert seen("other_handler") == {published.code}
    assert seen("admin") == {published.code}


def test_list_items_carry_what_a_queue_shows(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    (item,) = staff_client(world, "handler").get("/reports").json()["items"]
    assert item == {
        "code": report.code,
        "title": report.title,
        "field": "ha_tang_do_thi",
        "field_name": "Hạ tầng đô thị",
        "priority": "normal",
        "state": "assigned",
        "state_label": "Đã chuyển đơn vị xử lý",
        "commune": "32002",
        "commune_name": "Phường An Xuyên",
        "lead_unit": {"code": "ubnd_an_xuyen", "name": "UBND Phường An Xuyên"},
        "submitted_at": item["submitted_at"],
        "deadline_at": item["deadline_at"],
        "is_overdue": False,
        "version": report.version,
    }
    for key in ("name", "phone", "email", "secret_hash"):
        assert key not in item
    assert CONTACT[1] not in json.dumps(item)


def test_list_items_mark_overdue_and_follow_the_language(world):
    late = submit(world, lat=None, lng=None, commune_code="32025", address="Đường 1").report
    Report.objects.filter(pk=late.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    done, _ = report_in_state(world, State.PUBLISHED)
    Report.objects.filter(pk=done.pk).update(deadline_at=timezone.now() - timedelta(days=1))
    coordinator = staff_client(world, "coordinator")
    items = {i["code"]: i for i in coordinator.get("/reports").json()["items"]}
    assert items[late.code]["is_overdue"] is True
    assert items[late.code]["lead_unit"] is None
    assert items[late.code]["commune_name"] == "Phường Tân Thành"
    assert items[done.code]["is_overdue"] is False  # a closed step is never late
    english = coordinator.get("/reports", {"state": "submitted"}, **{"Accept-Language": "en"})
    (item,) = english.json()["items"]
    assert item["field_name"] == "Urban infrastructure"


def test_filters(world):
    coordinator = staff_client(world, "coordinator")
    a = submit(world).report
    b, _ = report_in_state(world, State.ASSIGNED)
    c = submit(world, field="ve_sinh_moi_truong", title="Rác thải bên đường số 3").report
    d = submit(world, lat=None, lng=None, commune_code="32025", address="Đường 1").report
    Report.objects.filter(pk=a.pk).update(deadline_at=timezone.now() - timedelta(hours=1))
    e, _ = report_in_state(world, State.RETURNED)

    def codes(**params):
        return set(_codes(coordinator.get("/reports", params)))

    assert codes(state="assigned") == {b.code}
    assert codes(state=["assigned", "returned"]) == {b.code, e.code}
    assert codes(field="ve_sinh_moi_truong") == {c.code}
    assert codes(lead_unit="ubnd_an_xuyen") == {b.code}
    assert codes(commune="32025") == {d.code}
    assert codes(overdue="true") == {a.code}
    assert codes(overdue="false") == {b.code, c.code, d.code, e.code}
    assert codes(q="rác thải") == {c.code}
    assert codes(q=b.code[-6:]) == {b.code}
    assert codes(field="no_such_field") == set()


@pytest.mark.parametrize(
    "params",
    [
        {"state": "nonsense"},
        {"limit": 0},
        {"limit": 101},
        {"limit": "ten"},
        {"overdue": "maybe"},
        {"cursor": "!!!"},
        {"cursor": "bm90LWEtY3Vyc29y"},
        {"cursor": "MjAyNi0wMS0wMVQwMDowMDowMHwx"},  # a naive time
        {"q": "x" * 101},
    ],
)
def test_bad_list_parameters_are_a_400(world, params):
    assert_error(staff_client(world, "coordinator").get("/reports", params), 400)


def test_pages_follow_the_deadline_then_the_id_without_gaps(world):
    now = timezone.now()
    reports = [submit(world).report for _ in range(7)]
    # Two share a deadline, two have none (sorted last), the rest are spread out.
    deadlines = [now + timedelta(hours=h) for h in (5, 1, 3, 3)] + [None, None, now]
    for report, deadline in zip(reports, deadlines, strict=True):
        Report.objects.filter(pk=report.pk).update(deadline_at=deadline)
    expected = sorted(
        Report.objects.all(),
        key=lambda r: (r.deadline_at is None, r.deadline_at or now, r.pk),
    )
    client = staff_client(world, "coordinator")
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/reports", params).json()
        seen += [item["code"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [r.code for r in expected]
    assert len(set(seen)) == 7


def test_a_page_costs_the_same_number_of_queries_whatever_its_size(world):
    client = staff_client(world, "handler")
    for _ in range(3):
        report_in_state(world, State.ASSIGNED)
    client.get("/reports")  # the token's last use is written once

    def queries(limit):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/reports", {"limit": limit})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.json()["items"])

    small = queries(1)
    for _ in range(12):
        report_in_state(world, State.ASSIGNED)
    large = queries(100)
    assert small[1] == 1 and large[1] == 15
    assert small[0] == large[0] <= 4


def test_list_query_budget(world, django_assert_max_num_queries):
    client = staff_client(world, "coordinator")
    for _ in range(20):
        submit(world)
    client.get("/reports")
    with django_assert_max_num_queries(4):
        assert len(client.get("/reports", {"limit": 100}).json()["items"]) == 20


# --- detail --------------------------------------------------------------------------


def test_coordinator_sees_triage_actions_and_the_suggested_unit(world):
    report = submit(world).report
    body = staff_client(world, "coordinator").get(f"/reports/{report.code}").json()
    assert body["state"] == "submitted" and body["version"] == report.version
    assert {a["action"] for a in body["allowed_actions"]} == {
        "reclassify",
        "return",
        "merge",
        "assign",
        "comment",
        "set_private",
        "set_public",
    }
    assign = next(a for a in body["allowed_actions"] if a["action"] == "assign")
    assert assign == {
        "action": "assign",
        "label": "Chuyển đơn vị xử lý",
        "note_required": False,
        "fields": ["lead_unit", "co_units"],
        "path": f"/api/v1/staff/reports/{report.code}/actions/assign",
    }
    assert body["route"]["lead_unit"] == {"code": "ubnd_an_xuyen", "name": "UBND Phường An Xuyên"}
    assert body["can_view_identity"] is True
    assert [e["action"] for e in body["timeline"]] == ["submit"]
    text = json.dumps(body, ensure_ascii=False)
    assert all(value not in text for value in CONTACT)


def test_handler_sees_the_units_actions_and_no_route(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    body = staff_client(world, "handler").get(f"/reports/{report.code}").json()
    assert [a["action"] for a in body["allowed_actions"]] == ["accept", "hand_back", "comment"]
    assert body["route"] is None
    assert body["can_view_identity"] is False  # the reporter did not consent
    assert body["lead_unit"]["code"] == "ubnd_an_xuyen"
    assert body["co_units"] == [{"code": "cap_nuoc", "name": "Công ty Cổ phần Cấp nước Cà Mau"}]
    assign = next(e for e in body["timeline"] if e["action"] == "assign")
    assert assign["data"]["lead_unit"] == "ubnd_an_xuyen"
    assert assign["data"]["co_units"] == ["cap_nuoc"]
    assert assign["actor"] == "coordinator" and assign["actor_unit"] == "ioc"


def test_unknown_and_invisible_reports_are_a_404(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    assert_error(staff_client(world, "other_handler").get(f"/reports/{report.code}"), 404)
    assert_error(staff_client(world, "coordinator").get("/reports/PA-0000-000000"), 404)


def test_internal_exchanges_stay_with_the_units_working_on_the_report(world):
    report, _ = report_in_state(world, State.PENDING_APPROVAL)
    staff_client(world, "approver").act(report, "comment", {"note": "Bổ sung ảnh hiện trường."})
    for name in ("approver", "handler", "co_handler", "coordinator", "supervisor"):
        timeline = staff_client(world, name).get(f"/reports/{report.code}").json()["timeline"]
        assert "comment" in [e["action"] for e in timeline], name
    staff_client(world, "approver").act(report, "approve")
    staff_client(world, "coordinator").act(report, "publish")
    # Another unit's officer reads the published report as the public does.
    body = staff_client(world, "other_handler").get(f"/reports/{report.code}").json()
    actions = [e["action"] for e in body["timeline"]]
    assert "comment" not in actions and "submit_result" not in actions
    assert "publish" in actions
    assert all(e["actor"] is None for e in body["timeline"])
    assert body["allowed_actions"] == []


def test_extensions_are_listed(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    staff_client(world, "handler").act(
        report, "request_extension", {"working_days": 2.5, "note": "Chờ vật tư."}
    )
    body = staff_client(world, "coordinator").get(f"/reports/{report.code}").json()
    (ext,) = body["extensions"]
    assert ext["working_days"] == 2.5 and ext["status"] == "pending"
    assert ext["reason"] == "Chờ vật tư."


# --- identity ------------------------------------------------------------------------


def test_coordinator_reveals_the_contact_once_per_key_and_it_is_recorded(world):
    report = submit(world).report
    client = staff_client(world, "coordinator")
    first = client.post(f"/reports/{report.code}/identity", key="reveal-1")
    assert first.status_code == 200
    assert first.json() == dict(zip(("name", "phone", "email"), CONTACT, strict=True))
    again = client.post(f"/reports/{report.code}/identity", key="reveal-1")
    assert again.json() == first.json()
    views = ReportEvent.objects.filter(report=report, action="view_identity")
    assert views.count() == 1 and views.get().actor == world.users["coordinator"]
    # What is kept with the key holds no personal data.
    assert all(CONTACT[1] not in (k.body or "") for k in IdempotencyKey.objects.all())
    client.post(f"/reports/{report.code}/identity")
    assert views.count() == 2


def test_units_see_the_contact_only_with_consent(world):
    refused, _ = report_in_state(world, State.ASSIGNED)
    agreed, _ = report_in_state(world, State.ASSIGNED, share_identity=True)
    handler = staff_client(world, "handler")
    assert_error(handler.post(f"/reports/{refused.code}/identity"), 403, "forbidden")
    assert handler.post(f"/reports/{agreed.code}/identity").json()["phone"] == CONTACT[1]
    assert handler.get(f"/reports/{agreed.code}").json()["can_view_identity"] is True
    other = staff_client(world, "other_handler")
    assert_error(other.post(f"/reports/{agreed.code}/identity"), 404, "not_found")
    assert not ReportEvent.objects.filter(report=refused, action="view_identity").exists()


# --- actions -------------------------------------------------------------------------


def test_a_report_goes_through_the_whole_workflow_by_api(world, media_root):
    report = submit(world).report
    coordinator = staff_client(world, "coordinator")
    handler = staff_client(world, "handler")

    r = coordinator.act(
        report,
        "assign",
        {"lead_unit": "ubnd_an_xuyen", "co_units": ["cap_nuoc"], "expected_version": 0},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["report"]["state"] == "assigned" and body["report"]["version"] == 1
    assert body["event"]["data"]["lead_unit"] == "ubnd_an_xuyen"
    assert body["event"]["actor"] == "coordinator"
    assert body["event"]["text"] == "Đã chuyển đến UBND Phường An Xuyên xử lý."

    assert handler.act(report, "accept").json()["report"]["state"] == "in_progress"
    ext = {"working_days": 3, "note": "Cần thêm thời gian thi công."}
    assert handler.act(report, "request_extension", ext).status_code == 200
    deadline = Report.objects.get(pk=report.pk).deadline_at
    granted = coordinator.act(report, "grant_extension", {"working_days": 2})
    assert granted.status_code == 200
    assert granted.json()["report"]["deadline_at"] > deadline.isoformat().replace("+00:00", "")
    assert ExtensionRequest.objects.get(report=report).working_days == 2

    upload = handler.upload({"file": _photo(), "purpose": "result"}).json()
    result = {
        "note": "Đã vá ổ gà.",
        "attachments": [{"id": upload["id"], "key": upload["key"]}],
    }
    r = handler.act(report, "submit_result", result)
    assert r.status_code == 200, r.content
    attachment = Attachment.objects.get(pk=upload["id"])
    assert attachment.report_id == report.pk and attachment.purpose == "result"
    assert attachment.event_id == r.json()["event"]["id"]

    assert staff_client(world, "approver").act(report, "approve").status_code == 200
    assert coordinator.act(report, "publish").json()["report"]["state"] == "published"
    report.refresh_from_db()
    assert report.state == State.PUBLISHED and report.result_text == "Đã vá ổ gà."

    assert media.attachment_process(upload["id"]) == "ready"
    files = coordinator.get(f"/reports/{report.code}").json()["media"]
    assert [(m["id"], m["purpose"]) for m in files] == [(upload["id"], "result")]
    assert all("t=" in url for url in files[0]["urls"].values())  # signed for token clients


def test_triage_actions_take_codes(world):
    coordinator = staff_client(world, "coordinator")
    report = submit(world).report
    r = coordinator.act(
        report,
        "reclassify",
        {"field": "ve_sinh_moi_truong", "priority": "urgent", "commune": "32025"},
    )
    assert r.status_code == 200, r.content
    report.refresh_from_db()
    assert (report.field.code, report.priority, report.commune_id) == (
        "ve_sinh_moi_truong",
        "urgent",
        "32025",
    )
    assert r.json()["event"]["data"]["changes"]["priority"] == ["normal", "urgent"]

    kept = submit(world).report
    assert coordinator.act(report, "merge", {"into": kept.code}).status_code == 200
    report.refresh_from_db()
    assert report.state == State.MERGED and report.merged_into == kept
    detail = coordinator.get(f"/reports/{report.code}").json()
    assert detail["merged_into"] == kept.code

    other = submit(world).report
    returned = coordinator.act(other, "return", {"reason": "thu_tuc_hanh_chinh"})
    assert returned.json()["report"]["state"] == "returned"
    assert coordinator.get(f"/reports/{other.code}").json()["return_reason"] == (
        "thu_tuc_hanh_chinh"
    )


def test_escalation_and_the_provinces_decision(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    coordinator = staff_client(world, "coordinator")
    assert_error(coordinator.act(report, "escalate"), 400)  # the note is required
    r = coordinator.act(report, "escalate", {"note": "Hai đơn vị không thống nhất."})
    assert r.json()["report"]["state"] == "escalated"
    supervisor = staff_client(world, "supervisor")
    detail = supervisor.get(f"/reports/{report.code}").json()
    assert [a["action"] for a in detail["allowed_actions"]] == ["comment", "decide"]
    assert detail["route"] is not None
    r = supervisor.act(report, "decide", {"lead_unit": "ubnd_tan_thanh"})
    assert r.status_code == 200, r.content
    assert r.json()["report"]["state"] == "assigned"
    assert staff_client(world, "other_handler").act(report, "accept").status_code == 200


def test_hand_back_send_back_refuse_and_privacy(world):
    report, _ = report_in_state(world, State.PENDING_APPROVAL)
    approver = staff_client(world, "approver")
    assert approver.act(report, "send_back", {"note": "Thiếu ảnh."}).status_code == 200
    handler = staff_client(world, "handler")
    handler.act(report, "request_extension", {"working_days": 1, "note": "Mưa lớn."})
    coordinator = staff_client(world, "coordinator")
    refused = coordinator.act(report, "refuse_extension", {"note": "Không đủ lý do."})
    assert refused.status_code == 200
    assert coordinator.act(report, "set_private").json()["report"]["version"] > 0
    assert_error(coordinator.act(report, "set_private"), 409, "transition_not_allowed")
    assert coordinator.act(report, "set_public").status_code == 200
    r = handler.act(report, "hand_back", {"note": "Không thuộc thẩm quyền."})
    assert r.json()["report"]["state"] == "handed_back"
    assert r.json()["event"]["data"]["unit"] == "ubnd_an_xuyen"
    # The unit gave it up: it no longer sees the report.
    assert_error(handler.get(f"/reports/{report.code}"), 404)


def test_update_and_comment_take_files_of_their_own_purpose(world, media_root):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    handler = staff_client(world, "handler")
    photo = handler.upload({"file": _photo()}).json()
    ref = [{"id": photo["id"], "key": photo["key"]}]
    r = handler.act(report, "update", {"note": "Đang thi công.", "attachments": ref})
    assert r.status_code == 200, r.content
    assert Attachment.objects.get(pk=photo["id"]).purpose == "update"
    # The key proves the upload only once.
    r = handler.act(report, "comment", {"note": "Lần nữa.", "attachments": ref})
    assert_error(r, 400, "unknown_file")


def test_close_after_the_reopen_window(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    coordinator = staff_client(world, "coordinator")
    assert_error(coordinator.act(report, "close"), 409, "transition_not_allowed")
    Report.objects.filter(pk=report.pk).update(published_at=timezone.now() - timedelta(days=8))
    assert coordinator.act(report, "close").json()["report"]["state"] == "closed"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"lead_unit": "no_such_unit"}, "lead_unit"),
        ({"lead_unit": "ubnd_an_xuyen", "co_units": ["nope"]}, "co_units"),
        ({"lead_unit": 5}, "lead_unit"),
        ({"lead_unit": None}, "lead_unit"),
        ({}, "lead_unit"),
        ({"lead_unit": "ubnd_an_xuyen", "co_units": "cap_nuoc"}, "co_units"),
        ({"lead_unit": "ubnd_an_xuyen", "surprise": 1}, "surprise"),
        ({"lead_unit": "ubnd_an_xuyen", "note": None}, "note"),
        ({"lead_unit": "ubnd_an_xuyen", "expected_version": "one"}, "expected_version"),
        ({"lead_unit": "ubnd_an_xuyen", "note": "x" * 4001}, "note"),
    ],
)
def test_invalid_action_bodies_are_a_400_and_change_nothing(world, body, field):
    report = submit(world).report
    before = snapshot(report)
    error = assert_error(staff_client(world, "coordinator").act(report, "assign", body), 400)
    assert field in error["fields"], error
    assert snapshot(report) == before


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("assign", "{not json"),
        ("assign", "[1, 2]"),
        ("assign", '"text"'),
        ("reclassify", {}),  # nothing changes
        ("reclassify", {"priority": "very"}),
        ("reclassify", {"field": "nope"}),
        ("reclassify", {"commune": "99999"}),
        ("return", {"reason": "nope"}),
        ("merge", {"into": "PA-0000-000000"}),
        ("merge", {"into": None}),
        ("comment", {"note": "   "}),
        ("comment", {"note": "a\x00b"}),
        ("comment", {"note": "Có tệp", "attachments": [{"id": "x", "key": "y"}]}),
        ("comment", {"note": "Có tệp", "attachments": [{"id": "x"}]}),
    ],
)
def test_bad_input_is_never_a_500(world, action, body):
    report = submit(world).report
    before = snapshot(report)
    assert_error(staff_client(world, "coordinator").act(report, action, body), 400)
    assert snapshot(report) == before


@pytest.mark.parametrize(
    "body",
    [{"working_days": "abc"}, {"working_days": 0}, {"working_days": 31}, {"working_days": 1.3}],
)
def test_bad_extension_requests_are_a_400(world, body):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    response = staff_client(world, "handler").act(
        report, "request_extension", {"note": "Cần thêm thời gian.", **body}
    )
    assert "working_days" in assert_error(response, 400)["fields"]


def test_refusals_carry_the_services_status_and_code(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    assert_error(staff_client(world, "approver").act(report, "accept"), 403, "forbidden")
    assert_error(staff_client(world, "co_handler").act(report, "accept"), 403, "forbidden")
    handler = staff_client(world, "handler")
    assert handler.act(report, "accept").status_code == 200
    assert_error(handler.act(report, "accept"), 409, "transition_not_allowed")
    assert_error(handler.act(report, "grant_extension"), 403, "forbidden")
    assert_error(staff_client(world, "other_handler").act(report, "accept"), 404, "not_found")
    assert_error(StaffClient().act(report, "accept"), 401, "not_authenticated")


def test_a_stale_version_is_a_conflict(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    version = report.version
    handler = staff_client(world, "handler")
    body = {"note": "Đang xử lý.", "expected_version": version}
    assert handler.act(report, "update", body).status_code == 200
    before = snapshot(report)
    assert_error(handler.act(report, "update", body), 409, "conflict")
    assert snapshot(report) == before


def test_unknown_action_is_a_404(world):
    report = submit(world).report
    client = staff_client(world, "coordinator")
    for action in ("submit", "reply", "rate", "reopen", "fly"):
        assert_error(client.act(report, action, {}), 404)


# --- Idempotency-Key -----------------------------------------------------------------


def test_a_retried_action_returns_the_first_answer_and_does_nothing_more(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    handler = staff_client(world, "handler")
    body = {"note": "Đã khảo sát hiện trường."}
    first = handler.act(report, "update", body, key="k-1")
    events = ReportEvent.objects.filter(report=report).count()
    again = handler.act(report, "update", body, key="k-1")
    assert again.status_code == 200 and again.json() == first.json()
    assert ReportEvent.objects.filter(report=report).count() == events
    # The same key for other content is refused; a new key acts again.
    assert_error(
        handler.act(report, "update", {"note": "Khác."}, key="k-1"), 409, "idempotency_key_reused"
    )
    assert handler.act(report, "update", body, key="k-2").json() != first.json()
    assert ReportEvent.objects.filter(report=report).count() == events + 1


def test_a_retried_hand_back_gets_its_answer_though_the_report_left_the_unit(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    handler = staff_client(world, "handler")
    body = {"note": "Không thuộc thẩm quyền."}
    first = handler.act(report, "hand_back", body, key="hb")
    assert handler.act(report, "hand_back", body, key="hb").json() == first.json()
    assert_error(handler.act(report, "hand_back", body, key="hb2"), 404)


def test_keys_belong_to_their_user_and_refused_requests_keep_none(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    approver = staff_client(world, "approver")
    assert_error(approver.act(report, "accept", key="same"), 403)
    assert not IdempotencyKey.objects.exists()
    # Another user's identical key is another request.
    assert staff_client(world, "handler").act(report, "accept", key="same").status_code == 200
    assert staff_client(world, "handler2").act(report, "accept", key="same").status_code == 409


@pytest.mark.parametrize("key", ["", "   ", "k" * 101])
def test_bad_idempotency_keys_are_a_400(world, key):
    report, _ = report_in_state(world, State.ASSIGNED)
    assert_error(staff_client(world, "handler").act(report, "accept", key=key), 400)
    assert Report.objects.get(pk=report.pk).state == State.ASSIGNED


# --- uploads -------------------------------------------------------------------------


def test_upload_answers_id_and_key_once_per_idempotency_key(world, media_root):
    handler = staff_client(world, "handler")
    first = handler.upload({"file": _photo(), "purpose": "result"}, key="up-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert set(body) == {"id", "key", "kind", "state"} and body["kind"] == "photo"
    again = handler.upload({"file": _photo(), "purpose": "result"}, key="up-1")
    assert again.status_code == 201 and again.json() == body
    assert Attachment.objects.count() == 1
    attachment = Attachment.objects.get()
    assert attachment.uploaded_by == world.users["handler"] and attachment.report is None


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        ({}, 400, "file_required"),
        ({"purpose": "result"}, 400, "file_required"),
        ({"file": "photo", "purpose": "result"}, 400, "file_required"),
        ({"purpose": "evidence"}, 400, None),
    ],
)
def test_upload_refusals(world, media_root, data, status, code):
    if data.get("purpose") == "evidence":
        data["file"] = _photo()
    assert_error(staff_client(world, "handler").upload(data), status, code)
    assert not Attachment.objects.exists()


def test_two_files_fake_files_and_anonymous_uploads_are_refused(world, media_root):
    handler = staff_client(world, "handler")
    assert_error(handler.upload({"file": [_photo("a.jpg"), _photo("b.jpg")]}), 400)
    fake = SimpleUploadedFile("x.jpg", samples.html_as_jpeg(), content_type="image/jpeg")
    assert_error(handler.upload({"file": fake}), 415)
    assert_error(StaffClient().upload({"file": _photo()}), 401)
    assert not Attachment.objects.exists()


def test_a_declared_oversized_upload_is_refused_before_reading(world, media_root):
    handler = staff_client(world, "handler")
    too_big = media.max_upload_bytes() + 10 * 1024 * 1024
    response = handler.client.post(
        "/api/v1/staff/uploads",
        {"file": _photo()},
        headers={**handler.headers},
        CONTENT_LENGTH=str(too_big),
    )
    assert_error(response, 413, "too_large")


# --- OpenAPI -------------------------------------------------------------------------


@pytest.fixture
def openapi(client):
    return client.get("/api/v1/openapi.json").json()


def test_one_documented_operation_per_staff_action(openapi):
    schemas = openapi["components"]["schemas"]
    bodies = set()
    for action in STAFF_ACTIONS:
        operation = openapi["paths"][f"/api/v1/staff/reports/{{code}}/actions/{action}"]["post"]
        assert operation["operationId"] == f"staff_{action}"
        assert operation["summary"] and "Who:" in operation["description"]
        assert "Idempotency-Key" in [p["name"] for p in operation["parameters"]]
        assert operation["security"] == [{"StaffToken": []}]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        # A body with nothing required may be left out: {"anyOf": [{"$ref": …}, null]}.
        ref = schema.get("$ref") or schema["anyOf"][0]["$ref"]
        assert operation["requestBody"]["required"] is ("$ref" in schema)
        bodies.add(ref)
        assert ref.rsplit("/", 1)[1] in schemas
        for status in ("400", "401", "403", "404", "409"):
            response = operation["responses"][status]
            assert response["description"]
            assert response["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"
            }
    assert len(bodies) == len(STAFF_ACTIONS)
    for citizen_action in ("submit", "reply", "rate", "reopen"):
        assert f"/api/v1/staff/reports/{{code}}/actions/{citizen_action}" not in openapi["paths"]


def test_action_bodies_describe_their_payload(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["AssignIn"]["required"] == ["lead_unit"]
    assert schemas["AssignIn"]["additionalProperties"] is False
    assert set(schemas["HandBackIn"]["required"]) == {"note"}
    assert "required" not in schemas["AcceptIn"]
    assert set(schemas["ReclassifyIn"]["properties"]) == {
        "note",
        "expected_version",
        "field",
        "priority",
        "commune",
    }
    assert "attachments" in schemas["SubmitResultIn"]["properties"]
    assert set(schemas["RequestExtensionIn"]["required"]) == {"note", "working_days"}


def test_other_staff_operations_are_documented(openapi):
    paths = openapi["paths"]
    token = paths["/api/v1/staff/token"]
    assert "security" not in token["post"]
    assert token["delete"]["security"] == [{"StaffToken": []}]
    scheme = openapi["components"]["securitySchemes"]["StaffToken"]
    assert {"type": "http", "scheme": "bearer"}.items() <= scheme.items()
    for path, method in [
        ("/api/v1/staff/token", "post"),
        ("/api/v1/staff/reports", "get"),
        ("/api/v1/staff/reports/{code}", "get"),
        ("/api/v1/staff/reports/{code}/identity", "post"),
        ("/api/v1/staff/uploads", "post"),
    ]:
        operation = paths[path][method]
        assert operation["summary"] and operation["description"], path
        errors = [s for s in operation["responses"] if s.startswith("4")]
        assert errors, path
        for status in errors:
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}
    upload = paths["/api/v1/staff/uploads"]["post"]["requestBody"]["content"]
    assert upload["multipart/form-data"]["schema"]["required"] == ["file"]
    names = [p["name"] for p in paths["/api/v1/staff/reports"]["get"]["parameters"]]
    assert names == ["state", "field", "lead_unit", "commune", "overdue", "q", "cursor", "limit"]


# --- generated input -----------------------------------------------------------------

FUZZED = [
    ("/api/v1/staff/token", "POST"),
    ("/api/v1/staff/reports", "GET"),
    ("/api/v1/staff/reports/{code}", "GET"),
    ("/api/v1/staff/reports/{code}/identity", "POST"),
] + [(f"/api/v1/staff/reports/{{code}}/actions/{action}", "POST") for action in STAFF_ACTIONS]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_app():
    # As the test client does: the request signals must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("path", "method"), FUZZED)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_conform_and_never_get_a_500(world, wsgi_app, path, method, mode):
    """Schemathesis sends what the schema allows, and what it does not, to a real report
    as a coordinator: never a 5xx, and every answer is one the document declares."""
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)[path][method]
    report = submit(world).report
    headers = {"Authorization": f"Bearer {token_for(world.users['coordinator'])}"}
    checks = CHECKS + ([negative_data_rejection] if mode.is_negative else [])
    strategy = operation.as_strategy(generation_mode=mode, headers=headers)
    if "{code}" in path and mode.is_positive:
        strategy = st.one_of(
            strategy,
            operation.as_strategy(headers=headers, path_parameters={"code": report.code}),
        )

    @hypothesis_settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        case.call_and_validate(app=wsgi_app, checks=checks)

    try:
        run()
    except Unsatisfiable:
        # Negative mode: nothing this operation takes can break its schema (a free path).
        assert mode.is_negative, path


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("assign", {"lead_unit": "ubnd\x00"}),
        ("assign", {"lead_unit": "ubnd_an_xuyen", "co_units": ["cap\x00nuoc"]}),
        ("return", {"reason": "thieu\x00"}),
        ("merge", {"into": "PA\x00"}),
        ("reclassify", {"field": "ha_tang\x00"}),
        ("reclassify", {"commune": "32\x0002"}),
        ("comment", {"note": "x\x00"}),
    ],
)
def test_nul_bytes_are_a_400_on_every_database(world, action, body):
    """PostgreSQL refuses NUL in text: the API must refuse it first, never answer 500."""
    report = submit(world).report
    assert_error(staff_client(world, "coordinator").act(report, action, body), 400)


def test_nul_bytes_in_paths_queries_and_sign_in(world):
    client = staff_client(world, "coordinator")
    assert_error(client.get("/reports/PA-2026-000001%00"), 404)
    assert_error(client.post("/reports/PA%00/identity"), 404)
    for params in ({"field": "a\x00"}, {"q": "a\x00"}, {"lead_unit": "\x00"}, {"commune": "\x00"}):
        assert_error(client.get("/reports", params), 400)
    sign_in = {"username": "handler\x00", "password": PASSWORD}
    assert_error(StaffClient().post("/token", sign_in), 400)
