"""Reads anyone may make: fields, communes, published reports and statistics.

No authentication. Every report read goes through ``public_reports_filtered`` or
``Report.objects.public()`` (published, not private) and renders only public fields: the
reporter's name, phone, email and their own replies never appear (DESIGN §2). The web's
public pages use the same selectors, so both give the same answers.
"""

import math
import re
from datetime import date

from django.conf import settings
from django.http import HttpResponse
from django.urls import register_converter
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from paht.core.errors import NotFound, ValidationError
from paht.core.public_cache import public_cache
from paht.core.replica import replica_reads
from paht.geo.models import Commune
from paht.media.selectors import MediaItem, public_media, public_thumbnails
from paht.reports.models import Field, Report, ReturnReason
from paht.reports.selectors import keyset_page, public_reports_filtered, state_labels
from paht.reports.timeline import describe_event, public_timeline
from paht.stats.cached import kept, public_stats
from paht.stats.query import CODE_RE, read_province
from paht.stats.selectors import (
    Buckets,
    Outcome,
    StatsFilter,
)
from paht.stats.views import FIRST_YEAR

from .base import api
from .schemas import (
    INVALID,
    NOT_FOUND,
    CommuneOut,
    FieldsOut,
    PublicReport,
    ReportPage,
    ReportQuery,
    StatsOut,
    StatsQuery,
    responses,
)

router = Router(tags=["public"])

# Dates a filter may name: outside, a period's ends cannot even be computed in UTC.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2999, 12, 31)


class ReportCode:
    """A tracking code in a path (``PA-2025-000123``, ``…-L2``): it always has digits, so
    ``/reports/multipart`` (citizen.py) is never taken for a code."""

    regex = r"[^/]*[0-9][^/]*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ReportCode, "reportcode")


# --- rendering, shared with citizen.py ---------------------------------------------------


def named(obj) -> dict | None:
    """A field, commune or return reason as ``{code, name}`` in the active language."""
    if obj is None:
        return None
    return {"code": obj.code, "name": getattr(obj, "local_name", obj.name)}


def location_of(report: Report) -> dict:
    return {
        "lat": report.lat,
        "lng": report.lng,
        "address": report.address,
        "commune": named(report.commune),
    }


def timeline_of(events, *, hide_reporter_notes: bool) -> list[dict]:
    rows = []
    for event in events:
        own_words = event.actor_role == "reporter" and hide_reporter_notes
        # A round-2 submission's note is its description, shown as such.
        note = "" if own_words or event.action == "submit" else event.note
        rows.append({"at": event.created_at, "text": describe_event(event), "note": note})
    return rows


def media_of(request, items: list[MediaItem]) -> list[dict]:
    return [
        {
            "id": m.id,
            "kind": m.kind,
            "purpose": m.purpose,
            "state": m.state,
            "width": m.width,
            "height": m.height,
            "duration": m.duration,
            "urls": {v: request.build_absolute_uri(url) for v, url in m.urls.items()},
        }
        for m in items
    ]


def _public_code(report: Report | None) -> str | None:
    return report.code if report is not None and report.is_published else None


def public_report(request, report: Report) -> dict:
    next_round = Report.objects.filter(previous_round=report).first()
    return {
        "code": report.code,
        "round": report.round,
        "state": report.state,
        "state_label": report.get_state_display(),
        "field": named(report.field),
        "title": report.title,
        "description": report.description,
        "location": location_of(report),
        "submitted_at": report.submitted_at,
        "published_at": report.published_at,
        "lead_unit": report.lead_unit.name if report.lead_unit else None,
        "result_text": report.result_text,
        "result_at": report.result_at,
        "rating": report.rating,
        "satisfied": report.satisfied,
        "timeline": timeline_of(public_timeline(report), hide_reporter_notes=True),
        "media": media_of(request, public_media(report)),
        "previous_round": _public_code(report.previous_round),
        "next_round": _public_code(next_round),
    }


# --- configuration ---------------------------------------------------------------------


@router.get(
    "/fields",
    response=FieldsOut,
    summary="Fields (categories) and what is out of scope",
    description=(
        "The fields a report can be filed under, and the subjects the platform does not "
        "handle (administrative procedures, complaints and denunciations) with guidance on "
        "where to go: show it before the citizen sends."
    ),
    operation_id="listFields",
)
def fields(request):
    return {
        "fields": [
            {"code": f.code, "name": f.local_name, "description": f.local_description}
            for f in Field.objects.filter(is_active=True)
        ],
        "out_of_scope": [
            {"code": r.code, "name": r.local_name, "guidance": r.local_guidance}
            for r in ReturnReason.objects.filter(out_of_scope=True, is_active=True)
        ],
    }


