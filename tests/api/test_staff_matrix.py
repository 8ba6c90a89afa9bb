"""The permission matrix through the API is the service's (DESIGN §2, STYLE §8).

The same table of cases as tests/reports/test_workflow_matrix.py (every staff action
from every role and every state): each case is first put to ``report_transition`` on the
report and undone, then sent to the API. The API must allow exactly what the service
allows and refuse the rest with the service's status and code, except that a report the
caller may not see at all answers 404 (as if it did not exist) and a request without a
token 401. The allowed/refused split is also checked against the table itself.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.db.models import F

from paht.api.staff import STAFF_ACTIONS
from paht.core.errors import DomainError
from paht.reports.models import Report, State
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.api.staff_helpers import StaffClient, api_body, snapshot, staff_client
from tests.factories import report_in_state
from tests.reports.matrix_cases import CANONICAL, ROLES, RULES, actor_for, payload, prepare

pytestmark = pytest.mark.django_db

CITIZEN_ACTIONS = {Action.REPLY, Action.RATE, Action.REOPEN}
STAFF_RULES = {action: rule for action, rule in RULES.items() if action not in CITIZEN_ACTIONS}
# Who can hold a staff token; "anonymous" stands for a request without one.
API_ROLES = [r for r in ROLES if r not in {"reporter", "other_reporter", "system"}]


def test_every_staff_action_of_the_table_has_an_operation():
    assert set(STAFF_ACTIONS) == set(STAFF_RULES)


def _prepare(world, report, action):
    report = prepare(world, report, action)
    if action == Action.CLOSE and report.published_at is not None:
        # The API acts now: move the publication back past the citizen's re-open window,
        # where the service test passes a later ``at`` instead.
        Report.objects.filter(pk=report.pk).update(
            published_at=F("published_at") - timedelta(days=8)
        )
        report.refresh_from_db()
    return report


def _service_outcome(report, action, actor, service_payload):
    """What the service answers on this report, without keeping any change."""
    savepoint = transaction.savepoint()
    try:
        report_transition(report=report, action=action, actor=actor, **service_payload)
        return "ok"
    except DomainError as exc:
        return exc.status, exc.code
    finally:
        transaction.savepoint_rollback(savepoint)


def _check(world, role, report, action, allowed, expected_state):
    service_payload = payload(world, action)
    service_payload.pop("at", None)  # see _prepare
    actor = Actor.anonymous() if role == "anonymous" else actor_for(world, role, report)
    outcome = _service_outcome(report, action, actor, service_payload)
    assert (outcome == "ok") == allowed, outcome  # the service follows the table

    before = snapshot(report)
    client = StaffClient() if role == "anonymous" else staff_client(world, role)
    response = client.act(report, action, api_body(service_payload))
    answer = response.json()
    if outcome == "ok":
        assert response.status_code == 200, answer
        assert answer["report"]["state"] == expected_state
        assert answer["event"]["action"] == action
        return
    if role == "anonymous":
        expected = (401, "not_authenticated")
    elif reports_visible_to(actor).filter(pk=report.pk).exists():
        expected = outcome
    else:
        expected = (404, "not_found")
    assert (response.status_code, answer["error"]["code"]) == expected, answer
    assert snapshot(report) == before


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize("action", list(STAFF_RULES))
def test_action_from_role(world, action, role):
    allowed_roles, _, target = STAFF_RULES[action]
    report, _ = report_in_state(world, CANONICAL[action])
    report = _prepare(world, report, action)
    _check(world, role, report, action, role in allowed_roles, target or CANONICAL[action])


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(STAFF_RULES))
def test_action_from_state(world, action, state):
    allowed_roles, sources, target = STAFF_RULES[action]
    report, _ = report_in_state(world, state)
    report = _prepare(world, report, action)
    role = "coordinator" if "coordinator" in allowed_roles else sorted(allowed_roles)[0]
    _check(world, role, report, action, state in sources, target or state)
