"""Following and acting on one's report: GET …/follow, POST …/reply, …/rate, …/reopen."""

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from ninja import Header, Status

from paht.media.selectors import media_processing, reporter_media
from paht.reports.models import Report, State
from paht.reports.permissions import Actor, allowed_transitions
from paht.reports.selectors import expected_dates
from paht.reports.services import report_transition
from paht.reports.timeline import citizen_timeline
from paht.reports.workflow import Action

from ..once import HEADER, once
from ..public import location_of, media_of, named, timeline_of
from ..schemas import (
    BAD_KEY,
    INVALID,
    KEY_REUSED,
    LIMITED,
    NOT_FOUND,
    NOT_JSON,
    TOO_LARGE,
    NoteIn,
    RateIn,
    ReporterReport,
    responses,
)
from .common import (
    APP_AND_REPORTER,
    JSON,
    KEY_DOC,
    REPORTER_PROOF,
    AppAndReporter,
    _own_report,
    router,
)

# --- rendering ---------------------------------------------------------------------------------


def _reopen_until(report: Report) -> datetime | None:
    if report.published_at is None:
        return None
    return report.published_at + timedelta(days=settings.PAHT_REOPEN_WINDOW_DAYS)


def reporter_report(request, report: Report) -> ReporterReport:
    """The reporter's view, with what they may do next (as the web's follow page)."""
    actor = Actor.reporter(report)
    actions = {t.action for t in allowed_transitions(actor, report)}
    reopen_until = _reopen_until(report)
    next_round = Report.objects.filter(previous_round=report).only("code").first()
    returned = None
    if report.state == State.RETURNED:
        reason = report.return_reason
        returned = {
            "reason": named(reason),
            "guidance": reason.local_guidance if reason else "",
            "note": report.return_note,
        }
    return ReporterReport.model_validate(
        {
            "code": report.code,
            "round": report.round,
            "state": report.state,
            "state_label": report.get_state_display(),
            "field": named(report.field),
            "title": report.title,
            "description": report.description,
            "location": location_of(report),
            "observed_at": report.observed_at,
            "submitted_at": report.submitted_at,
            "deadline_at": report.deadline_at if report.is_open else None,
            "expected": expected_dates(report) if report.state == State.SUBMITTED else None,
            "lead_unit": report.lead_unit.name if report.lead_unit else None,
            "result_text": report.result_text,
            "result_at": report.result_at,
            "published_at": report.published_at,
            "returned": returned,
            "merged_into": report.merged_into.code if report.merged_into else None,
            "rating": report.rating,
            "satisfied": report.satisfied,
            "timeline": timeline_of(citizen_timeline(report), hide_reporter_notes=False),
            "media": media_of(request, reporter_media(report)),
            "media_processing": media_processing(report),
            "can_reply": Action.REPLY in actions,
            "can_rate": Action.RATE in actions and report.rating is None,
            "can_reopen": bool(
                Action.REOPEN in actions
                and report.round == 1
                and next_round is None
                and reopen_until is not None
                and timezone.now() <= reopen_until
            ),
            "reopen_until": reopen_until if report.round == 1 else None,
            "previous_round": report.previous_round.code if report.previous_round else None,
            "next_round": next_round.code if next_round else None,
        }
    )


# --- following and acting on one's report ------------------------------------------------

FOLLOW = responses(
    {200: ReporterReport},
    {
        401: "Neither `X-Report-Secret` nor a citizen token was sent (`not_authenticated`).",
        404: NOT_FOUND + " A wrong secret, or a token of another phone, answers the same.",
    },
)


@router.get(
    "/reports/{code}/follow",
    auth=REPORTER_PROOF,
    response=FOLLOW.schemas,
    openapi_extra=FOLLOW.extra,
    summary="Follow one's report",
    description=(
        "The report as its reporter sees it, whatever its state: progress and timeline "
        "(with their own replies), deadlines, the result, files (links valid for a few "
        "hours), and what they may do now (`can_reply`, `can_rate`, `can_reopen` until "
        "`reopen_until`). Prove the report with its secret (`X-Report-Secret`) or with a "
        "citizen token of the phone that sent it. No API key needed."
    ),
    operation_id="followReport",
)
def follow(request, code: str):
    return Status(200, reporter_report(request, _own_report(request, code)))


