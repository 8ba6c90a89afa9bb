"""POST /staff/uploads: one file to attach to an action."""

import hashlib

from django.utils.translation import gettext as _
from ninja import Header, Status

from paht.core.errors import PayloadTooLarge, ValidationError
from paht.core.throttle import Limit, check_and_count
from paht.media import services as media

from ..once import once
from ..staff_schemas import StaffUploadOut
from .common import _IDEMPOTENCY, _errors, _responses, router

UPLOAD_PURPOSES = ("result", "update")
# Per officer, not per address: a unit's officers often share one office address.
UPLOADS_PER_HOUR = 600
# The multipart envelope around the file (boundaries, field names) is small.
ENVELOPE_BYTES = 64 * 1024


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
    operation_id="paht_api_staff_upload",
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
