"""Uploads and submission: POST /uploads, POST /reports (JSON) and /reports/multipart."""

import copy
import hashlib
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Schema, Status
from ninja.files import UploadedFile

from paht.citizens.services import Submitted, citizen_report_resent, citizen_report_submit
from paht.core.errors import Conflict, ValidationError
from paht.core.http import client_ip
from paht.core.throttle import Limit, check_and_count
from paht.media.uploads import attachment_upload
from paht.reports.models import Channel, Priority
from paht.reports.permissions import Actor
from paht.reports.selectors import expected_dates
from paht.reports.workflow import Action

from ..base import AppKey
from ..once import HEADER, once
from ..public import router as public_router
from ..schemas import (
    BAD_KEY,
    INVALID,
    KEY_REUSED,
    LIMITED,
    NO_KEY,
    NOT_JSON,
    TOO_LARGE,
    Moment,
    ReportIn,
    SubmitOut,
    Text,
    UploadOut,
    responses,
)
from .common import JSON, KEY_DOC, MULTIPART, _idempotency_key, router


def _submitted(request, submitted: Submitted) -> dict:
    """The submission's answer from what was true when it was created, so a retry gets
    the same body even after the report moved on."""
    report = submitted.report
    as_sent = copy.copy(report)
    if submitted.replayed:  # the report may have moved on since: its first deadline
        first = report.events.filter(action=Action.SUBMIT).order_by("id").first()
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
