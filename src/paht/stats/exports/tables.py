"""The dashboard's tables and the staff list as ``Table``s, with Vietnamese headers.

No identity columns exist here at all: rows are built from Report fields and aggregates,
never from ReporterContact. A statistics table is a list of ``Col``s (the sheet column and
the row attribute it shows); the public CSVs in ``views`` reuse the same columns.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..dashboard import escalations_waiting, live_counts, stats_by_commune, stats_trend
from ..listing import is_overdue
from ..selectors import StatsFilter, stats_by_field, stats_by_unit, stats_summary
from .tabular import Column, Table


@dataclass(frozen=True)
class Col:
    """A column of a statistics table: its sheet column and how a row's value is read."""

    column: Column
    value: Callable[[Any], Any]


def col(header: str, width: float, kind: str, value: str | Callable) -> Col:
    """``value``: an attribute path of the row ("buckets.handled") or a function of it."""
    return Col(Column(header, width, kind), attrgetter(value) if isinstance(value, str) else value)


def headers(cols: list[Col]) -> list[str]:
    return [c.column.header for c in cols]


def cells(cols: list[Col], item) -> list:
    return [c.value(item) for c in cols]


def build_table(title: str, cols: list[Col], items) -> Table:
    return Table(title, [c.column for c in cols], [cells(cols, item) for item in items])


def _yes(flag: bool) -> str:
    return _("Có") if flag else ""


def summary_table(filters: StatsFilter, now: datetime | None = None) -> Table:
    live = live_counts(filters=filters, now=now)
    summary = stats_summary(filters=filters)
    b, o = summary.buckets, summary.outcome
    rows = [
        [_("Phản ánh mới hôm nay"), live.new_today],
        [_("Đang xử lý"), live.in_progress],
        [_("Đang xử lý quá hạn"), live.overdue],
        [_("Đã xử lý trong tháng này"), live.resolved_this_month],
        [_("Chờ UBND tỉnh chỉ đạo"), live.escalated],
        [_("Tổng số phản ánh trong kỳ"), summary.total],
        [_("Trong kỳ: đã xử lý"), b.handled],
        [_("Trong kỳ: đang xử lý"), b.in_progress],
        [_("Trong kỳ: đã trả lại"), b.returned],
        [_("Tỷ lệ đúng hạn (%)"), o.on_time_rate],
        [_("Tỷ lệ hài lòng (%)"), o.satisfaction_rate],
    ]
    columns = [Column(_("Chỉ tiêu"), 34), Column(_("Số liệu"), 14, "float")]
    return Table(_("Tổng quan"), columns, rows)


def bucket_cols() -> list[Col]:
    """A field's or a commune's reports: the total and the three state buckets."""
    return [
        col(_("Tổng số phản ánh"), 14, "int", "total"),
        col(_("Đã xử lý"), 12, "int", "buckets.handled"),
        col(_("Đang xử lý"), 12, "int", "buckets.in_progress"),
        col(_("Đã trả lại"), 12, "int", "buckets.returned"),
    ]


def field_cols() -> list[Col]:
    return [
        col(_("Mã lĩnh vực"), 20, "text", "code"),
        col(_("Lĩnh vực"), 32, "text", "name"),
        *bucket_cols(),
    ]


def unit_cols(*, handling_days: bool = True) -> list[Col]:
    """A lead unit's results and ratings; the public CSV has no handling time."""
    on_time = [
        col(_("Đơn vị chủ trì"), 40, "text", "name"),
        col(_("Số phản ánh chủ trì"), 14, "int", "total"),
        col(_("Đã xử lý"), 11, "int", "handled"),
        col(_("Đang xử lý quá hạn"), 14, "int", "overdue"),
        col(_("Đã có kết quả"), 12, "int", "outcome.results"),
        col(_("Đúng hạn"), 11, "int", "outcome.on_time"),
        col(_("Trễ hạn"), 11, "int", "outcome.late"),
        col(_("Tỷ lệ đúng hạn (%)"), 14, "float", "outcome.on_time_rate"),
    ]
    days = [col(_("Thời gian xử lý trung bình (ngày)"), 16, "float", "avg_handling_days")]
    ratings = [
        col(_("Lượt đánh giá"), 12, "int", "outcome.rated"),
        col(_("Hài lòng"), 11, "int", "outcome.satisfied"),
        col(_("Tỷ lệ hài lòng (%)"), 14, "float", "outcome.satisfaction_rate"),
        col(_("Số sao trung bình"), 12, "float", "outcome.avg_rating"),
    ]
    return [*on_time, *(days if handling_days else []), *ratings]


