"""A published report another unit handled, read through the staff API by an officer whose
unit has no part in it: the public view, as the console shows it, and nothing more."""

import json

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from paht.media import services as media
from paht.reports.models import Report
from tests.api.staff_helpers import staff_client, token_for
from tests.api.test_staff import CHECKS
from tests.factories import submit
from tests.media import samples

pytestmark = pytest.mark.django_db

CONTACT = ("Nguyễn Văn An", "0912345678", "an@example.com")
EXTENSION_REASON = "Chờ vật tư nội bộ của đội thi công."
INTERNAL_NOTE = "Trao đổi nội bộ: đội thi công báo giá vật tư."
RESULT = "Đã vá ổ gà, mặt đường an toàn."
# What the list shows of a report (tests/api/test_staff.py): an officer of another unit
# reads these in its queue already, so the detail may repeat them.
LIST_KEYS = {
    "code",
    "title",
    "field",
    "field_name",
    "priority",
    "state",
    "state_label",
    "commune",
    "commune_name",
    "lead_unit",
    "submitted_at",
    "deadline_at",
    "is_overdue",
    "version",
}
# The detail's fields that carry what GET /api/v1/reports/{code} shows.
PUBLIC_KEYS = {
    "round",
    "description",
    "lat",
    "lng",
    "address",
    "is_private",
    "result_text",
    "result_at",
    "published_at",
    "rating",
    "satisfied",
    "previous_round",
    "timeline",
    "media",
}


@pytest.fixture
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }


def _photo(name):
    return SimpleUploadedFile(name, samples.jpeg(800, 600), content_type="image/jpeg")


def _attach(client, report, action, note, *, purpose=None, process=True) -> str:
    data = {"file": _photo(f"{action}.jpg"), **({"purpose": purpose} if purpose else {})}
    upload = client.upload(data).json()
    ref = [{"id": upload["id"], "key": upload["key"]}]
    r = client.act(report, action, {"note": note, "attachments": ref})
    assert r.status_code == 200, r.content
    if process:
        assert media.attachment_process(upload["id"]) == "ready"
    return upload["id"]


@pytest.fixture
def handled(world, media_root):
    """Published by the lead unit (An Xuyên, with the water company co-handling) after an
    extension, an internal exchange with a file, a progress photo, another one still being
    processed and a result photo; the reporter agreed to share their identity."""
    report = submit(world, share_identity=True).report
    coordinator = staff_client(world, "coordinator")
    handler = staff_client(world, "handler")
    assign = {"lead_unit": "ubnd_an_xuyen", "co_units": ["cap_nuoc"]}
    assert coordinator.act(report, "assign", assign).status_code == 200
    assert handler.act(report, "accept").status_code == 200
    ext = {"working_days": 2, "note": EXTENSION_REASON}
    assert handler.act(report, "request_extension", ext).status_code == 200
    assert coordinator.act(report, "grant_extension").status_code == 200
    internal = _attach(handler, report, "comment", INTERNAL_NOTE)
    progress = _attach(handler, report, "update", "Đang thi công.")
    pending = _attach(handler, report, "update", "Sắp xong.", process=False)
    result = _attach(handler, report, "submit_result", RESULT, purpose="result")
    assert staff_client(world, "approver").act(report, "approve").status_code == 200
    assert coordinator.act(report, "publish").status_code == 200
    Report.objects.filter(pk=report.pk).update(transfer_count=2)
    report.refresh_from_db()
    assert report.is_published
    files = {"internal": internal, "progress": progress, "pending": pending, "result": result}
    return report, files


def _public(client, report) -> dict:
    response = client.get(f"/api/v1/reports/{report.code}")
    assert response.status_code == 200
    return response.json()


def _list_item(world, name, report) -> dict:
    items = staff_client(world, name).get("/reports").json()["items"]
    return {i["code"]: i for i in items}[report.code]