@router.get(
    "/communes",
    response=list[CommuneOut],
    summary="Communes of the deployment",
    description="Communes and wards of the province, with their centroid, by name.",
    operation_id="listCommunes",
)
def communes(request):
    return list(
        Commune.objects.filter(province_id=settings.PAHT_PROVINCE_CODE)
        .order_by("name")
        .values("code", "name", "kind", "lat", "lng")
    )


# --- published reports -------------------------------------------------------------------

_BBOX = re.compile(r"^\s*([^,]+),([^,]+),([^,]+),([^,]+)\s*$")


def _bbox(raw: str) -> tuple[float, float, float, float] | None:
    match = _BBOX.match(raw)
    if not match:
        return None
    try:
        south, west, north, east = (float(v) for v in match.groups())
    except ValueError:
        return None
    if not all(math.isfinite(v) for v in (south, west, north, east)):
        return None
    if not (-90 <= south <= north <= 90 and -180 <= west <= east <= 180):
        return None
    return south, west, north, east


def _filters(field, status, commune, bbox, since, until) -> dict:
    """The selector's filters from the query, or ValidationError naming each bad one."""
    invalid = _("Giá trị không hợp lệ.")
    problems: dict[str, str] = {}
    if field and not Field.objects.filter(code=field[:50], is_active=True).exists():
        problems["field"] = invalid
    provinces = Commune.objects.filter(province_id=settings.PAHT_PROVINCE_CODE)
    if commune and not provinces.filter(code=commune[:10]).exists():
        problems["commune"] = invalid
    box = _bbox(bbox) if bbox else None
    if bbox and box is None:
        problems["bbox"] = invalid
    for name, day in (("since", since), ("until", until)):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            problems[name] = invalid
    if since and until and since > until and "until" not in problems:
        problems["until"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    if problems:
        raise ValidationError(_("Bộ lọc không hợp lệ."), fields=problems)
    return {
        "field": field or None,
        "state": status or None,
        "commune": commune or None,
        "bbox": box,
        "since": since,
        "until": until,
    }


# The columns a list item shows: rows come from ``.values()``, not model instances (with
# the commune's boundary polygon and three related objects per row, building instances
# cost more than everything else in a page).
LIST_COLUMNS = (
    "id",
    "code",
    "round",
    "state",
    "title",
    "lat",
    "lng",
    "submitted_at",
    "published_at",
    "field_id",
    "field__code",
    "field__name",
    "field__name_en",
    "commune__code",
    "commune__name",
    "lead_unit__name",
)


def _items(request, rows: list[dict]) -> list[dict]:
    thumbs = public_thumbnails([r["id"] for r in rows])
    labels = state_labels()
    fields: dict[int, dict] = {}
    for r in rows:
        if r["field_id"] not in fields:
            # The field's name in the active language, by the model's own rule.
            f = Field(code=r["field__code"], name=r["field__name"], name_en=r["field__name_en"])
            fields[r["field_id"]] = named(f)
    return [
        {
            "code": r["code"],
            "round": r["round"],
            "state": r["state"],
            "state_label": labels[r["state"]],
            "field": fields[r["field_id"]],
            "title": r["title"],
            "commune": {"code": r["commune__code"], "name": r["commune__name"]}
            if r["commune__code"] is not None
            else None,
            "lat": r["lat"],
            "lng": r["lng"],
            "submitted_at": r["submitted_at"],
            "published_at": r["published_at"],
            "lead_unit": r["lead_unit__name"],
            "thumbnail": request.build_absolute_uri(thumbs[r["id"]]) if r["id"] in thumbs else None,
        }
        for r in rows
    ]


LIST = responses({200: ReportPage}, {400: INVALID})


@router.get(
    "/reports",
    response=LIST.schemas,
    openapi_extra=LIST.extra,
    summary="Published reports",
    description=(
        "Reports with a published result that the coordinator did not mark private, newest "
        "publication first. Filters combine; an unknown value answers 400 naming the "
        "filter in `error.fields`. Pages are keyset-paginated: pass `next_cursor` back as "
        "`cursor` until it is null (an unreadable cursor starts again from the first page). "
        "Nothing about the reporter is ever included."
    ),
    operation_id="listPublishedReports",
)
@public_cache
@replica_reads
def reports(request, q: Query[ReportQuery]):
    filters = _filters(q.field, q.status, q.commune, q.bbox, q.since, q.until)
    qs = public_reports_filtered(**filters)
    page = keyset_page(
        qs, cursor=q.cursor, size=q.limit, values=LIST_COLUMNS, ids_first=bool(filters["bbox"])
    )
    data = {"items": _items(request, page.items), "next_cursor": page.next_cursor}
    # Built from plain rows in the documented shape (ReportPage; tests/api check it), so
    # the answer is rendered directly instead of validating 50 items field by field.
    return api.create_response(request, data, status=200)


DETAIL = responses({200: PublicReport}, {404: NOT_FOUND})


@router.get(
    "/reports/{reportcode:code}",
    response=DETAIL.schemas,
    openapi_extra=DETAIL.extra,
    summary="A published report",
    description=(
        "The published report with this tracking code: content, place, result, public "
        "timeline and files. A report that is not published, or is private, answers 404 "
        "like an unknown code; its reporter reads it with GET /reports/{code}/follow."
    ),
    operation_id="getPublishedReport",
)
@replica_reads
def report_detail(request, code: str):
    public = Report.objects.public().select_related("field", "commune", "lead_unit")
    # PostgreSQL cannot even compare text holding NUL: such a code is simply unknown.
    report = public.filter(code=code[:32]).first() if "\x00" not in code else None
    if report is None:
        raise NotFound()
    return Status(200, public_report(request, report))


# --- statistics ------------------------------------------------------------------------


def _buckets(b: Buckets) -> dict:
    return {
        "total": b.total,
        "handled": b.handled,
        "in_progress": b.in_progress,
        "returned": b.returned,
        "handled_rate": b.handled_rate,
        "in_progress_rate": b.in_progress_rate,
        "returned_rate": b.returned_rate,
    }


def _outcome(o: Outcome) -> dict:
    return {
        "results": o.results,
        "on_time": o.on_time,
        "late": o.late,
        "on_time_rate": o.on_time_rate,
        "rated": o.rated,
        "satisfied": o.satisfied,
        "satisfaction_rate": o.satisfaction_rate,
        "avg_rating": o.avg_rating,
    }


STATS = responses({200: StatsOut}, {400: INVALID})


@router.get(
    "/stats",
    response=STATS.schemas,
    openapi_extra=STATS.extra,
    summary="Statistics of a year",
    description=(
        "Reports submitted in the year (local time), optionally of one field or, where "
        "the deployment serves several provinces, one province: totals by "
        "state bucket, on-time and satisfaction rates, per field and per lead unit. The "
        "same numbers as the public statistics page, with the same definitions (private "
        "reports count, merged duplicates do not). Aggregates only: no report text."
    ),
    operation_id="getStatistics",
)
@public_cache
@replica_reads
def stats(request, q: Query[StatsQuery]):
    this_year = timezone.localdate().year
    year = this_year if q.year is None else q.year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            _("Năm không hợp lệ. Vui lòng chọn một năm từ %(first)d đến %(last)d.")
            % {"first": FIRST_YEAR, "last": this_year},
            fields={"year": _("Không hợp lệ.")},
        )
    chosen = None
    if q.field:
        chosen = Field.objects.filter(code=q.field).first() if CODE_RE.fullmatch(q.field) else None
        if chosen is None:
            raise ValidationError(
                _("Lĩnh vực đã chọn không tồn tại. Vui lòng chọn lại."),
                fields={"field": _("Không hợp lệ.")},
            )
    province = read_province(q.province or "", "province")
    filters = StatsFilter.for_year(year, field=chosen, province=province)

    def answer() -> str:
        found = public_stats(filters)
        summary = found.summary
        # Plain numbers in the documented shape (StatsOut): rendered directly, since
        # validating a row per lead unit (thousands nationally) cost more than the SQL.
        data = {
            "year": year,
            "field": chosen.code if chosen else None,
            "province": province.code if province else None,
            "start": filters.start,
            "end": filters.end,
            "summary": {
                "buckets": _buckets(summary.buckets),
                "outcome": _outcome(summary.outcome),
                "merged": summary.merged,
            },
            "by_field": [
                {"code": row.code, "name": row.name, "buckets": _buckets(row.buckets)}
                for row in found.by_field
            ],
            "by_unit": [
                {
                    "name": row.name,
                    "short_name": row.short_name,
                    "total": row.total,
                    "handled": row.handled,
                    "overdue": row.overdue,
                    "outcome": _outcome(row.outcome),
                }
                for row in found.by_unit
            ],
        }
        return api.renderer.render(request, data, response_status=200)

    # The encoded answer is kept with the numbers: a national year's is about 1 MB.
    content = kept(filters, "api", answer)
    return HttpResponse(content, status=200, content_type=api.get_content_type())
