"""GET requests, GET requests/{id} and GET tokens/{token}, in both formats."""

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paht.media.models import Kind, Purpose
from paht.reports.models import Report, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import AN_XUYEN, TAN_THANH, report_in_state, submit

from .conftest import (
    FORMATS,
    bulk_reports,
    codes,
    errors,
    json_of,
    ready_photo,
    service_requests,
    url,
    xml_root,
)

pytestmark = pytest.mark.django_db

UPDATE_NOTE = "Đã khảo sát hiện trường, sẽ vá mặt đường trong tuần này."
RESULT_NOTE = "Đã vá ổ gà, mặt đường an toàn."  # tests/factories.py's result


def local(value) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


@pytest.fixture
def handled(world):
    """A published report with a photo, and one in progress with a note for the citizen."""
    published, _ = report_in_state(world, State.PUBLISHED, at=timezone.now() - timedelta(days=3))
    photo = ready_photo(published)
    ready_photo(published, purpose=Purpose.RESULT)  # the citizen's photo comes first
    progress, _ = report_in_state(
        world,
        State.IN_PROGRESS,
        at=timezone.now() - timedelta(days=1),
        field="ve_sinh_moi_truong",
        lat=None,
        lng=None,
        address="Hẻm 5, chợ Tân Thành",
        commune_code=TAN_THANH,
    )
    progress = report_transition(
        report=progress, action=Action.UPDATE, actor=world.actor("handler"), note=UPDATE_NOTE
    ).report
    return {"published": published, "photo": photo, "progress": progress}


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_request_carries_every_field(client, handled, fmt):
    response = client.get(url("requests", fmt))
    assert response.status_code == 200
    rows = {r["service_request_id"]: r for r in service_requests(response, fmt)}
    published = Report.objects.get(pk=handled["published"].pk)
    progress = Report.objects.get(pk=handled["progress"].pk)
    assert list(rows) == [progress.code, published.code]  # newest first

    assert rows[published.code] == {
        "service_request_id": published.code,
        "status": "closed",
        "status_notes": RESULT_NOTE,
        "service_name": "Hạ tầng đô thị",
        "service_code": "ha_tang_do_thi",
        "description": published.description,
        "agency_responsible": "UBND Phường An Xuyên",
        "service_notice": "",
        "requested_datetime": local(published.submitted_at),
        "updated_datetime": local(published.updated_at),
        "expected_datetime": "",
        "address": "Phường An Xuyên",
        "address_id": "",
        "zipcode": "",
        "lat": "9.225",
        "long": "105.179",
        "media_url": f"http://testserver/media/{handled['photo'].pk}/display",
    }
    assert rows[progress.code] == {
        "service_request_id": progress.code,
        "status": "open",
        "status_notes": UPDATE_NOTE,
        "service_name": "Vệ sinh môi trường",
        "service_code": "ve_sinh_moi_truong",
        "description": progress.description,
        "agency_responsible": "UBND Phường An Xuyên",
        "service_notice": "",
        "requested_datetime": local(progress.submitted_at),
        "updated_datetime": local(progress.updated_at),
        "expected_datetime": local(progress.deadline_at),
        "address": "Hẻm 5, chợ Tân Thành, Phường Tân Thành",
        "address_id": "",
        "zipcode": "",
        "lat": "",
        "long": "",
        "media_url": "",
    }
    assert rows[progress.code]["requested_datetime"].endswith("+07:00")


def test_json_types(client, handled):
    data = json_of(client.get(url("requests", "json")))
    progress, published = data
    assert isinstance(published["service_request_id"], str)
    assert isinstance(published["lat"], float) and isinstance(published["long"], float)
    assert progress["lat"] is None and progress["long"] is None
    assert published["expected_datetime"] is None


def test_a_video_gives_its_poster(client, world):
    report, _ = report_in_state(world, State.PUBLISHED)
    video = ready_photo(report, kind=Kind.VIDEO)
    (row,) = service_requests(client.get(url("requests", "json")), "json")
    assert row["media_url"] == f"http://testserver/media/{video.pk}/poster"


def test_no_photo_before_publication_nor_a_hidden_one(client, world):
    open_report, _ = report_in_state(world, State.IN_PROGRESS)
    ready_photo(open_report)
    published, _ = report_in_state(world, State.PUBLISHED)
    ready_photo(published).__class__.objects.filter(report=published).update(is_hidden=True)
    rows = service_requests(client.get(url("requests", "xml")), "xml")
    assert [r["media_url"] for r in rows] == ["", ""]


