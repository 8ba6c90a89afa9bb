"""GET /staff/reports/{code} and POST …/identity: one report as the console shows it.

An officer whose unit has no part in the report (another unit's published report) gets
what the console's public view shows: the public page's content, nothing of the units'
work (``public_view_only``)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Header, Status

from paht.core.errors import PermissionDenied
from paht.media.access import media_url
from paht.media.models import Attachment
from paht.media.selectors import public_media, staff_media
from paht.reports.models import Report
from paht.reports.permissions import (
    Actor,
    allowed_transitions,
    can_see_identity,
    parties_of,
    public_view_only,
)
from paht.reports.selectors import state_labels
from paht.reports.services import reporter_contact_view
from paht.reports.timeline import public_timeline
from paht.reports.workflow import Action, Party
from paht.routing.selectors import suggested_route

from ..once import once
from ..public import timeline_of
from ..staff_schemas import StaffIdentity, StaffReportDetail, payload_fields
from .common import (
    _IDEMPOTENCY,
    STAFF_ACTIONS,
    WORKING_PARTIES,
    _errors,
    _events_out,
    _responses,
    _unit_ref,
    _visible_report,
    router,
)


def _timeline(actor: Actor, report: Report, parties: set[Party]) -> list[dict]:
    if parties & WORKING_PARTIES:
        events = list(
            report.events.select_related("actor", "actor_unit").order_by("created_at", "id")
        )
        return _events_out(events)
    return _events_out(public_timeline(report), with_actor=False)


def _file(item, urls: dict[str, str]) -> dict:
    return {
        "id": item.id,
        "kind": item.kind,
        "purpose": item.purpose,
        "state": item.state,
        "width": item.width,
        "height": item.height,
        "duration": item.duration,
        "urls": urls,
    }


def _media(report: Report, actor: Actor) -> list[dict]:
    """Staff's view of the files, with signed URLs: a bearer token does not reach /media/."""
    items = staff_media(report, actor)
    attachments = {str(a.pk): a for a in Attachment.objects.filter(pk__in=[i.id for i in items])}
    return [
        _file(item, {v: media_url(attachments[item.id], v, signed=True) for v in item.urls})
        for item in items
    ]


def _public_timeline(report: Report) -> list[dict]:
    """The public timeline with the public page's notes: when and what, not who or how."""
    events = public_timeline(report)
    rows = timeline_of(events, hide_reporter_notes=True)
    return [
        {
            "id": None,
            "at": row["at"],
            "action": event.action,
            "text": row["text"],
            "actor": None,
            "actor_role": None,
            "actor_unit": None,
            "from_state": None,
            "to_state": None,
            "note": row["note"],
            "data": {},
            "citizen_visible": True,
        }
        for event, row in zip(events, rows, strict=True)
    ]


def _public_media(report: Report) -> list[dict]:
    """The public page's files, with their public URLs (anyone may fetch them)."""
    return [_file(item, dict(item.urls)) for item in public_media(report)]


def _public_detail(report: Report) -> dict:
    """The console's public view of the report, in the detail's shape: the public page's
    content and the list row's fields; whatever the public does not see is null or empty."""
    previous = None
    if report.previous_round_id:
        public = Report.objects.public().filter(pk=report.previous_round_id)
        previous = public.values_list("code", flat=True).first()
    return {
        **_summary(report, state_labels()),
        "public_only": True,
        "description": report.description,
        "channel": None,
        "lat": report.lat,
        "lng": report.lng,
        "address": report.address,
        "observed_at": None,
        "updated_at": None,
        "handling_deadline_at": None,
        "co_units": [],
        "transfer_count": None,
        "round": report.round,
        "previous_round": previous,
        "merged_into": None,
        "is_private": report.is_private,
        "share_identity": None,
        "return_reason": None,
        "return_note": None,
        "result_text": report.result_text,
        "result_at": report.result_at,
        "published_at": report.published_at,
        "closed_at": None,
        "rating": report.rating,
        "satisfied": report.satisfied,
        "can_view_identity": False,
        "allowed_actions": [],
        "extensions": [],
        "timeline": _public_timeline(report),
        "media": _public_media(report),
        "route": None,
    }


def _action_path(code: str, action: Action) -> str:
    return reverse(f"api_v1:staff_action_{action}", kwargs={"code": code})


