"""Citizens: upload, submit, follow, reply, rate, re-open; phone sign-in (DESIGN §1, §4).

Thin adapters over ``citizens.services.citizen_report_submit``, ``media.uploads``,
``report_transition`` and ``citizens.otp``; the web pages use the same services, so both
give the same answers.

Who may do what:

* Every POST needs the app's ``X-API-Key``: the province's mobile apps are registered
  clients, counted against their hourly limit.
* A report is its reporter's to read and act on with its tracking code plus either its
  secret (``X-Report-Secret``, returned once by the submission; both rounds of a
  re-opened report share it) or a citizen token (``Authorization: Bearer``, from the
  phone + one-time code sign-in) of the phone that sent it. An unknown code and a wrong
  proof answer the same 404, so codes cannot be probed.

Idempotency: POST /reports hands the ``Idempotency-Key`` to ``citizen_report_submit`` as
its own key (scoped per app), which stores the first answer in the transaction that
creates the report; it is not wrapped in ``once`` a second time. A multipart retry is
recognised before its files are stored again, as the web form does. The other POSTs
use ``once``, except POST /auth/verify (see there).
"""

import copy
import hashlib
import secrets
from datetime import datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from ninja.security import APIKeyHeader

from paht.citizens import otp
from paht.citizens.services import Submitted, citizen_report_resent, citizen_report_submit
from paht.core.crypto import keyed_hash
from paht.core.errors import (
    Conflict,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationError,
)
from paht.core.http import client_ip
from paht.core.throttle import Limit, check_and_count
from paht.media.config import max_upload_bytes
from paht.media.selectors import media_processing, reporter_media
from paht.media.uploads import attachment_upload
from paht.reports.models import Channel, Priority, Report, ReporterContact, State
from paht.reports.permissions import Actor, allowed_transitions
from paht.reports.selectors import decode_cursor, encode_cursor, expected_dates
from paht.reports.services import hash_secret, report_transition
from paht.reports.timeline import citizen_timeline
from paht.reports.workflow import Action

from .base import AppKey, CitizenToken, api
from .once import HEADER, once
from .public import location_of, media_of, named, timeline_of
from .public import router as public_router
from .schemas import (
    BAD_KEY,
    INVALID,
    KEY_REUSED,
    LIMITED,
    NO_KEY,
    NOT_FOUND,
    NOT_JSON,
    TOO_LARGE,
    CodeSent,
    Moment,
    MyReportPage,
    MyReportsQuery,
    NoteIn,
    PhoneIn,
    RateIn,
    ReporterReport,
    ReportIn,
    SubmitOut,
    Text,
    TokenOut,
    UploadOut,
    VerifyIn,
    responses,
)
from .tokens import citizen_token_create

router = Router(tags=["citizen"])

SECRET_HEADER = "X-Report-Secret"  # noqa: S105 (a header name)
# The multipart envelope around the files (boundaries, field names) is small.
ENVELOPE_BYTES = 64 * 1024
KEY_DOC = (
    "\n\n**Idempotency-Key** (optional, 1–100 characters): a retry with the same key and "
    "the same body returns the first answer (same status and body) and changes nothing; "
    "the same key with another body answers 409."
)


# --- authentication ----------------------------------------------------------------------


class ReportSecret(APIKeyHeader):
    """The report's secret, returned once by the submission."""

    param_name = SECRET_HEADER
    openapi_description = (
        "The `secret` returned by POST /reports: proves the reporter of that report "
        "(and of its round 2). Sent in a header, never in the URL."
    )

    def authenticate(self, request, key):
        return key or None


class AppAndReporter:
    """The app's ``X-API-Key`` and the reporter's proof, both (OpenAPI: see ``security``)."""

    def __init__(self):
        self.app = AppKey()
        self.proofs = (ReportSecret(), CitizenToken())

    def __call__(self, request):
        client = self.app(request)  # raises 403 / 429 for a bad or spent key
        if client is None or not any(proof(request) for proof in self.proofs):
            return None
        return client