@pytest.mark.parametrize("name", ["other_handler", "other_approver", "admin"])
def test_another_units_officer_reads_only_the_public_view(world, client, handled, name):
    report, files = handled
    response = staff_client(world, name).get(f"/reports/{report.code}")
    assert response.status_code == 200, response.content
    body = response.json()
    public = _public(client, report)
    assert body["public_only"] is True

    # What the public page shows, field for field.
    assert body["round"] == public["round"]
    assert (body["state"], body["state_label"]) == (public["state"], public["state_label"])
    assert {"code": body["field"], "name": body["field_name"]} == public["field"]
    assert (body["title"], body["description"]) == (public["title"], public["description"])
    location = {"lat": body["lat"], "lng": body["lng"], "address": body["address"]}
    assert location == {k: public["location"][k] for k in location}
    assert {"code": body["commune"], "name": body["commune_name"]} == public["location"]["commune"]
    assert body["lead_unit"]["name"] == public["lead_unit"]
    for key in ("submitted_at", "published_at", "result_text", "result_at", "rating"):
        assert body[key] == public[key], key
    assert body["satisfied"] == public["satisfied"]
    assert body["previous_round"] == public["previous_round"]
    assert body["result_text"] == RESULT

    # The public timeline: when, what and the public note; who, how and the details not.
    assert [(e["at"], e["text"], e["note"]) for e in body["timeline"]] == [
        (t["at"], t["text"], t["note"]) for t in public["timeline"]
    ]
    assert "publish" in [e["action"] for e in body["timeline"]]
    for event in body["timeline"]:
        for key in ("id", "actor", "actor_role", "actor_unit", "from_state", "to_state"):
            assert event[key] is None, (key, event)
        assert event["data"] == {} and event["citizen_visible"] is True

    # The public files only: no internal exchange's file, none still being processed.
    assert [m["id"] for m in body["media"]] == [m["id"] for m in public["media"]]
    assert files["progress"] in [m["id"] for m in body["media"]]
    # The published result's photo is public (sent with an event citizens do not see).
    assert files["result"] in [m["id"] for m in public["media"]]
    for ours, theirs in zip(body["media"], public["media"], strict=True):
        assert {k: v for k, v in ours.items() if k != "urls"} == {
            k: v for k, v in theirs.items() if k != "urls"
        }
        assert set(ours["urls"]) == set(theirs["urls"])
        assert all(theirs["urls"][v].endswith(url) for v, url in ours["urls"].items())

    # Nothing of the units' work, nothing about the reporter, nothing to do.
    assert body["co_units"] == []
    assert body["extensions"] == []
    assert body["allowed_actions"] == []
    assert body["route"] is None
    assert body["can_view_identity"] is False
    for key in (
        "share_identity",
        "transfer_count",
        "channel",
        "observed_at",
        "updated_at",
        "handling_deadline_at",
        "return_reason",
        "return_note",
        "closed_at",
        "merged_into",
    ):
        assert body[key] is None, key

    # Every other value is one the list already shows this officer, and the same.
    item = _list_item(world, name, report)
    assert {k: body[k] for k in LIST_KEYS} == item
    shown = {k for k, v in body.items() if v not in (None, [], {}, "", False)}
    assert shown <= LIST_KEYS | PUBLIC_KEYS | {"public_only"}, shown - LIST_KEYS - PUBLIC_KEYS

    text = json.dumps(body, ensure_ascii=False)
    for secret in (
        *CONTACT,
        EXTENSION_REASON,
        INTERNAL_NOTE,
        "cap_nuoc",
        world.units["water"].name,
        "coordinator",
        files["internal"],
        files["pending"],
    ):
        assert secret not in text, secret


@pytest.mark.parametrize("name", ["handler", "approver", "co_handler", "coordinator"])
def test_the_units_working_on_it_still_get_the_whole_report(world, handled, name):
    report, files = handled
    body = staff_client(world, name).get(f"/reports/{report.code}").json()
    assert body["public_only"] is False
    assert body["co_units"] == [{"code": "cap_nuoc", "name": world.units["water"].name}]
    (ext,) = body["extensions"]
    assert ext["reason"] == EXTENSION_REASON and ext["status"] == "granted"
    comment = next(e for e in body["timeline"] if e["action"] == "comment")
    assert comment["note"] == INTERNAL_NOTE and comment["actor"] == "handler"
    assert comment["id"] is not None and comment["actor_unit"] == "ubnd_an_xuyen"
    assign = next(e for e in body["timeline"] if e["action"] == "assign")
    assert assign["data"]["co_units"] == ["cap_nuoc"]
    assert set(files.values()) <= {m["id"] for m in body["media"]}
    assert body["share_identity"] is True and body["can_view_identity"] is True
    assert body["transfer_count"] == 2 and body["channel"] == "web"
    assert body["observed_at"] and body["updated_at"]
    text = json.dumps(body, ensure_ascii=False)
    assert all(value not in text for value in CONTACT)  # only through POST …/identity


def test_the_list_shows_another_units_report_as_a_queue_row_only(world, handled):
    report, files = handled
    item = _list_item(world, "other_handler", report)
    assert set(item) == LIST_KEYS
    assert item["code"] == report.code and item["title"] == report.title
    assert item["lead_unit"] == {"code": "ubnd_an_xuyen", "name": "UBND Phường An Xuyên"}
    assert item["state"] == "published" and item["version"] == report.version
    text = json.dumps(item, ensure_ascii=False)
    for secret in (*CONTACT, EXTENSION_REASON, INTERNAL_NOTE, RESULT, "cap_nuoc", *files.values()):
        assert secret not in text, secret


