"""A unit's monthly report (.xlsx), in the shape a provincial office sends up.

Title block (the province's People's Committee, the unit, the national motto, the
month), I. counts by field, II. counts by status, III. timeliness and satisfaction,
IV. reports handled on time, V. overdue reports, then the signature block. Figures
follow the statistics' definitions (``stats.selectors``): the month's reports are those
submitted in it, led by the unit. No reporter data: report rows only.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from paht.geo.models import Province
from paht.org.models import Unit
from paht.reports.models import Report, State

from ..dashboard import COUNTED
from ..selectors import (
    HAS_RESULT,
    IN_TIME,
    FieldRow,
    StatsFilter,
    UnitRow,
    overdue_q,
    stats_by_field,
    stats_by_unit,
)
from .tabular import DATETIME_FORMAT, XLSX_TYPE, local_naive

WIDTHS = [6, 18, 44, 22, 22, 17, 17, 17, 20]  # A..I
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
LIST_ONLY = (
    "code",
    "title",
    "state",
    "submitted_at",
    "handling_deadline_at",
    "result_at",
    "field__name",
    "field__name_en",
    "commune__name",
)


@dataclass(frozen=True)
class MonthlyData:
    unit: Unit
    month: date
    as_of: datetime
    by_field: list[FieldRow]
    by_state: list[tuple[str, int]]
    outcome: UnitRow | None
    on_time: list[Report]
    overdue: list[Report]


def month_filter(unit: Unit, month: date) -> StatsFilter:
    next_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return StatsFilter.for_dates(month, next_month - timedelta(days=1), unit=unit)


def monthly_unit_data(*, unit: Unit, month: date, now: datetime | None = None) -> MonthlyData:
    """Everything the report shows, in six queries whatever the number of reports."""
    now = now or timezone.now()
    filters = month_filter(unit, month)
    counted = filters.reports().filter(COUNTED)
    states = dict(counted.values_list("state").annotate(n=Count("id")).order_by())
    by_state = [(str(label), states[value]) for value, label in State.choices if value in states]
    units = stats_by_unit(filters=filters, now=now)
    rows = (
        counted.select_related("field", "commune").only(*LIST_ONLY).order_by("submitted_at", "id")
    )
    return MonthlyData(
        unit=unit,
        month=month,
        as_of=now,
        by_field=[r for r in stats_by_field(filters=filters) if r.total],
        by_state=by_state,
        outcome=units[0] if units else None,
        on_time=list(rows.filter(HAS_RESULT & IN_TIME)),
        overdue=list(rows.filter((HAS_RESULT & ~IN_TIME) | overdue_q(now))),
    )


class _Sheet:
    """Writes rows top to bottom on a normal (not write-only) sheet: the report is small
    (one unit, one month) and needs merged title cells."""

    def __init__(self, ws):
        self.ws = ws
        self.row = 1

    def line(self, text: str = "", *, font=None, span: int = 9, align=None, col: int = 1):
        cell = self.ws.cell(row=self.row, column=col, value=text)
        if span > 1:
            self.ws.merge_cells(
                start_row=self.row, start_column=col, end_row=self.row, end_column=col + span - 1
            )
        cell.font = font or Font()
        cell.alignment = align or Alignment(wrap_text=True, vertical="center")
        self.row += 1
        return cell

    def pair(self, left: str, right: str, *, font=None):
        """Two half-width blocks on one line (the title block and signatures)."""
        for col, last, text in ((1, 3, left), (4, 9, right)):
            cell = self.ws.cell(row=self.row, column=col, value=text)
            self.ws.merge_cells(
                start_row=self.row, start_column=col, end_row=self.row, end_column=last
            )
            cell.font = font or Font()
            cell.alignment = CENTER
        self.row += 1

    def table(self, headers: list[str], rows: list[list], *, start_col: int = 1):
        for i, header in enumerate(headers):
            cell = self.ws.cell(row=self.row, column=start_col + i, value=header)
            cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX
        self.row += 1
        for values in rows:
            for i, value in enumerate(values):
                if isinstance(value, datetime):
                    value = local_naive(value)
                cell = self.ws.cell(row=self.row, column=start_col + i)
                cell.value = value
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # citizens' text, never a formula
                if isinstance(value, datetime):
                    cell.number_format = DATETIME_FORMAT
                cell.border, cell.alignment = BOX, WRAP
            self.row += 1
        self.row += 1


def _report_rows(reports: list[Report]) -> list[list]:
    rows = []
    for i, r in enumerate(reports, start=1):
        if r.result_at is None:
            status = _("Đang xử lý, đã quá hạn")
        elif r.handling_deadline_at is None or r.result_at <= r.handling_deadline_at:
            status = _("Đúng hạn")
        else:
            status = _("Có kết quả, trễ hạn")
        rows.append(
            [
                i,
                r.code,
                r.title,
                r.field.local_name,
                r.commune.name if r.commune_id else "",
                r.submitted_at,
                r.handling_deadline_at,
                r.result_at,
                status,
            ]
        )
    return rows


def monthly_workbook(data: MonthlyData, province: Province | None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Báo cáo tháng")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    s = _Sheet(ws)
    province_name = province.name if province else ""
    month_label = _("Tháng %(month)02d năm %(year)d") % {
        "month": data.month.month,
        "year": data.month.year,
    }
    s.pair(
        _("UBND %(province)s") % {"province": province_name.upper()},
        _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        font=BOLD,
    )
    s.pair(data.unit.name.upper(), _("Độc lập - Tự do - Hạnh phúc"), font=BOLD)
    s.row += 1
    s.line(_("BÁO CÁO KẾT QUẢ TIẾP NHẬN, XỬ LÝ PHẢN ÁNH HIỆN TRƯỜNG"), font=TITLE, align=CENTER)
    s.line(month_label, font=BOLD, align=CENTER)
    s.line(_("Đơn vị: %(unit)s") % {"unit": data.unit.name}, align=CENTER)
    as_of = local_naive(data.as_of).strftime("%H:%M %d/%m/%Y")
    s.line(_("Số liệu tính đến %(when)s") % {"when": as_of}, align=CENTER)
    s.row += 1

    s.line(_("I. SỐ PHẢN ÁNH THEO LĨNH VỰC"), font=BOLD)
    field_rows = [
        [i, r.name, r.total, r.buckets.handled, r.buckets.in_progress, r.buckets.returned]
        for i, r in enumerate(data.by_field, start=1)
    ]
    total = sum(r.total for r in data.by_field)
    field_rows.append(
        ["", _("Tổng cộng"), total]
        + [
            sum(getattr(r.buckets, k) for r in data.by_field)
            for k in ("handled", "in_progress", "returned")
        ]
    )
    headers = [_("STT"), _("Lĩnh vực"), _("Tổng số"), _("Đã xử lý"), _("Đang xử lý")]
    s.table([*headers, _("Đã trả lại")], field_rows)

    s.line(_("II. SỐ PHẢN ÁNH THEO TÌNH TRẠNG"), font=BOLD)
    state_rows = [[i, label, n] for i, (label, n) in enumerate(data.by_state, start=1)]
    state_rows.append(["", _("Tổng cộng"), sum(n for _label, n in data.by_state)])
    s.table([_("STT"), _("Tình trạng"), _("Số phản ánh")], state_rows)

    s.line(_("III. KẾT QUẢ XỬ LÝ ĐÚNG HẠN VÀ MỨC ĐỘ HÀI LÒNG"), font=BOLD)
    u = data.outcome
    o = u.outcome if u else None
    s.table(
        [_("Chỉ tiêu"), "", _("Số liệu")],
        [
            [_("Phản ánh đã có kết quả được phê duyệt"), "", o.results if o else 0],
            [_("Xử lý đúng hạn"), "", o.on_time if o else 0],
            [_("Xử lý trễ hạn"), "", o.late if o else 0],
            [_("Tỷ lệ đúng hạn (%)"), "", o.on_time_rate if o else None],
            [_("Đang xử lý quá hạn"), "", u.overdue if u else 0],
            [_("Thời gian xử lý trung bình (ngày)"), "", u.avg_handling_days if u else None],
            [_("Tỷ lệ hài lòng (%)"), "", o.satisfaction_rate if o else None],
        ],
        start_col=2,
    )

    headers = [_("STT"), _("Mã phản ánh"), _("Tiêu đề"), _("Lĩnh vực"), _("Xã, phường")]
    headers += [_("Thời điểm gửi"), _("Hạn xử lý"), _("Thời điểm có kết quả"), _("Tình trạng")]
    s.line(_("IV. DANH SÁCH PHẢN ÁNH XỬ LÝ ĐÚNG HẠN"), font=BOLD)
    if data.on_time:
        s.table(headers, _report_rows(data.on_time))
    else:
        s.line(_("Không có."))
        s.row += 1
    s.line(_("V. DANH SÁCH PHẢN ÁNH QUÁ HẠN"), font=BOLD)
    if data.overdue:
        s.table(headers, _report_rows(data.overdue))
    else:
        s.line(_("Không có."))
        s.row += 1

    today = timezone.localdate(data.as_of)
    s.pair(
        "",
        _("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)d")
        % {
            "place": province.short_name if province else "",
            "d": today.day,
            "m": today.month,
            "y": today.year,
        },
    )
    s.pair(_("NGƯỜI LẬP BIỂU"), _("THỦ TRƯỞNG ĐƠN VỊ"), font=BOLD)
    s.pair(_("(Ký, ghi rõ họ tên)"), _("(Ký tên, đóng dấu)"))
    return wb


def monthly_filename(unit: Unit, month: date) -> str:
    return f"bao-cao-thang-{month:%Y-%m}-{unit.code}.xlsx"


__all__ = ["XLSX_TYPE", "monthly_filename", "monthly_unit_data", "monthly_workbook"]