ACTION_ERRORS = {
    400: INVALID,
    401: "`X-API-Key`, or both `X-Report-Secret` and a citizen token, missing "
    "(`not_authenticated`).",
    403: BAD_KEY,
    404: NOT_FOUND + " A wrong secret, or a token of another phone, answers the same.",
    409: "Not possible in the report's current state (`transition_not_allowed`: e.g. "
    "already rated, re-open window over), the report changed at the same moment "
    "(`conflict`). Or: " + KEY_REUSED,
    413: TOO_LARGE,
    415: NOT_JSON,
    429: LIMITED,
}
REPLY = responses({200: ReporterReport}, ACTION_ERRORS, **APP_AND_REPORTER)
RATE = responses({200: ReporterReport}, ACTION_ERRORS, **APP_AND_REPORTER)
REOPEN = responses({201: ReporterReport}, ACTION_ERRORS, **APP_AND_REPORTER)
ACTION_AUTH = (
    "\n\nNeeds the app's `X-API-Key` and the reporter's proof: `X-Report-Secret` or a "
    "citizen token (`Authorization: Bearer`)."
)


def _proof(request) -> str:
    """Who proved ownership, as a short digest: a retry is answered only to the same proof."""
    raw = request.headers.get("X-Report-Secret") or getattr(request, "citizen_phone_hash", "")
    return hashlib.sha256(str(raw or "").encode()).hexdigest()[:16]


def _act(request, code: str, action: Action, body, status: int, **payload):
    # Proof first, on every request: a replayed answer is the reporter's own view.
    report = _own_report(request, code)

    def work():
        event = report_transition(
            report=report, action=action, actor=Actor.reporter(report), **payload
        )
        shown = event.report
        if action == Action.REOPEN:
            shown = Report.objects.get(code=event.data["next_round"])
        return status, reporter_report(request, shown)

    return Status(*once(request, f"{action}:{report.pk}:{_proof(request)}", body, work))


@router.post(
    "/reports/{code}/reply",
    auth=AppAndReporter(),
    response=REPLY.schemas,
    openapi_extra=REPLY.extra,
    summary="Add information to one's report",
    description=(
        "The reporter clarifies or adds to their report while it is being handled; the "
        "note goes to the coordinator and the unit, never to the public. Answers the "
        "report as the reporter sees it." + ACTION_AUTH + KEY_DOC
    ),
    operation_id="replyToReport",
)
@JSON
def reply(
    request,
    code: str,
    body: NoteIn,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    return _act(request, code, Action.REPLY, body, 200, note=body.note)


@router.post(
    "/reports/{code}/rate",
    auth=AppAndReporter(),
    response=RATE.schemas,
    openapi_extra=RATE.extra,
    summary="Rate the result",
    description=(
        "Once the result is published: 1 to 5 stars and whether the reporter is "
        "satisfied. Once per report." + ACTION_AUTH + KEY_DOC
    ),
    operation_id="rateReport",
)
@JSON
def rate(
    request,
    code: str,
    body: RateIn,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    return _act(request, code, Action.RATE, body, 200, rating=body.rating, satisfied=body.satisfied)


@router.post(
    "/reports/{code}/reopen",
    auth=AppAndReporter(),
    response=REOPEN.schemas,
    openapi_extra=REOPEN.extra,
    summary="Re-open: report again (round 2)",
    description=(
        "The reporter disagrees with the published result: once per report, within "
        f"{settings.PAHT_REOPEN_WINDOW_DAYS} days of publication (`reopen_until`), with a "
        "note saying why. Creates the round-2 report (`<code>-L2`), sent back to the "
        "coordinator; the answer is that new report, readable with the same secret."
        + ACTION_AUTH
        + KEY_DOC
    ),
    operation_id="reopenReport",
)
@JSON
def reopen(
    request,
    code: str,
    body: NoteIn,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    return _act(request, code, Action.REOPEN, body, 201, note=body.note)
