"""HTTP for media: the upload endpoint and file delivery with safe headers.

Files are always served with the type we detected, ``nosniff`` and a sandboxing CSP,
and never as HTML or SVG; a single byte range is honoured so phones can seek in videos.
"""

import re

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from paht.core import errors
from paht.core.http import client_ip, domain_error_json, error_json
from paht.core.throttle import Limit, check_and_count
from paht.reports.permissions import Actor

from . import access, pipeline, services
from .models import Attachment, Purpose

# The multipart envelope around the file (boundaries, field names) is small.
ENVELOPE_BYTES = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@require_POST
def upload(request):
    """One file per request (``file``), so a phone can retry just the one that failed."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    limit = services.max_upload_bytes()
    if declared > limit + ENVELOPE_BYTES:
        return error_json(
            "too_large",
            _("Tệp quá lớn: tối đa %(max)s MB.") % {"max": limit // (1024 * 1024)},
            413,
        )
    files = request.FILES.getlist("file")
    if len(files) != 1:
        return error_json(
            "file_required",
            _("Hãy gửi đúng một tệp trong trường “file”."),
            400,
            {"file": [_("Cần gửi một tệp.")]},
        )
    purpose = request.POST.get("purpose") or Purpose.EVIDENCE
    try:
        check_and_count(
            f"ip:{client_ip(request)}",
            Limit("upload_ip", settings.PAHT_UPLOAD_PER_IP_HOUR, 3600),
            message=_("Bạn đã tải lên quá nhiều tệp. Vui lòng thử lại sau ít phút."),
        )
        result = services.attachment_upload(
            file=files[0],
            name=files[0].name,
            actor=Actor.for_user(request.user),
            purpose=purpose,
        )
    except errors.DomainError as exc:
        return domain_error_json(exc)
    attachment = result.attachment
    return JsonResponse(
        {
            "id": str(attachment.pk),
            "key": result.key,
            "kind": attachment.kind,
            "state": attachment.state,
            "suggestion": result.suggestion,
        },
        status=201,
    )


@require_GET
def file(request, attachment_id, variant):
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    actor = Actor.for_user(request.user)
    scope = attachment and access.fetch_scope(actor, attachment, variant, request.GET.get("t", ""))
    if scope is None:
        raise Http404
    if variant == access.ORIGINAL:
        name = attachment.original_name
        content_type = pipeline.SOURCE_TYPES.get(
            attachment.source_format, "application/octet-stream"
        )
        disposition = "attachment"
    else:
        name = attachment.files[variant]
        content_type = attachment.content_types[variant]
        disposition = "inline"
    public = scope == "public"
    etag = f'"{services.hash_secret(name)[:32]}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = _stream(request, name, content_type)
    extension = name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else "bin"
    response["Content-Disposition"] = (
        f'{disposition}; filename="{attachment.pk}-{variant}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "cross-origin" if public else "same-origin"
    patch_vary_headers(response, ["Cookie"])
    return response


def _stream(request, name: str, content_type: str) -> HttpResponse:
    storage = services.media_storage()
    try:
        size = storage.size(name)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    byte_range = _parse_range(request.headers.get("Range", ""), size)
    if byte_range == "invalid":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if size == 0:
        return HttpResponse(b"", content_type=content_type)
    start, end = byte_range or (0, size - 1)
    try:
        chunks = _read(storage, name, start, end)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(chunks, content_type=content_type)
    if byte_range is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    return response


def _read(storage, name: str, start: int, end: int):
    """The bytes ``start``–``end`` of a stored file, streamed in chunks.

    On S3 this is one ranged GET: opening the file through the storage API would fetch
    the whole object first, which a phone seeking in a video must not cost.
    """
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        # django-storages' own mapping from a storage name to the object key (prefix).
        key = storage._normalize_name(name)
        try:
            body = bucket.Object(key).get(Range=f"bytes={start}-{end}")["Body"]
        except Exception as exc:  # botocore's ClientError for a missing object
            raise FileNotFoundError(name) from exc
        return body.iter_chunks(64 * 1024)
    handle = storage.open(name, "rb")
    handle.seek(start)
    return _limited(handle, end - start + 1)


def _parse_range(header: str, size: int):
    """``(start, end)`` for one satisfiable range, ``None`` for none, ``"invalid"`` otherwise."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or (not match.group(1) and not match.group(2)):
        return None  # multiple or odd ranges: answer with the whole file, as allowed
    if match.group(1):
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else size - 1
    else:
        start, end = max(0, size - int(match.group(2))), size - 1
    end = min(end, size - 1)
    if start >= size or start > end:
        return "invalid"
    return start, end


def _limited(handle, length: int, chunk: int = 64 * 1024):
    try:
        while length > 0:
            data = handle.read(min(chunk, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        handle.close()
