"""What the staff API's modules share: the router, error documentation, the visible
report and its events as the API shows them."""

import re

from django.utils.translation import gettext as _
from ninja import Router

from paht.core.errors import NotFound
from paht.org.models import Unit
from paht.reports.models import Report, ReportEvent
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.timeline import describe_event
from paht.reports.workflow import Party

from ..base import StaffToken
from ..schemas import Error
from ..staff_schemas import staff_transitions

router = Router(tags=["staff"], auth=StaffToken())
# Operations without an id of their own keep the one generated when they were defined in
# ``paht/api/staff.py`` ("paht_api_staff_<view>"): clients built from the OpenAPI
# document call them by it.

STAFF_ACTIONS = {t.action: t for t in staff_transitions()}
# Parties who work on the report see its whole timeline; other staff (a published report
# is readable by every officer) see what the public sees.
WORKING_PARTIES = frozenset(
    {Party.COORDINATOR, Party.SUPERVISOR, Party.LEAD_HANDLER, Party.CO_HANDLER, Party.LEAD_APPROVER}
)
CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")

_ERROR_TEXT = {
    400: "Invalid input (`invalid`, or a more precise code); `fields` names the culprits.",
    401: "No valid bearer token (`not_authenticated`).",
    403: "The caller's roles do not allow this (`forbidden`).",
    404: "No such report, or one the caller may not see (`not_found`).",
    409: "Not allowed in the report's current state (`transition_not_allowed`), the report "
    "changed since `expected_version` (`conflict`), or the Idempotency-Key was used for "
    "another request (`idempotency_key_reused`).",
    413: "File too large (`too_large`).",
    415: "File type not accepted (`unsupported_type`, or a more precise code).",
    422: "File damaged or unreadable (`unprocessable`, or a more precise code).",
    429: "Too many attempts (`rate_limited`); see `Retry-After`.",
}
_IDEMPOTENCY = (
    "\n\nSend an `Idempotency-Key` header (1–100 characters) to make a retry safe: the "
    "same key with the same body returns the first answer and changes nothing."
)


def _errors(*statuses: int) -> dict:
    return {status: Error for status in statuses}


def _responses(*statuses: int) -> dict:
    """OpenAPI descriptions of the documented error statuses."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {"responses": {s: {"description": _ERROR_TEXT[s], "content": error} for s in statuses}}


def _unit_ref(unit: Unit | None) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


def _visible_report(actor: Actor, code: str) -> Report:
    if not CODE.fullmatch(code or ""):
        raise NotFound(_("Không tìm thấy phản ánh."))  # no report has such a code
    report = (
        reports_visible_to(actor, Report.objects.select_related("field", "commune", "lead_unit"))
        .filter(code=code)
        .first()
    )
    if report is None:
        raise NotFound(_("Không tìm thấy phản ánh."))
    return report


def _unit_codes(events: list[ReportEvent]) -> dict[int, str]:
    ids: set[int] = set()
    for e in events:
        d = e.data or {}
        ids.update(i for i in [d.get("lead_unit"), d.get("unit")] if isinstance(i, int))
        ids.update(i for i in d.get("co_units") or [] if isinstance(i, int))
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "code")) if ids else {}


def _events_out(events: list[ReportEvent], *, with_actor: bool = True) -> list[dict]:
    codes = _unit_codes(events)
    out = []
    for e in events:
        data = dict(e.data or {})
        for key in ("lead_unit", "unit"):
            if isinstance(data.get(key), int):
                data[key] = codes.get(data[key])
        if isinstance(data.get("co_units"), list):
            data["co_units"] = [codes.get(i) for i in data["co_units"]]
        out.append(
            {
                "id": e.pk,
                "at": e.created_at,
                "action": e.action,
                "text": describe_event(e),
                "actor": e.actor.get_username() if with_actor and e.actor_id else None,
                "actor_role": e.actor_role,
                "actor_unit": e.actor_unit.code if e.actor_unit_id else None,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "note": e.note,
                "data": data,
                "citizen_visible": e.citizen_visible,
            }
        )
    return out
