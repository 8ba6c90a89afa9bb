"""GET /staff/reports: the reports the caller may see, in deadline order, keyset pages."""

from django.db.models import F, Q
from django.utils import timezone
from ninja import Query, Status

from paht.reports.models import OPEN_STATES, Report
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.selectors import after_deadline_cursor, encode_deadline_cursor, state_labels

from ..staff_schemas import StaffReportFilters, StaffReportPage
from .common import _errors, _responses, _unit_ref, router


def _filtered(actor: Actor, f: StaffReportFilters):
    qs = reports_visible_to(actor, Report.objects.select_related("field", "commune", "lead_unit"))
    if f.state:
        qs = qs.filter(state__in=f.state)
    if f.field:
        qs = qs.filter(field__code=f.field)
    if f.lead_unit:
        qs = qs.filter(lead_unit__code=f.lead_unit)
    if f.commune:
        qs = qs.filter(commune_id=f.commune)
    if f.overdue is not None:
        late = Q(state__in=OPEN_STATES, deadline_at__lt=timezone.now())
        qs = qs.filter(late if f.overdue else ~late)
    if f.q and f.q.strip():
        q = f.q.strip()
        qs = qs.filter(Q(code__icontains=q) | Q(title__icontains=q))
    return qs


def _summary(report: Report, labels: dict[str, str]) -> dict:
    return {
        "code": report.code,
        "title": report.title,
        "field": report.field.code,
        "field_name": report.field.local_name,
        "priority": report.priority,
        "state": report.state,
        "state_label": labels[report.state],
        "commune": report.commune_id,
        "commune_name": report.commune.name if report.commune_id else None,
        "lead_unit": _unit_ref(report.lead_unit),
        "submitted_at": report.submitted_at,
        "deadline_at": report.deadline_at,
        "is_overdue": report.is_overdue,
        "version": report.version,
    }


@router.get(
    "/reports",
    response={200: StaffReportPage, **_errors(400, 401)},
    summary="Reports the caller may see",
    description=(
        "Coordinators and supervisors see every report; a unit's handlers and approvers "
        "see their unit's reports (lead or co-handling) and published ones. Ordered by "
        "the current step's deadline (soonest first, reports without one last), then "
        "by id. Pages are cursor-based: pass `next_cursor` back as `cursor`."
    ),
    openapi_extra=_responses(400, 401),
    operation_id="paht_api_staff_report_list",
)
def report_list(request, filters: Query[StaffReportFilters]):
    qs = after_deadline_cursor(_filtered(request.actor, filters), filters.cursor)
    rows = list(qs.order_by(F("deadline_at").asc(nulls_last=True), "pk")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    cursor = encode_deadline_cursor(rows[-1].deadline_at, rows[-1].pk) if more else None
    labels = state_labels()
    return Status(200, {"items": [_summary(r, labels) for r in rows], "next_cursor": cursor})