REPORTER_PROOF = [ReportSecret(), CitizenToken()]
APP_AND_REPORTER = {
    "security": [
        {"AppKey": [], "ReportSecret": []},
        {"AppKey": [], "CitizenToken": []},
    ]
}


def _proves(request, report: Report) -> bool:
    """Whether the request carries this report's secret or its phone's citizen token."""
    secret = request.headers.get(SECRET_HEADER)
    if secret and secrets.compare_digest(report.secret_hash, hash_secret(secret)):
        return True
    if getattr(request, "citizen_phone_hash", None) is None:
        CitizenToken()(request)  # not checked yet when a secret was sent too
    phone_hash = getattr(request, "citizen_phone_hash", None)
    if not phone_hash:
        return False
    stored = ReporterContact.objects.filter(report=report).values_list("phone_hash", flat=True)
    return any(secrets.compare_digest(h, phone_hash) for h in stored if h)


def _own_report(request, code: str) -> Report:
    report = (
        Report.objects.select_related(
            "field", "commune", "lead_unit", "return_reason", "merged_into", "previous_round"
        )
        .filter(code=code[:32])
        .first()
        if "\x00" not in code  # PostgreSQL cannot even compare text holding NUL: unknown
        else None
    )
    if report is None or not _proves(request, report):
        # One answer for both: whether a code exists is not told to strangers.
        raise NotFound(_("Không tìm thấy phản ánh."))
    return report


# --- request bodies --------------------------------------------------------------------------