def test_a_public_only_answer_conforms_to_the_openapi_document(world, handled):
    report, _ = handled
    # As the test client does: the request signals must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        app = WSGIHandler()
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        operation = schema["/api/v1/staff/reports/{code}"]["GET"]
        for name in ("other_handler", "handler"):
            case = operation.Case(
                path_parameters={"code": report.code},
                headers={"Authorization": f"Bearer {token_for(world.users[name])}"},
            )
            response = case.call_and_validate(app=app, checks=CHECKS)
            assert response.status_code == 200
            assert response.json()["public_only"] is (name == "other_handler")
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_document_describes_the_public_only_answer(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    detail = schemas["StaffReportDetail"]
    assert "public_only" in detail["required"]
    assert detail["properties"]["public_only"]["type"] == "boolean"
    assert detail["properties"]["public_only"]["description"]
    for key in ("share_identity", "transfer_count", "channel", "observed_at", "return_note"):
        types = {t.get("type") for t in detail["properties"][key].get("anyOf", [])}
        assert "null" in types, key
    # The actions' answers keep their event as it was: every field filled in.
    event = schemas["StaffEvent"]["properties"]
    assert event["id"] == {"title": "Id", "type": "integer"}


def test_a_result_photo_becomes_public_with_the_result(world, client, media_root):
    """Not while the leader has not approved it (not even for the reporter), then on the
    public page and in the lists' thumbnail once published."""
    from paht.media.access import for_citizens
    from paht.media.models import Attachment

    report = submit(world).report
    coordinator = staff_client(world, "coordinator")
    handler = staff_client(world, "handler")
    assign = {"lead_unit": "ubnd_an_xuyen"}
    assert coordinator.act(report, "assign", assign).status_code == 200
    assert handler.act(report, "accept").status_code == 200
    result = _attach(handler, report, "submit_result", RESULT, purpose="result")
    assert not for_citizens(Attachment.objects.get(pk=result))
    assert staff_client(world, "approver").act(report, "approve").status_code == 200
    assert not for_citizens(Attachment.objects.get(pk=result))
    assert coordinator.act(report, "publish").status_code == 200
    assert for_citizens(Attachment.objects.get(pk=result))
    assert [m["id"] for m in _public(client, report)["media"]] == [result]
    (item,) = client.get("/api/v1/reports").json()["items"]
    assert f"/media/{result}/small" in item["thumbnail"]


def test_a_result_sent_back_keeps_its_photos_internal(world, client, media_root, settings):
    """The leader sends the first result back; the second is approved and published: only
    the accepted result's photo becomes public, the other stays with the staff and takes
    no room from the next result's photos nor from the updates'."""
    from paht.media.access import for_citizens
    from paht.media.models import Attachment, Purpose

    settings.PAHT_MEDIA_MAX_PHOTOS = 1
    report = submit(world).report
    coordinator = staff_client(world, "coordinator")
    handler = staff_client(world, "handler")
    approver = staff_client(world, "approver")
    assert coordinator.act(report, "assign", {"lead_unit": "ubnd_an_xuyen"}).status_code == 200
    assert handler.act(report, "accept").status_code == 200
    rejected = _attach(handler, report, "submit_result", "Lần 1", purpose="result")
    sent_back = approver.act(report, "send_back", {"note": "Ảnh chưa đúng vị trí."})
    assert sent_back.status_code == 200, sent_back.content
    progress = _attach(handler, report, "update", "Ảnh hiện trường khi làm lại", purpose="update")
    accepted = _attach(handler, report, "submit_result", RESULT, purpose="result")
    assert approver.act(report, "approve").status_code == 200
    assert coordinator.act(report, "publish").status_code == 200
    first, second = Attachment.objects.get(pk=rejected), Attachment.objects.get(pk=accepted)
    assert (first.purpose, second.purpose) == (Purpose.REJECTED, Purpose.RESULT)
    assert not for_citizens(first) and for_citizens(second)
    # The progress photo was public already (a citizen-visible update); the rejected not.
    assert sorted(m["id"] for m in _public(client, report)["media"]) == sorted([progress, accepted])
    staff_view = handler.get(f"/reports/{report.code}").json()
    assert rejected in json.dumps(staff_view)  # still there for the unit


def test_the_co_handling_units_leader_sees_the_units_view(world, client, handled):
    """An approver of a co-handling unit has no action on the report, but their unit
    works on it: the units' view, in the API and in the console, not the public one."""
    from django.contrib.auth import get_user_model

    from paht.org.models import Membership, Role
    from tests.api.staff_helpers import StaffClient

    report, _files = handled
    leader = get_user_model().objects.create_user(
        username="cap_nuoc_leader", password="x-test-pass-1"
    )
    Membership.objects.create(user=leader, unit=world.units["water"], role=Role.APPROVER)
    body = StaffClient(token_for(leader)).get(f"/reports/{report.code}").json()
    assert body["public_only"] is False
    assert body["allowed_actions"] == []
    assert [u["code"] for u in body["co_units"]] == ["cap_nuoc"]
    client.force_login(leader)
    page = client.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    assert "Đơn vị bạn không tham gia xử lý phản ánh này" not in page
    assert EXTENSION_REASON in page
