"""Public statistics page and its CSV downloads: thin adapters over ``selectors``."""

import csv
import re
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from paht.core.errors import ValidationError
from paht.core.replica import replica_reads
from paht.geo.models import Province
from paht.reports.models import Field

from .cached import kept, public_stats
from .exports import tables
from .exports.tabular import safe_text as _safe_cell
from .query import CODE_RE, read_province
from .selectors import StatsFilter, served_provinces

FIRST_YEAR = 2000
YEARS_OFFERED = 10  # the year menu: this year and the nine before
CHART_UNITS = 15  # unit charts show the units with most reports
# The page's unit tables list the units with most reports; every unit is in the CSV (a
# national year has 3,300: a 3 MB page no phone should download).
PAGE_UNITS = 100


@dataclass(frozen=True)
class _Query:
    year: int
    field: Field | None
    province: Province | None = None

    def filters(self) -> StatsFilter:
        return StatsFilter.for_year(self.year, field=self.field, province=self.province)

    def params(self) -> dict:
        params = {"nam": self.year}
        if self.field is not None:
            params["linh_vuc"] = self.field.code
        if self.province is not None:
            params["tinh"] = self.province.code
        return params


def _read_query(
    params, *, this_year: int, fields: list[Field], provinces: list[Province] | None = None
) -> _Query:
    """The page's filters from the query string; ValidationError with a message if bad."""
    raw_year = params.get("nam", "").strip()
    if not raw_year:
        year = this_year
    elif re.fullmatch(r"[0-9]{4}", raw_year) and FIRST_YEAR <= int(raw_year) <= this_year:
        year = int(raw_year)
    else:
        raise ValidationError(
            _("Năm không hợp lệ. Vui lòng chọn một năm từ %(first)d đến %(last)d.")
            % {"first": FIRST_YEAR, "last": this_year},
            fields={"nam": _("Không hợp lệ.")},
        )
    code = params.get("linh_vuc", "").strip()
    field = None
    if code:
        field = next((f for f in fields if f.code == code), None)
        if field is None:  # an inactive field can still be asked for by its code
            field = Field.objects.filter(code=code).first() if CODE_RE.fullmatch(code) else None
        if field is None:
            raise ValidationError(
                _("Lĩnh vực đã chọn không tồn tại. Vui lòng chọn lại."),
                fields={"linh_vuc": _("Không hợp lệ.")},
            )
    province = read_province(params.get("tinh", ""), "tinh", provinces)
    return _Query(year=year, field=field, province=province)


@require_safe
@replica_reads
def public(request):
    this_year = timezone.localdate().year
    fields = list(Field.objects.filter(is_active=True).only("pk", "code", "name", "name_en"))
    years = list(range(this_year, this_year - YEARS_OFFERED, -1))
    provinces = list(served_provinces())
    context = {
        "fields": fields,
        "years": years,
        "year": this_year,
        "field": None,
        # Only a deployment serving several provinces offers the choice.
        "provinces": provinces if len(provinces) > 1 else [],
        "province": None,
    }
    try:
        query = _read_query(request.GET, this_year=this_year, fields=fields, provinces=provinces)
    except ValidationError as exc:
        context["error"] = exc.message
        return render(request, "stats/public.html", context, status=400)
    if query.year not in years:
        years.append(query.year)
    if query.field is not None and query.field not in fields:
        fields.append(query.field)
    filters = query.filters()
    context.update(year=query.year, field=query.field, province=query.province)
    # The tables are the same for every visitor: rendered once, kept with the numbers.
    context["body"] = kept(filters, "page", lambda: _body(query, filters))
    return render(request, "stats/public.html", context)


