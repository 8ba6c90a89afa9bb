"""Deadline rules per step × field × priority, counted on the working-time calendar.

The rules and the calendar are kept per process (``core.process_cache``): every
submission and transition needs them, an admin changes them a few times a year.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS

from paht.core.process_cache import ProcessCache

from .models import CalendarDay, CalendarSettings, DeadlineRule, Priority, Step
from .worktime import WorkingCalendar

M = DeadlineRule.Measure


@dataclass(frozen=True)
class RuleValue:
    amount: Decimal
    measure: str
    off_day_hours: Decimal | None = None


# Defaults from the provinces' regulations (DESIGN §1); rows in DeadlineRule override them.
DEFAULT_RULES: dict[tuple[str, str], RuleValue] = {
    # Cà Mau, QĐ 17/2022: classify and forward within 2 working hours, 12 hours on days off.
    (Step.CLASSIFY, ""): RuleValue(Decimal(2), M.WORKING_HOURS, Decimal(12)),
    # Hà Nội, QĐ 1207/2025: the unit accepts within 8 working hours.
    (Step.ACCEPT, ""): RuleValue(Decimal(8), M.WORKING_HOURS),
    # Đà Nẵng, QĐ 960/2021: 1 working day urgent, 3 normal; 10 for complex cases.
    (Step.HANDLE, Priority.URGENT): RuleValue(Decimal(1), M.WORKING_DAYS),
    (Step.HANDLE, Priority.NORMAL): RuleValue(Decimal(3), M.WORKING_DAYS),
    (Step.HANDLE, Priority.COMPLEX): RuleValue(Decimal(10), M.WORKING_DAYS),
    (Step.HANDLE, ""): RuleValue(Decimal(3), M.WORKING_DAYS),
    # Not set by the regulations; a day for the leader, half a day to publish.
    (Step.APPROVE, ""): RuleValue(Decimal(8), M.WORKING_HOURS),
    (Step.PUBLISH, ""): RuleValue(Decimal(4), M.WORKING_HOURS),
}


@dataclass(frozen=True)
class _Config:
    rules: dict[tuple[str, int | None, str], RuleValue]
    calendar: WorkingCalendar


def _load() -> _Config:
    cfg = CalendarSettings.objects.using(DEFAULT_DB_ALIAS).first() or CalendarSettings()
    days = list(CalendarDay.objects.using(DEFAULT_DB_ALIAS).values_list("date", "kind"))
    calendar = WorkingCalendar(
        periods=((cfg.morning_start, cfg.morning_end), (cfg.afternoon_start, cfg.afternoon_end)),
        extra_days_off=frozenset(d for d, k in days if k == CalendarDay.Kind.DAY_OFF),
        extra_working_days=frozenset(d for d, k in days if k == CalendarDay.Kind.WORKING_DAY),
        use_national_holidays=cfg.use_national_holidays,
    )
    rules = {
        (r.step, r.field_id, r.priority): RuleValue(r.amount, r.measure, r.off_day_hours)
        for r in DeadlineRule.objects.using(DEFAULT_DB_ALIAS)
    }
    return _Config(rules=rules, calendar=calendar)


config = ProcessCache("deadlines", _load)


def current_calendar() -> WorkingCalendar:
    """The province's calendar: configured working hours plus declared days."""
    return config.get().calendar


def rule_for(*, step: str, field_id: int | None, priority: str) -> RuleValue:
    """The most specific rule: (field, priority) > (field) > (priority) > (step)."""
    rules = config.get().rules
    for key in (
        (step, field_id, priority),
        (step, field_id, ""),
        (step, None, priority),
        (step, None, ""),
    ):
        if key in rules:
            return rules[key]
    return DEFAULT_RULES.get((step, priority)) or DEFAULT_RULES[(step, "")]


def deadline_after(
    start: datetime, rule: RuleValue, calendar: WorkingCalendar | None = None
) -> datetime:
    calendar = calendar or current_calendar()
    local_day = start.astimezone(calendar.tz).date()
    if rule.off_day_hours is not None and not calendar.is_working_day(local_day):
        return start + timedelta(hours=float(rule.off_day_hours))
    if rule.measure == M.HOURS:
        return start + timedelta(hours=float(rule.amount))
    if rule.measure == M.WORKING_DAYS:
        return calendar.add_working_days(start, float(rule.amount))
    return calendar.add_working_time(start, timedelta(hours=float(rule.amount)))


def step_deadline(
    *,
    step: str,
    field_id: int | None,
    priority: str,
    start: datetime,
    calendar: WorkingCalendar | None = None,
) -> datetime:
    return deadline_after(
        start, rule_for(step=step, field_id=field_id, priority=priority), calendar
    )
