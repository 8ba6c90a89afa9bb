"""Staff dashboard, filtered staff list and their exports: thin adapters over selectors.

Every query is scoped by ``stats_scope(actor)`` (the province's coordinators, supervisors
and admins see every report; a unit's staff their units' reports). Bad filters answer
400 with a Vietnamese message and change nothing.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from paht.console.access import staff_required
from paht.core.errors import ValidationError
from paht.core.replica import replica_reads
from paht.geo.models import Commune, Province
from paht.org.models import Unit
from paht.reports.models import Field, State
from paht.web.views.common import map_context

from .dashboard import (
    escalations_waiting,
    live_counts,
    open_report_cells,
    stats_by_commune,
    stats_trend,
)
from .exports import tables
from .exports.monthly import monthly_filename, monthly_unit_data, monthly_workbook
from .exports.tabular import csv_response, workbook_response, xlsx_response
from .listing import PAGE_SIZE, is_overdue, staff_page, staff_reports
from .query import StaffQuery, read_month, read_query
from .scope import Scope, stats_scope
from .selectors import served_provinces, stats_by_field, stats_by_unit, stats_summary

CHART_ROWS = 15  # charts show the first rows; the tables have them all
FORMATS = ("xlsx", "csv")
REPORT_PATH = "/can-bo/phan-anh/{code}/"  # the console's report view


def _choices(scope: Scope) -> dict:
    """The filter menus (four queries)."""
    provinces = list(served_provinces())
    return {
        # Only a deployment serving several provinces offers the choice.
        "provinces": provinces if len(provinces) > 1 else [],
        "fields": list(Field.objects.filter(is_active=True).only("code", "name", "name_en")),
        "units": list(scope.units().order_by("name")),
        "communes": list(
            Commune.objects.filter(province_id=settings.PAHT_PROVINCE_CODE)
            .only("code", "name")
            .order_by("name")
        ),
    }


def _read(request, *, with_list: bool = False) -> StaffQuery:
    return read_query(request.GET, scope=stats_scope(request.actor), with_list=with_list)


def _error_page(request, exc: ValidationError, template: str, extra: dict | None = None):
    scope = stats_scope(request.actor)
    context = {"error": exc.message, "error_fields": exc.fields, **_choices(scope)}
    context.update(extra or {})
    return render(request, template, context, status=400)


def _figures(query: StaffQuery, now: datetime) -> dict:
    """Everything the dashboard shows, a fixed number of queries."""
    filters = query.filters()
    by_unit = stats_by_unit(filters=filters, now=now)
    by_commune = stats_by_commune(filters=filters, unknown=_("Chưa xác định"))
    cells, truncated = open_report_cells(filters=filters, now=now)
    return {
        "live": live_counts(filters=filters, now=now),
        "summary": stats_summary(filters=filters),
        "by_field": stats_by_field(filters=filters),
        "by_unit": by_unit,
        "rated_units": [u for u in by_unit if u.outcome.rated],
        "by_commune": by_commune,
        "trend": stats_trend(filters=filters),
        "cells": cells,
        "cells_truncated": truncated,
        "escalations": escalations_waiting(filters=filters),
        "report_path": REPORT_PATH,
        "now": now,
    }


def _charts(figures: dict) -> dict:
    by_field, by_unit = figures["by_field"], figures["by_unit"]
    with_results = [u for u in by_unit if u.outcome.results][:CHART_ROWS]
    communes = figures["by_commune"][:CHART_ROWS]
    return {
        "fields": {
            "labels": [f.name for f in by_field],
            "handled": [f.buckets.handled for f in by_field],
            "in_progress": [f.buckets.in_progress for f in by_field],
            "returned": [f.buckets.returned for f in by_field],
        },
        "on_time": {
            "labels": [u.short_name for u in with_results],
            "values": [u.outcome.on_time_rate for u in with_results],
        },
        "satisfaction": {
            "labels": [u.short_name for u in figures["rated_units"][:CHART_ROWS]],
            "values": [u.outcome.satisfaction_rate for u in figures["rated_units"][:CHART_ROWS]],
        },
        "communes": {
            "labels": [c.name for c in communes],
            "values": [c.total for c in communes],
        },
        "trend": {
            "labels": [f"{m.month:%m/%Y}" for m in figures["trend"]],
            "submitted": [m.submitted for m in figures["trend"]],
            "handled": [m.handled for m in figures["trend"]],
        },
        "cells": [[c.lat, c.lng, c.open, c.overdue] for c in figures["cells"]],
    }


def _chart_text() -> dict:
    return {
        "handled": _("Đã xử lý"),
        "in_progress": _("Đang xử lý"),
        "returned": _("Đã trả lại"),
        "on_time_rate": _("Tỷ lệ đúng hạn (%)"),
        "satisfaction_rate": _("Tỷ lệ hài lòng (%)"),
        "reports": _("Số phản ánh"),
        "submitted": _("Phản ánh gửi"),
        "open": _("Đang xử lý"),
        "overdue": _("Quá hạn"),
        "updated": _("Cập nhật lúc"),
        "stale": _("Không cập nhật được số liệu. Sẽ thử lại sau."),
    }


# Sections refreshed in place by the polling script: element id → partial template.
SECTIONS = {
    "dash-counts": "stats/dashboard/counts.html",
    "dash-fields": "stats/dashboard/fields.html",
    "dash-units": "stats/dashboard/units.html",
    "dash-satisfaction": "stats/dashboard/satisfaction.html",
    "dash-communes": "stats/dashboard/communes.html",
    "dash-trend": "stats/dashboard/trend.html",
    "dash-escalations": "stats/dashboard/escalations.html",
}


def _downloads(query: StaffQuery) -> list[tuple[str, str, str]]:
    qs = query.querystring(with_list=False)
    labels = {
        "tong-quan": _("Tổng quan"),
        "linh-vuc": _("Theo lĩnh vực"),
        "don-vi": _("Theo đơn vị"),
        "xa-phuong": _("Theo xã, phường"),
        "xu-huong": _("Xu hướng 12 tháng"),
        "chuyen-ubnd-tinh": _("Chờ UBND tỉnh chỉ đạo"),
    }
    return [
        (
            labels[kind],
            f"{reverse('stats:table_export', args=[kind, 'xlsx'])}?{qs}",
            f"{reverse('stats:table_export', args=[kind, 'csv'])}?{qs}",
        )
        for kind in tables.DASHBOARD_TABLES
    ]


@require_safe
@never_cache
@staff_required
@replica_reads
def dashboard(request):
    try:
        query = _read(request)
    except ValidationError as exc:
        return _error_page(request, exc, "stats/dashboard.html")
    now = timezone.now()
    figures = _figures(query, now)
    scope = query.scope
    context = {
        **figures,
        **_choices(scope),
        "query": query,
        "whole_province": scope.whole_province,
        "text": _chart_text(),
        "charts": _charts(figures),
        "map": map_context(),
        "poll_url": f"{reverse('stats:dashboard_data')}?{query.querystring(with_list=False)}",
        "poll_seconds": settings.PAHT_DASHBOARD_POLL_SECONDS,
        "list_url": f"{reverse('stats:staff_list')}?{query.querystring(with_list=False)}",
        "downloads": _downloads(query),
        "months": _recent_months(now),
    }
    return render(request, "stats/dashboard.html", context)


def _recent_months(now: datetime) -> list[str]:
    today = timezone.localdate(now)
    months, y, m = [], today.year, today.month
    for _i in range(13):
        months.append(f"{y:04d}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return months


@require_safe
@never_cache
@staff_required
@replica_reads
def dashboard_data(request):
    """The polling endpoint: counts, the tables' HTML and the charts' numbers, as JSON."""
    try:
        query = _read(request)
    except ValidationError as exc:
        return JsonResponse(
            {"error": {"message": str(exc.message), "fields": exc.fields}}, status=400
        )
    now = timezone.now()
    figures = _figures(query, now)
    live = figures["live"]
    return JsonResponse(
        {
            "counts": {
                "new_today": live.new_today,
                "in_progress": live.in_progress,
                "overdue": live.overdue,
                "resolved_this_month": live.resolved_this_month,
                "escalated": live.escalated,
            },
            "sections": {
                key: render_to_string(template, figures, request=request)
                for key, template in SECTIONS.items()
            },
            "charts": _charts(figures),
            "updated": timezone.localtime(now).strftime("%H:%M:%S"),
        }
    )


@require_safe
@never_cache
@staff_required
def staff_list(request):
    try:
        query = _read(request, with_list=True)
    except ValidationError as exc:
        return _error_page(request, exc, "stats/staff_list.html", {"states": State.choices})
    now = timezone.now()
    page = staff_page(
        staff_reports(actor=request.actor, query=query, now=now),
        cursor=request.GET.get("sau") or None,
        size=PAGE_SIZE,
    )
    qs = query.querystring()
    rows = [(r, is_overdue(r, now)) for r in page.items]
    context = {
        **_choices(query.scope),
        "query": query,
        "states": State.choices,
        "rows": rows,
        "report_path": REPORT_PATH,
        "next_url": f"?{qs}&sau={page.next_cursor}" if page.next_cursor else None,
        "first_url": f"?{qs}" if request.GET.get("sau") else None,
        "xlsx_url": f"{reverse('stats:list_export', args=['xlsx'])}?{qs}",
        "csv_url": f"{reverse('stats:list_export', args=['csv'])}?{qs}",
        "dashboard_url": f"{reverse('stats:dashboard')}?{query.querystring(with_list=False)}",
    }
    return render(request, "stats/staff_list.html", context)


def _export_error(request, exc: ValidationError, status: int = 400):
    return render(request, "stats/export_error.html", {"error": exc.message}, status=status)


def _stamp(query: StaffQuery) -> str:
    return f"{query.first:%Y%m%d}-{query.last:%Y%m%d}"


@require_safe
@never_cache
@staff_required
def list_export(request, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    try:
        query = _read(request, with_list=True)
    except ValidationError as exc:
        return _export_error(request, exc)
    now = timezone.now()
    table = tables.list_table(staff_reports(actor=request.actor, query=query, now=now), now)
    name = f"danh-sach-phan-anh-{_stamp(query)}.{fmt}"
    return xlsx_response([table], name) if fmt == "xlsx" else csv_response(table, name)


@require_safe
@never_cache
@staff_required
@replica_reads
def table_export(request, kind: str, fmt: str):
    build = tables.DASHBOARD_TABLES.get(kind)
    if build is None or fmt not in FORMATS:
        raise Http404
    try:
        query = _read(request)
    except ValidationError as exc:
        return _export_error(request, exc)
    table = build(query.filters())
    name = f"tong-hop-{kind}-{_stamp(query)}.{fmt}"
    return xlsx_response([table], name) if fmt == "xlsx" else csv_response(table, name)


@require_safe
@never_cache
@staff_required
def monthly_report(request):
    """A unit's monthly report (.xlsx); unit staff may ask only for their own units."""
    scope = stats_scope(request.actor)
    code = request.GET.get("don_vi", "").strip()
    try:
        month = read_month(request.GET)
        if not code:
            raise ValidationError(
                _("Vui lòng chọn đơn vị cần lập báo cáo."), fields={"don_vi": _("Bắt buộc.")}
            )
        unit = Unit.objects.filter(code=code[:50]).first()
        if unit is None:
            raise ValidationError(
                _("Đơn vị đã chọn không tồn tại."), fields={"don_vi": _("Không hợp lệ.")}
            )
    except ValidationError as exc:
        return _export_error(request, exc)
    if not scope.may_see_unit(unit):
        raise PermissionDenied
    data = monthly_unit_data(unit=unit, month=month)
    province = Province.objects.filter(code=settings.PAHT_PROVINCE_CODE).first()
    return workbook_response(monthly_workbook(data, province), monthly_filename(unit, month))