def _body(query: _Query, filters: StatsFilter) -> str:
    found = public_stats(filters)
    qs = urlencode(query.params())
    context = {
        "year": query.year,
        "summary": found.summary,
        "by_field": found.by_field,
        "by_unit": found.by_unit[:PAGE_UNITS],
        "units_total": len(found.by_unit),
        "charts": _chart_data(found.summary, found.by_field, found.by_unit),
        "chart_units": CHART_UNITS,
        "downloads": [
            (label, f"{reverse('stats:csv', args=[kind])}?{qs}")
            for kind, label in (
                ("linh-vuc", _("Theo lĩnh vực (CSV)")),
                ("trang-thai", _("Theo tình trạng xử lý (CSV)")),
                ("don-vi", _("Theo đơn vị chủ trì (CSV)")),
            )
        ],
    }
    return render_to_string("stats/_public_body.html", context)


def _chart_data(summary, by_field, by_unit) -> dict:
    """Numbers and labels for charts.js (the tables beside the charts carry the same)."""
    with_results = [u for u in by_unit if u.outcome.results][:CHART_UNITS]
    with_ratings = [u for u in by_unit if u.outcome.rated][:CHART_UNITS]
    return {
        "text": {
            "handled": _("Đã xử lý"),
            "in_progress": _("Đang xử lý"),
            "returned": _("Đã trả lại"),
            "on_time_rate": _("Tỷ lệ đúng hạn (%)"),
            "satisfaction_rate": _("Tỷ lệ hài lòng (%)"),
        },
        "fields": {
            "labels": [f.name for f in by_field],
            "handled": [f.buckets.handled for f in by_field],
            "in_progress": [f.buckets.in_progress for f in by_field],
            "returned": [f.buckets.returned for f in by_field],
        },
        "buckets": [
            summary.buckets.handled,
            summary.buckets.in_progress,
            summary.buckets.returned,
        ],
        "on_time": {
            "labels": [u.short_name for u in with_results],
            "values": [u.outcome.on_time_rate for u in with_results],
        },
        "satisfaction": {
            "labels": [u.short_name for u in with_ratings],
            "values": [u.outcome.satisfaction_rate for u in with_ratings],
        },
    }


# CSV downloads ------------------------------------------------------------------------


def _number(value) -> str | int:
    """Counts as integers, rates with a decimal point, nothing for "no data"."""
    return "" if value is None else value


def _field_table(filters: StatsFilter) -> list[list]:
    cols = tables.field_cols()
    rows = [tables.cells(cols, r) for r in public_stats(filters).by_field]
    totals = [sum(row[i] for row in rows) for i in range(2, len(cols))]
    return [tables.headers(cols), *rows, ["", _("Tổng cộng"), *totals]]


def _state_table(filters: StatsFilter) -> list[list]:
    b = public_stats(filters).summary.buckets
    return [
        [_("Tình trạng"), _("Số phản ánh"), _("Tỷ lệ (%)")],
        [_("Đã xử lý"), b.handled, _number(b.handled_rate)],
        [_("Đang xử lý"), b.in_progress, _number(b.in_progress_rate)],
        [_("Đã trả lại"), b.returned, _number(b.returned_rate)],
        [_("Tổng cộng"), b.total, 100.0 if b.total else ""],
    ]


def _unit_table(filters: StatsFilter) -> list[list]:
    cols = tables.unit_cols(handling_days=False)
    return [tables.headers(cols), *(tables.cells(cols, u) for u in public_stats(filters).by_unit)]


CSV_KINDS = {"linh-vuc": _field_table, "trang-thai": _state_table, "don-vi": _unit_table}


@require_safe
@replica_reads
def csv_export(request, kind: str):
    build = CSV_KINDS.get(kind)
    if build is None:
        raise Http404
    this_year = timezone.localdate().year
    try:
        query = _read_query(request.GET, this_year=this_year, fields=[])
    except ValidationError as exc:
        return HttpResponse(str(exc.message), status=400, content_type="text/plain; charset=utf-8")
    name = f"thong-ke-{kind}-{query.year}"
    if query.field is not None:
        name += f"-{query.field.code}"
    if query.province is not None:
        name += f"-tinh-{query.province.code}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # the BOM makes Excel read the file as UTF-8
    writer = csv.writer(response)
    for row in build(query.filters()):
        writer.writerow([_safe_cell(v) for v in row])
    return response
