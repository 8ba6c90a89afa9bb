"""The table templates the public page and the staff dashboard share."""

import re

import pytest
from django.utils import translation

from paht.reports.models import State
from paht.stats.templatetags.stats_tables import one_decimal
from tests.factories import report_in_state
from tests.stats.helpers import LATE, ON_TIME, TAN_THANH_STAFF, handled_report, local

pytestmark = pytest.mark.django_db


def test_one_decimal_follows_the_language_and_marks_no_data():
    with translation.override("vi"):
        assert [one_decimal(v) for v in (None, 0, 50, 3.45, 100.0)] == [
            "—",
            "0,0",
            "50,0",
            "3,5",
            "100,0",
        ]
    with translation.override("en"):
        assert one_decimal(66.666) == "66.7"


def _body(html: str, caption: str) -> str:
    """A table's rows (body and total row), found by the start of its caption."""
    table = re.search(rf"<caption>{re.escape(caption)}.*?</caption>(.*?)</table>", html, re.S)
    return re.sub(r"\s+", " ", table.group(1).split("</thead>", 1)[1]).strip()


def test_public_page_and_dashboard_render_the_same_tables(client, world):
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    handled_report(world, result_at=LATE, rating=2, satisfied=False)
    handled_report(world, result_at=ON_TIME, staff=TAN_THANH_STAFF)  # no rating
    handled_report(world, result_at=None, until="in_progress", field="dien_chieu_sang")
    report_in_state(world, State.RETURNED, at=local(2025, 5, 2, 9, 0))
    public = client.get("/thong-ke/", {"nam": "2025"}).content.decode()
    client.force_login(world.users["supervisor"])
    dashboard = client.get("/can-bo/tong-hop/", {"tu": "2025-01-01", "den": "2025-12-31"})
    dashboard = dashboard.content.decode()

    fields = _body(public, "Phản ánh theo lĩnh vực và tình trạng xử lý")
    assert fields == _body(dashboard, "Phản ánh gửi trong kỳ theo lĩnh vực")
    assert '<th scope="row">Tổng cộng</th><td class="num">5</td>' in fields
    ratings = _body(public, "Đánh giá của người phản ánh theo đơn vị chủ trì")
    assert ratings == _body(dashboard, "Đánh giá của người phản ánh theo đơn vị chủ trì")
    assert "Tân Thành" not in ratings  # units without a rating are left out on both
    # The dashboard's on-time table adds the handling time and marks overdue counts.
    public_units = _body(public, "Kết quả xử lý đúng hạn theo đơn vị chủ trì")
    staff_units = _body(dashboard, "Kết quả xử lý theo đơn vị chủ trì")
    assert "bad" not in public_units
    assert '<td class="num bad">1</td>' in staff_units
    assert "Thời gian xử lý trung bình (ngày)" not in public
    assert "Thời gian xử lý trung bình (ngày)" in dashboard
