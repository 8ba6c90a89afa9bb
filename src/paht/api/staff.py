"""Staff: the console's actions, with a bearer token per user.

A thin adapter: every action goes through ``report_transition`` (the one place that
checks permission and state), every list through ``reports_visible_to``. A report the
caller may not see answers 404, as if it did not exist. One operation per workflow
action is generated from the workflow table, each with its own request schema.

Every POST takes an ``Idempotency-Key`` (``once``) except POST /staff/token: its answer
is a live credential, which must not be kept in the idempotency table (a retried login
simply gets another token). The identity call keeps only a marker there, never the
reporter's contact.
"""

import base64
import hashlib
import re
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from paht.core.errors import NotFound, PayloadTooLarge, PermissionDenied, ValidationError
from paht.core.http import client_ip
from paht.core.throttle import Limit, check_and_count
from paht.media import services as media
from paht.media.access import media_url
from paht.media.models import Attachment
from paht.media.selectors import staff_media
from paht.org.models import Unit
from paht.reports.models import OPEN_STATES, Report, ReportEvent
from paht.reports.permissions import (
    Actor,
    allowed_transitions,
    can_see_identity,
    parties_of,
    reports_visible_to,
)
from paht.reports.selectors import state_labels
from paht.reports.services import report_transition, reporter_contact_view
from paht.reports.timeline import describe_event, public_timeline
from paht.reports.workflow import Action, Party, Transition
from paht.routing.selectors import suggested_route

from .base import StaffToken
from .models import AccessToken
from .once import once
from .schemas import Error
from .staff_schemas import (
    ATTACHMENT_PURPOSE,
    StaffActionOut,
    StaffIdentity,
    StaffReportDetail,
    StaffReportFilters,
    StaffReportPage,
    StaffTokenIn,
    StaffTokenOut,
    StaffUploadOut,
    action_body,
    payload_fields,
    staff_transitions,
)
from .tokens import staff_token_create, token_check, token_revoke

router = Router(tags=["staff"], auth=StaffToken())

STAFF_ACTIONS = {t.action: t for t in staff_transitions()}
# Parties who work on the report see its whole timeline; other staff (a published report
# is readable by every officer) see what the public sees.
WORKING_PARTIES = frozenset(
    {Party.COORDINATOR, Party.SUPERVISOR, Party.LEAD_HANDLER, Party.CO_HANDLER, Party.LEAD_APPROVER}
)
# The id an unknown unit code becomes: no unit has it, so the service refuses it as it
# refuses any unknown unit, after its own permission and state checks; the order of
# refusals stays the service's.
UNKNOWN_UNIT = 0
UPLOAD_PURPOSES = ("result", "update")
# Per officer, not per address: a unit's officers often share one office address.
UPLOADS_PER_HOUR = 600
CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")
# The multipart envelope around the file (boundaries, field names) is small.
ENVELOPE_BYTES = 64 * 1024

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


# --- token ---------------------------------------------------------------------------


@router.post(
    "/token",
    auth=None,
    response={200: StaffTokenOut, **_errors(400, 401, 429)},
    summary="Sign in: get a bearer token",
    description=(
        "Exchange a staff member's username and password for a bearer token valid as "
        "long as a console session at most (12 hours or the deployment's shorter limit; "
        "see `expires_at`). Only users with at least one role in a unit may sign in. "
        "When the user has an authenticator app enrolled, or a policy requires TOTP for "
        "one of their roles, send its current 6-digit code as `otp`: without it, or with "
        "a wrong one, the answer is 401 `totp_required` (enrol in the console first if "
        "the account has no app yet). Failed attempts are limited per username and per "
        "address, codes per user, sharing the console's counters (429 beyond them). "
        "Not idempotent by key: a retry issues another token."
    ),
    openapi_extra=_responses(400, 401, 429),
)
def token_create(request, body: StaffTokenIn):
    raw, expires = staff_token_create(
        username=body.username,
        password=body.password,
        otp=body.otp,
        ip=client_ip(request),
        request=request,
    )
    user = token_check(raw, AccessToken.Kind.STAFF).user
    memberships = user.memberships.select_related("unit").order_by("unit__code", "role")
    return Status(
        200,
        {
            "token": raw,
            "expires_at": expires,
            "user": {
                "username": user.get_username(),
                "roles": [
                    {"role": m.role, "unit_code": m.unit.code, "unit_name": m.unit.name}
                    for m in memberships
                ],
            },
        },
    )


