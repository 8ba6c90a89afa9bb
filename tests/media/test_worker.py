"""A real `paht worker` killed in the middle of a task: the file is finished exactly once."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from paht.media import services
from paht.media.models import Attachment, MediaState
from paht.reports.permissions import Actor
from tests.factories import make_world, submit
from tests.media import samples
from tests.media.conftest import stored_files, upload

# The first worker stops for good right after writing its derivatives to storage, as if
# the machine died there; the test then kills it.
HANGING_WORKER = """
import os, sys, time
import django
django.setup()
from paht.media import processing
real_save = processing.save_derivatives
def save_then_hang(*args, **kwargs):
    names = real_save(*args, **kwargs)
    open(os.environ["PAHT_TEST_MARKER"], "w").close()
    time.sleep(3600)
processing.save_derivatives = save_then_hang
from django.core.management import call_command
call_command("worker", interval=0.1, sweep_interval=3600)
"""


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for(condition, timeout=60.0, what=""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_task_is_replaced_and_the_file_done_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    world = make_world()
    report = submit(world).report
    result = upload(samples.jpeg(1600, 1200))
    services.attachments_attach(
        report=report, refs=[(str(result.attachment.pk), result.key)], actor=Actor.reporter(report)
    )
    attachment = Attachment.objects.get(pk=result.attachment.pk)
    media_tasks = DBTaskResult.objects.filter(task_path="paht.media.tasks.process_attachment")
    first_task = media_tasks.get()
    assert attachment.task_id == str(first_task.pk)

    marker = tmp_path / "derivatives-written"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "PAHT_DATA_DIR": str(tmp_path),  # its media storage is this test's media_root
        "PAHT_MEDIA_LEASE_SECONDS": "2",
        "PAHT_TEST_MARKER": str(marker),
        "PYTHONPATH": os.pathsep.join(sys.path),
    }
    first = subprocess.Popen([sys.executable, "-c", HANGING_WORKER], env=env, cwd=tmp_path)
    try:
        wait_for(marker.exists, what="the first worker to write its files")
        attachment.refresh_from_db()
        assert attachment.state == MediaState.PROCESSING and attachment.attempts == 1
        assert any("/a1/" in name for name in stored_files(tmp_path / "media"))
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)

    second = subprocess.Popen(
        [sys.executable, "-m", "paht", "worker", "--interval", "0.1", "--sweep-interval", "0.5"],
        env=env,
        cwd=tmp_path,
    )
    try:
        wait_for(
            lambda: Attachment.objects.get(pk=attachment.pk).state == MediaState.READY,
            what="the second worker to finish the file",
        )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    attachment.refresh_from_db()
    assert attachment.attempts == 2
    # One set of public files, the second attempt's; the first attempt's are gone.
    files = stored_files(tmp_path / "media")
    assert files == sorted(attachment.files.values())
    assert all(f"public/{attachment.pk}/a2/" in name for name in files)
    # The lost task is marked failed, its replacement succeeded once, and nothing else ran.
    first_task.refresh_from_db()
    assert first_task.status == TaskResultStatus.FAILED
    tasks = media_tasks.exclude(pk=first_task.pk)
    assert [(t.status, t.return_value) for t in tasks] == [(TaskResultStatus.SUCCESSFUL, "ready")]
