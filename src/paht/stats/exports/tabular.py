"""Tables to Excel (.xlsx) and CSV: one writer for every staff export.

Excel: Vietnamese headers in a bold, frozen first row; column widths set; times in the
deployment's time zone (Asia/Ho_Chi_Minh) as real Excel dates; openpyxl's write-only
mode, so a large list streams rows to a temporary file instead of building it in memory.
CSV: UTF-8 with a BOM (Excel reads it as UTF-8), streamed row by row.
Text that a spreadsheet would run as a formula (= + - @ first) is kept as text: typed as a
string in Excel, prefixed with an apostrophe in CSV (as the public CSV does).
"""

import csv
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
MONTH_FORMAT = "mm/yyyy"
EXCEL_MAX_ROWS = 1_048_576
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 14
    kind: str = "text"  # text, int, float, datetime, date, month


@dataclass
class Table:
    """A sheet: a title (the sheet's name), columns and rows of plain values."""

    title: str
    columns: list[Column]
    rows: Iterable[list] = field(default_factory=list)


def local_naive(value: datetime) -> datetime:
    """Excel has no time zones: the local wall-clock time, without tzinfo."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def safe_text(value):
    """CSV: a leading = + - @ would make a spreadsheet run a formula; keep it text."""
    if isinstance(value, str) and value[:1] in FORMULA_START:
        return "'" + value
    return value


def _sheet_title(title: str) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def xlsx_cell(ws, value, kind: str = "text", *, bold: bool = False):
    """A cell for a write-only sheet: dates formatted, formulas never, bold when asked."""
    if isinstance(value, datetime):
        value = local_naive(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, datetime):
        cell.number_format = DATE_FORMAT if kind == "date" else DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = MONTH_FORMAT if kind == "month" else DATE_FORMAT
    elif kind == "float" and value is not None:
        cell.number_format = "0.0"
    if bold:
        cell.font = HEADER_FONT
    return cell


def _plain(value):
    # Numbers, None and plain strings go in as they are (fast path); others as cells.
    return (
        value is None
        or (isinstance(value, int | float) and not isinstance(value, bool))
        or (isinstance(value, str) and value[:1] != "=" and not ILLEGAL_CHARACTERS_RE.search(value))
    )


def write_table(ws, table: Table, *, header_row: int = 1) -> None:
    """Widths, the bold header (frozen below it), then the rows."""
    for i, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = f"A{header_row + 1}"
    header = []
    for col in table.columns:
        cell = xlsx_cell(ws, col.header, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    kinds = [c.kind for c in table.columns]
    written = 1
    for row in table.rows:
        if written >= EXCEL_MAX_ROWS:
            break  # Excel's limit; the CSV has every row
        ws.append(
            [v if _plain(v) else xlsx_cell(ws, v, k) for v, k in zip(row, kinds, strict=False)]
        )
        written += 1


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def workbook_response(workbook: Workbook, filename: str) -> FileResponse:
    """Save to a temporary file (write-only mode keeps memory flat) and send it."""
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def xlsx_response(tables: list[Table], filename: str) -> FileResponse:
    wb = new_workbook()
    for table in tables:
        write_table(wb.create_sheet(_sheet_title(table.title)), table)
    return workbook_response(wb, filename)


class _Line:
    def write(self, value: str) -> str:
        return value


def _csv_value(value, kind: str):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_naive(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m") if kind == "month" else value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return safe_text(value)


def csv_lines(table: Table):
    writer = csv.writer(_Line())
    yield "\ufeff"  # the BOM makes Excel read the file as UTF-8
    yield writer.writerow([safe_text(c.header) for c in table.columns])
    kinds = [c.kind for c in table.columns]
    for row in table.rows:
        yield writer.writerow([_csv_value(v, k) for v, k in zip(row, kinds, strict=False)])


def csv_response(table: Table, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
