"""The dashboard's tables and the staff list as ``Table``s, with Vietnamese headers.

No identity columns exist here at all: rows are built from Report fields and aggregates,
never from ReporterContact.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..dashboard import escalations_waiting, live_counts, stats_by_commune, stats_trend
from ..listing import is_overdue
from ..selectors import StatsFilter, stats_by_field, stats_by_unit, stats_summary
from .tabular import Column, Table


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


def field_table(filters: StatsFilter) -> Table:
    columns = [
        Column(_("Mã lĩnh vực"), 20),
        Column(_("Lĩnh vực"), 32),
        Column(_("Tổng số phản ánh"), 14, "int"),
        Column(_("Đã xử lý"), 12, "int"),
        Column(_("Đang xử lý"), 12, "int"),
        Column(_("Đã trả lại"), 12, "int"),
    ]
    rows = [
        [r.code, r.name, r.total, r.buckets.handled, r.buckets.in_progress, r.buckets.returned]
        for r in stats_by_field(filters=filters)
    ]
    return Table(_("Theo lĩnh vực"), columns, rows)


def unit_table(filters: StatsFilter, now: datetime | None = None) -> Table:
    columns = [
        Column(_("Đơn vị chủ trì"), 40),
        Column(_("Số phản ánh chủ trì"), 14, "int"),
        Column(_("Đã xử lý"), 11, "int"),
        Column(_("Đang xử lý quá hạn"), 14, "int"),
        Column(_("Đã có kết quả"), 12, "int"),
        Column(_("Đúng hạn"), 11, "int"),
        Column(_("Trễ hạn"), 11, "int"),
        Column(_("Tỷ lệ đúng hạn (%)"), 14, "float"),
        Column(_("Thời gian xử lý trung bình (ngày)"), 16, "float"),
        Column(_("Lượt đánh giá"), 12, "int"),
        Column(_("Hài lòng"), 11, "int"),
        Column(_("Tỷ lệ hài lòng (%)"), 14, "float"),
        Column(_("Số sao trung bình"), 12, "float"),
    ]
    rows = []
    for u in stats_by_unit(filters=filters, now=now):
        o = u.outcome
        rows.append(
            [
                u.name,
                u.total,
                u.handled,
                u.overdue,
                o.results,
                o.on_time,
                o.late,
                o.on_time_rate,
                u.avg_handling_days,
                o.rated,
                o.satisfied,
                o.satisfaction_rate,
                o.avg_rating,
            ]
        )
    return Table(_("Theo đơn vị"), columns, rows)


def commune_table(filters: StatsFilter) -> Table:
    columns = [
        Column(_("Mã xã, phường"), 12),
        Column(_("Xã, phường"), 30),
        Column(_("Tổng số phản ánh"), 14, "int"),
        Column(_("Đã xử lý"), 12, "int"),
        Column(_("Đang xử lý"), 12, "int"),
        Column(_("Đã trả lại"), 12, "int"),
    ]
    rows = [
        [
            c.code or "",
            c.name,
            c.total,
            c.buckets.handled,
            c.buckets.in_progress,
            c.buckets.returned,
        ]
        for c in stats_by_commune(filters=filters, unknown=_("Chưa xác định"))
    ]
    return Table(_("Theo xã, phường"), columns, rows)


def trend_table(filters: StatsFilter) -> Table:
    columns = [
        Column(_("Tháng"), 12, "month"),
        Column(_("Số phản ánh gửi"), 16, "int"),
        Column(_("Trong đó đã xử lý"), 16, "int"),
    ]
    rows = [[m.month, m.submitted, m.handled] for m in stats_trend(filters=filters)]
    return Table(_("Xu hướng 12 tháng"), columns, rows)


def escalation_table(filters: StatsFilter) -> Table:
    columns = [
        Column(_("Mã phản ánh"), 18),
        Column(_("Tiêu đề"), 48),
        Column(_("Lĩnh vực"), 24),
        Column(_("Xã, phường"), 24),
        Column(_("Đơn vị chủ trì"), 32),
        Column(_("Thời điểm gửi"), 17, "datetime"),
        Column(_("Chờ chỉ đạo từ"), 17, "datetime"),
    ]
    rows = [
        [
            r.code,
            r.title,
            r.field.local_name,
            r.commune.name if r.commune_id else "",
            r.lead_unit.name if r.lead_unit_id else "",
            r.submitted_at,
            r.updated_at,
        ]
        for r in escalations_waiting(filters=filters, limit=None)
    ]
    return Table(_("Chờ UBND tỉnh chỉ đạo"), columns, rows)


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
