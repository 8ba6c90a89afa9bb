"""The unit queue's deadline tabs: "due soon" follows the working calendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from paht.console.selectors import listing, unit_tabs
from paht.reports.models import Report, State
from tests.factories import report_in_state

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def _tab_codes(world, tab: str, now: datetime) -> set[str]:
    actor = world.actor("handler")
    found = listing(actor, unit_tabs(actor, now=now), tab=tab, cursor=None)
    return {r.code for r in found.items}


def _due(world, at: datetime) -> str:
    report, _ = report_in_state(world, State.IN_PROGRESS)
    Report.objects.filter(pk=report.pk).update(deadline_at=at)
    return report.code


def test_due_soon_reaches_over_days_off_to_the_next_working_day(world):
    friday = datetime(2026, 11, 13, 15, 0, tzinfo=LOCAL)  # a Friday afternoon
    tonight = _due(world, friday + timedelta(hours=5))
    monday_morning = _due(world, datetime(2026, 11, 16, 9, 0, tzinfo=LOCAL))
    tuesday = _due(world, datetime(2026, 11, 17, 16, 0, tzinfo=LOCAL))
    late = _due(world, friday - timedelta(hours=1))
    # Nobody works between Friday evening and Monday morning: Monday's deadline is near.
    assert _tab_codes(world, "sap-den-han", friday) == {tonight, monday_morning}
    assert _tab_codes(world, "qua-han", friday) == {late}
    # On an ordinary Monday morning, a day ahead is the next working day.
    monday = datetime(2026, 11, 16, 8, 0, tzinfo=LOCAL)
    assert _tab_codes(world, "sap-den-han", monday) == {monday_morning}
    assert tuesday not in _tab_codes(world, "sap-den-han", monday)
    # From a Friday evening, to the end of Monday's office hours, deadline included.
    evening = datetime(2026, 11, 13, 19, 0, tzinfo=LOCAL)
    monday_close = _due(world, datetime(2026, 11, 16, 17, 0, tzinfo=LOCAL))
    assert monday_close in _tab_codes(world, "sap-den-han", evening)
    assert tuesday not in _tab_codes(world, "sap-den-han", evening)
    # Before a public holiday (24 November, Vietnamese Culture Day), the day after it.
    eve = datetime(2026, 11, 23, 16, 0, tzinfo=LOCAL)
    after_holiday = _due(world, datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL))
    later = _due(world, datetime(2026, 11, 26, 10, 0, tzinfo=LOCAL))
    due_soon = _tab_codes(world, "sap-den-han", eve)
    assert after_holiday in due_soon and later not in due_soon
