"""The table of permission cases: every workflow action, from every role and state.

Shared by the service matrix (tests/reports/test_workflow_matrix.py) and the API matrix
(tests/api/test_staff_matrix.py), so both check the same cases. The expectations are
written out by hand from the design, independently of ``paht.reports.workflow``.
"""

from datetime import timedelta

from django.utils import timezone

from paht.reports.models import State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import submit

S = State
OPEN = {
    S.SUBMITTED,
    S.ASSIGNED,
    S.HANDED_BACK,
    S.IN_PROGRESS,
    S.ESCALATED,
    S.PENDING_APPROVAL,
    S.APPROVED,
}

ROLES = [
    "anonymous",
    "reporter",
    "other_reporter",
    "coordinator",
    "handler",
    "co_handler",
    "other_handler",
    "approver",
    "other_approver",
    "supervisor",
    "admin",
    "system",
]

# action: (roles allowed, states it may start from, state it ends in or None = unchanged)
RULES = {
    Action.RECLASSIFY: ({"coordinator"}, OPEN, None),
    Action.RETURN: ({"coordinator"}, {S.SUBMITTED, S.HANDED_BACK}, S.RETURNED),
    Action.MERGE: ({"coordinator"}, {S.SUBMITTED, S.HANDED_BACK}, S.MERGED),
    Action.ASSIGN: ({"coordinator"}, {S.SUBMITTED, S.HANDED_BACK}, S.ASSIGNED),
    Action.ACCEPT: ({"handler"}, {S.ASSIGNED}, S.IN_PROGRESS),
    Action.HAND_BACK: ({"handler"}, {S.ASSIGNED, S.IN_PROGRESS}, S.HANDED_BACK),
    Action.UPDATE: ({"handler"}, {S.IN_PROGRESS}, None),
    Action.COMMENT: (
        {"coordinator", "handler", "co_handler", "approver", "supervisor"},
        OPEN,
        None,
    ),
    Action.REQUEST_EXTENSION: ({"handler"}, {S.IN_PROGRESS}, None),
    Action.GRANT_EXTENSION: ({"coordinator"}, {S.IN_PROGRESS}, None),
    Action.REFUSE_EXTENSION: ({"coordinator"}, {S.IN_PROGRESS}, None),
    Action.SUBMIT_RESULT: ({"handler"}, {S.IN_PROGRESS}, S.PENDING_APPROVAL),
    Action.APPROVE: ({"approver"}, {S.PENDING_APPROVAL}, S.APPROVED),
    Action.SEND_BACK: ({"approver"}, {S.PENDING_APPROVAL}, S.IN_PROGRESS),
    Action.PUBLISH: ({"coordinator"}, {S.APPROVED}, S.PUBLISHED),
    Action.SET_PRIVATE: ({"coordinator"}, set(State), None),
    Action.SET_PUBLIC: ({"coordinator"}, set(State), None),
    Action.ESCALATE: ({"coordinator"}, {S.ASSIGNED, S.HANDED_BACK, S.IN_PROGRESS}, S.ESCALATED),
    Action.DECIDE: ({"supervisor"}, {S.ESCALATED}, S.ASSIGNED),
    Action.REPLY: ({"reporter"}, OPEN | {S.PUBLISHED}, None),
    Action.RATE: ({"reporter"}, {S.PUBLISHED, S.CLOSED}, None),
    Action.REOPEN: ({"reporter"}, {S.PUBLISHED}, S.REOPENED),
    Action.CLOSE: ({"coordinator", "system"}, {S.PUBLISHED}, S.CLOSED),
}
# The state each action is tried from in the role matrix.
CANONICAL = {
    Action.RECLASSIFY: S.SUBMITTED,
    Action.RETURN: S.SUBMITTED,
    Action.MERGE: S.SUBMITTED,
    Action.ASSIGN: S.SUBMITTED,
    Action.ACCEPT: S.ASSIGNED,
    Action.HAND_BACK: S.ASSIGNED,
    Action.UPDATE: S.IN_PROGRESS,
    Action.COMMENT: S.IN_PROGRESS,
    Action.REQUEST_EXTENSION: S.IN_PROGRESS,
    Action.GRANT_EXTENSION: S.IN_PROGRESS,
    Action.REFUSE_EXTENSION: S.IN_PROGRESS,
    Action.SUBMIT_RESULT: S.IN_PROGRESS,
    Action.APPROVE: S.PENDING_APPROVAL,
    Action.SEND_BACK: S.PENDING_APPROVAL,
    Action.PUBLISH: S.APPROVED,
    Action.SET_PRIVATE: S.PUBLISHED,
    Action.SET_PUBLIC: S.PUBLISHED,
    Action.ESCALATE: S.IN_PROGRESS,
    Action.DECIDE: S.ESCALATED,
    Action.REPLY: S.IN_PROGRESS,
    Action.RATE: S.PUBLISHED,
    Action.REOPEN: S.PUBLISHED,
    Action.CLOSE: S.PUBLISHED,
}


def payload(world, action):
    note = {"note": "Nội dung kèm theo thao tác."}
    return {
        Action.RECLASSIFY: {"priority": "urgent"},
        Action.RETURN: {"reason": "thu_tuc_hanh_chinh"},
        Action.MERGE: {"into": submit(world).report},
        Action.ASSIGN: {"lead_unit": world.units["an_xuyen"]},
        Action.DECIDE: {"lead_unit": world.units["tan_thanh"], **note},
        Action.REQUEST_EXTENSION: {"working_days": 2, **note},
        Action.RATE: {"rating": 4, "satisfied": True},
        Action.ACCEPT: {},
        Action.APPROVE: {},
        Action.PUBLISH: {},
        # Closing waits for the citizen's re-open window to pass.
        Action.CLOSE: {"at": timezone.now() + timedelta(days=8)},
        Action.SET_PRIVATE: {},
        Action.SET_PUBLIC: {},
        Action.GRANT_EXTENSION: {},
    }.get(action, note)


def prepare(world, report, action):
    """Put the report in the condition the action needs besides its state."""
    if (
        action in {Action.GRANT_EXTENSION, Action.REFUSE_EXTENSION}
        and report.state == S.IN_PROGRESS
    ):
        report = report_transition(
            report=report,
            action=Action.REQUEST_EXTENSION,
            actor=world.actor("handler"),
            working_days=2,
            note="Cần thêm thời gian thi công.",
        ).report
    if action == Action.SET_PUBLIC:
        report = report_transition(
            report=report, action=Action.SET_PRIVATE, actor=world.actor("coordinator")
        ).report
    return report


def actor_for(world, role, report):
    if role == "anonymous":
        return Actor.anonymous()
    if role == "reporter":
        return Actor.reporter(report)
    if role == "other_reporter":
        return Actor.reporter(submit(world).report)
    if role == "system":
        return Actor.system()
    return world.actor(role)
