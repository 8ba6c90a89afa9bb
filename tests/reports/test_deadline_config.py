"""The deadline rules and calendar a process keeps: read once, dropped when they change."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from paht.reports.deadlines import current_calendar, rule_for, step_deadline
from paht.reports.models import CalendarDay, DeadlineRule, Field, Step

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=VN)


def _handle_hours(field_id):
    return rule_for(step=Step.HANDLE, field_id=field_id, priority="normal")


def test_rules_and_calendar_are_read_once_per_process(world):
    field = Field.objects.get(code="dien_chieu_sang")
    step_deadline(step=Step.HANDLE, field_id=field.pk, priority="normal", start=MONDAY_9)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            step_deadline(step=Step.ACCEPT, field_id=field.pk, priority="normal", start=MONDAY_9)
            current_calendar()
    assert len(queries) == 0


def test_a_change_saved_here_is_seen_at_once(world):
    field = Field.objects.get(code="dien_chieu_sang")
    assert _handle_hours(field.pk).measure == "working_days"  # the default: 3 working days
    rule = DeadlineRule.objects.create(
        step=Step.HANDLE, field=field, priority="", amount=2, measure="working_hours"
    )
    assert _handle_hours(field.pk).measure == "working_hours"
    rule.delete()
    assert _handle_hours(field.pk).measure == "working_days"
    # A declared day off moves the next deadline at once too.
    before = step_deadline(step=Step.CLASSIFY, field_id=None, priority="", start=MONDAY_9)
    CalendarDay.objects.create(date=MONDAY_9.date(), kind="day_off", name="Bão")
    after = step_deadline(step=Step.CLASSIFY, field_id=None, priority="", start=MONDAY_9)
    assert (before, after) == (
        datetime(2026, 11, 23, 11, 0, tzinfo=VN),  # 2 working hours
        datetime(2026, 11, 23, 21, 0, tzinfo=VN),  # 12 calendar hours on a day off
    )


def test_another_process_change_is_seen_after_the_cache_time(world, settings):
    """A row written without this process's signals (another app server) is picked up
    once the copy is older than PAHT_CONFIG_CACHE_SECONDS."""
    field = Field.objects.get(code="dien_chieu_sang")
    rule = DeadlineRule.objects.create(
        step=Step.HANDLE, field=field, priority="", amount=2, measure="working_hours"
    )
    assert _handle_hours(field.pk).amount == 2
    DeadlineRule.objects.filter(pk=rule.pk).update(amount=5)  # no signal: "elsewhere"
    settings.PAHT_CONFIG_CACHE_SECONDS = 3600
    assert _handle_hours(field.pk).amount == 2
    settings.PAHT_CONFIG_CACHE_SECONDS = -1  # any copy is too old
    assert _handle_hours(field.pk).amount == 5
