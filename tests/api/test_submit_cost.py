"""What one submission costs the database: a fixed set of statements in one transaction,
its background tasks written inside it (the database task backend), nothing left behind
by a submission that fails."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from paht.core.models import RateCounter
from paht.notify.models import Message
from paht.reports.models import Report
from tests.api.citizen_helpers import new_app_key, post_json, report_body
from tests.factories import make_world

pytestmark = pytest.mark.django_db(transaction=True)

# The key's row, the rate counters (one statement), the tracking code, the report, its
# contact, its event, the triage task, the notification and its task, the key's answer;
# the app key's lookup and hourly counter before. SAVEPOINT/RELEASE, BEGIN/COMMIT aside.
SUBMIT_STATEMENTS = 12


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


def _post(client, key, body):
    return post_json(client, "/reports", body, key=key, idempotency_key=uuid.uuid4().hex)


def _sql(queries) -> list[str]:
    return [q["sql"].strip().split()[0].upper() for q in queries.captured_queries]


def test_a_submission_is_one_transaction_with_its_tasks(database_tasks):
    make_world()
    key = new_app_key()
    client = Client()
    assert _post(client, key, report_body()).status_code == 201  # warm the process caches
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, key, report_body(phone="0983 111 222"))
    assert response.status_code == 201, response.content.decode()
    kinds = _sql(queries)
    statements = [k for k in kinds if k not in {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"}]
    assert len(statements) == SUBMIT_STATEMENTS, kinds
    # The app key's lookup and counter (autocommit), then one transaction: tasks inside.
    assert kinds[:3] == ["SELECT", "INSERT", "BEGIN"], kinds
    assert kinds.count("BEGIN") == 1 and kinds.count("COMMIT") == 1, kinds
    assert kinds[-1] == "COMMIT", kinds
    report = Report.objects.get(code=response.json()["code"])
    (message,) = Message.objects.filter(report=report)
    tasks = {t.task_path: t.args_kwargs["args"] for t in DBTaskResult.objects.all()}
    assert tasks["paht.triage.tasks.assess_report"] == [report.pk]
    deliveries = [
        t.args_kwargs["args"]
        for t in DBTaskResult.objects.filter(task_path="paht.notify.tasks.deliver_messages")
    ]
    assert [[message.pk]] in deliveries


def test_a_failed_submission_leaves_no_task_and_no_count(database_tasks):
    make_world()
    key = new_app_key()
    before = DBTaskResult.objects.count()
    # A file reference that does not exist fails the submission after the report row.
    body = report_body(attachments=[{"id": str(uuid.uuid4()), "key": "x" * 43}])
    response = _post(Client(), key, body)
    assert response.status_code == 400, response.content.decode()
    assert response.json()["error"]["code"] == "unknown_file"  # after the report row
    assert Report.objects.count() == 0
    assert DBTaskResult.objects.count() == before
    assert not RateCounter.objects.filter(bucket__in=["submit_phone", "submit_ip"]).exists()
