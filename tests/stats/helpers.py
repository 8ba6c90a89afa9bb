"""Reports driven through the real workflow at chosen times, for exact statistics."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import TAN_THANH, World, submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


# Monday 3 March 2025, 09:00: a normal-priority handling deadline is 3 working days later,
# Thursday 6 March 09:00.
ACCEPTED = local(2025, 3, 3, 9, 0)
ON_TIME = local(2025, 3, 4, 10, 0)
LATE = local(2025, 3, 12, 10, 0)

# The unit's people in the test world: (unit key, handler, approver)
AN_XUYEN_STAFF = ("an_xuyen", "handler", "approver")
TAN_THANH_STAFF = ("tan_thanh", "other_handler", "other_approver")


def _act(w: World, report, action, who, when, **kw):
    actor = Actor.reporter(report) if who == "reporter" else w.actor(who)
    return report_transition(report=report, action=action, actor=actor, at=when, **kw).report


def handled_report(
    w: World,
    *,
    result_at: datetime | None,
    staff=AN_XUYEN_STAFF,
    accepted_at: datetime = ACCEPTED,
    until: str = "published",
    rating: int | None = None,
    satisfied: bool | None = None,
    **submit_kw,
):
    """A report accepted at ``accepted_at`` whose result is submitted at ``result_at``.

    ``until``: "in_progress" (no result), "pending_approval" or "published"; a rating
    is given after publication when ``rating`` is set.
    """
    unit, handler, approver = staff
    if unit == "tan_thanh":
        submit_kw.setdefault("commune_code", TAN_THANH)
        submit_kw.setdefault("lat", None)
        submit_kw.setdefault("lng", None)
    report = submit(w, at=accepted_at - timedelta(hours=2), **submit_kw).report
    report = _act(
        w,
        report,
        Action.ASSIGN,
        "coordinator",
        accepted_at - timedelta(hours=1),
        lead_unit=w.units[unit],
    )
    report = _act(w, report, Action.ACCEPT, handler, accepted_at)
    if until == "in_progress":
        return report
    report = _act(w, report, Action.SUBMIT_RESULT, handler, result_at, note="Đã xử lý xong.")
    if until == "pending_approval":
        return report
    report = _act(w, report, Action.APPROVE, approver, result_at + timedelta(hours=1))
    report = _act(w, report, Action.PUBLISH, "coordinator", result_at + timedelta(hours=2))
    if rating is not None:
        report = _act(
            w,
            report,
            Action.RATE,
            "reporter",
            result_at + timedelta(days=1),
            rating=rating,
            satisfied=satisfied,
        )
    return report