def field_table(filters: StatsFilter) -> Table:
    return build_table(_("Theo lĩnh vực"), field_cols(), stats_by_field(filters=filters))


def unit_table(filters: StatsFilter, now: datetime | None = None) -> Table:
    return build_table(_("Theo đơn vị"), unit_cols(), stats_by_unit(filters=filters, now=now))


def commune_table(filters: StatsFilter) -> Table:
    cols = [
        col(_("Mã xã, phường"), 12, "text", lambda c: c.code or ""),
        col(_("Xã, phường"), 30, "text", "name"),
        *bucket_cols(),
    ]
    communes = stats_by_commune(filters=filters, unknown=_("Chưa xác định"))
    return build_table(_("Theo xã, phường"), cols, communes)


def trend_table(filters: StatsFilter) -> Table:
    cols = [
        col(_("Tháng"), 12, "month", "month"),
        col(_("Số phản ánh gửi"), 16, "int", "submitted"),
        col(_("Trong đó đã xử lý"), 16, "int", "handled"),
    ]
    return build_table(_("Xu hướng 12 tháng"), cols, stats_trend(filters=filters))


def escalation_table(filters: StatsFilter) -> Table:
    cols = [
        col(_("Mã phản ánh"), 18, "text", "code"),
        col(_("Tiêu đề"), 48, "text", "title"),
        col(_("Lĩnh vực"), 24, "text", "field.local_name"),
        col(_("Xã, phường"), 24, "text", lambda r: r.commune.name if r.commune_id else ""),
        col(_("Đơn vị chủ trì"), 32, "text", lambda r: r.lead_unit.name if r.lead_unit_id else ""),
        col(_("Thời điểm gửi"), 17, "datetime", "submitted_at"),
        col(_("Chờ chỉ đạo từ"), 17, "datetime", "updated_at"),
    ]
    reports = escalations_waiting(filters=filters, limit=None)
    return build_table(_("Chờ UBND tỉnh chỉ đạo"), cols, reports)


# kind (URL slug) → builder; every dashboard table can be downloaded.
DASHBOARD_TABLES = {
    "tong-quan": summary_table,
    "linh-vuc": field_table,
    "don-vi": unit_table,
    "xa-phuong": commune_table,
    "xu-huong": trend_table,
    "chuyen-ubnd-tinh": escalation_table,
}


def list_columns() -> list[Column]:
    return [
        Column(_("Mã phản ánh"), 18),
        Column(_("Tiêu đề"), 48),
        Column(_("Lĩnh vực"), 24),
        Column(_("Trạng thái"), 24),
        Column(_("Mức độ"), 10),
        Column(_("Kênh tiếp nhận"), 16),
        Column(_("Xã, phường"), 24),
        Column(_("Địa chỉ"), 36),
        Column(_("Đơn vị chủ trì"), 32),
        Column(_("Thời điểm gửi"), 17, "datetime"),
        Column(_("Hạn bước hiện tại"), 17, "datetime"),
        Column(_("Hạn xử lý"), 17, "datetime"),
        Column(_("Thời điểm có kết quả"), 17, "datetime"),
        Column(_("Thời điểm công bố"), 17, "datetime"),
        Column(_("Quá hạn xử lý"), 12),
        Column(pgettext("export column", "Không công khai"), 12),
    ]


def list_rows(qs, now: datetime | None = None):
    """Rows of the staff list, streamed from the database in chunks."""
    now = now or timezone.now()
    for r in qs.iterator(chunk_size=2000):
        yield [
            r.code,
            r.title,
            r.field.local_name,
            r.get_state_display(),
            r.get_priority_display(),
            r.get_channel_display(),
            r.commune.name if r.commune_id else "",
            r.address,
            r.lead_unit.name if r.lead_unit_id else "",
            r.submitted_at,
            r.deadline_at,
            r.handling_deadline_at,
            r.result_at,
            r.published_at,
            _yes(is_overdue(r, now)),
            _yes(r.is_private),
        ]


def list_table(qs, now: datetime | None = None) -> Table:
    return Table(_("Danh sách phản ánh"), list_columns(), list_rows(qs, now))
