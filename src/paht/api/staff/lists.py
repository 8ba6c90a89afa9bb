"""GET /staff/reports: the reports the caller may see, in deadline order, keyset pages."""

from django.db.models import F, Q
from django.utils import timezone
from ninja import Query

from paht.reports.models import OPEN_STATES, Field, Report
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.selectors import after_deadline_cursor, encode_deadline_cursor, state_labels

from ..base import api
from ..staff_schemas import StaffReportFilters, StaffReportPage
from .common import _errors, _responses, router


def _filtered(actor: Actor, f: StaffReportFilters):
    qs = reports_visible_to(actor, Report.objects.all())
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


# The columns a list row shows: plain rows, no model instance per report and related row.
ROW_COLUMNS = (
    "id",
    "code",
    "title",
    "priority",
    "state",
    "commune_id",
    "commune__name",
    "submitted_at",
    "deadline_at",
    "version",
    "field_id",
    "field__code",
    "field__name",
    "field__name_en",
    "lead_unit__code",
    "lead_unit__name",
)


def _summaries(rows: list[dict], labels: dict[str, str]) -> list[dict]:
    now = timezone.now()
    names: dict[int, str] = {}
    items = []
    for r in rows:
        if r["field_id"] not in names:
            # The field's name in the active language, by the model's own rule.
            f = Field(name=r["field__name"], name_en=r["field__name_en"])
            names[r["field_id"]] = f.local_name
        deadline = r["deadline_at"]
        items.append(
            {
                "code": r["code"],
                "title": r["title"],
                "field": r["field__code"],
                "field_name": names[r["field_id"]],
                "priority": r["priority"],
                "state": r["state"],
                "state_label": labels[r["state"]],
                "commune": r["commune_id"],
                "commune_name": r["commune__name"],
                "lead_unit": {"code": r["lead_unit__code"], "name": r["lead_unit__name"]}
                if r["lead_unit__code"] is not None
                else None,
                "submitted_at": r["submitted_at"],
                "deadline_at": deadline,
                # Report.is_overdue's rule, on the row.
                "is_overdue": bool(r["state"] in OPEN_STATES and deadline and deadline < now),
                "version": r["version"],
            }
        )
    return items


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
    ordered = qs.order_by(F("deadline_at").asc(nulls_last=True), "pk").values(*ROW_COLUMNS)
    rows = list(ordered[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    cursor = encode_deadline_cursor(rows[-1]["deadline_at"], rows[-1]["id"]) if more else None
    data = {"items": _summaries(rows, state_labels()), "next_cursor": cursor}
    # Built from plain rows in the documented shape (StaffReportPage; tests/api check it),
    # so the answer is rendered directly instead of validating each item.
    return api.create_response(request, data, status=200)