def _body_type(*accepted: str, max_bytes=None):
    """Refuse another content type (415) or a declared body over ``max_bytes()`` (413)
    before the body is parsed; an empty body goes on to the field checks (400)."""

    def decorator(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared and request.content_type not in accepted:
                error = UnsupportedMediaType(_("Định dạng nội dung không được hỗ trợ."))
                return api.on_exception(request, error)
            if max_bytes is not None and declared > max_bytes() + ENVELOPE_BYTES:
                limit = max_bytes() // (1024 * 1024)
                error = PayloadTooLarge(_("Tệp quá lớn: tối đa %(max)s MB.") % {"max": limit})
                return api.on_exception(request, error)
            return run(request, *args, **kwargs)

        return checked

    return decorator


JSON = decorate_view(_body_type("application/json"))
MULTIPART = decorate_view(_body_type("multipart/form-data", max_bytes=max_upload_bytes))


def _idempotency_key(request) -> str:
    return request.headers.get(HEADER) or secrets.token_urlsafe(24)


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


def _submitted(request, submitted: Submitted) -> dict:
    """The submission's answer from what was true when it was created, so a retry gets
    the same body even after the report moved on."""
    report = submitted.report
    first = report.events.filter(action=Action.SUBMIT).order_by("id").first()
    as_sent = copy.copy(report)
    deadline = (first.data or {}).get("deadline") if first else None
    as_sent.deadline_at = datetime.fromisoformat(deadline) if deadline else report.deadline_at
    as_sent.priority = Priority.NORMAL  # citizens cannot set a priority
    link = reverse("web:secret_link", args=[report.code, submitted.secret])
    dates = expected_dates(as_sent)
    return {
        "code": report.code,
        "secret": submitted.secret,
        "follow_url": request.build_absolute_uri(link),
        "submitted_at": report.submitted_at,
        "expected": {"classify_by": dates.get("classify_by"), "result_by": dates.get("result_by")},
    }


# --- uploads ---------------------------------------------------------------------------------

UPLOAD = responses(
    {201: UploadOut},
    {
        400: INVALID,
        401: NO_KEY,
        403: BAD_KEY,
        409: KEY_REUSED,
        413: "The file (or the request) is too large (`too_large`); pixels and video "
        "length are limited too.",
        415: "Not a photo or video type we accept (`unsupported_media_type`), or the body "
        "is not multipart/form-data.",
        422: "The file cannot be read (`unprocessable` or a more precise code).",
        429: LIMITED + " Uploads are limited per address and hour.",
    },
)


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@router.post(
    "/uploads",
    auth=AppKey(),
    response=UPLOAD.schemas,
    openapi_extra=UPLOAD.extra,
    summary="Upload one photo or video",
    description=(
        "Upload one file (`file`, multipart/form-data) before submitting: the answer's "
        "`id` and `key` go into the report's `attachments`. One file per request, so a "
        "phone on a poor connection retries only the file that failed. The file is "
        "checked (type sniffed from its content, size, pixels, video length); location "
        "metadata is read to suggest the place and time (`suggestion`) and is stripped "
        "before anything is published. Unattached uploads are deleted after a while." + KEY_DOC
    ),
    operation_id="uploadFile",
)
@MULTIPART
def upload(
    request,
    file: File[UploadedFile],
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    def work():
        check_and_count(
            f"ip:{client_ip(request)}",
            Limit("upload_ip", settings.PAHT_UPLOAD_PER_IP_HOUR, 3600),
            message=_("Bạn đã tải lên quá nhiều tệp. Vui lòng thử lại sau ít phút."),
        )
        result = attachment_upload(file=file, name=file.name, actor=Actor.anonymous())
        a = result.attachment
        body = {
            "id": str(a.pk),
            "key": result.key,
            "kind": a.kind,
            "state": a.state,
            "suggestion": result.suggestion,
        }
        return 201, body

    payload = {"sha256": _sha256(file), "name": file.name}
    # Keys are the client's: scoped per address too, so one app's devices cannot collide.
    return Status(*once(request, f"upload:{client_ip(request)}", payload, work))


# --- submitting --------------------------------------------------------------------------------

SUBMIT_ERRORS = {
    400: INVALID,
    401: NO_KEY,
    403: BAD_KEY,
    409: KEY_REUSED,
    413: TOO_LARGE,
    415: NOT_JSON,
    429: LIMITED + " Submissions are limited per phone number and day, and per address and hour.",
}
SUBMIT = responses({201: SubmitOut}, SUBMIT_ERRORS)
SUBMIT_DOC = (
    "The reporter's name, phone and email are never published nor shown by any public "
    "answer; `share_identity` says whether the handling unit may see them. Give the "
    "place as a map point (`lat` and `lng`, inside the province), an address, or a "
    "commune. The answer's `secret` is shown only here: keep it to follow the report."
    "\n\n**Idempotency-Key** (recommended, 1–100 characters, scoped to the app): a retry "
    "with the same key and body returns the first answer (201, same body, even if the "
    "report moved on since) and creates nothing; the same key with another body answers "
    "409. Without a key every request creates a report."
)


def _fields(data) -> dict:
    """The body's values as ``report_submit`` takes them."""
    return {
        "field": data.field,
        "description": data.description,
        "name": data.name,
        "phone": data.phone,
        "email": data.email,
        "lat": data.lat,
        "lng": data.lng,
        "address": data.address,
        "commune_code": data.commune or None,
        "observed_at": data.observed_at,
        "share_identity": data.share_identity,
    }


def _submit(request, key: str, fields: dict, attachments: list[tuple[str, str]]) -> Submitted:
    return citizen_report_submit(
        idempotency_key=key,
        scope=_scope(request),
        channel=Channel.API,
        ip=client_ip(request),
        attachments=attachments,
        **fields,
    )


def _scope(request) -> str:
    # Per app: two apps that happen to pick the same key never see each other's report.
    return f"api:reports:key{request.api_client.pk}"


# GET /reports (public) and POST /reports share a path, so they share a router.
@public_router.post(
    "/reports",
    auth=AppKey(),
    response=SUBMIT.schemas,
    openapi_extra=SUBMIT.extra,
    summary="Submit a report (JSON)",
    description=(
        "Send a new report with files uploaded before (POST /uploads), referenced by "
        "their `id` and `key`. " + SUBMIT_DOC
    ),
    operation_id="submitReport",
    tags=["citizen"],
)
@JSON
def report_submit(
    request,
    body: ReportIn,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    refs = [(a.id, a.key) for a in body.attachments]
    submitted = _submit(request, _idempotency_key(request), _fields(body), refs)
    return Status(201, _submitted(request, submitted))


class ReportForm(Schema):
    """The JSON body's fields as form fields; earlier uploads as ``attachment=id:key``."""

    field: Text
    description: Text
    lat: float | None = None
    lng: float | None = None
    address: Text = ""
    commune: Text | None = None
    observed_at: Moment | None = None
    name: Text
    phone: Text
    email: Text = ""
    share_identity: bool = False
    attachment: list[Text] = []


def _refs(values: list[str]) -> list[tuple[str, str]]:
    refs = []
    for value in values:
        attachment_id, sep, key = value.partition(":")
        if not sep:
            raise ValidationError(
                _("Tham chiếu tệp không hợp lệ."), fields={"attachment": [value[:40]]}
            )
        refs.append((attachment_id, key))
    return refs


MULTIPART_SUBMIT = responses(
    {201: SubmitOut},
    {
        **SUBMIT_ERRORS,
        413: "A file, or the whole request, is too large (`too_large`).",
        415: "A file type we do not accept, or a body that is not multipart/form-data.",
        422: "A file cannot be read (`unprocessable` or a more precise code).",
    },
)


@router.post(
    "/reports/multipart",
    auth=AppKey(),
    response=MULTIPART_SUBMIT.schemas,
    openapi_extra=MULTIPART_SUBMIT.extra,
    summary="Submit a report with its files (multipart)",
    description=(
        "The same report as POST /reports, as multipart/form-data fields, with the files "
        "in the request (`files`, repeated) and/or earlier uploads as `attachment=id:key` "
        "(repeated). The whole request is limited to one file's maximum size: send large "
        "or several videos with POST /uploads first. A retry with the same Idempotency-Key "
        "is answered before its files are stored again. " + SUBMIT_DOC
    ),
    operation_id="submitReportMultipart",
)
@MULTIPART
def report_submit_multipart(
    request,
    data: Form[ReportForm],
    files: File[list[UploadedFile]] = None,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    key = _idempotency_key(request)
    fields = _fields(data)
    refs = _refs(data.attachment)
    earlier = citizen_report_resent(
        idempotency_key=key, scope=_scope(request), channel=Channel.API, **fields
    )
    if earlier is not None:
        # A resend whose answer was lost: the report exists, its files are not stored twice.
        return Status(201, _submitted(request, earlier))
    files = files or []
    most = settings.PAHT_MEDIA_MAX_PHOTOS + settings.PAHT_MEDIA_MAX_VIDEOS
    if len(files) + len(refs) > most:
        raise ValidationError(
            _("Quá nhiều tệp."), code="too_many_files", fields={"files": [_("Quá nhiều tệp.")]}
        )
    for f in files:
        check_and_count(
            f"ip:{client_ip(request)}",
            Limit("upload_ip", settings.PAHT_UPLOAD_PER_IP_HOUR, 3600),
            message=_("Bạn đã tải lên quá nhiều tệp. Vui lòng thử lại sau ít phút."),
        )
        stored = attachment_upload(file=f, name=f.name, actor=Actor.anonymous())
        refs.append((str(stored.attachment.pk), stored.key))
    try:
        submitted = _submit(request, key, fields, refs)
    except Conflict:
        # Sent twice at once: the other request made the report while this one stored
        # its own copy of the files (whose new ids made the content differ).
        earlier = citizen_report_resent(
            idempotency_key=key, scope=_scope(request), channel=Channel.API, **fields
        )
        if earlier is None:
            raise
        submitted = earlier
    return Status(201, _submitted(request, submitted))


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


# --- sign-in by phone and "my reports" --------------------------------------------------------

CODE = responses(
    {202: CodeSent},
    {
        400: INVALID + " A phone number that is not Vietnamese names `phone`.",
        401: NO_KEY,
        403: BAD_KEY,
        409: KEY_REUSED,
        413: TOO_LARGE,
        415: NOT_JSON,
        429: LIMITED + " Codes are limited per phone number (15 minutes, day) and per "
        "address (hour).",
    },
)


@router.post(
    "/auth/code",
    auth=AppKey(),
    response=CODE.schemas,
    openapi_extra=CODE.extra,
    summary="Sign in, step 1: send a one-time code by SMS",
    description=(
        "Sends a one-time code to the phone; earlier unused codes stop working. The "
        "answer is the same whether or not the number ever sent a report." + KEY_DOC
    ),
    operation_id="requestSignInCode",
)
@JSON
def auth_code(
    request,
    body: PhoneIn,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    def work():
        otp.code_request(phone=body.phone, ip=client_ip(request))
        return 202, {"expires_in": settings.PAHT_OTP_TTL_SECONDS, "code_length": otp.CODE_DIGITS}

    # Only a keyed hash of the number goes into the idempotency record's fingerprint.
    return Status(*once(request, "auth.code", {"phone": keyed_hash(body.phone)}, work))


VERIFY = responses(
    {200: TokenOut},
    {
        400: INVALID + " A wrong, expired or used-up code names `code` (`otp_wrong`, "
        "`otp_dead`, `otp_locked`).",
        401: NO_KEY,
        403: BAD_KEY,
        413: TOO_LARGE,
        415: NOT_JSON,
        429: LIMITED + " Code entries are limited per address and hour.",
    },
)


@router.post(
    "/auth/verify",
    auth=AppKey(),
    response=VERIFY.schemas,
    openapi_extra=VERIFY.extra,
    summary="Sign in, step 2: exchange the code for a citizen token",
    description=(
        "Checks the code sent to the phone (a few tries, then it is cancelled) and answers "
        "a bearer token for GET /me/reports and for following and acting on every report "
        "sent from that phone. Not idempotent by key: the answer is a credential, which "
        "is not stored, and a code works once, so a retry after a lost answer asks for a "
        "new code."
    ),
    operation_id="verifySignInCode",
)
@JSON
def auth_verify(request, body: VerifyIn):
    # Outside any wrapping transaction: a wrong entry must stay counted when refused.
    phone = otp.code_verify(phone=body.phone, code=body.code, ip=client_ip(request))
    token, expires_at = citizen_token_create(phone=phone)
    return Status(200, {"token": token, "expires_at": expires_at})


MINE = responses(
    {200: MyReportPage},
    {400: INVALID, 401: "No valid citizen token (`not_authenticated`)."},
)


@router.get(
    "/me/reports",
    auth=CitizenToken(),
    response=MINE.schemas,
    openapi_extra=MINE.extra,
    summary="My reports",
    description=(
        "Every report sent from the signed-in phone, newest first, keyset-paginated: pass "
        "`next_cursor` back as `cursor` until it is null. Follow one with "
        "GET /reports/{code}/follow and the same token."
    ),
    operation_id="listMyReports",
)
def my_reports(request, q: Query[MyReportsQuery]):
    qs = Report.objects.filter(contact__phone_hash=request.citizen_phone_hash)
    position = decode_cursor(q.cursor) if q.cursor else None
    if position:
        when, pk = position
        qs = qs.filter(Q(submitted_at__lt=when) | Q(submitted_at=when, pk__lt=pk))
    rows = list(
        qs.select_related("field", "commune").order_by("-submitted_at", "-id")[: q.limit + 1]
    )
    more, rows = len(rows) > q.limit, rows[: q.limit]
    return Status(
        200,
        {
            "items": [
                {
                    "code": r.code,
                    "round": r.round,
                    "state": r.state,
                    "state_label": r.get_state_display(),
                    "field": named(r.field),
                    "title": r.title,
                    "commune": named(r.commune),
                    "submitted_at": r.submitted_at,
                }
                for r in rows
            ],
            "next_cursor": (
                encode_cursor(rows[-1].submitted_at, rows[-1].pk) if more and rows else None
            ),
        },
    )
