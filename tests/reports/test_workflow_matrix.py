"""Every workflow action from every role and every state (DESIGN §1–§2).

The expectations (tests/reports/matrix_cases.py, shared with the API matrix) are written
out by hand from the design, independently of ``paht.reports.workflow``: if the table
drifts from the rules, these tests fail.
"""

import pytest

from paht.core.errors import PermissionDenied, TransitionNotAllowed
from paht.reports.models import ReportEvent, State
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import report_in_state
from tests.reports.matrix_cases import CANONICAL, ROLES, RULES
from tests.reports.matrix_cases import actor_for as _actor
from tests.reports.matrix_cases import payload as _payload
from tests.reports.matrix_cases import prepare as _prepare


def test_rules_cover_every_action():
    assert set(RULES) == set(Action) - {Action.SUBMIT}
    assert set(CANONICAL) == set(RULES)


def _assert_refused(report, call, exc=(PermissionDenied, TransitionNotAllowed)):
    before = (report.state, report.version, ReportEvent.objects.filter(report=report).count())
    with pytest.raises(exc):
        call()
    report.refresh_from_db()
    after = (report.state, report.version, ReportEvent.objects.filter(report=report).count())
    assert after == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(RULES))
def test_action_from_role(world, action, role):
    allowed_roles, _, target = RULES[action]
    report, _ = report_in_state(world, CANONICAL[action])
    report = _prepare(world, report, action)
    actor = _actor(world, role, report)
    call = lambda: report_transition(  # noqa: E731
        report=report, action=action, actor=actor, **_payload(world, action)
    )
    if role in allowed_roles:
        event = call()
        assert event.report.state == (target or CANONICAL[action])
        assert event.action == action
        assert event.from_state == CANONICAL[action]
    else:
        _assert_refused(report, call, PermissionDenied)


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(RULES))
def test_action_from_state(world, action, state):
    allowed_roles, sources, target = RULES[action]
    report, _ = report_in_state(world, state)
    report = _prepare(world, report, action)
    role = "coordinator" if "coordinator" in allowed_roles else sorted(allowed_roles)[0]
    actor = _actor(world, role, report)
    call = lambda: report_transition(  # noqa: E731
        report=report, action=action, actor=actor, **_payload(world, action)
    )
    if state in sources:
        assert call().report.state == (target or state)
    else:
        _assert_refused(report, call)