def test_status_notes_are_staff_notes_for_the_citizen_only(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    report = report_transition(
        report=report, action=Action.UPDATE, actor=world.actor("handler"), note=UPDATE_NOTE
    ).report
    # The reporter's own words can carry their name or number; internal talk is internal.
    report = report_transition(
        report=report,
        action=Action.REPLY,
        actor=Actor.reporter(report),
        note="Tôi ở số 12, gọi 0912345678 nếu cần.",
    ).report
    report_transition(
        report=report,
        action=Action.COMMENT,
        actor=world.actor("coordinator"),
        note="Nội bộ: nhắc phường xử lý sớm.",
    )
    (row,) = service_requests(client.get(url("requests", "json")), "json")
    assert row["status_notes"] == UPDATE_NOTE


def test_a_fresh_report_has_no_notes_and_its_classification_deadline(client, world):
    report = submit(world).report
    (row,) = service_requests(client.get(url(f"requests/{report.code}", "xml")), "xml")
    assert row["status"] == "open"
    assert row["status_notes"] == "" and row["agency_responsible"] == ""
    assert row["expected_datetime"] == local(report.deadline_at)


@pytest.mark.parametrize(
    ("state", "status"),
    [
        (State.SUBMITTED, "open"),
        (State.ASSIGNED, "open"),
        (State.HANDED_BACK, "open"),
        (State.ESCALATED, "open"),
        (State.PENDING_APPROVAL, "open"),
        (State.APPROVED, "open"),
        (State.PUBLISHED, "closed"),
        (State.CLOSED, "closed"),
        (State.REOPENED, "closed"),
    ],
)
def test_status_follows_the_workflow(client, world, state, status):
    report, _ = report_in_state(world, state)
    rows = service_requests(client.get(url(f"requests/{report.code}", "json")), "json")
    assert [r["status"] for r in rows] == [status]
    if state == State.PENDING_APPROVAL:  # a result not yet approved is not published
        assert rows[0]["status_notes"] == ""


# --- what Open311 shows -----------------------------------------------------------------


@pytest.fixture
def hidden(world):
    private, _ = report_in_state(world, State.IN_PROGRESS)
    report_transition(report=private, action=Action.SET_PRIVATE, actor=world.actor("coordinator"))
    returned, _ = report_in_state(world, State.RETURNED)
    merged, _ = report_in_state(world, State.MERGED)
    return [private, returned, merged]


@pytest.mark.parametrize("fmt", FORMATS)
def test_private_returned_and_merged_reports_are_not_shown(client, hidden, fmt):
    shown = codes(client.get(url("requests", fmt)), fmt)
    target = Report.objects.get(pk=hidden[2].pk).merged_into
    assert shown == [target.code]  # only the report the duplicate was merged into
    for report in hidden:
        response = client.get(url(f"requests/{report.code}", fmt))
        assert response.status_code == 404
        errors(response, fmt)
        assert client.get(url(f"tokens/{report.code}", fmt)).status_code == 404
    listed = ",".join(r.code for r in hidden)
    assert codes(client.get(url("requests", fmt), {"service_request_id": listed}), fmt) == []


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def spread(world):
    """Reports 1, 30, 100 and 200 days old; the 30-day one published."""
    now = timezone.now()
    made = {}
    made[1] = submit(world, at=now - timedelta(days=1)).report
    made[30], _ = report_in_state(world, State.PUBLISHED, at=now - timedelta(days=30))
    made[100] = submit(world, at=now - timedelta(days=100), field="ve_sinh_moi_truong").report
    made[200] = submit(world, at=now - timedelta(days=200)).report
    return made


def _codes(client, fmt="json", **query):
    response = client.get(url("requests", fmt), query)
    assert response.status_code == 200, response.content
    return codes(response, fmt)


def _w3c(value) -> str:
    return timezone.localtime(value).isoformat()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_default_window_is_the_last_90_days(client, spread, fmt):
    assert _codes(client, fmt) == [spread[1].code, spread[30].code]


def test_dates_select_older_reports(client, spread):
    now = timezone.now()
    start, end = _w3c(now - timedelta(days=150)), _w3c(now - timedelta(days=61))
    assert _codes(client, start_date=start, end_date=end) == [spread[100].code]
    # One end only: the 90 days after the start, or before the end.
    assert _codes(client, start_date=_w3c(now - timedelta(days=210))) == [spread[200].code]
    assert _codes(client, end_date=_w3c(now - timedelta(days=95))) == [spread[100].code]


def test_dates_in_utc_or_a_date_alone_are_accepted(client, spread):
    day = timezone.localtime(spread[100].submitted_at).date()
    assert _codes(client, start_date=str(day), end_date=str(day)) == [spread[100].code]
    utc = (spread[100].submitted_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _codes(client, start_date=utc, end_date=_w3c(spread[100].submitted_at)) == [
        spread[100].code
    ]


def test_an_unencoded_plus_in_the_offset_is_understood(client, spread):
    start = _w3c(spread[100].submitted_at - timedelta(hours=1)).replace("+", " ")
    end = _w3c(spread[100].submitted_at + timedelta(hours=1))
    # A client that forgot to encode "+" sends a space in its place.
    query = f"start_date={start.replace(' ', '+')}&end_date={quote(end)}"
    response = client.get(url("requests", "json") + "?" + query)
    assert codes(response, "json") == [spread[100].code]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "hôm qua"},
        {"start_date": "2026-13-01T00:00:00+07:00"},
        {"start_date": "2026-01-01T10:00:00"},  # no offset
        {"end_date": "0001-01-01T00:00:00+07:00"},
        {"start_date": "0001-01-01"},
        {"end_date": "9999-12-31"},
        {"start_date": "2026-01-01T00:00:00+07:00", "end_date": "2026-05-01T00:00:00+07:00"},
        {"start_date": "2026-03-01T00:00:00+07:00", "end_date": "2026-02-01T00:00:00+07:00"},
        {"status": "pending"},
        {"page": "0"},
        {"page": "abc"},
        {"page": "9" * 30},
        {"page_size": "1001"},
        {"page_size": "-1"},
        {"service_request_id": ",".join(f"PA-{i}" for i in range(1001))},
        {"service_code": "ha_tang\x00"},
        {"api_key\x00": "x"},
    ],
)
def test_bad_filters_are_400(client, world, fmt, query):
    response = client.get(url("requests", fmt), query)
    assert response.status_code == 400
    assert errors(response, fmt)