@router.delete(
    "/token",
    response={204: None, **_errors(401)},
    summary="Sign out: revoke this token",
    description="The token in the Authorization header stops working at once.",
    openapi_extra=_responses(401),
)
def token_delete(request):
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    token_revoke(raw)
    return Status(204, None)


# --- reading -------------------------------------------------------------------------


def _encode_cursor(deadline: datetime | None, pk: int) -> str:
    raw = f"{deadline.isoformat() if deadline else ''}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime | None, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, pk = raw.split("|")
        deadline, pk = (datetime.fromisoformat(when) if when else None), int(pk)
        if not 0 < pk < 2**63 or (deadline is not None and deadline.tzinfo is None):
            raise ValueError(cursor)
        # Comparable with stored times: a date at the edge of the calendar overflows here.
        return (deadline.astimezone(UTC) if deadline else None), pk
    except (ValueError, UnicodeDecodeError, OverflowError):
        raise ValidationError(
            _("Con trỏ trang không hợp lệ."), fields={"cursor": _("Không hợp lệ.")}
        ) from None


def _after(qs, cursor: str | None):
    """Rows after ``cursor`` in (deadline, id) order with reports without deadline last:
    a keyset condition, so page 1,000 costs what page 1 does."""
    if not cursor:
        return qs
    deadline, pk = _decode_cursor(cursor)
    if deadline is None:
        return qs.filter(deadline_at__isnull=True, pk__gt=pk)
    return qs.filter(
        Q(deadline_at__gt=deadline)
        | Q(deadline_at=deadline, pk__gt=pk)
        | Q(deadline_at__isnull=True)
    )


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


