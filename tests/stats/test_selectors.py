"""Statistics aggregates: exact numbers from reports driven through the real workflow."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from paht.reports.models import Field, Report, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from paht.stats.selectors import (
    Buckets,
    Outcome,
    StatsFilter,
    stats_by_field,
    stats_by_unit,
    stats_summary,
)
from tests.factories import AN_XUYEN, TAN_THANH, report_in_state, submit
from tests.stats.helpers import ACCEPTED, LATE, ON_TIME, TAN_THANH_STAFF, handled_report, local

pytestmark = pytest.mark.django_db

IN_2025 = StatsFilter.for_year(2025)


def _this_year(**narrow) -> StatsFilter:
    return StatsFilter.for_year(timezone.localdate().year, **narrow)


@pytest.fixture
def mixed(world):
    """One report in each kind of state, all in field ha_tang_do_thi, plus one elsewhere."""
    for state in (State.SUBMITTED, State.IN_PROGRESS, State.PUBLISHED, State.CLOSED):
        report_in_state(world, state)
    report_in_state(world, State.RETURNED)
    report_in_state(world, State.MERGED)  # the duplicate, and a submitted report it joins
    report_in_state(world, State.REOPENED)  # round 1 handled, round 2 submitted
    submit(world, field="ve_sinh_moi_truong")
    return world


def test_state_buckets_and_merged_duplicates(mixed):
    summary = stats_summary(filters=_this_year())
    # handled: published, closed, re-opened round 1; in progress: submitted, in progress,
    # the merge target, round 2, the other field's report; returned: 1.
    assert summary.buckets == Buckets(handled=3, in_progress=5, returned=1)
    assert summary.total == 9
    assert summary.merged == 1
    assert Report.objects.count() == 10  # the duplicate exists, it is just not totalled


def test_reports_per_field(mixed):
    rows = {r.code: r for r in stats_by_field(filters=_this_year())}
    assert rows["ha_tang_do_thi"].buckets == Buckets(handled=3, in_progress=4, returned=1)
    assert rows["ha_tang_do_thi"].total == 8
    assert rows["ve_sinh_moi_truong"].buckets == Buckets(in_progress=1)
    # Every active field is listed, with zeros when it received nothing.
    assert rows["dien_chieu_sang"].total == 0
    assert len(rows) == 10
    assert sum(r.total for r in rows.values()) == stats_summary(filters=_this_year()).total


def test_field_filter_narrows_every_table(mixed):
    filters = _this_year(field=Field.objects.get(code="ve_sinh_moi_truong"))
    assert [r.code for r in stats_by_field(filters=filters)] == ["ve_sinh_moi_truong"]
    assert stats_summary(filters=filters).buckets == Buckets(in_progress=1)


def test_year_is_local_time_and_half_open(world):
    submit(world, at=local(2024, 12, 31, 23, 59))  # 2024 in Vietnam
    submit(world, at=local(2025, 1, 1, 0, 0))  # 31 Dec 2024 17:00 UTC, but 2025 locally
    submit(world, at=local(2025, 12, 31, 23, 59))
    submit(world, at=local(2026, 1, 1, 0, 0))
    assert stats_summary(filters=StatsFilter.for_year(2024)).total == 1
    assert stats_summary(filters=IN_2025).total == 2
    first_day = StatsFilter.for_dates(date(2025, 1, 1), date(2025, 1, 1))
    assert stats_summary(filters=first_day).total == 1


def test_private_reports_still_count(world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    report_transition(report=report, action=Action.SET_PRIVATE, actor=world.actor("coordinator"))
    assert stats_summary(filters=_this_year()).buckets == Buckets(handled=1)


@pytest.fixture
def handled(world):
    """An Xuyên: on time (5★ satisfied), late (2★ not satisfied), a late result still
    waiting for approval, one overdue in progress. Tân Thành: on time, 4★ satisfied."""
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    handled_report(world, result_at=LATE, rating=2, satisfied=False)
    handled_report(world, result_at=LATE, until="pending_approval")
    handled_report(world, result_at=None, until="in_progress")
    handled_report(world, result_at=ON_TIME, staff=TAN_THANH_STAFF, rating=4, satisfied=True)
    return world


def test_on_time_and_satisfaction_per_unit(handled):
    now = ACCEPTED + timedelta(days=30)
    an_xuyen, tan_thanh = stats_by_unit(filters=IN_2025, now=now)
    assert an_xuyen.name == "UBND Phường An Xuyên"
    assert (an_xuyen.total, an_xuyen.handled, an_xuyen.overdue) == (4, 2, 1)
    # The result waiting for approval is not counted yet: 1 on time of 2 results.
    assert an_xuyen.outcome == Outcome(results=2, on_time=1, rated=2, satisfied=1, avg_rating=3.5)
    assert an_xuyen.outcome.late == 1
    assert an_xuyen.outcome.on_time_rate == 50.0
    assert an_xuyen.outcome.satisfaction_rate == 50.0

    assert tan_thanh.name == "UBND Phường Tân Thành"
    assert (tan_thanh.total, tan_thanh.handled, tan_thanh.overdue) == (1, 1, 0)
    assert tan_thanh.outcome == Outcome(results=1, on_time=1, rated=1, satisfied=1, avg_rating=4)
    assert tan_thanh.outcome.on_time_rate == 100.0

    overall = stats_summary(filters=IN_2025).outcome
    assert overall == Outcome(results=3, on_time=2, rated=3, satisfied=2, avg_rating=3.7)
    assert overall.on_time_rate == 66.7


def test_overdue_depends_on_now(handled):
    (an_xuyen, _other) = stats_by_unit(filters=IN_2025, now=ACCEPTED + timedelta(hours=1))
    assert an_xuyen.overdue == 0


def test_extension_moves_the_deadline(world):
    report = handled_report(world, result_at=None, until="in_progress")
    coordinator, handler = world.actor("coordinator"), world.actor("handler")
    when = ACCEPTED + timedelta(days=1)
    report = report_transition(
        report=report,
        action=Action.REQUEST_EXTENSION,
        actor=handler,
        note="Cần thêm thời gian thi công.",
        working_days=10,
        at=when,
    ).report
    report = report_transition(
        report=report, action=Action.GRANT_EXTENSION, actor=coordinator, at=when
    ).report
    report_transition(
        report=report, action=Action.SUBMIT_RESULT, actor=handler, note="Xong.", at=LATE
    )
    report.refresh_from_db()
    report_transition(report=report, action=Action.APPROVE, actor=world.actor("approver"))
    (row,) = stats_by_unit(filters=IN_2025)
    assert (row.outcome.results, row.outcome.on_time) == (1, 1)


def test_no_handling_deadline_counts_as_on_time(world):
    report = handled_report(world, result_at=LATE)
    Report.objects.filter(pk=report.pk).update(handling_deadline_at=None)
    (row,) = stats_by_unit(filters=IN_2025)
    assert (row.outcome.results, row.outcome.on_time) == (1, 1)


def test_hand_back_credits_the_unit_that_handles(world):
    report = submit(world, at=ACCEPTED - timedelta(hours=3)).report
    coordinator = world.actor("coordinator")

    def act(report, action, actor, hours, **kw):
        when = ACCEPTED + timedelta(hours=hours)
        return report_transition(report=report, action=action, actor=actor, at=when, **kw).report

    report = act(report, Action.ASSIGN, coordinator, -2, lead_unit=world.units["tan_thanh"])
    note = "Không thuộc địa bàn phường."
    report = act(report, Action.HAND_BACK, world.actor("other_handler"), -1, note=note)
    assert stats_by_unit(filters=IN_2025) == []  # waiting to be re-routed: nobody's
    report = act(report, Action.ASSIGN, coordinator, -0.5, lead_unit=world.units["an_xuyen"])
    report = act(report, Action.ACCEPT, world.actor("handler"), 0)
    report = act(report, Action.SUBMIT_RESULT, world.actor("handler"), 25, note="Xong.")
    act(report, Action.APPROVE, world.actor("approver"), 26)
    (row,) = stats_by_unit(filters=IN_2025)
    assert row.name == "UBND Phường An Xuyên"
    assert (row.total, row.outcome.results, row.outcome.on_time) == (1, 1, 1)


def test_filters_by_unit_and_commune(handled):
    assert stats_summary(filters=IN_2025).total == 5
    by_unit = StatsFilter.for_year(2025, unit=handled.units["tan_thanh"])
    assert stats_summary(filters=by_unit).total == 1
    assert [u.name for u in stats_by_unit(filters=by_unit)] == ["UBND Phường Tân Thành"]
    assert stats_summary(filters=StatsFilter.for_year(2025, commune=AN_XUYEN)).total == 4
    assert stats_summary(filters=StatsFilter.for_year(2025, commune=TAN_THANH)).total == 1


def test_empty_period():
    summary = stats_summary(filters=StatsFilter.for_year(2001))
    assert summary.total == 0 and summary.merged == 0
    assert summary.outcome == Outcome()
    assert summary.outcome.on_time_rate is None and summary.buckets.handled_rate is None
    assert stats_by_unit(filters=StatsFilter.for_year(2001)) == []


def test_query_count_is_fixed(handled, django_assert_num_queries):
    filters = IN_2025
    with django_assert_num_queries(1):
        stats_summary(filters=filters)
    with django_assert_num_queries(2):
        stats_by_field(filters=filters)
    with django_assert_num_queries(1):
        stats_by_unit(filters=filters)


def test_rating_is_the_reporters(world):
    report = handled_report(world, result_at=ON_TIME)
    report_transition(
        report=report, action=Action.RATE, actor=Actor.reporter(report), rating=1, satisfied=False
    )
    (row,) = stats_by_unit(filters=IN_2025)
    assert row.outcome == Outcome(results=1, on_time=1, rated=1, satisfied=0, avg_rating=1.0)