def test_span_over_90_days_is_refused_with_a_clear_message(client, world):
    query = {"start_date": "2026-01-01", "end_date": "2026-04-01"}
    response = client.get(url("requests", "json"), query, HTTP_ACCEPT_LANGUAGE="en")
    assert errors(response, "json") == [
        (400, "start_date and end_date may not span more than 90 days.")
    ]
    query["end_date"] = "2026-03-31"  # 90 whole days
    assert client.get(url("requests", "json"), query).status_code == 200


def test_status_filter(client, spread):
    assert _codes(client, status="open") == [spread[1].code]
    assert _codes(client, status="closed") == [spread[30].code]
    for both in ("", "both", "open,closed", "CLOSED,open"):
        assert _codes(client, status=both) == [spread[1].code, spread[30].code]


def test_service_code_filter(client, world):
    road = submit(world).report
    trash = submit(world, field="ve_sinh_moi_truong").report
    light = submit(world, field="dien_chieu_sang").report
    assert _codes(client, service_code="ha_tang_do_thi") == [road.code]
    assert _codes(client, service_code="dien_chieu_sang,ve_sinh_moi_truong") == [
        light.code,
        trash.code,
    ]
    assert _codes(client, service_code="khong_co") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_request_ids_override_every_other_filter(client, spread, fmt):
    listed = f"{spread[200].code}, {spread[1].code},PA-0000-000000,bad'id"
    found = _codes(
        client,
        fmt,
        service_request_id=listed,
        status="closed",
        service_code="ve_sinh_moi_truong",
        start_date="2026-01-01T00:00:00+07:00",
        end_date="2026-01-02T00:00:00+07:00",
    )
    assert found == [spread[1].code, spread[200].code]


def test_pages(client, world):
    made = [submit(world, at=timezone.now() - timedelta(hours=i)).report for i in range(5)]
    assert _codes(client, page_size="2") == [made[0].code, made[1].code]
    assert _codes(client, page_size="2", page="3") == [made[4].code]
    assert _codes(client, page_size="2", page="4") == []


# --- cap and cost ----------------------------------------------------------------------------

# The page's ids (from the index alone), the reports with their notes (a subquery) and the
# public photos: three queries, however many.
LIST_QUERIES = 3


