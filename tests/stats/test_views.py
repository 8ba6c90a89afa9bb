"""The public statistics page and its CSV downloads, through the real URL stack."""

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from paht.reports.models import State
from tests.factories import TAN_THANH, report_in_state, submit
from tests.stats.helpers import LATE, ON_TIME, TAN_THANH_STAFF, handled_report

pytestmark = pytest.mark.django_db

PAGE = "/thong-ke/"
# What the factories put in every ReporterContact: none of it may leak.
PERSONAL = ["Nguyễn Văn An", "0912345678", "912345678", "an@example.com"]


@pytest.fixture
def year_2025(world):
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    handled_report(world, result_at=LATE, rating=2, satisfied=False)
    handled_report(world, result_at=ON_TIME, staff=TAN_THANH_STAFF, rating=4, satisfied=True)
    handled_report(world, result_at=None, until="in_progress", field="dien_chieu_sang")
    return world


def _csv(client, kind, **params):
    response = client.get(reverse("stats:csv", args=[kind]), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return response, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_urls():
    assert reverse("stats:public") == PAGE
    assert reverse("stats:csv", args=["don-vi"]) == "/thong-ke/don-vi.csv"


def test_page_shows_tables_with_the_numbers(client, year_2025):
    response = client.get(PAGE, {"nam": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thống kê phản ánh hiện trường năm 2025" in html
    for heading in (
        "Số phản ánh theo lĩnh vực",
        "Tình trạng xử lý",
        "Xử lý đúng hạn theo đơn vị chủ trì",
        "Mức độ hài lòng theo đơn vị chủ trì",
        "Tỷ lệ đúng hạn (%)",
        "Số sao trung bình",
    ):
        assert heading in html
    assert html.count("<caption>") == 4
    assert '<th scope="col">Lĩnh vực</th>' in html
    # An Xuyên: 3 reports, 2 handled, 1 long overdue, 2 results of which 1 on time.
    row = re.search(r"<th scope=\"row\">UBND Phường An Xuyên</th>(.*?)</tr>", html).group(1)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert cells == ["3", "2", "1", "2", "1", "1", "50,0"]
    field_row = re.search(r"<th scope=\"row\">Điện – chiếu sáng</th>(.*?)</tr>", html).group(1)
    assert re.findall(r'<td class="num">([^<]*)</td>', field_row) == ["1", "0", "1", "0"]
    satisfaction = html[html.index('id="h-satisfaction"') :]
    row = re.search(r"<th scope=\"row\">UBND Phường An Xuyên</th>(.*?)</tr>", satisfaction)
    assert re.findall(r'<td class="num">([^<]*)</td>', row.group(1)) == ["2", "1", "50,0", "3,5"]
    assert response.context["summary"].total == 4


def test_page_loads_charts_without_inline_script(client, year_2025):
    html = client.get(PAGE, {"nam": "2025"}).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "the chart data and scripts are there"
    for attrs in scripts:  # CSP: data blocks and external files only
        assert 'type="application/json"' in attrs or ("src=" in attrs and "defer" in attrs)
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "stats/charts.js" in html
    assert 'id="stats-data"' in html
    canvases = re.findall(r"<canvas[^>]*>", html)
    assert len(canvases) == 4
    for canvas in canvases:
        assert 'role="img"' in canvas and "aria-label=" in canvas
    # Without JavaScript the chart boxes stay hidden: the tables are the content.
    assert html.count('<div class="chart" hidden>') == 4


def test_default_year_is_this_year(client, world):
    report_in_state(world, State.PUBLISHED)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert response.context["summary"].buckets.handled == 1


@pytest.mark.parametrize("year", ["abc", "1999", "3000", "20255", "-2025", "２０２５", "2025.0"])
def test_invalid_year_is_a_clear_400(client, world, year):
    response = client.get(PAGE, {"nam": year})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Năm không hợp lệ. Vui lòng chọn một năm từ 2000 đến" in html
    assert 'role="alert"' in html
    assert "<table>" not in html
    assert 'name="nam"' in html  # the form is there to pick again


def test_future_year_is_refused(client, world):
    response = client.get(PAGE, {"nam": str(timezone.localdate().year + 1)})
    assert response.status_code == 400


def test_field_filter(client, year_2025):
    response = client.get(PAGE, {"nam": "2025", "linh_vuc": "dien_chieu_sang"})
    assert response.status_code == 200
    assert response.context["summary"].total == 1
    assert [r.code for r in response.context["by_field"]] == ["dien_chieu_sang"]
    assert "linh_vuc=dien_chieu_sang" in response.content.decode()  # CSV links keep it


def test_field_names_follow_the_language(client, year_2025):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(PAGE, {"nam": "2025", "linh_vuc": "dien_chieu_sang"})
    html = response.content.decode()
    assert "Electricity and street lighting" in html
    assert [r.name for r in response.context["by_field"]] == ["Electricity and street lighting"]
    _response, rows = _csv(client, "linh-vuc", nam="2025")
    assert ["dien_chieu_sang", "Electricity and street lighting"] in [r[:2] for r in rows]


def test_unknown_field_is_a_clear_400(client, world):
    response = client.get(PAGE, {"linh_vuc": "khong_co"})
    assert response.status_code == 400
    assert "Lĩnh vực đã chọn không tồn tại" in response.content.decode()


def test_csv_per_field(client, year_2025):
    response, rows = _csv(client, "linh-vuc", nam="2025")
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-linh-vuc-2025.csv"'
    assert rows[0] == [
        "Mã lĩnh vực",
        "Lĩnh vực",
        "Tổng số phản ánh",
        "Đã xử lý",
        "Đang xử lý",
        "Đã trả lại",
    ]
    by_code = {r[0]: r[1:] for r in rows[1:-1]}
    assert by_code["ha_tang_do_thi"] == ["Hạ tầng đô thị", "3", "3", "0", "0"]
    assert by_code["dien_chieu_sang"] == ["Điện – chiếu sáng", "1", "0", "1", "0"]
    assert by_code["khac"] == ["Khác", "0", "0", "0", "0"]
    assert rows[-1] == ["", "Tổng cộng", "4", "3", "1", "0"]


def test_csv_states(client, world):
    for state in (State.PUBLISHED, State.IN_PROGRESS, State.SUBMITTED, State.RETURNED):
        report_in_state(world, state)
    _response, rows = _csv(client, "trang-thai")
    assert rows == [
        ["Tình trạng", "Số phản ánh", "Tỷ lệ (%)"],
        ["Đã xử lý", "1", "25.0"],
        ["Đang xử lý", "2", "50.0"],
        ["Đã trả lại", "1", "25.0"],
        ["Tổng cộng", "4", "100.0"],
    ]


def test_csv_per_unit(client, year_2025):
    response, rows = _csv(client, "don-vi", nam="2025")
    assert "thong-ke-don-vi-2025.csv" in response["Content-Disposition"]
    header, an_xuyen, tan_thanh = rows
    assert header[0] == "Đơn vị chủ trì"
    assert header[7] == "Tỷ lệ đúng hạn (%)"
    assert header[10:] == ["Tỷ lệ hài lòng (%)", "Số sao trung bình"]
    assert an_xuyen == [
        "UBND Phường An Xuyên",
        *["3", "2", "1", "2", "1", "1", "50.0", "2", "1", "50.0", "3.5"],
    ]
    assert tan_thanh == [
        "UBND Phường Tân Thành",
        *["1", "1", "0", "1", "1", "0", "100.0", "1", "1", "100.0", "4.0"],
    ]


def test_csv_with_field_and_errors(client, year_2025):
    response, rows = _csv(client, "don-vi", nam="2025", linh_vuc="dien_chieu_sang")
    assert "thong-ke-don-vi-2025-dien_chieu_sang.csv" in response["Content-Disposition"]
    assert [r[0] for r in rows[1:]] == ["UBND Phường An Xuyên"]
    bad = client.get(reverse("stats:csv", args=["don-vi"]), {"nam": "x"})
    assert bad.status_code == 400
    assert "Năm không hợp lệ" in bad.content.decode()
    assert client.get("/thong-ke/khong-co.csv").status_code == 404


def test_no_personal_data_anywhere(client, world):
    submit(world, name="Trần Thị Bích", phone="0987654321", email="bich@example.com")
    submit(world, commune_code=TAN_THANH, lat=None, lng=None)
    report_in_state(world, State.PUBLISHED)
    personal = [*PERSONAL, "Trần Thị Bích", "0987654321", "987654321", "bich@example.com"]
    outputs = [client.get(PAGE).content.decode()]
    for kind in ("linh-vuc", "trang-thai", "don-vi"):
        outputs.append(_csv(client, kind)[0].content.decode("utf-8-sig"))
    for text in outputs:
        for value in personal:
            assert value not in text


def test_page_query_count_does_not_grow(client, world):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(PAGE, {"nam": "2025"}).status_code == 200
        return len(ctx.captured_queries)

    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    small = count()
    assert small <= 6
    for _ in range(3):
        handled_report(world, result_at=LATE, rating=3, satisfied=False)
        handled_report(world, result_at=ON_TIME, staff=TAN_THANH_STAFF, field="khac")
    assert count() == small


def test_the_unit_tables_list_the_busiest_units_and_the_csv_has_them_all(
    client, year_2025, monkeypatch
):
    from paht.stats import views

    monkeypatch.setattr(views, "PAGE_UNITS", 1)
    html = client.get(PAGE, {"nam": "2025"}).content.decode()
    assert "1 đơn vị có nhiều phản ánh nhất trong tổng số 2 đơn vị" in html
    on_time = html.split('id="h-on-time"')[1].split("</section>")[0]
    assert "UBND Phường An Xuyên" in on_time  # two reports: listed
    assert "UBND Phường Tân Thành" not in on_time  # one report: in the CSV only
    _response, rows = _csv(client, "don-vi", nam="2025")
    assert len(rows) == 1 + 2  # the header and both units