def _unit_ref(unit: Unit | None) -> dict | None:
    return {"code": unit.code, "name": unit.name} if unit is not None else None


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
)
def report_list(request, filters: Query[StaffReportFilters]):
    qs = _after(_filtered(request.actor, filters), filters.cursor)
    rows = list(qs.order_by(F("deadline_at").asc(nulls_last=True), "pk")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    cursor = _encode_cursor(rows[-1].deadline_at, rows[-1].pk) if more else None
    labels = state_labels()
    return Status(200, {"items": [_summary(r, labels) for r in rows], "next_cursor": cursor})


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


def _timeline(actor: Actor, report: Report, parties: set[Party]) -> list[dict]:
    if parties & WORKING_PARTIES:
        events = list(
            report.events.select_related("actor", "actor_unit").order_by("created_at", "id")
        )
        return _events_out(events)
    return _events_out(public_timeline(report), with_actor=False)


def _media(report: Report, actor: Actor) -> list[dict]:
    """Staff's view of the files, with signed URLs: a bearer token does not reach /media/."""
    items = staff_media(report, actor)
    attachments = {str(a.pk): a for a in Attachment.objects.filter(pk__in=[i.id for i in items])}
    return [
        {
            "id": item.id,
            "kind": item.kind,
            "purpose": item.purpose,
            "state": item.state,
            "width": item.width,
            "height": item.height,
            "duration": item.duration,
            "urls": {v: media_url(attachments[item.id], v, signed=True) for v in item.urls},
        }
        for item in items
    ]


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


@router.get(
    "/reports/{code}",
    response={200: StaffReportDetail, **_errors(401, 404)},
    summary="One report, as the console shows it",
    description=(
        "The report with its timeline (whole for the units working on it, coordinators "
        "and supervisors; the public one for other staff), files, pending and decided "
        "extension requests, the actions the caller may take now (with the `version` to "
        "send back as `expected_version`) and, when the caller may assign, the suggested "
        "lead unit. The reporter's contact is never included: see POST …/identity."
    ),
    openapi_extra=_responses(401, 404),
)
def report_detail(request, code: str):
    actor = request.actor
    report = _visible_report(actor, code)
    parties = parties_of(actor, report)
    allowed = _allowed(actor, report)
    related = Report.objects.filter(pk__in=[report.previous_round_id, report.merged_into_id])
    codes = dict(related.values_list("pk", "code"))
    return Status(
        200,
        {
            **_summary(report, state_labels()),
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


# --- actions -------------------------------------------------------------------------

ACTION_SUMMARIES = {
    Action.RECLASSIFY: "Change the field, priority or commune",
    Action.RETURN: "Return the report to the citizen (out of scope, not enough information…)",
    Action.MERGE: "Merge into another report about the same problem",
    Action.ASSIGN: "Assign a lead unit (and co-handling units)",
    Action.ACCEPT: "Accept the report for handling",
    Action.HAND_BACK: "Hand the report back: not this unit's competence",
    Action.UPDATE: "Post a progress update (shown to the reporter)",
    Action.COMMENT: "Internal comment between staff",
    Action.REQUEST_EXTENSION: "Ask for more working days",
    Action.GRANT_EXTENSION: "Grant the pending extension request",
    Action.REFUSE_EXTENSION: "Refuse the pending extension request",
    Action.SUBMIT_RESULT: "Submit the handling result for approval",
    Action.APPROVE: "Approve the result",
    Action.SEND_BACK: "Send the result back for more handling",
    Action.PUBLISH: "Publish the result",
    Action.SET_PRIVATE: "Keep the report off public pages",
    Action.SET_PUBLIC: "Allow the report on public pages again",
    Action.ESCALATE: "Escalate to the provincial People's Committee",
    Action.DECIDE: "Decide the lead unit of an escalated report",
    Action.CLOSE: "Close a published report after the re-open window",
}

_PARTY_TEXT = {
    Party.COORDINATOR: "coordinators",
    Party.LEAD_HANDLER: "handlers of the lead unit",
    Party.CO_HANDLER: "handlers of a co-handling unit",
    Party.LEAD_APPROVER: "approvers of the lead unit",
    Party.SUPERVISOR: "supervisors",
}


def _action_description(t: Transition) -> str:
    who = ", ".join(_PARTY_TEXT[p] for p in _PARTY_TEXT if p in t.parties)
    states = ", ".join(f"`{s}`" for s in sorted(t.sources))
    target = f"`{t.target}`" if t.target else "unchanged"
    lines = [
        f"Who: {who}.",
        f"From states: {states}.",
        f"Resulting state: {target}.",
        "A `note` is required." if t.note_required else "The `note` is optional.",
    ]
    if t.action in ATTACHMENT_PURPOSE:
        lines.append(
            "`attachments` are files uploaded first with POST /staff/uploads "
            f"(purpose `{ATTACHMENT_PURPOSE[t.action]}`)."
        )
    return " ".join(lines) + _IDEMPOTENCY


def _service_payload(body) -> tuple[dict, list[tuple[str, str]]]:
    """The service's keyword arguments from an action body; units become ids."""
    data = body.model_dump(exclude={"note", "expected_version"}, exclude_none=True)
    refs = [(a["id"], a["key"]) for a in data.pop("attachments", [])]
    codes = [data["lead_unit"]] if "lead_unit" in data else []
    codes += data.get("co_units", [])
    if codes:
        known = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk"))
        if "lead_unit" in data:
            data["lead_unit"] = known.get(data["lead_unit"], UNKNOWN_UNIT)
        if "co_units" in data:
            data["co_units"] = [known.get(c, UNKNOWN_UNIT) for c in data["co_units"]]
    if "commune" in data:
        data["commune_code"] = data.pop("commune")
    return data, refs


def _report_state(report: Report) -> dict:
    return {
        "code": report.code,
        "state": report.state,
        "version": report.version,
        "deadline_at": report.deadline_at,
    }


def _act(request, code: str, transition: Transition, body) -> Status:
    actor = request.actor

    def work():
        # Inside the keyed work: a retry of an action that took the report out of the
        # caller's sight (a hand-back) still gets its first answer.
        report = _visible_report(actor, code)
        payload, refs = _service_payload(body)
        with transaction.atomic():
            event = report_transition(
                report=report,
                action=transition.action,
                actor=actor,
                note=body.note,
                expected_version=body.expected_version,
                **payload,
            )
            if refs:
                media.attachments_attach(
                    report=event.report,
                    refs=refs,
                    actor=actor,
                    purpose=ATTACHMENT_PURPOSE[transition.action],
                    event=event,
                )
        event = ReportEvent.objects.select_related("actor", "actor_unit").get(pk=event.pk)
        # A schema instance: ``once`` keeps it as JSON with the key.
        answer = {"event": _events_out([event])[0], "report": _report_state(event.report)}
        return 200, StaffActionOut(**answer)

    payload = {"code": code, "body": body.model_dump(mode="json")}
    return Status(*once(request, f"staff.{transition.action}", payload, work))


def _add_action(transition: Transition) -> None:
    Body = action_body(transition)

    if any(f.is_required() for f in Body.model_fields.values()):

        def view(
            request,
            code: str,
            body: Body,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
        ):
            return _act(request, code, transition, body)

    else:
        # Nothing to say but maybe a note: an empty request body is enough.
        def view(
            request,
            code: str,
            body: Body = None,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
        ):
            return _act(request, code, transition, body if body is not None else Body())

    action = transition.action
    view.__name__ = f"staff_{action}"
    statuses = (400, 401, 403, 404, 409)
    router.add_api_operation(
        f"/reports/{{code}}/actions/{action}",
        ["POST"],
        view,
        response={200: StaffActionOut, **_errors(*statuses)},
        operation_id=f"staff_{action}",
        summary=ACTION_SUMMARIES[action],
        description=_action_description(transition),
        url_name=f"staff_action_{action}",
        openapi_extra=_responses(*statuses),
    )


for _transition in STAFF_ACTIONS.values():
    _add_action(_transition)


# --- uploads -------------------------------------------------------------------------


def _digest(file) -> str:
    sha = hashlib.sha256()
    for chunk in file.chunks():
        sha.update(chunk)
    file.seek(0)
    return sha.hexdigest()


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "One photo (JPEG, PNG, WebP, HEIC, AVIF) or video.",
                        },
                        "purpose": {
                            "type": "string",
                            "enum": list(UPLOAD_PURPOSES),
                            "default": "update",
                            "description": "`result` for submit_result, `update` for "
                            "update and comment.",
                        },
                    },
                }
            }
        },
    },
    **_responses(400, 401, 409, 413, 415, 422, 429),
}


