"""Reminders before a deadline and overdue notices, once per recipient per deadline."""

from datetime import timedelta

from paht.notify.models import Kind, Message
from paht.notify.services import notify_sweep, reminders_create
from paht.reports.models import State
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import report_in_state

from .conftest import recipients, user_keys


def test_unit_is_reminded_once_before_its_deadline(staff, settings):
    settings.PAHT_REMIND_BEFORE_HOURS = 4
    report, _ = report_in_state(staff, State.IN_PROGRESS)
    deadline = report.deadline_at
    assert reminders_create(now=deadline - timedelta(hours=5)) == 0  # not yet
    assert reminders_create(now=deadline - timedelta(hours=3)) == 2
    assert recipients(Kind.DEADLINE_SOON) == user_keys(staff, "handler", "handler2")
    assert reminders_create(now=deadline - timedelta(hours=2)) == 0  # once
    message = Message.objects.filter(kind=Kind.DEADLINE_SOON).first()
    assert message.deadline_at == deadline and report.code in message.subject
    assert f"/can-bo/phan-anh/{report.code}/" in message.body

    # An extension moves the deadline: a new reminder is due before the new one.
    report_transition(
        report=report,
        action=Action.REQUEST_EXTENSION,
        actor=staff.actor("handler"),
        note="Chờ vật tư",
        working_days=2,
    )
    extended = report_transition(
        report=report, action=Action.GRANT_EXTENSION, actor=staff.actor("coordinator")
    ).report
    assert extended.deadline_at > deadline
    assert reminders_create(now=extended.deadline_at - timedelta(hours=1)) == 2
    assert Message.objects.filter(kind=Kind.DEADLINE_SOON).count() == 4


def test_approvers_are_reminded_of_a_result_waiting(staff):
    report, _ = report_in_state(staff, State.PENDING_APPROVAL)
    reminders_create(now=report.deadline_at - timedelta(minutes=30))
    assert recipients(Kind.DEADLINE_SOON) == user_keys(staff, "approver")


def test_coordinators_hear_once_when_a_report_becomes_overdue(staff):
    report, _ = report_in_state(staff, State.ASSIGNED)
    late = report.deadline_at + timedelta(minutes=1)
    # The sweep (reminders, then sending) in one pass, as the worker runs it.
    result = notify_sweep(now=late)
    assert result["reminders"] == 1
    assert recipients(Kind.OVERDUE) == user_keys(staff, "coordinator")
    overdue = Message.objects.get(kind=Kind.OVERDUE)
    assert "UBND Phường An Xuyên" in overdue.body  # the unit late, not the coordinator's
    assert reminders_create(now=late + timedelta(hours=1)) == 0
    # Long-past deadlines are not announced as news.
    old, _ = report_in_state(staff, State.ASSIGNED)
    assert reminders_create(now=old.deadline_at + timedelta(days=8)) == 0


def test_closed_reports_get_no_reminders(staff):
    report, _ = report_in_state(staff, State.PUBLISHED)
    assert report.deadline_at is None
    returned, _ = report_in_state(staff, State.RETURNED)
    assert reminders_create(now=returned.submitted_at + timedelta(days=3)) == 0


def test_a_sweep_reads_each_units_members_once_however_many_reports(staff, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAHT_REMIND_BEFORE_HOURS = 4

    def sweep(count: int) -> tuple[int, int]:
        Message.objects.all().delete()
        reports = [report_in_state(staff, State.IN_PROGRESS)[0] for _ in range(count)]
        reports.append(report_in_state(staff, State.PENDING_APPROVAL)[0])
        at = max(r.deadline_at for r in reports) - timedelta(hours=1)
        with CaptureQueriesContext(connection) as queries:
            created = reminders_create(now=at)
        return created, len(queries)

    few, few_queries = sweep(1)
    many, many_queries = sweep(5)
    # The second sweep finds the first one's reports too: 6 in progress, 2 waiting.
    assert (few, many) == (2 + 1, 2 * 6 + 2)  # the two handlers each, the approver
    assert many_queries == few_queries
