"""The staff dashboard, its polling endpoint and the filtered staff list."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from paht.reports.models import State
from tests.factories import TAN_THANH, report_in_state, submit
from tests.stats.helpers import LATE, ON_TIME, TAN_THANH_STAFF, handled_report

pytestmark = pytest.mark.django_db

DASHBOARD = "/can-bo/tong-hop/"
DATA = "/can-bo/tong-hop/so-lieu/"
LIST = "/can-bo/tong-hop/danh-sach/"
YEAR = {"tu": "2025-01-01", "den": "2025-12-31"}


@pytest.fixture
def year_2025(world):
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    handled_report(world, result_at=LATE, rating=2, satisfied=False)
    handled_report(world, result_at=ON_TIME, staff=TAN_THANH_STAFF, rating=4, satisfied=True)
    handled_report(world, result_at=None, until="in_progress", field="dien_chieu_sang")
    return world


def login(client, world, who):
    client.force_login(world.users[who])
    return client


def row_cells(html: str, section: str, name: str) -> list[str]:
    part = html[html.index(f'id="{section}"') :]
    row = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', part).group(1)
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)


def test_urls():
    assert reverse("stats:dashboard") == DASHBOARD
    assert reverse("stats:staff_list") == LIST
    assert reverse("stats:dashboard_data") == DATA
    assert reverse("stats:list_export", args=["xlsx"]) == "/can-bo/tong-hop/danh-sach/tai-ve.xlsx"
    assert (
        reverse("stats:table_export", args=["don-vi", "csv"]) == "/can-bo/tong-hop/bang/don-vi.csv"
    )


def test_dashboard_shows_every_table_for_the_supervisor(client, year_2025):
    html = login(client, year_2025, "supervisor").get(DASHBOARD, YEAR).content.decode()
    for heading in (
        "Phản ánh mới hôm nay",
        "Đang xử lý quá hạn",
        "Đã xử lý trong tháng này",
        "Theo lĩnh vực",
        "Đúng hạn và thời gian xử lý theo đơn vị",
        "Mức độ hài lòng theo đơn vị",
        "Xu hướng 12 tháng",
        "Theo xã, phường",
        "Bản đồ phản ánh đang xử lý",
        "Chờ UBND tỉnh chỉ đạo",
        "Toàn tỉnh",
    ):
        assert heading in html, heading
    # An Xuyên: 3 reports, 2 handled, 1 overdue, 2 results, 1 on time, 50 %.
    cells = row_cells(html, "dash-units", "UBND Phường An Xuyên")
    # Results 27 h and 9 days 3 h after submission: 5.1 days on average.
    assert cells == ["3", "2", "1", "2", "1", "1", "50,0", "5,1"]
    assert row_cells(html, "dash-satisfaction", "UBND Phường An Xuyên") == ["2", "1", "50,0", "3,5"]
    assert row_cells(html, "dash-fields", "Điện – chiếu sáng") == ["1", "0", "1", "0"]
    assert row_cells(html, "dash-communes", "Phường Tân Thành") == ["1", "1", "0", "0"]
    trend = row_cells(html, "dash-trend", "03/2025")
    assert trend == ["4", "3"]
    assert row_cells(html, "dash-trend", "12/2025") == ["0", "0"]
    # No inline script (CSP): data blocks and files only.
    for attrs in re.findall(r"<script([^>]*)>", html):
        assert "src=" in attrs or 'type="application/json"' in attrs


def test_average_handling_time_is_days_from_submission_to_result(client, world):
    # Submitted 2 h before acceptance on 3 March 09:00, result 4 March 10:00: 27 h.
    handled_report(world, result_at=ON_TIME)
    html = login(client, world, "supervisor").get(DASHBOARD, YEAR).content.decode()
    assert row_cells(html, "dash-units", "UBND Phường An Xuyên")[7] == "1,1"


def test_escalations_waiting_are_listed_with_links(client, world):
    report, _ = report_in_state(world, State.ESCALATED)
    report_in_state(world, State.IN_PROGRESS)
    response = login(client, world, "supervisor").get(DASHBOARD)
    html = response.content.decode()
    part = html[html.index('id="dash-escalations"') :]
    assert f'href="/can-bo/phan-anh/{report.code}/"' in part
    assert response.context["live"].escalated == 1
    assert response.context["live"].in_progress == 2  # escalated is open too


def test_handler_sees_only_own_units_reports(client, year_2025):
    html = login(client, year_2025, "handler").get(DASHBOARD, YEAR).content.decode()
    assert "UBND Phường An Xuyên" in html
    part = html[html.index('id="dash-units"') : html.index('id="h-satisfaction"')]
    assert "UBND Phường Tân Thành" not in part
    assert "Toàn tỉnh" not in html
    response = client.get(DATA, YEAR)
    assert "Tân Thành" not in response.json()["sections"]["dash-units"]
    # The other unit's handler sees only its one report.
    client.force_login(year_2025.users["other_handler"])
    context = client.get(DASHBOARD, YEAR).context
    assert context["summary"].total == 1
    assert [u.name for u in context["by_unit"]] == ["UBND Phường Tân Thành"]


def test_a_unit_outside_the_scope_is_refused(client, year_2025):
    login(client, year_2025, "handler")
    response = client.get(DASHBOARD, {**YEAR, "don_vi": "ubnd_tan_thanh"})
    assert response.status_code == 400
    assert "Đơn vị đã chọn không tồn tại hoặc bạn không được xem." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"tu": "2025-13-01"}, "Ngày không hợp lệ."),
        ({"tu": "hôm qua"}, "Ngày không hợp lệ."),
        ({"tu": "2025-05-01", "den": "2025-04-01"}, "Ngày bắt đầu phải trước"),
        ({"tu": "1990-01-01"}, "Ngày phải từ 01/01/2000"),
        ({"linh_vuc": "khong-co"}, "Lĩnh vực đã chọn không tồn tại."),
        ({"xa": "99999"}, "Xã, phường đã chọn không tồn tại."),
    ],
)
def test_bad_filters_answer_400_in_vietnamese(client, world, params, message):
    login(client, world, "supervisor")
    response = client.get(DASHBOARD, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    data = client.get(DATA, params)
    assert data.status_code == 400
    assert message in data.json()["error"]["message"]


def test_polling_endpoint_returns_changed_counts_after_a_submission(client, world):
    login(client, world, "supervisor")
    before = client.get(DATA).json()
    assert before["counts"]["new_today"] == 0
    submit(world)
    after = client.get(DATA).json()
    assert after["counts"]["new_today"] == 1
    assert after["counts"]["in_progress"] == 1
    assert 'data-count="new_today">1<' in after["sections"]["dash-counts"]
    assert after["charts"]["cells"][0][2] == 1  # one open report on the map
    assert client.get(DATA)["Cache-Control"].startswith("max-age=0")


def test_filters_narrow_the_live_counts(client, world):
    submit(world)
    submit(world, field="dien_chieu_sang")
    login(client, world, "supervisor")
    assert client.get(DATA, {"linh_vuc": "dien_chieu_sang"}).json()["counts"]["new_today"] == 1
    assert client.get(DATA, {"xa": TAN_THANH}).json()["counts"]["new_today"] == 0


def _make(world, n: int):
    for i in range(n):
        handled_report(world, result_at=ON_TIME if i % 2 else LATE, rating=4, satisfied=True)
        submit(world, commune_code=TAN_THANH, lat=None, lng=None)


@pytest.mark.parametrize("url", [DASHBOARD, DATA, LIST])
def test_query_count_does_not_grow_with_reports(client, world, url):
    login(client, world, "supervisor")
    _make(world, 1)
    client.get(url, YEAR)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, YEAR).status_code == 200
    _make(world, 6)
    report_in_state(world, State.ESCALATED)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, YEAR).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
    assert len(small) <= 25  # a handful of aggregates, whatever the data


def test_staff_list_filters_and_links_to_the_console(client, year_2025):
    login(client, year_2025, "supervisor")
    response = client.get(LIST, YEAR)
    html = response.content.decode()
    assert response.status_code == 200
    codes = re.findall(r'href="/can-bo/phan-anh/([^/"]+)/"', html)
    assert len(codes) == 4
    overdue = client.get(LIST, {**YEAR, "qua_han": "1"}).content.decode()
    assert len(re.findall(r'href="/can-bo/phan-anh/', overdue)) == 1
    assert "Quá hạn" in overdue
    state = client.get(LIST, {**YEAR, "trang_thai": "published"}).content.decode()
    assert len(re.findall(r'href="/can-bo/phan-anh/', state)) == 3
    unit = client.get(LIST, {**YEAR, "don_vi": "ubnd_tan_thanh"}).content.decode()
    assert len(re.findall(r'href="/can-bo/phan-anh/', unit)) == 1
    bad = client.get(LIST, {"trang_thai": "khong-co"})
    assert bad.status_code == 400
    assert "Trạng thái đã chọn không tồn tại." in bad.content.decode()


def test_staff_list_pages_with_a_keyset_cursor(client, world, monkeypatch):
    from paht.stats import console_views

    for _i in range(5):
        submit(world)
    login(client, world, "coordinator")
    monkeypatch.setattr(console_views, "PAGE_SIZE", 2)
    seen, url = [], LIST
    for _page in range(4):
        html = client.get(url).content.decode()
        seen += re.findall(r'href="/can-bo/phan-anh/([^/"]+)/"', html)
        match = re.search(r'rel="next" href="([^"]+)"', html)
        if not match:
            break
        url = LIST + match.group(1).replace("&amp;", "&")
    assert len(seen) == 5 and len(set(seen)) == 5
    assert seen == sorted(seen, reverse=True)  # newest first
    # An unreadable cursor starts from the top instead of failing.
    html = client.get(LIST, {"sau": "%%%"}).content.decode()
    assert re.findall(r'href="/can-bo/phan-anh/([^/"]+)/"', html) == seen[:2]
