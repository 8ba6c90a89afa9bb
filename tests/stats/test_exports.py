"""Staff exports: the filtered list and every dashboard table (xlsx, csv), the monthly
report per unit; opened with openpyxl / the csv module as a user's spreadsheet would."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import TAN_THANH, submit
from tests.stats.helpers import ACCEPTED, LATE, ON_TIME, TAN_THANH_STAFF, handled_report

pytestmark = pytest.mark.django_db

YEAR = {"tu": "2025-01-01", "den": "2025-12-31"}
LIST_XLSX = "/can-bo/tong-hop/danh-sach/tai-ve.xlsx"
LIST_CSV = "/can-bo/tong-hop/danh-sach/tai-ve.csv"
MONTHLY = "/can-bo/tong-hop/bao-cao-thang.xlsx"
# What the factories put in every ReporterContact: none of it may leak.
PERSONAL = ["Nguyễn Văn An", "Nguyen Van An", "0912345678", "912345678", "an@example.com"]
LIST_HEADERS = [
    "Mã phản ánh",
    "Tiêu đề",
    "Lĩnh vực",
    "Trạng thái",
    "Mức độ",
    "Kênh tiếp nhận",
    "Xã, phường",
    "Địa chỉ",
    "Đơn vị chủ trì",
    "Thời điểm gửi",
    "Hạn bước hiện tại",
    "Hạn xử lý",
    "Thời điểm có kết quả",
    "Thời điểm công bố",
    "Quá hạn xử lý",
    "Không công khai",
]


@pytest.fixture
def year_2025(world):
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True, share_identity=True)
    handled_report(world, result_at=LATE, rating=2, satisfied=False)
    handled_report(world, result_at=ON_TIME, staff=TAN_THANH_STAFF, rating=4, satisfied=True)
    handled_report(world, result_at=None, until="in_progress", field="dien_chieu_sang")
    return world


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return b"".join(response) if hasattr(response, "file_to_stream") else response.content


def xlsx(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"].startswith("attachment;")
    data = _body(response)
    return openpyxl.load_workbook(io.BytesIO(data)), data


def csv_rows(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")))), body


def values(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def assert_no_identity(data: bytes, text: str = ""):
    for needle in PERSONAL:
        assert needle.encode() not in data, needle
        assert needle not in text, needle


def test_list_xlsx_has_vietnamese_headers_local_dates_and_layout(client, year_2025):
    client.force_login(year_2025.users["supervisor"])
    wb, _data = xlsx(client, LIST_XLSX, YEAR)
    ws = wb.active
    rows = values(ws)
    assert rows[0] == LIST_HEADERS
    assert len(rows) == 5
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.b
    assert ws.column_dimensions["B"].width == 48
    # Newest first; the lighting report was submitted at 07:00 local time on 3 March.
    light = next(r for r in rows[1:] if r[2] == "Điện – chiếu sáng")
    submitted = light[9]
    assert isinstance(submitted, datetime)
    assert (submitted.year, submitted.month, submitted.day, submitted.hour) == (2025, 3, 3, 7)
    assert light[3] == "Đang xử lý" and light[14] == "Có"  # long overdue
    late = [r for r in rows[1:] if r[12] is not None and r[12].day == LATE.day]
    assert len(late) == 1 and late[0][12].hour == LATE.hour
    cell = next(c for c in ws["J"][1:] if c.value is not None)
    assert cell.is_date and "yy" in cell.number_format


def test_list_csv_streams_with_bom_and_escapes_formulas(client, world):
    submit(world, title='=HYPERLINK("http://evil")', address="@SUM(1+1)")
    client.force_login(world.users["coordinator"])
    rows, _ = csv_rows(client, LIST_CSV)
    assert rows[0] == LIST_HEADERS
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "'@SUM(1+1)"
    wb, _data = xlsx(client, LIST_XLSX)
    cell = wb.active["B2"]
    assert cell.value == '=HYPERLINK("http://evil")' and cell.data_type == "s"


@pytest.mark.parametrize("who", ["handler", "approver", "coordinator", "supervisor"])
def test_exports_never_carry_reporter_identity(client, year_2025, who):
    """Even for a report whose reporter consented to share their identity."""
    client.force_login(year_2025.users[who])
    for url in (LIST_XLSX, LIST_CSV):
        response = client.get(url, YEAR)
        data = _body(response)
        assert response.status_code == 200
        if url.endswith(".xlsx"):
            wb = openpyxl.load_workbook(io.BytesIO(data))
            text = repr(values(wb.active))
        else:
            text = data.decode("utf-8-sig")
        assert_no_identity(data, text)
        for header in ("Họ tên", "Số điện thoại", "Email"):
            assert header not in text
    wb, data = xlsx(client, MONTHLY, {"don_vi": "ubnd_an_xuyen", "thang": "2025-03"})
    assert_no_identity(data, repr(values(wb.active)))


def test_handler_export_is_scoped_to_own_unit(client, year_2025):
    client.force_login(year_2025.users["handler"])
    wb, _data = xlsx(client, LIST_XLSX, YEAR)
    units = {r[8] for r in values(wb.active)[1:]}
    assert units == {"UBND Phường An Xuyên"}
    rows, _ = csv_rows(client, "/can-bo/tong-hop/bang/don-vi.csv", YEAR)
    assert [r[0] for r in rows[1:]] == ["UBND Phường An Xuyên"]


TABLE_HEADERS = {
    "tong-quan": ["Chỉ tiêu", "Số liệu"],
    "linh-vuc": ["Mã lĩnh vực", "Lĩnh vực", "Tổng số phản ánh", "Đã xử lý"],
    "don-vi": ["Đơn vị chủ trì", "Số phản ánh chủ trì", "Đã xử lý", "Đang xử lý quá hạn"],
    "xa-phuong": ["Mã xã, phường", "Xã, phường", "Tổng số phản ánh"],
    "xu-huong": ["Tháng", "Số phản ánh gửi", "Trong đó đã xử lý"],
    "chuyen-ubnd-tinh": ["Mã phản ánh", "Tiêu đề", "Lĩnh vực"],
}


@pytest.mark.parametrize("kind", list(TABLE_HEADERS))
def test_every_dashboard_table_exports_to_xlsx_and_csv(client, year_2025, kind):
    client.force_login(year_2025.users["supervisor"])
    wb, _data = xlsx(client, f"/can-bo/tong-hop/bang/{kind}.xlsx", YEAR)
    rows = values(wb.active)
    assert rows[0][: len(TABLE_HEADERS[kind])] == TABLE_HEADERS[kind]
    assert wb.active.freeze_panes == "A2"
    csv_data, _ = csv_rows(client, f"/can-bo/tong-hop/bang/{kind}.csv", YEAR)
    assert csv_data[0] == [str(v) for v in rows[0]]
    assert len(csv_data) == len(rows)


def test_dashboard_table_contents(client, year_2025):
    client.force_login(year_2025.users["supervisor"])
    wb, _ = xlsx(client, "/can-bo/tong-hop/bang/don-vi.xlsx", YEAR)
    an_xuyen = next(r for r in values(wb.active) if r[0] == "UBND Phường An Xuyên")
    assert an_xuyen[1:8] == [3, 2, 1, 2, 1, 1, 50.0]
    rows, _ = csv_rows(client, "/can-bo/tong-hop/bang/xu-huong.csv", YEAR)
    assert ["2025-03", "4", "3"] in rows
    assert len(rows) == 13
    wb, _ = xlsx(client, "/can-bo/tong-hop/bang/xu-huong.xlsx", YEAR)
    march = values(wb.active)[3]
    assert isinstance(march[0], datetime) and (march[0].month, march[1]) == (3, 4)
    rows, _ = csv_rows(client, "/can-bo/tong-hop/bang/xa-phuong.csv", YEAR)
    assert [TAN_THANH, "Phường Tân Thành", "1", "1", "0", "0"] in rows


def test_monthly_report_has_the_provincial_shape(client, year_2025):
    client.force_login(year_2025.users["approver"])
    wb, _data = xlsx(client, MONTHLY, {"don_vi": "ubnd_an_xuyen", "thang": "2025-03"})
    ws = wb.active
    cells = [v for row in values(ws) for v in row if v is not None]
    text = "\n".join(str(v) for v in cells)
    for expected in (
        "UBND TỈNH CÀ MAU",
        "UBND PHƯỜNG AN XUYÊN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO KẾT QUẢ TIẾP NHẬN, XỬ LÝ PHẢN ÁNH HIỆN TRƯỜNG",
        "Tháng 03 năm 2025",
        "I. SỐ PHẢN ÁNH THEO LĨNH VỰC",
        "II. SỐ PHẢN ÁNH THEO TÌNH TRẠNG",
        "III. KẾT QUẢ XỬ LÝ ĐÚNG HẠN VÀ MỨC ĐỘ HÀI LÒNG",
        "IV. DANH SÁCH PHẢN ÁNH XỬ LÝ ĐÚNG HẠN",
        "V. DANH SÁCH PHẢN ÁNH QUÁ HẠN",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ):
        assert expected in text, expected
    rows = values(ws)

    def section(title):
        start = next(i for i, r in enumerate(rows) if r[0] == title)
        end = next(i for i, r in enumerate(rows[start + 2 :], start + 2) if not any(r))
        return rows[start + 2 : end]

    on_time = section("IV. DANH SÁCH PHẢN ÁNH XỬ LÝ ĐÚNG HẠN")
    overdue = section("V. DANH SÁCH PHẢN ÁNH QUÁ HẠN")
    assert [r[8] for r in on_time] == ["Đúng hạn"]
    assert sorted(r[8] for r in overdue) == ["Có kết quả, trễ hạn", "Đang xử lý, đã quá hạn"]
    assert isinstance(on_time[0][5], datetime) and on_time[0][5].hour == (ACCEPTED.hour - 2)
    by_state = section("II. SỐ PHẢN ÁNH THEO TÌNH TRẠNG")
    assert ["Đã có kết quả", 2] in [r[1:3] for r in by_state]
    assert by_state[-1][1:3] == ["Tổng cộng", 3]
    figures = {r[1]: r[3] for r in section("III. KẾT QUẢ XỬ LÝ ĐÚNG HẠN VÀ MỨC ĐỘ HÀI LÒNG")}
    assert figures["Tỷ lệ đúng hạn (%)"] == 50.0
    assert figures["Đang xử lý quá hạn"] == 1


@pytest.mark.parametrize(
    ("who", "unit", "status"),
    [
        ("handler", "ubnd_an_xuyen", 200),
        ("approver", "ubnd_an_xuyen", 200),
        ("handler", "ubnd_tan_thanh", 403),
        ("approver", "ubnd_tan_thanh", 403),
        ("other_approver", "ubnd_an_xuyen", 403),
        ("supervisor", "ubnd_tan_thanh", 200),
        ("coordinator", "ubnd_an_xuyen", 200),
        ("admin", "ubnd_an_xuyen", 403),  # configures the system, handles no report
    ],
)
def test_monthly_report_permissions(client, world, who, unit, status):
    client.force_login(world.users[who])
    response = client.get(MONTHLY, {"don_vi": unit, "thang": "2025-03"})
    assert response.status_code == status


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thang": "2025-03"}, "Vui lòng chọn đơn vị"),
        ({"don_vi": "khong-co", "thang": "2025-03"}, "Đơn vị đã chọn không tồn tại."),
        ({"don_vi": "ubnd_an_xuyen", "thang": "2025-13"}, "Tháng không hợp lệ."),
        ({"don_vi": "ubnd_an_xuyen", "thang": "2999-01"}, "Tháng không hợp lệ."),
    ],
)
def test_monthly_report_bad_input(client, world, params, message):
    client.force_login(world.users["supervisor"])
    response = client.get(MONTHLY, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_export_queries_do_not_grow_with_reports(client, world):
    client.force_login(world.users["supervisor"])
    handled_report(world, result_at=ON_TIME)
    _body(client.get(LIST_XLSX, YEAR))
    with CaptureQueriesContext(connection) as small:
        _body(client.get(LIST_XLSX, YEAR))
        _body(client.get(MONTHLY, {"don_vi": "ubnd_an_xuyen", "thang": "2025-03"}))
    for _i in range(5):
        handled_report(world, result_at=LATE)
    with CaptureQueriesContext(connection) as large:
        _body(client.get(LIST_XLSX, YEAR))
        _body(client.get(MONTHLY, {"don_vi": "ubnd_an_xuyen", "thang": "2025-03"}))
    assert len(large) == len(small)


def test_bad_export_format_or_kind_is_404(client, world):
    client.force_login(world.users["supervisor"])
    assert client.get("/can-bo/tong-hop/danh-sach/tai-ve.pdf").status_code == 404
    assert client.get("/can-bo/tong-hop/bang/khong-co.xlsx").status_code == 404
    bad = client.get(LIST_XLSX, {"tu": "31/12/2025"})
    assert bad.status_code == 400
    assert "Ngày không hợp lệ." in bad.content.decode()
