"""Sending: retries with backoff, claims between workers, channels, clean logs."""

import logging
import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from paht.core.errors import PermissionDenied
from paht.notify import services
from paht.notify.models import Channel, Kind, Message, Status
from paht.notify.services import messages_deliver, messages_retry
from paht.reports.models import ReporterContact, State
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import make_world, submit

from .conftest import EMAILS, REPORTER_DATA, messages


def admin_user():
    return get_user_model().objects.create_superuser("root", "root@example.org", "x-test-pass-1")


def test_a_pending_email_is_sent_once_to_a_real_smtp_server(staff, smtp_server):
    report = submit(staff).report
    assert messages_deliver() == {Status.SENT: 1}
    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == ["an@example.com"]
    assert report.code in envelope.content.decode()
    (message,) = messages(report=report)
    assert message.status == Status.SENT and message.attempts == 1 and message.sent_at
    assert messages_deliver() == {}  # nothing sends twice
    assert len(smtp_server.envelopes) == 1


def test_failures_are_retried_with_backoff_then_given_up(staff, smtp_down, settings):
    settings.PAHT_NOTIFY_MAX_ATTEMPTS = 3
    settings.PAHT_NOTIFY_RETRY_BASE_SECONDS = 60
    report = submit(staff).report
    (message,) = messages(report=report)
    t0 = timezone.now()

    assert messages_deliver(now=t0) == {Status.FAILED: 1}
    message.refresh_from_db()
    assert message.attempts == 1 and message.status == Status.FAILED
    assert message.next_attempt_at == t0 + timedelta(seconds=60)
    assert message.last_error.startswith("ConnectionRefusedError")
    assert "an@example.com" not in message.last_error

    assert messages_deliver(now=t0 + timedelta(seconds=59)) == {}  # not due yet
    assert messages_deliver(now=t0 + timedelta(seconds=60)) == {Status.FAILED: 1}
    message.refresh_from_db()
    assert message.next_attempt_at == t0 + timedelta(seconds=60 + 120)  # doubled
    assert messages_deliver(now=t0 + timedelta(seconds=179)) == {}
    assert messages_deliver(now=t0 + timedelta(seconds=180)) == {Status.DEAD: 1}
    assert messages_deliver(now=t0 + timedelta(days=30)) == {}
    message.refresh_from_db()
    assert message.status == Status.DEAD and message.attempts == 3


def test_a_dead_message_is_sent_again_on_an_admins_retry(staff, smtp_down, settings):
    settings.PAHT_NOTIFY_MAX_ATTEMPTS = 1
    report = submit(staff).report
    assert messages_deliver() == {Status.DEAD: 1}
    (message,) = messages(report=report)
    with pytest.raises(PermissionDenied):
        messages_retry(user=staff.users["coordinator"], ids=[message.pk])
    assert messages_retry(user=admin_user(), ids=[message.pk]) == 1
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.attempts == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert messages_deliver() == {Status.SENT: 1}
    assert mail.outbox[0].to == ["an@example.com"]


def test_a_failing_channel_never_blocks_the_workflow_action(
    staff, smtp_down, django_capture_on_commit_callbacks
):
    report = submit(staff).report
    with django_capture_on_commit_callbacks(execute=True):
        # The task runs at once in tests (immediate backend) and the send fails.
        event = report_transition(
            report=report,
            action=Action.ASSIGN,
            actor=staff.actor("coordinator"),
            lead_unit=staff.units["an_xuyen"],
        )
    report.refresh_from_db()
    assert report.state == State.ASSIGNED
    statuses = {m.status for m in messages(event=event)}
    assert statuses == {Status.FAILED}


def test_reporter_without_email_gets_the_sms_through_the_gateway(staff, _sms_outbox):
    report = submit(staff, email="").report
    assert messages_deliver() == {Status.SENT: 1}
    (sms,) = _sms_outbox
    assert sms.phone == "0912345678" and report.code in sms.text


def test_a_claimed_message_is_left_alone_until_its_lease_runs_out(staff):
    report = submit(staff).report
    now = timezone.now()
    (claimed,) = services._claim(Message.objects.all(), now, 10)  # worker A, then it dies
    assert messages_deliver(now=now) == {}  # worker B keeps off
    later = now + services.LEASE + timedelta(seconds=1)
    assert messages_deliver(now=later) == {Status.SENT: 1}  # B takes over
    # A coming back late cannot overwrite the outcome B recorded.
    (message,) = messages(report=report)
    assert message.attempts == 2
    assert services._send(claimed, later) == Status.SENT
    message.refresh_from_db()
    assert message.claim != claimed.claim and message.status == Status.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_message_exactly_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Queued, not run: the two workers below are the only senders.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    world = make_world()
    for i in range(12):
        submit(world, email=f"nguoi{i}@example.com")
    assert Message.objects.filter(status=Status.PENDING).count() == 12
    mail.outbox = []
    errors = []

    def worker():
        try:
            for _ in range(6):
                messages_deliver(limit=2)
        except Exception as exc:  # pragma: no cover - shown in the assertion below
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sent_to = sorted(m.to[0] for m in mail.outbox)
    assert sent_to == sorted(f"nguoi{i}@example.com" for i in range(12))
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


def test_anonymised_contacts_are_forgotten_by_the_outbox(staff):
    report = submit(staff).report
    sent = submit(staff).report
    messages_deliver(ids=[m.pk for m in messages(report=sent)])
    ReporterContact.objects.filter(report__in=[report, sent]).update(
        anonymised_at=timezone.now(), name="", phone="", email=""
    )
    assert services.addresses_forget() == 2
    (pending,) = messages(report=report)
    (done,) = messages(report=sent)
    assert pending.address == "" and pending.status == Status.DEAD
    assert done.address == "" and done.status == Status.SENT
    assert messages_deliver() == {}


def test_no_personal_data_or_body_reaches_the_logs(staff, smtp_down, settings, caplog):
    settings.PAHT_NOTIFY_MAX_ATTEMPTS = 1
    caplog.set_level(logging.DEBUG)
    report = submit(staff).report
    submit(staff, email="")  # SMS
    report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=staff.actor("coordinator"),
        lead_unit=staff.units["an_xuyen"],
    )
    messages_deliver()  # emails fail, the SMS goes
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    messages_retry(user=admin_user(), ids=list(Message.objects.values_list("pk", flat=True)))
    messages_deliver()
    assert Message.objects.filter(status=Status.SENT).count() == Message.objects.count() == 5
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "notification id=" in logged and "status=dead" in logged
    for secret in [*REPORTER_DATA, *EMAILS.values()]:
        assert secret not in logged
    for body in Message.objects.values_list("body", flat=True):
        assert body not in logged
    assert Message.objects.filter(channel=Channel.SMS, kind=Kind.RECEIVED).count() == 1
