"""Receiving files: the citizen's upload and attaching uploads to a report.

The upload only stores the file and checks what can be checked cheaply (type, size,
pixels, duration, EXIF read before stripping); the worker does the decoding. A refused
file raises a domain error and leaves nothing behind, in storage or in the database.
"""

import hashlib
import logging
import secrets
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core import errors
from paht.geo.services import distance_m
from paht.reports.models import Report
from paht.reports.permissions import Actor, parties_of
from paht.reports.services import hash_secret
from paht.reports.workflow import Party

from . import pipeline
from .config import current_limits, media_storage, refused
from .models import UPLOAD_PURPOSES, Attachment, Kind, MediaState, Purpose
from .processing import enqueue_processing

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Upload:
    attachment: Attachment
    key: str  # proves the uploader when attaching later; shown once, only its hash kept

    @property
    def suggestion(self) -> dict:
        """Place and time read from the file, to pre-fill the report form."""
        a = self.attachment
        return {
            "lat": a.taken_lat,
            "lng": a.taken_lng,
            "taken_at": a.taken_at.isoformat() if a.taken_at else None,
        }


def _spool(file, limit: int, directory: str) -> tuple[Path, int, str]:
    """Copy the upload to a local file, hashing it, and stop as soon as it is too big."""
    digest = hashlib.sha256()
    size = 0
    fd, name = tempfile.mkstemp(prefix="paht-upload-", dir=directory)
    path = Path(name)
    try:
        with open(fd, "wb") as out:
            chunks = (
                file.chunks(CHUNK)
                if hasattr(file, "chunks")
                else iter(lambda: file.read(CHUNK), b"")
            )
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise errors.PayloadTooLarge(
                        _("Tệp quá lớn: tối đa %(max)s MB.") % {"max": limit // (1024 * 1024)},
                        code="too_large",
                        fields={"file": [_("Tệp quá lớn.")]},
                    )
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size, digest.hexdigest()


def _clean_name(name) -> str:
    name = Path(str(name or "")).name.replace("\x00", "")
    return "".join(ch for ch in name if ch.isprintable())[:200]


def attachment_upload(
    *,
    file,
    actor: Actor,
    name: str = "",
    report: Report | None = None,
    purpose: str = Purpose.EVIDENCE,
    at: datetime | None = None,
) -> Upload:
    """Store one uploaded file safely and queue its processing.

    Without ``report`` the file waits to be attached (``attachments_attach``) with the
    returned key; with one, the actor must be allowed to add this kind of file to it.
    Refused files raise a domain error and leave nothing behind.
    """
    if purpose not in UPLOAD_PURPOSES:
        raise errors.ValidationError(_("Mục đích tệp không hợp lệ."))
    if report is not None:
        _check_may_attach(actor, report, purpose)
    limits = current_limits()
    tmp_dir = settings.FILE_UPLOAD_TEMP_DIR or tempfile.gettempdir()
    path, size, sha256 = _spool(file, max(limits.photo_max_bytes, limits.video_max_bytes), tmp_dir)
    try:
        try:
            info = pipeline.probe(path, limits)
        except pipeline.MediaRefused as exc:
            log.info("media refused code=%s size=%s", exc.code, size)
            raise refused(exc) from None
        return _store(path, info, sha256, actor, _clean_name(name), report, purpose, at)
    finally:
        path.unlink(missing_ok=True)


def _store(path, info, sha256, actor, name, report, purpose, at) -> Upload:
    key = secrets.token_urlsafe(24)
    attachment = Attachment(
        purpose=purpose,
        kind=info.kind,
        upload_key_hash=hash_secret(key),
        uploaded_by=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        created_at=at or timezone.now(),
        source_format=info.format,
        source_name=name,
        size_bytes=info.size,
        sha256=sha256,
        width=info.width,
        height=info.height,
        duration=info.duration,
        taken_at=info.taken_at,
        taken_lat=info.lat,
        taken_lng=info.lng,
    )
    storage = media_storage()
    with open(path, "rb") as fh:
        attachment.original_name = storage.save(f"incoming/{attachment.id}", File(fh))
    try:
        with transaction.atomic():
            if report is not None:
                report = Report.objects.select_for_update().get(pk=report.pk)
                _check_room(report, purpose, [attachment])
                attachment.report = report
                _flag(attachment, report)
            attachment.save(force_insert=True)
            transaction.on_commit(lambda: enqueue_processing(attachment.pk))
    except BaseException:
        storage.delete(attachment.original_name)
        raise
    log.info("media stored id=%s kind=%s size=%s", attachment.pk, attachment.kind, info.size)
    return Upload(attachment, key)


def _check_may_attach(actor: Actor, report: Report, purpose: str) -> None:
    parties = parties_of(actor, report)
    allowed = {
        Purpose.EVIDENCE: {Party.REPORTER, Party.COORDINATOR},
        Purpose.RESULT: {Party.LEAD_HANDLER, Party.COORDINATOR},
        Purpose.UPDATE: {
            Party.REPORTER,
            Party.COORDINATOR,
            Party.LEAD_HANDLER,
            Party.CO_HANDLER,
            Party.LEAD_APPROVER,
        },
    }[purpose]
    if not parties & allowed:
        raise errors.PermissionDenied(_("Bạn không có quyền đính kèm tệp vào phản ánh này."))


def _check_room(report: Report, purpose: str, new: list[Attachment]) -> None:
    existing = (
        Attachment.objects.filter(report=report, purpose=purpose)
        .exclude(state=MediaState.QUARANTINED)
        .exclude(pk__in=[a.pk for a in new])
    )
    limits = {
        Kind.PHOTO: settings.PAHT_MEDIA_MAX_PHOTOS,
        Kind.VIDEO: settings.PAHT_MEDIA_MAX_VIDEOS,
    }
    for kind, limit in limits.items():
        count = existing.filter(kind=kind).count() + sum(a.kind == kind for a in new)
        if count > limit:
            raise errors.ValidationError(
                _("Mục “%(purpose)s” chỉ được kèm tối đa %(photos)s ảnh và %(videos)s video.")
                % {
                    "purpose": Purpose(purpose).label,
                    "photos": settings.PAHT_MEDIA_MAX_PHOTOS,
                    "videos": settings.PAHT_MEDIA_MAX_VIDEOS,
                },
                code="too_many_files",
                fields={"attachments": [_("Quá nhiều tệp.")]},
            )


def _flag(attachment: Attachment, report: Report) -> None:
    """Warn the coordinator about a photo taken far from the place or long before."""
    if attachment.taken_lat is not None and report.lat is not None:
        distance = distance_m(report.lat, report.lng, attachment.taken_lat, attachment.taken_lng)
        attachment.distance_m = round(distance)
        attachment.taken_far = distance > settings.PAHT_MEDIA_FAR_METERS
    if attachment.taken_at is not None:
        reference = report.observed_at or report.submitted_at
        if reference is not None:
            old = timedelta(days=settings.PAHT_MEDIA_OLD_DAYS)
            attachment.taken_long_ago = attachment.taken_at < reference - old


def attachments_attach(
    *,
    report: Report,
    refs: list[tuple[str, str]],
    actor: Actor,
    purpose: str = Purpose.EVIDENCE,
    event=None,
) -> list[Attachment]:
    """Attach uploads made earlier, each proven by ``(id, key)``, to ``report``.

    All or nothing: one unknown, foreign, already attached or surplus file refuses the lot.
    """
    if not refs:
        return []  # most reports come without files: no transaction to open
    return _attach(report=report, refs=refs, actor=actor, purpose=purpose, event=event)


@transaction.atomic
def _attach(*, report, refs, actor, purpose, event) -> list[Attachment]:
    _check_may_attach(actor, report, purpose)
    report = Report.objects.select_for_update().get(pk=report.pk)
    ids = []
    for ref in refs:
        if not (isinstance(ref, (tuple, list)) and len(ref) == 2):
            raise errors.ValidationError(_("Tham chiếu tệp không hợp lệ."))
        ids.append(str(ref[0]))
    if len(set(ids)) != len(ids):
        raise errors.ValidationError(_("Một tệp được gửi hai lần."), code="duplicate_file")
    found = {
        str(a.pk): a
        for a in Attachment.objects.select_for_update().filter(pk__in=_valid_uuids(ids))
    }
    attachments = []
    for attachment_id, key in refs:
        attachment = found.get(str(attachment_id))
        if (
            attachment is None
            or attachment.report_id is not None
            or not isinstance(key, str)
            or not secrets.compare_digest(attachment.upload_key_hash, hash_secret(key))
        ):
            raise errors.ValidationError(
                _("Không tìm thấy tệp đã tải lên, hoặc tệp đã được dùng."),
                code="unknown_file",
                fields={"attachments": [str(attachment_id)[:40]]},
            )
        if attachment.state == MediaState.QUARANTINED:
            raise errors.ValidationError(
                _("Tệp %(name)s không xử lý được: %(reason)s")
                % {"name": attachment.source_name or attachment.pk, "reason": attachment.error},
                code="file_quarantined",
            )
        attachments.append(attachment)
    _check_room(report, purpose, attachments)
    for attachment in attachments:
        attachment.report = report
        attachment.purpose = purpose
        attachment.event = event
        attachment.upload_key_hash = ""
        _flag(attachment, report)
        attachment.save()
    return attachments


def _valid_uuids(values: list[str]) -> list[str]:

    out = []
    for value in values:
        try:
            out.append(str(uuid.UUID(value)))
        except (ValueError, AttributeError, TypeError):
            continue
    return out
