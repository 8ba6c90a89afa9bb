"""A day's work through the console: coordinator, hotline, handler, approver."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paht.media.models import Attachment
from paht.reports.models import Channel, Report, State
from paht.reports.workflow import Action
from tests.console.helpers import assert_no_contact, client_for, post_action
from tests.factories import AN_XUYEN_POINT, report_in_state, submit
from tests.media import samples

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url", "state"),
    [
        ("coordinator", "/can-bo/tiep-nhan/", State.SUBMITTED),
        ("supervisor", "/can-bo/tiep-nhan/?tab=bao-cao-tinh", State.ESCALATED),
        ("handler", "/can-bo/don-vi/", State.ASSIGNED),
        ("co_handler", "/can-bo/don-vi/?tab=phoi-hop", State.ASSIGNED),
        ("approver", "/can-bo/phe-duyet/", State.PENDING_APPROVAL),
    ],
)
def test_list_queries_do_not_grow(world, who, url, state):
    client = client_for(world, who)
    for _ in range(2):
        report_in_state(world, state)
    client.get(url)  # warm up per-process caches (content types, calendar)
    small = _queries(client, url)
    for _ in range(8):
        report_in_state(world, state)
    html = client.get(url).content.decode()
    assert _queries(client, url) == small
    assert html.count('class="card row') == 10
    assert_no_contact(html, url)


def test_inbox_orders_by_deadline_with_counts_and_pages(world, settings):
    from paht.console import selectors

    reports = [submit(world).report for _ in range(3)]
    Report.objects.filter(pk=reports[2].pk).update(
        deadline_at=reports[0].deadline_at.replace(year=2020)
    )
    selectors.PAGE_SIZE, old = 2, selectors.PAGE_SIZE
    try:
        client = client_for(world, "coordinator")
        html = client.get("/can-bo/tiep-nhan/").content.decode()
        codes = re.findall(r'class="code" href="/can-bo/phan-anh/([^/]+)/"', html)
        assert codes == [reports[2].code, reports[0].code]
        assert 'data-tab="moi">3<' in html
        assert "Quá hạn" in html  # the 2020 deadline
        cursor = re.search(r"cursor=([A-Za-z0-9_-]+)", html).group(1)
        html2 = client.get(f"/can-bo/tiep-nhan/?tab=moi&cursor={cursor}").content.decode()
        assert re.findall(r'class="code" href="/can-bo/phan-anh/([^/]+)/"', html2) == [
            reports[1].code
        ]
        assert client.get("/can-bo/tiep-nhan/?cursor=%%%").status_code == 200
    finally:
        selectors.PAGE_SIZE = old


def test_coordinator_report_view_and_return_guidance(world):
    report = submit(world).report
    client = client_for(world, "coordinator")
    html = client.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    for action in ("reclassify", "return", "merge", "assign", "set_private"):
        assert f'id="action-{action}"' in html
    assert 'id="console-map"' in html
    assert "Gợi ý phân loại" in html  # the triage panel
    assert "UBND Phường An Xuyên" in html  # the suggested route
    # Nothing personal before the explicit click.
    assert_no_contact(html, "coordinator's report view")
    # Returning without a note sends the reason's guidance to the citizen.
    r = post_action(client, report, "return", reason="thu_tuc_hanh_chinh", note="", once="r1")
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == State.RETURNED
    assert report.return_note == report.return_reason.guidance


def test_stale_page_gets_conflict_and_double_submit_acts_once(world):
    report = submit(world).report
    client = client_for(world, "coordinator")
    data = {"priority": "urgent", "field": report.field.code, "once": "k1"}
    assert post_action(client, report, "reclassify", **data).status_code == 302
    again = post_action(client, report, "reclassify", **data)
    assert again.status_code == 302  # the same form twice: acted once
    assert report.events.filter(action="reclassify").count() == 1
    stale = post_action(client, report, "reclassify", priority="complex", once="k2")
    assert stale.status_code == 409
    assert "vừa được người khác cập nhật" in stale.content.decode()
    report.refresh_from_db()
    assert report.priority == "urgent"


def test_bad_input_changes_nothing(world):
    report = submit(world).report
    client = client_for(world, "coordinator")
    cases = [
        ("return", {"reason": "khong-co"}),
        ("merge", {"into": "PA-1999-000001"}),
        ("assign", {"lead_unit": "khong-co"}),
        ("assign", {}),
        ("reclassify", {"field": "khong-co"}),
        ("escalate", {}),
    ]
    for action, data in cases:
        r = post_action(client, report, action, **data)
        assert r.status_code in {400, 409}, (action, r.status_code)
        assert 'id="action-error"' in r.content.decode()
    assert client.post(f"/can-bo/phan-anh/{report.code}/thao-tac/assign/", {}).status_code == 400
    assert client.post(f"/can-bo/phan-anh/{report.code}/thao-tac/khong-co/", {}).status_code == 404
    after = Report.objects.get(pk=report.pk)
    assert (after.version, after.state) == (report.version, State.SUBMITTED)


def test_assign_with_co_units_and_nearby_merge(world):
    first = submit(world).report
    second = submit(world, lat=AN_XUYEN_POINT[0] + 0.0005, lng=AN_XUYEN_POINT[1]).report
    far = submit(world, lat=AN_XUYEN_POINT[0] + 0.01, lng=AN_XUYEN_POINT[1]).report
    client = client_for(world, "coordinator")
    html = client.get(f"/can-bo/phan-anh/{second.code}/").content.decode()
    assert f"Gộp vào {first.code}" in html
    assert f"Gộp vào {far.code}" not in html
    r = post_action(
        client, first, "assign", lead_unit="ubnd_an_xuyen", co_units="cap_nuoc", once="a"
    )
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.lead_unit.code == "ubnd_an_xuyen"
    assert [u.code for u in first.co_units.all()] == ["cap_nuoc"]
    r = post_action(client, second, "merge", into=first.code, once="m")
    assert r.status_code == 302
    second.refresh_from_db()
    assert second.state == State.MERGED and second.merged_into_id == first.pk


def test_bulk_return_all_or_nothing(world):
    a, b, c = (submit(world).report for _ in range(3))
    Report.objects.filter(pk=c.pk).update(version=5)  # someone acted on it meanwhile
    client = client_for(world, "coordinator")
    data = {"reason": "spam", "report": [f"{a.code}:0", f"{b.code}:0", f"{c.code}:0"]}
    from paht.reports.models import ReturnReason

    data["reason"] = ReturnReason.objects.first().code
    r = client.post("/can-bo/tiep-nhan/tra-lai/", data)
    assert r.status_code == 409
    assert Report.objects.filter(state=State.RETURNED).count() == 0
    data["report"] = data["report"][:2]
    assert client.post("/can-bo/tiep-nhan/tra-lai/", data).status_code == 302
    assert set(Report.objects.filter(state=State.RETURNED).values_list("pk", flat=True)) == {
        a.pk,
        b.pk,
    }
    handler = client_for(world, "handler")
    assert (
        handler.post("/can-bo/tiep-nhan/tra-lai/", {**data, "report": [f"{c.code}:5"]}).status_code
        == 403
    )


def test_hotline(world):
    client = client_for(world, "coordinator")
    bad = client.post("/can-bo/duong-day-nong/", {"field": "ha_tang_do_thi", "description": "x"})
    assert bad.status_code == 400
    assert "Vui lòng ghi lại câu trả lời của người gọi." in bad.content.decode()
    assert not Report.objects.exists()
    r = client.post(
        "/can-bo/duong-day-nong/",
        {
            "field": "ha_tang_do_thi",
            "description": "Cột đèn đường trước chợ bị tắt ba hôm nay.",
            "address": "Chợ phường An Xuyên",
            "commune": "32002",
            "name": "Trần Văn Bình",
            "phone": "0987654321",
            "share_identity": "no",
            "priority": "normal",
        },
    )
    assert r.status_code == 302
    report = Report.objects.get()
    assert report.channel == Channel.HOTLINE and report.share_identity is False
    done = client.get(r["Location"]).content.decode()
    assert report.code in done
    assert "0987654321" not in done and "Trần Văn Bình" not in done


def test_handler_flow_with_photo_and_approval(world):
    report, _ = report_in_state(world, State.ASSIGNED, share_identity=False)
    handler = client_for(world, "handler")
    html = handler.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    assert "show-identity" not in html
    assert post_action(handler, report, "accept", once="h1").status_code == 302
    report.refresh_from_db()
    assert (
        post_action(
            handler, report, "update", note="Đã khảo sát hiện trường.", once="h2"
        ).status_code
        == 302
    )
    report.refresh_from_db()
    r = post_action(
        handler, report, "request_extension", working_days="2", note="Chờ vật tư.", once="h3"
    )
    assert r.status_code == 302
    report.refresh_from_db()
    photo = SimpleUploadedFile("ket-qua.jpg", samples.jpeg(800, 600), content_type="image/jpeg")
    r = handler.post(
        f"/can-bo/phan-anh/{report.code}/thao-tac/submit_result/",
        {"version": report.version, "note": "Đã vá xong ổ gà.", "files": [photo], "once": "h4"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    report.refresh_from_db()
    assert report.state == State.PENDING_APPROVAL
    assert Attachment.objects.filter(report=report, purpose="result").count() == 1
    approver = client_for(world, "approver")
    page = approver.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    assert "Trước và sau xử lý" in page
    assert_no_contact(page, "approver's view")
    assert post_action(approver, report, "approve", once="p1").status_code == 302
    report.refresh_from_db()
    assert report.state == State.APPROVED
    # Every page the unit sees stays free of the reporter's contact without consent.
    for url in (
        "/can-bo/don-vi/",
        "/can-bo/don-vi/?tab=cho-duyet",
        f"/can-bo/phan-anh/{report.code}/",
    ):
        assert_no_contact(handler.get(url).content.decode(), url)
    assert handler.post(f"/can-bo/phan-anh/{report.code}/danh-tinh/").status_code == 403


def test_handler_hand_back_leaves_queue(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    handler = client_for(world, "handler")
    r = post_action(
        handler, report, "hand_back", note="Thuộc thẩm quyền công ty cấp nước.", once="x"
    )
    assert r.status_code == 302 and r["Location"] == "/can-bo/don-vi/"
    coordinator = client_for(world, "coordinator")
    html = coordinator.get("/can-bo/tiep-nhan/?tab=don-vi-tra").content.decode()
    assert report.code in html
    report.refresh_from_db()
    html = coordinator.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    assert Action.ASSIGN.value in html
