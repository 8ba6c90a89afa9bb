"""Writes on media: upload, attach, process (the worker), hide and blur, recovery.

The citizen's upload only stores the file and checks what can be checked cheaply; the
worker does the decoding. Processing is idempotent: an attempt claims the file with a
lease and a fencing counter, writes its derivatives under its own attempt number and
commits only if it still holds the claim, so a worker killed half-way is simply
replaced and the result is the same as if it had never started.
"""

import hashlib
import logging
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core import errors
from paht.geo.services import distance_m
from paht.reports.models import Report
from paht.reports.permissions import Actor, parties_of
from paht.reports.records import append_event, role_of, unit_for
from paht.reports.workflow import Party

from . import pipeline
from .models import VARIANTS, Attachment, Kind, MediaState, Purpose

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
CHUNK = 1024 * 1024


def media_storage():
    return storages["media"]


def current_limits() -> pipeline.Limits:
    return pipeline.Limits(
        photo_max_bytes=int(settings.PAHT_MEDIA_PHOTO_MAX_MB * 1024 * 1024),
        photo_max_pixels=int(settings.PAHT_MEDIA_PHOTO_MAX_MEGAPIXELS * 1_000_000),
        video_max_bytes=int(settings.PAHT_MEDIA_VIDEO_MAX_MB * 1024 * 1024),
        video_max_seconds=settings.PAHT_MEDIA_VIDEO_MAX_SECONDS,
    )


def max_upload_bytes() -> int:
    limits = current_limits()
    return max(limits.photo_max_bytes, limits.video_max_bytes)


def refused(exc: pipeline.MediaRefused) -> errors.DomainError:
    """The pipeline's refusal as the domain error an adapter turns into 413/415/422."""
    cls = {413: errors.PayloadTooLarge, 415: errors.UnsupportedMediaType}.get(
        exc.status, errors.Unprocessable
    )
    return cls(exc.message, code=exc.code, fields={"file": [str(exc.message)]})


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


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


# --- upload -----------------------------------------------------------------------------


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
    if purpose not in Purpose.values:
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
        upload_key_hash=hash_key(key),
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


def enqueue_processing(attachment_id) -> None:
    from .tasks import process_attachment

    result = process_attachment.enqueue(str(attachment_id))
    Attachment.objects.filter(pk=attachment_id).update(task_id=str(result.id))


