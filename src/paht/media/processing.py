"""Processing in the worker, idempotent under crashes and races.

An attempt claims the file with a lease and a fencing counter (``attempts``), renews the
lease while it works, writes its derivatives under its own attempt folder and commits
only if it still holds the claim: a worker killed half-way is simply replaced, a late
finisher cannot overwrite the attempt that replaced it, and the leftovers of lost
attempts are removed by the one that wins.
"""

import logging
import shutil
import tempfile
import threading
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core.tasks import queued_in_database
from paht.reports.permissions import Actor
from paht.reports.records import append_event
from paht.reports.workflow import Party

from . import pipeline
from .config import current_limits, media_storage
from .models import Attachment, MediaState

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
CHUNK = 1024 * 1024


def enqueue_processing(attachment_id) -> None:
    from .tasks import process_attachment

    queued_at = timezone.now()
    result = process_attachment.enqueue(str(attachment_id))
    Attachment.objects.filter(pk=attachment_id).update(
        task_id=str(result.id), enqueued_at=queued_at
    )


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
    if attempt > attachment.attempt_limit:
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
        names = save_derivatives(storage, attachment, f"a{attempt}", derived)
    finally:
        keeper.stop()
        shutil.rmtree(work, ignore_errors=True)
    keep = settings.PAHT_MEDIA_KEEP_ORIGINALS
    # Ours unless another attempt claimed the file (``attempts`` grows only on a claim):
    # released to waiting by a sweep that took this worker for lost, it is still ours,
    # and the task queued for it finds it done.
    done = Attachment.objects.filter(
        pk=attachment.pk,
        state__in=[MediaState.PROCESSING, MediaState.PENDING],
        attempts=attempt,
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
    )
    if not done:
        # Another attempt took over while this one ran: its result stands, not ours.
        for name in names.values():
            storage.delete(name)
        return "superseded"
    _delete_other_files(storage, attachment, keep=set(names.values()))
    if not keep:
        # The file first, then its name: a crash in between leaves a name that the
        # sweep (``purge_orphans``) finds again, never an original nothing points to.
        storage.delete(attachment.original_name)
        Attachment.objects.filter(pk=attachment.pk).update(original_name="")
    log.info("media ready id=%s attempt=%s", attachment.pk, attempt)
    return "ready"


class LeaseKeeper:
    """Renews an attempt's lease every third of its length until stopped.

    A worker that dies stops renewing, so its lease runs out and another takes over; one
    that is merely slow (a long video re-encode) keeps the file.
    """

    def __init__(self, attachment_id, attempt: int, lease: timedelta):
        self.attachment_id, self.attempt, self.lease = attachment_id, attempt, lease
        # A hung decoder does not hold the file for ever: renewal stops after three
        # leases, the file is taken over, and after its attempts it is quarantined.
        self.deadline = timezone.now() + 3 * lease
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
                if timezone.now() + self.lease > self.deadline:
                    break
                Attachment.objects.filter(
                    pk=self.attachment_id, state=MediaState.PROCESSING, attempts=self.attempt
                ).update(lease_until=timezone.now() + self.lease)
        finally:
            connection.close()


def save_derivatives(storage, attachment: Attachment, folder: str, derived) -> dict:
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
    # ``attempts`` is the fencing token and only ever grows; the retry raises the limit.
    updated = Attachment.objects.filter(pk=attachment.pk, state=MediaState.QUARANTINED).update(
        state=MediaState.PENDING,
        attempt_limit=F("attempts") + MAX_ATTEMPTS,
        error="",
        error_code="",
        lease_until=None,
    )
    if updated:
        transaction.on_commit(lambda: enqueue_processing(attachment.pk))
    return bool(updated)


