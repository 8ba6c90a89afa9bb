"""Processing in the worker: derivatives, quarantine, leases and take-over, recovery."""

from datetime import timedelta

import pytest
from django.utils import timezone

from paht.media import processing, services
from paht.media.models import Attachment, MediaState
from paht.reports.models import ReportEvent
from paht.reports.permissions import Actor
from tests.factories import submit
from tests.media import samples
from tests.media.conftest import stored_files, upload


def attached(world, data=None, name="photo.jpg"):
    report = submit(world).report
    result = upload(data or samples.jpeg(800, 600), name)
    services.attachments_attach(
        report=report,
        refs=[(str(result.attachment.pk), result.key)],
        actor=Actor.reporter(report),
    )
    return report, Attachment.objects.get(pk=result.attachment.pk)


@pytest.mark.django_db
def test_upload_is_processed_by_the_task_after_commit(
    world, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(samples.jpeg(800, 600))
    attachment = Attachment.objects.get(pk=result.attachment.pk)
    assert attachment.state == MediaState.READY and attachment.attempts == 1
    assert attachment.task_id
    assert set(attachment.files) == {"display", "medium", "small"}
    assert attachment.original_name == ""  # originals are not kept by default
    assert stored_files(media_root) == sorted(attachment.files.values())
    assert all(name.startswith(f"public/{attachment.pk}/a1/") for name in attachment.files.values())


@pytest.mark.django_db
def test_original_is_kept_only_when_the_setting_says_so(world, settings, media_root):
    settings.PAHT_MEDIA_KEEP_ORIGINALS = True
    _, attachment = attached(world)
    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    assert attachment.original_name == f"incoming/{attachment.pk}"
    assert attachment.original_name in stored_files(media_root)


@pytest.mark.django_db
def test_video_gets_a_stripped_copy_and_a_poster(world, media_root):
    _, attachment = attached(world, samples.video("mov"), "clip.mov")
    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    assert set(attachment.files) == {"video", "poster", "small"}
    assert attachment.content_types["video"] == "video/mp4"
    assert attachment.duration == pytest.approx(2.0, abs=0.1)
    assert (attachment.taken_lat, attachment.taken_lng) == (
        pytest.approx(samples.LAT),
        pytest.approx(samples.LNG),
    )


@pytest.mark.django_db
def test_file_failing_in_the_worker_is_quarantined_and_the_report_stays(world, media_root):
    # A PNG's header is fine, its pixel data is cut off: only a full decode finds out.
    data = samples.png(alpha=False)
    report, attachment = attached(world, data[: len(data) // 3], "cut.png")
    state_before, version_before = report.state, report.version
    assert services.attachment_process(attachment.pk) == "quarantined"
    attachment.refresh_from_db()
    assert attachment.state == MediaState.QUARANTINED
    assert attachment.error_code == "unreadable" and "hỏng" in attachment.error
    assert attachment.files == {}
    # The file stays, privately, for the coordinator to look at; nothing public exists.
    assert stored_files(media_root) == [f"incoming/{attachment.pk}"]
    report.refresh_from_db()
    assert (report.state, report.version) == (state_before, version_before)
    event = ReportEvent.objects.get(report=report, action="media_quarantined")
    assert not event.citizen_visible and event.data["attachment"] == str(attachment.pk)
    # Running it again changes nothing.
    assert services.attachment_process(attachment.pk) == "skipped"


@pytest.mark.django_db
def test_a_file_held_by_a_live_worker_is_not_taken(world):
    _, attachment = attached(world)
    Attachment.objects.filter(pk=attachment.pk).update(
        state=MediaState.PROCESSING, attempts=1, lease_until=timezone.now() + timedelta(minutes=5)
    )
    assert services.attachment_process(attachment.pk) == "skipped"
    assert Attachment.objects.get(pk=attachment.pk).attempts == 1


@pytest.mark.django_db
def test_an_expired_lease_is_taken_over_and_leftovers_removed(world, media_root):
    _, attachment = attached(world)
    # A first attempt wrote part of its files, then its worker vanished.
    storage = services.media_storage()
    from django.core.files.base import ContentFile

    storage.save(f"public/{attachment.pk}/a1/display.jpg", ContentFile(b"partial"))
    Attachment.objects.filter(pk=attachment.pk).update(
        state=MediaState.PROCESSING, attempts=1, lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    assert attachment.attempts == 2
    assert stored_files(media_root) == sorted(attachment.files.values())
    assert all("/a2/" in name for name in attachment.files.values())


@pytest.mark.django_db
def test_a_late_finisher_does_not_overwrite_the_attempt_that_replaced_it(world, media_root):
    _, attachment = attached(world)
    real_process = processing.pipeline.process

    def overtaken(*args, **kwargs):
        result = real_process(*args, **kwargs)
        # While this attempt decoded, its lease ran out and another attempt claimed it.
        Attachment.objects.filter(pk=attachment.pk).update(attempts=2)
        return result

    processing.pipeline.process = overtaken
    try:
        assert services.attachment_process(attachment.pk) == "superseded"
    finally:
        processing.pipeline.process = real_process
    attachment.refresh_from_db()
    assert attachment.state == MediaState.PROCESSING and attachment.files == {}
    assert stored_files(media_root) == [f"incoming/{attachment.pk}"]


@pytest.mark.django_db
def test_repeated_failures_end_in_quarantine(world):
    report, attachment = attached(world)
    Attachment.objects.filter(pk=attachment.pk).update(
        state=MediaState.PROCESSING,
        attempts=services.MAX_ATTEMPTS,
        lease_until=timezone.now() - timedelta(seconds=1),
    )
    assert services.attachment_process(attachment.pk) == "quarantined"
    attachment.refresh_from_db()
    assert attachment.state == MediaState.QUARANTINED
    assert attachment.error_code == "failed_repeatedly"
    assert ReportEvent.objects.filter(report=report, action="media_quarantined").count() == 1


@pytest.mark.django_db
def test_recovery_queues_stalled_files_again(world, settings, django_capture_on_commit_callbacks):
    _, lost = attached(world)  # its task was never run: still pending
    _, held = attached(world)
    _, live = attached(world)
    now = timezone.now()
    Attachment.objects.filter(pk=lost.pk).update(created_at=now - timedelta(hours=1))
    Attachment.objects.filter(pk=held.pk).update(
        state=MediaState.PROCESSING, attempts=1, lease_until=now - timedelta(seconds=5)
    )
    Attachment.objects.filter(pk=live.pk).update(
        state=MediaState.PROCESSING, attempts=1, lease_until=now + timedelta(minutes=5)
    )
    # Tasks run inline here, once the sweep's transaction commits: both finish.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.recover_stalled() == 2
    states = dict(Attachment.objects.values_list("pk", "state"))
    assert states[lost.pk] == states[held.pk] == MediaState.READY
    assert states[live.pk] == MediaState.PROCESSING


@pytest.mark.django_db
def test_orphan_uploads_are_purged_after_the_grace_period(world, media_root):
    fresh = upload(samples.jpeg(200, 150))
    stale = upload(samples.jpeg(200, 150))
    _, kept = attached(world)
    Attachment.objects.filter(pk__in=[stale.attachment.pk, kept.pk]).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    assert services.purge_orphans() == 1
    assert set(Attachment.objects.values_list("pk", flat=True)) == {fresh.attachment.pk, kept.pk}
    assert f"incoming/{stale.attachment.pk}" not in stored_files(media_root)


@pytest.mark.django_db
def test_quarantined_file_can_be_retried_from_the_admin(
    world, client, django_user_model, django_capture_on_commit_callbacks
):
    admin_client = client
    admin_client.force_login(django_user_model.objects.create_superuser("root", "", "x-pass-1"))
    _, attachment = attached(world)
    Attachment.objects.filter(pk=attachment.pk).update(
        state=MediaState.QUARANTINED, attempts=3, error="Lỗi tạm thời", error_code="x"
    )
    changelist = admin_client.get("/admin/media/attachment/")
    assert changelist.status_code == 200
    assert "Lỗi tạm thời" in changelist.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/media/attachment/",
            {"action": "retry", "_selected_action": [str(attachment.pk)]},
        )
    assert response.status_code == 302
    attachment.refresh_from_db()
    # The fencing counter never goes back: the retry is attempt 4, with three more allowed.
    assert attachment.state == MediaState.READY
    assert (attachment.attempts, attachment.attempt_limit) == (4, 6)
    assert attachment.error == ""
    page = admin_client.get(f"/admin/media/attachment/{attachment.pk}/change/")
    assert page.status_code == 200
    assert f"/media/{attachment.pk}/small" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_slow_file_keeps_its_lease_while_its_worker_lives(settings, monkeypatch):
    import threading
    import time

    from django.db import connection

    from tests.factories import make_world

    settings.PAHT_MEDIA_LEASE_SECONDS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queue only
    _, attachment = attached(make_world())
    assert attachment.state == MediaState.PENDING
    real_process = processing.pipeline.process
    started = threading.Event()

    def slow(*args, **kwargs):
        started.set()
        time.sleep(2.5)  # longer than two leases: only renewal keeps the file
        return real_process(*args, **kwargs)

    monkeypatch.setattr(processing.pipeline, "process", slow)
    outcome = {}

    def first_worker():
        try:
            outcome["first"] = services.attachment_process(attachment.pk)
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    assert started.wait(10)
    time.sleep(1.5)  # the original lease has run out by now
    outcome["second"] = services.attachment_process(attachment.pk)
    thread.join(30)
    assert outcome == {"first": "ready", "second": "skipped"}
    attachment.refresh_from_db()
    assert attachment.state == MediaState.READY and attachment.attempts == 1


@pytest.mark.django_db
def test_recovery_leaves_files_waiting_in_the_queue_alone(world, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _, waiting = attached(world)
    services.enqueue_processing(waiting.pk)  # queued behind a long backlog
    Attachment.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(hours=2),
        enqueued_at=timezone.now() - timedelta(hours=1),
    )
    media_tasks = DBTaskResult.objects.filter(task_path="paht.media.tasks.process_attachment")
    assert media_tasks.count() == 1
    for _ in range(3):
        assert services.recover_stalled() == 0
    assert media_tasks.count() == 1
    # Once its task is gone (failed, pruned), the file is queued again, once.
    media_tasks.update(status="FAILED")
    assert services.recover_stalled() == 1
    assert services.recover_stalled() == 0
    assert media_tasks.count() == 2


@pytest.mark.django_db
def test_a_lost_workers_file_is_queued_again_once_until_its_new_task_runs(world, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _, lost = attached(world)
    services.enqueue_processing(lost.pk)
    media_tasks = DBTaskResult.objects.filter(task_path="paht.media.tasks.process_attachment")
    first_task = media_tasks.get()
    # Its worker claimed it, then vanished: the task stays "running", the lease runs out.
    media_tasks.update(status=TaskResultStatus.RUNNING)
    Attachment.objects.filter(pk=lost.pk).update(
        state=MediaState.PROCESSING, attempts=1, lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.recover_stalled() == 1
    # Sweeps before a worker picks the new task up queue nothing more.
    for _ in range(3):
        assert services.recover_stalled() == 0
    lost.refresh_from_db()
    assert lost.state == MediaState.PENDING and lost.lease_until is None and lost.attempts == 1
    first_task.refresh_from_db()
    assert first_task.status == TaskResultStatus.FAILED
    assert list(media_tasks.exclude(pk=first_task.pk).values_list("status", flat=True)) == [
        TaskResultStatus.READY
    ]
    assert services.attachment_process(lost.pk) == "ready"
    lost.refresh_from_db()
    assert lost.state == MediaState.READY and lost.attempts == 2


@pytest.mark.django_db
def test_a_sweep_cut_off_midway_leaves_the_file_for_the_next_one(world, settings, monkeypatch):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _, lost = attached(world)
    services.enqueue_processing(lost.pk)
    media_tasks = DBTaskResult.objects.filter(task_path="paht.media.tasks.process_attachment")
    media_tasks.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    Attachment.objects.filter(pk=lost.pk).update(
        state=MediaState.PROCESSING, attempts=1, lease_until=timezone.now() - timedelta(seconds=1)
    )
    real_abandon = processing._abandon_task

    def cut_off(task_id):
        raise RuntimeError("the worker was stopped here")

    monkeypatch.setattr(processing, "_abandon_task", cut_off)
    with pytest.raises(RuntimeError):
        services.recover_stalled()
    lost.refresh_from_db()
    assert lost.state == MediaState.PROCESSING  # the release went back with the rest
    monkeypatch.setattr(processing, "_abandon_task", real_abandon)
    assert services.recover_stalled() == 1
    assert media_tasks.filter(status=TaskResultStatus.READY).count() == 1


@pytest.mark.django_db
def test_a_task_that_started_and_vanished_before_its_claim_is_replaced(world, settings):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PAHT_MEDIA_LEASE_SECONDS = 60
    _, waiting = attached(world)
    services.enqueue_processing(waiting.pk)
    hour_ago = timezone.now() - timedelta(hours=1)
    Attachment.objects.filter(pk=waiting.pk).update(enqueued_at=hour_ago)
    media_tasks = DBTaskResult.objects.filter(task_path="paht.media.tasks.process_attachment")
    # Started a moment ago: its claim is coming, the file is left alone.
    media_tasks.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    assert services.recover_stalled() == 0
    # Started an hour ago and the file still waits: its worker died before claiming it.
    media_tasks.update(started_at=hour_ago)
    assert services.recover_stalled() == 1
    assert media_tasks.count() == 2


@pytest.mark.django_db
def test_a_slow_worker_taken_for_lost_keeps_its_result_if_nobody_took_over(
    world, settings, monkeypatch
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _, attachment = attached(world)
    real_process = processing.pipeline.process

    def taken_for_lost(*args, **kwargs):
        # While this worker decodes, its lease runs out and a sweep queues the file again.
        Attachment.objects.filter(pk=attachment.pk).update(
            lease_until=timezone.now() - timedelta(seconds=1)
        )
        assert services.recover_stalled() == 1
        return real_process(*args, **kwargs)

    monkeypatch.setattr(processing.pipeline, "process", taken_for_lost)
    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    assert attachment.state == MediaState.READY and attachment.attempts == 1
    # The task queued by the sweep finds the file done.
    monkeypatch.setattr(processing.pipeline, "process", real_process)
    queued = DBTaskResult.objects.filter(task_path="paht.media.tasks.process_attachment")
    assert queued.count() == 1
    assert services.attachment_process(attachment.pk) == "skipped"