def test_at_most_1000_requests_at_a_fixed_number_of_queries(
    client, handled, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        assert len(_codes(client, "xml")) == 2
    bulk_reports(1005, at=timezone.now() - timedelta(days=2))
    some = Report.objects.filter(code__startswith="PA-BULK-").order_by("-pk")[:20]
    Report.objects.filter(pk__in=[r.pk for r in some]).update(
        state=State.PUBLISHED, published_at=timezone.now()
    )
    for report in some:
        ready_photo(report)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(url("requests", "xml"))
    rows = service_requests(response, "xml")
    assert len(rows) == 1000
    assert sum(1 for r in rows if r["media_url"]) == 20
    assert rows[0]["service_request_id"] == handled["progress"].code
    with CaptureQueriesContext(connection) as many:
        client.get(url("requests", "json"))
    assert len(many) == len(few) == LIST_QUERIES
    assert len(_codes(client, page="2")) == 7


# --- one request, tokens ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request(client, handled, fmt):
    code = handled["published"].code
    response = client.get(url(f"requests/{code}", fmt))
    assert response.status_code == 200
    (row,) = service_requests(response, fmt)
    assert row["service_request_id"] == code
    assert row["status_notes"] == RESULT_NOTE


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["PA-2026-999999", "x" * 70, "PA%00"])
def test_an_unknown_request_is_404(client, world, fmt, code):
    response = client.get(f"/open311/v2/requests/{code}.{fmt}")
    assert response.status_code == 404
    assert errors(response, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_is_the_request_id(client, world, fmt):
    report = submit(world).report
    response = client.get(url(f"tokens/{report.code}", fmt))
    assert response.status_code == 200
    rows = service_requests(response, fmt, ["service_request_id", "token"])
    assert rows == [{"service_request_id": report.code, "token": report.code}]
    response = client.get(url("tokens/PA-2026-999999", fmt))
    assert response.status_code == 404
    errors(response, fmt)


# --- keys, jurisdiction, formats on reads ------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_reads_need_no_key_but_check_one_given(client, world, api_key, fmt):
    submit(world)
    assert client.get(url("requests", fmt), {"api_key": ""}).status_code == 200
    assert client.get(url("requests", fmt), {"api_key": api_key}).status_code == 200
    response = client.get(url("services", fmt), {"api_key": "paht_nope_nope"})
    assert response.status_code == 403
    errors(response, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "path", ["discovery", "services", "services/ha_tang_do_thi", "requests", "tokens/PA-1"]
)
def test_an_unknown_jurisdiction_is_404_everywhere(client, world, fmt, path):
    response = client.get(url(path, fmt), {"jurisdiction_id": "sfgov.org"})
    assert response.status_code == 404
    assert "jurisdiction_id" in errors(response, fmt)[0][1]
    if path != "tokens/PA-1":
        assert client.get(url(path, fmt), {"jurisdiction_id": ""}).status_code == 200
        assert client.get(url(path, fmt), {"jurisdiction_id": "vn-96"}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "requests.html",
        "requests.",
        "requests",
        "requests.XML",
        "services/ha_tang_do_thi.yaml",
        "requests/PA-2026-000001",
        "discovery.xml/",
        "",
        "v3/services.xml",
    ],
)
def test_other_paths_and_suffixes_are_open311_404s(client, world, path):
    response = client.get(f"/open311/v2/{path}")
    assert response.status_code == 404
    assert xml_root(response).tag == "errors"
    errors(response, "xml")


def test_an_unknown_path_asking_for_json_gets_json(client, world):
    response = client.get("/open311/v2/nothing/here.json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert errors(response, "json") == [(404, "No such Open311 resource.")]
    assert response["Content-Language"] == "en"


def test_control_characters_do_not_break_the_xml(client, world):
    report, _ = report_in_state(
        world, State.ASSIGNED, description="Đèn\x07 nhấp nháy\x1b cả đêm \ufffe."
    )
    (row,) = service_requests(client.get(url(f"requests/{report.code}", "xml")), "xml")
    assert row["description"] == "Đèn nhấp nháy cả đêm ."
    (row,) = service_requests(client.get(url(f"requests/{report.code}", "json")), "json")
    assert row["description"] == report.description


def test_head_is_answered_like_get(client, world):
    response = client.head(url("services", "xml"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"


def test_markup_in_text_is_escaped(client, world):
    report, _ = report_in_state(
        world, State.ASSIGNED, description='<b>Ổ gà</b> & nước đọng ]]> "sâu"'
    )
    (row,) = service_requests(client.get(url(f"requests/{report.code}", "xml")), "xml")
    assert row["description"] == report.description
    assert b"<b>" not in client.get(url("requests", "xml")).content


def test_commune_only_reports_read_as_their_commune(client, world):
    report, _ = report_in_state(
        world, State.ASSIGNED, lat=None, lng=None, commune_code=AN_XUYEN, address=""
    )
    (row,) = service_requests(client.get(url(f"requests/{report.code}", "json")), "json")
    assert row["address"] == "Phường An Xuyên"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unclassified_request_shows_its_status_but_not_its_content(client, world, fmt):
    # What the citizen wrote, and where, is published once a coordinator has read it.
    report = submit(world, description="Nhà tôi số 12, gọi 0912 345 678").report
    (row,) = service_requests(client.get(url(f"requests/{report.code}", fmt)), fmt)
    assert row["status"] == "open"
    assert row["service_code"] == "ha_tang_do_thi"
    for name in ("description", "address", "status_notes"):
        assert row[name] in ("", None)
    assert row["lat"] in ("", None) and row["long"] in ("", None)
    assert "chờ tiếp nhận" in row["service_notice"]

    report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=world.actor("coordinator"),
        lead_unit=world.units["an_xuyen"],
    )
    (row,) = service_requests(client.get(url(f"requests/{report.code}", fmt)), fmt)
    assert row["description"] == report.description
    assert float(row["lat"]) == pytest.approx(report.lat)
