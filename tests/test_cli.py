import subprocess
import sys

import pytest
from django.core.management import call_command


def test_paht_command_lists_its_subcommands():
    out = subprocess.run(
        [sys.executable, "-m", "paht", "help"],
        capture_output=True,
        text=True,
        check=True,
        env={
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": "src:.",
        },
    ).stdout
    for name in ["serve", "worker", "seed_demo", "import_units", "migrate", "createsuperuser"]:
        assert name in out


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_tasks(settings):
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from tests.factories import make_world, submit

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    submit(make_world())
    assert len(mail.outbox) == 0  # queued in the database, not sent yet
    # Delivering the "received" message, and the triage assistant reading the report.
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "paht.notify.tasks.deliver_messages",
        "paht.triage.tasks.assess_report",
    ]
    call_command("worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1