# --- attaching to a report -------------------------------------------------------------


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
        raise errors.PermissionDenied(_("Bạn không được đính kèm tệp vào phản ánh này."))


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
                _("Tối đa %(photos)s ảnh và %(videos)s video cho mỗi phản ánh.")
                % {
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


@transaction.atomic
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
        return []
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
            or not secrets.compare_digest(attachment.upload_key_hash, hash_key(key))
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
    import uuid

    out = []
    for value in values:
        try:
            out.append(str(uuid.UUID(value)))
        except (ValueError, AttributeError, TypeError):
            continue
    return out


# --- processing (the worker) -----------------------------------------------------------


def attachment_process(attachment_id, *, now: datetime | None = None) -> str:
    """Process one file; returns what happened (for logs and tests)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.PAHT_MEDIA_LEASE_SECONDS)
    claimable = Q(state=MediaState.PENDING) | Q(state=MediaState.PROCESSING, lease_until__lt=now)
    claimed = (
        Attachment.objects.filter(pk=attachment_id)
        .filter(claimable)
        .update(state=MediaState.PROCESSING, lease_until=now + lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    attachment = Attachment.objects.get(pk=attachment_id)
    attempt = attachment.attempts
    if attempt > MAX_ATTEMPTS:
        _quarantine(
            attachment,
            attempt,
            "failed_repeatedly",
            _("Xử lý tệp thất bại %(n)s lần; cần kiểm tra thủ công.") % {"n": MAX_ATTEMPTS},
        )
        return "quarantined"
    storage = media_storage()
    work = Path(tempfile.mkdtemp(prefix="paht-media-"))
    keeper = LeaseKeeper(attachment.pk, attempt, lease)
    keeper.start()  # a long video keeps its lease for as long as this worker is alive
    try:
        source = work / "source"
        with storage.open(attachment.original_name, "rb") as src, open(source, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        try:
            derived = pipeline.process(source, work / "out", current_limits())[1]
        except pipeline.MediaRefused as exc:
            _quarantine(attachment, attempt, exc.code, str(exc.message))
            return "quarantined"
        names = _save_derivatives(storage, attachment, f"a{attempt}", derived)
    finally:
        keeper.stop()
        shutil.rmtree(work, ignore_errors=True)
    keep = settings.PAHT_MEDIA_KEEP_ORIGINALS
    done = Attachment.objects.filter(
        pk=attachment.pk, state=MediaState.PROCESSING, attempts=attempt
    ).update(
        state=MediaState.READY,
        files=names,
        content_types=derived.content_types,
        width=derived.width,
        height=derived.height,
        duration=derived.duration,
        reencoded=derived.reencoded,
        processed_at=timezone.now(),
        lease_until=None,
        original_name=attachment.original_name if keep else "",
    )
    if not done:
        # Another attempt took over while this one ran: its result stands, not ours.
        for name in names.values():
            storage.delete(name)
        return "superseded"
    _delete_other_files(storage, attachment, keep=set(names.values()))
    if not keep:
        storage.delete(attachment.original_name)
    log.info("media ready id=%s attempt=%s", attachment.pk, attempt)
    return "ready"


class LeaseKeeper:
    """Renews an attempt's lease every third of its length until stopped.

    A worker that dies stops renewing, so its lease runs out and another takes over; one
    that is merely slow (a long video re-encode) keeps the file.
    """

    def __init__(self, attachment_id, attempt: int, lease: timedelta):
        self.attachment_id, self.attempt, self.lease = attachment_id, attempt, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="paht-lease", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.lease.total_seconds() / 3):
                Attachment.objects.filter(
                    pk=self.attachment_id, state=MediaState.PROCESSING, attempts=self.attempt
                ).update(lease_until=timezone.now() + self.lease)
        finally:
            connection.close()


def _save_derivatives(storage, attachment: Attachment, folder: str, derived) -> dict:
    names = {}
    for variant, path in derived.files.items():
        name = f"public/{attachment.pk}/{folder}/{variant}{path.suffix}"
        storage.delete(name)  # a retried attempt overwrites rather than renaming
        with open(path, "rb") as fh:
            names[variant] = storage.save(name, File(fh))
    return names


def _delete_other_files(storage, attachment: Attachment, keep: set[str]) -> None:
    """Remove what earlier (lost or superseded) attempts left under this file's folder."""
    root = f"public/{attachment.pk}"
    try:
        folders, _files = storage.listdir(root)
    except (FileNotFoundError, NotADirectoryError):
        return
    for folder in folders:
        _sub, files = storage.listdir(f"{root}/{folder}")
        for filename in files:
            name = f"{root}/{folder}/{filename}"
            if name not in keep:
                storage.delete(name)


def _quarantine(attachment: Attachment, attempt: int, code: str, message: str) -> None:
    with transaction.atomic():
        done = Attachment.objects.filter(pk=attachment.pk, attempts=attempt).update(
            state=MediaState.QUARANTINED, error_code=code, error=message, lease_until=None
        )
        if done and attachment.report_id:
            report = attachment.report
            append_event(
                report,
                action="media_quarantined",
                actor=Actor.system(),
                role=Party.SYSTEM,
                unit=None,
                from_state=report.state,
                at=timezone.now(),
                note=message,
                data={"attachment": str(attachment.pk), "code": code},
            )
    log.warning("media quarantined id=%s code=%s", attachment.pk, code)


def attachment_retry(attachment: Attachment) -> bool:
    """Queue a quarantined file again (after a fix to the pipeline, say), if still stored."""
    if attachment.state != MediaState.QUARANTINED or not attachment.original_name:
        return False
    updated = Attachment.objects.filter(pk=attachment.pk, state=MediaState.QUARANTINED).update(
        state=MediaState.PENDING, attempts=0, error="", error_code="", lease_until=None
    )
    if updated:
        transaction.on_commit(lambda: enqueue_processing(attachment.pk))
    return bool(updated)


def recover_stalled(*, now: datetime | None = None) -> int:
    """Queue again every file whose worker vanished; returns how many.

    A file is stalled when its lease ran out while processing, or when it has waited
    longer than a lease with no worker picking it up (its task was lost).
    """
    now = now or timezone.now()
    lease = timedelta(seconds=settings.PAHT_MEDIA_LEASE_SECONDS)
    stalled = Attachment.objects.filter(
        Q(state=MediaState.PROCESSING, lease_until__lt=now)
        | Q(state=MediaState.PENDING, created_at__lt=now - lease)
    )
    count = 0
    for attachment in stalled.only("pk", "task_id"):
        _abandon_task(attachment.task_id)
        result = _requeue(attachment.pk)
        Attachment.objects.filter(pk=attachment.pk).update(task_id=str(result.id))
        count += 1
    if count:
        log.warning("media recovery queued %s stalled file(s) again", count)
    return count


def _requeue(attachment_id):
    from .tasks import process_attachment

    return process_attachment.enqueue(str(attachment_id))


def _abandon_task(task_id: str) -> None:
    """Mark a lost worker's task as failed in the database queue, so it is not left running."""
    if not task_id or "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def purge_orphans(*, now: datetime | None = None) -> int:
    """Delete uploads never attached to a report within ``PAHT_MEDIA_ORPHAN_HOURS``."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.PAHT_MEDIA_ORPHAN_HOURS)
    count = 0
    for attachment in Attachment.objects.filter(report__isnull=True, created_at__lt=cutoff):
        attachment_delete_files(attachment)
        attachment.delete()
        count += 1
    return count


def attachment_delete_files(attachment: Attachment) -> None:
    storage = media_storage()
    for name in [attachment.original_name, *attachment.files.values()]:
        if name:
            storage.delete(name)
    _delete_other_files(storage, attachment, keep=set())


# --- moderation ------------------------------------------------------------------------


def _moderator_role(actor: Actor, attachment: Attachment) -> Party:
    report = attachment.report
    parties = parties_of(actor, report) if report else set()
    if not parties & {Party.COORDINATOR, Party.LEAD_APPROVER}:
        raise errors.PermissionDenied(
            _("Chỉ điều phối viên hoặc lãnh đạo đơn vị xử lý được sửa ảnh.")
        )
    return role_of(parties)


def attachment_set_hidden(
    *, attachment: Attachment, actor: Actor, hidden: bool, reason: str = ""
) -> Attachment:
    """Hide a file from the public (staff and the reporter still see it), or show it again."""
    from paht.reports.validation import clean_bool, clean_text

    hidden = clean_bool(hidden, field="hidden", message=_("Giá trị ẩn/hiện không hợp lệ."))
    reason = clean_text(reason, field="reason", max_length=300, required=False)
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        role = _moderator_role(actor, attachment)
        attachment.is_hidden = hidden
        attachment.hidden_reason = reason if hidden else ""
        attachment.save(update_fields=["is_hidden", "hidden_reason"])
        _audit(attachment, actor, role, "media_hide" if hidden else "media_show", reason)
    return attachment


def attachment_blur(*, attachment: Attachment, actor: Actor, regions: list) -> Attachment:
    """Blur regions (faces, number plates) of a photo; the blurred copy replaces the public one.

    ``regions`` are boxes ``{"x", "y", "w", "h"}`` in fractions of the photo (0–1).
    """
    boxes = _clean_regions(regions)
    storage = media_storage()
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        role = _moderator_role(actor, attachment)
        if attachment.kind != Kind.PHOTO or attachment.state != MediaState.READY:
            raise errors.ValidationError(_("Chỉ làm mờ được ảnh đã xử lý xong."))
        old = dict(attachment.files)
        work = Path(tempfile.mkdtemp(prefix="paht-blur-"))
        try:
            from PIL import Image

            with storage.open(old["display"], "rb") as fh, Image.open(fh, formats=["JPEG"]) as im:
                im.load()
                blurred = pipeline.blur_regions(im, boxes)
            derived = pipeline.derive_photo(blurred, work, current_limits())
            count = attachment.blur_count + 1
            names = _save_derivatives(storage, attachment, f"b{count}", derived)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        attachment.files = names
        attachment.blur_count = count
        attachment.save(update_fields=["files", "blur_count"])
        _audit(attachment, actor, role, "media_blur", "", {"regions": len(boxes)})
        transaction.on_commit(
            lambda: [storage.delete(n) for v, n in old.items() if names.get(v) != n]
        )
    return attachment


def _clean_regions(regions) -> list[tuple[float, float, float, float]]:
    message = _("Vùng làm mờ không hợp lệ.")
    if not isinstance(regions, list) or not 1 <= len(regions) <= 20:
        raise errors.ValidationError(message, fields={"regions": [message]})
    boxes = []
    for region in regions:
        try:
            x, y, w, h = (float(region[k]) for k in ("x", "y", "w", "h"))
        except (TypeError, KeyError, ValueError):
            raise errors.ValidationError(message, fields={"regions": [message]}) from None
        values = (x, y, w, h, x + w, y + h)
        if not all(0 <= v <= 1 for v in values) or w <= 0 or h <= 0:
            raise errors.ValidationError(message, fields={"regions": [message]})
        boxes.append((x, y, w, h))
    return boxes


def _audit(attachment, actor, role, action, note, data=None) -> None:
    report = attachment.report
    append_event(
        report,
        action=action,
        actor=actor,
        role=role,
        unit=unit_for(actor, report, role),
        from_state=report.state,
        at=timezone.now(),
        note=note,
        data={"attachment": str(attachment.pk), **(data or {})},
    )


def public_variants(attachment: Attachment) -> tuple[str, ...]:
    return VARIANTS[attachment.kind]