def recover_stalled(*, now: datetime | None = None) -> int:
    """Queue again every file whose worker vanished; returns how many.

    A file is stalled when its lease ran out while processing, or when it has waited
    longer than a lease and its task is no longer in the queue (lost or failed). Files
    merely waiting behind others keep their place.
    """
    now = now or timezone.now()
    lease = timedelta(seconds=settings.PAHT_MEDIA_LEASE_SECONDS)
    stalled = (
        Q(state=MediaState.PROCESSING, lease_until__lt=now)
        | Q(state=MediaState.PENDING, enqueued_at__lt=now - lease)
        | Q(state=MediaState.PENDING, enqueued_at__isnull=True, created_at__lt=now - lease)
    )
    count = 0
    for pk in Attachment.objects.filter(stalled).values_list("pk", flat=True):
        # Release, abandon and queue again in one transaction, the file's row locked
        # first: a sweep cut off midway leaves the file as it found it, and a competing
        # sweep waits on the lock, then finds the file queued afresh and leaves it.
        with transaction.atomic():
            attachment = (
                Attachment.objects.select_for_update()
                .filter(stalled, pk=pk)
                .only("pk", "state", "task_id")
                .first()
            )
            if attachment is None:
                continue  # claimed or queued since the list was read
            if attachment.state == MediaState.PENDING and _task_waiting(attachment.task_id, now):
                continue
            if attachment.state == MediaState.PROCESSING:
                # Back to waiting: until its new task runs, later sweeps see a queued
                # file and leave it alone.
                Attachment.objects.filter(pk=pk).update(state=MediaState.PENDING, lease_until=None)
            _abandon_task(attachment.task_id)
            if _uses_database_queue():
                enqueue_processing(pk)  # its task row commits with the rest
            else:
                transaction.on_commit(partial(enqueue_processing, pk))
        count += 1
    if count:
        log.warning("media recovery queued %s stalled file(s) again", count)
    return count


def _uses_database_queue() -> bool:
    from .tasks import process_attachment

    return queued_in_database(process_attachment)


def _task_waiting(task_id: str, now: datetime) -> bool:
    """Whether the task is still queued, or has just started, in the database queue.

    A task claims its file as soon as it starts: one running for longer than a lease
    while its file still waits lost its worker in between."""
    if not task_id or not _uses_database_queue():
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    started_recently = Q(
        status=TaskResultStatus.RUNNING,
        started_at__gte=now - timedelta(seconds=settings.PAHT_MEDIA_LEASE_SECONDS),
    )
    return (
        DBTaskResult.objects.filter(pk=task_id)
        .filter(Q(status=TaskResultStatus.READY) | started_recently)
        .exists()
    )


def _abandon_task(task_id: str) -> None:
    """Mark a lost worker's task as failed in the database queue, so it is not left running."""
    if not task_id or not _uses_database_queue():
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED, finished_at=timezone.now()
    )


def purge_orphans(*, now: datetime | None = None) -> int:
    """Delete uploads never attached within ``PAHT_MEDIA_ORPHAN_HOURS``, and originals a
    crash left behind after processing; returns how many uploads were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.PAHT_MEDIA_ORPHAN_HOURS)
    count = 0
    for attachment in Attachment.objects.filter(report__isnull=True, created_at__lt=cutoff):
        # The row goes only if it is still unattached: an attach at this moment wins.
        deleted, _rows = Attachment.objects.filter(pk=attachment.pk, report__isnull=True).delete()
        if deleted:
            attachment_delete_files(attachment)
            count += 1
    if not settings.PAHT_MEDIA_KEEP_ORIGINALS:
        storage = media_storage()
        leftovers = Attachment.objects.filter(state=MediaState.READY).exclude(original_name="")
        for attachment in leftovers.only("pk", "original_name"):
            storage.delete(attachment.original_name)
            Attachment.objects.filter(pk=attachment.pk).update(original_name="")
    return count


def attachment_delete_files(attachment: Attachment) -> None:
    storage = media_storage()
    for name in [attachment.original_name, *attachment.files.values()]:
        if name:
            storage.delete(name)
    _delete_other_files(storage, attachment, keep=set())
