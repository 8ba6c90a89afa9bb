"""A real worker run delivers the outbox to a real local SMTP server."""

import pytest
from django.core.management import call_command

from paht.notify.models import Kind, Message, Status
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import make_world, submit

from .conftest import EMAILS


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_outbox_to_an_smtp_server(settings, smtp_server):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    world = make_world()
    for name in ("handler", "handler2"):
        world.users[name].email = EMAILS[name]
        world.users[name].save()
    report = submit(world).report
    report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=world.actor("coordinator"),
        lead_unit=world.units["an_xuyen"],
    )
    # Committed and queued, nothing sent yet: sending is the worker's.
    assert smtp_server.envelopes == []
    assert Message.objects.filter(status=Status.PENDING).count() == 4

    call_command("worker", batch=True, verbosity=0)

    received = sorted((e.rcpt_tos[0], _subject(e)) for e in smtp_server.envelopes)
    assert [r for r, _ in received] == sorted(
        ["an@example.com", "an@example.com", EMAILS["handler"], EMAILS["handler2"]]
    )
    assert all(report.code in subject for _, subject in received)
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}
    unit_message = Message.objects.get(kind=Kind.UNIT_ASSIGNED, user=world.users["handler"])
    assert unit_message.sent_at is not None

    # A second run finds nothing left to send.
    call_command("worker", batch=True, verbosity=0)
    assert len(smtp_server.envelopes) == 4


def _subject(envelope) -> str:
    from email import message_from_bytes
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message_from_bytes(envelope.content)["Subject"])))