def _allowed(actor: Actor, report: Report) -> list[dict]:
    return [
        {
            "action": t.action.value,
            "label": str(t.label),
            "note_required": t.note_required,
            "fields": payload_fields(t.action),
            "path": _action_path(report.code, t.action),
        }
        for t in allowed_transitions(actor, report)
        if t.action in STAFF_ACTIONS
    ]


def _route(report: Report, allowed: list[dict]) -> dict | None:
    if not {a["action"] for a in allowed} & {Action.ASSIGN, Action.DECIDE}:
        return None
    route = suggested_route(report)
    return {
        "lead_unit": _unit_ref(route.lead_unit),
        "co_units": [_unit_ref(u) for u in route.co_units],
        "explanation": route.explanation,
    }


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
    "/reports/{code}",
    response={200: StaffReportDetail, **_errors(401, 404)},
    summary="One report, as the console shows it",
    description=(
        "The report with its whole timeline, files, pending and decided extension "
        "requests, the actions the caller may take now (with the `version` to send back "
        "as `expected_version`) and, when the caller may assign, the suggested lead unit. "
        "An officer whose unit has no part in the report (another unit's published "
        "report) gets only what the public page shows, with `public_only` true: see that "
        "field. The reporter's contact is never included: see POST …/identity."
    ),
    openapi_extra=_responses(401, 404),
    operation_id="paht_api_staff_report_detail",
)
def report_detail(request, code: str):
    actor = request.actor
    report = _visible_report(actor, code)
    if public_view_only(actor, report):
        return Status(200, _public_detail(report))
    parties = parties_of(actor, report)
    allowed = _allowed(actor, report)
    related = Report.objects.filter(pk__in=[report.previous_round_id, report.merged_into_id])
    codes = dict(related.values_list("pk", "code"))
    return Status(
        200,
        {
            **_summary(report, state_labels()),
            "public_only": False,
            "description": report.description,
            "channel": report.channel,
            "lat": report.lat,
            "lng": report.lng,
            "address": report.address,
            "observed_at": report.observed_at,
            "updated_at": report.updated_at,
            "handling_deadline_at": report.handling_deadline_at,
            "co_units": [_unit_ref(u) for u in report.co_units.order_by("code")],
            "transfer_count": report.transfer_count,
            "round": report.round,
            "previous_round": codes.get(report.previous_round_id),
            "merged_into": codes.get(report.merged_into_id),
            "is_private": report.is_private,
            "share_identity": report.share_identity,
            "return_reason": report.return_reason.code if report.return_reason_id else None,
            "return_note": report.return_note,
            "result_text": report.result_text,
            "result_at": report.result_at,
            "published_at": report.published_at,
            "closed_at": report.closed_at,
            "rating": report.rating,
            "satisfied": report.satisfied,
            "can_view_identity": can_see_identity(actor, report),
            "allowed_actions": allowed,
            "extensions": [
                {
                    "working_days": float(x.working_days),
                    "reason": x.reason,
                    "status": x.status,
                    "requested_at": x.requested_at,
                    "decided_at": x.decided_at,
                }
                for x in report.extensions.order_by("requested_at", "pk")
            ],
            "timeline": _timeline(actor, report, parties),
            "media": _media(report, actor),
            "route": _route(report, allowed),
        },
    )


@router.post(
    "/reports/{code}/identity",
    response={200: StaffIdentity, **_errors(400, 401, 403, 404, 409)},
    summary="Reveal the reporter's contact (recorded)",
    description=(
        "Name, phone and email of the reporter. Coordinators may always see them; the "
        "lead and co-handling units only if the reporter agreed to share their identity. "
        "Every reveal is recorded on the report's timeline (`view_identity`)." + _IDEMPOTENCY
    ),
    openapi_extra=_responses(400, 401, 403, 404, 409),
    operation_id="paht_api_staff_report_identity",
)
def report_identity(
    request,
    code: str,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
):
    actor = request.actor
    shown: dict = {}

    def work():
        report = _visible_report(actor, code)
        shown.update(reporter_contact_view(report=report, actor=actor))
        # Only a marker is kept with the key: the contact stays encrypted in its own table.
        return 200, {"code": report.code}

    once(request, "staff.identity", {"code": code}, work)
    if not shown:
        # A retry of a recorded reveal: answer again without recording a second view.
        report = _visible_report(actor, code)
        if not can_see_identity(actor, report):
            raise PermissionDenied(_("Bạn không được xem thông tin người phản ánh."))
        contact = report.contact
        shown = {"name": contact.name, "phone": contact.phone, "email": contact.email}
    return Status(200, shown)