@router.post(
    "/uploads",
    response={201: StaffUploadOut, **_errors(400, 401, 409, 413, 415, 422, 429)},
    summary="Upload one file to attach to an action",
    description=(
        "One file per request (field `file`), so a phone can retry just the one that "
        "failed. The answer's `id` and `key` go into an action's `attachments`. Photos "
        "lose their metadata before anything is published." + _IDEMPOTENCY
    ),
    openapi_extra=_UPLOAD_BODY,
)
def upload(
    request,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
):
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    limit = media.max_upload_bytes()
    if declared > limit + ENVELOPE_BYTES:
        raise PayloadTooLarge(
            _("Tệp quá lớn: tối đa %(max)s MB.") % {"max": limit // (1024 * 1024)},
            fields={"file": [_("Tệp quá lớn.")]},
        )
    files = request.FILES.getlist("file")
    if len(files) != 1:
        raise ValidationError(
            _("Hãy gửi đúng một tệp trong trường “file”."),
            code="file_required",
            fields={"file": [_("Cần gửi một tệp.")]},
        )
    purpose = request.POST.get("purpose") or "update"
    if purpose not in UPLOAD_PURPOSES:
        raise ValidationError(
            _("Mục đích tệp không hợp lệ."), fields={"purpose": [", ".join(UPLOAD_PURPOSES)]}
        )
    file = files[0]
    actor = request.actor

    def work():
        check_and_count(
            f"user:{request.user.pk}",
            Limit("upload_staff", UPLOADS_PER_HOUR, 3600),
            message=_("Bạn đã tải lên quá nhiều tệp. Vui lòng thử lại sau ít phút."),
        )
        result = media.attachment_upload(file=file, name=file.name, actor=actor, purpose=purpose)
        a = result.attachment
        return 201, {"id": str(a.pk), "key": result.key, "kind": a.kind, "state": a.state}

    fingerprint = {"purpose": purpose, "name": file.name, "size": file.size}
    if request.headers.get("Idempotency-Key") is not None:
        fingerprint["sha256"] = _digest(file)  # only a keyed request needs the content's hash
    return Status(*once(request, "staff.upload", fingerprint, work))
