"""The console's permission matrix (DESIGN §2): every page and every action, requested by
every role of the report's own unit, of another unit, and anonymously.

Actions use the shared table of cases (tests/reports/matrix_cases.py): allowed ones act
once (redirect, one new event); refused ones answer 403/409 or send the visitor to the
sign-in, and change nothing.
"""

from datetime import timedelta

import pytest
from django.db.models import F

from paht.org.models import Unit
from paht.reports.models import Report, State
from paht.reports.workflow import Action
from tests.console.helpers import client_for
from tests.factories import report_in_state
from tests.reports.matrix_cases import CANONICAL, RULES, prepare

pytestmark = pytest.mark.django_db

ROLES = [
    None,  # anonymous
    "coordinator",
    "handler",
    "co_handler",
    "other_handler",
    "approver",
    "other_approver",
    "supervisor",
    "admin",
]
CITIZEN_ACTIONS = {Action.REPLY, Action.RATE, Action.REOPEN}
STAFF_RULES = {a: rule for a, rule in RULES.items() if a not in CITIZEN_ACTIONS}


def _form(world, action) -> dict:
    note = {"note": "Nội dung kèm theo thao tác."}
    return {
        Action.RECLASSIFY: {"priority": "urgent"},
        Action.RETURN: {"reason": "thu_tuc_hanh_chinh", "note": ""},
        Action.ASSIGN: {"lead_unit": "ubnd_an_xuyen"},
        Action.DECIDE: {"lead_unit": "ubnd_tan_thanh", **note},
        Action.REQUEST_EXTENSION: {"working_days": "2", **note},
        Action.ACCEPT: {},
        Action.APPROVE: {},
        Action.PUBLISH: {},
        Action.CLOSE: {},
        Action.SET_PRIVATE: {},
        Action.SET_PUBLIC: {},
        Action.GRANT_EXTENSION: {},
    }.get(action, note)


def _refused(response) -> bool:
    if response.status_code == 302:
        return "/can-bo/dang-nhap/" in response["Location"]
    return response.status_code in {403, 409}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("action", list(STAFF_RULES), ids=str)
def test_action_matrix(world, action, role):
    report, _ = report_in_state(world, CANONICAL[action])
    report = prepare(world, report, action)
    if action == Action.CLOSE:
        Report.objects.filter(pk=report.pk).update(
            published_at=F("published_at") - timedelta(days=8)
        )
        report.refresh_from_db()
    data = _form(world, action)
    if action == Action.MERGE:
        from tests.factories import submit

        data["into"] = submit(world).report.code
    events_before = report.events.count()
    client = client_for(world, role)
    response = client.post(
        f"/can-bo/phan-anh/{report.code}/thao-tac/{action}/",
        {**data, "version": report.version, "once": f"k-{action}-{role}"},
    )
    allowed_roles, _sources, target = STAFF_RULES[action]
    after = Report.objects.get(pk=report.pk)
    if role in allowed_roles:
        assert response.status_code == 302, response.content.decode()[:3000]
        assert after.events.count() == events_before + 1
        assert after.version == report.version + 1
        if target is not None:
            assert after.state == target
    else:
        assert _refused(response), (response.status_code, response.content[:500])
        assert after.events.count() == events_before
        assert after.version == report.version
        assert after.state == report.state


PAGES = {
    "/can-bo/": {
        "coordinator",
        "handler",
        "co_handler",
        "other_handler",
        "approver",
        "other_approver",
        "supervisor",
        "admin",
    },
    "/can-bo/tiep-nhan/": {"coordinator", "supervisor"},
    "/can-bo/don-vi/": {"handler", "co_handler", "other_handler"},
    "/can-bo/phe-duyet/": {"approver", "other_approver"},
    "/can-bo/duong-day-nong/": {"coordinator"},
    "REPORT": {"coordinator", "supervisor", "handler", "co_handler", "approver"},
}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
@pytest.mark.parametrize("page", list(PAGES))
def test_page_matrix(world, page, role):
    report, _ = report_in_state(world, State.IN_PROGRESS)  # lead An Xuyên, co-unit water
    url = f"/can-bo/phan-anh/{report.code}/" if page == "REPORT" else page
    response = client_for(world, role).get(url, follow=False)
    if role is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/can-bo/dang-nhap/")
    elif role in PAGES[page]:
        assert response.status_code in {200, 302}
        if response.status_code == 302:  # home sends each role to its own list
            assert client_for(world, role).get(response["Location"]).status_code == 200
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("consent", [True, False])
@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_identity_matrix(world, role, consent):
    report, _ = report_in_state(world, State.IN_PROGRESS, share_identity=consent)
    before = report.events.filter(action="view_identity").count()
    response = client_for(world, role).post(f"/can-bo/phan-anh/{report.code}/danh-tinh/")
    allowed = role == "coordinator" or (consent and role in {"handler", "co_handler", "approver"})
    views = report.events.filter(action="view_identity").count()
    if allowed:
        assert response.status_code == 200
        assert "Nguyễn Văn An" in response.content.decode()
        assert views == before + 1
    else:
        assert _refused(response)
        assert "Nguyễn Văn An" not in response.content.decode()
        assert views == before


def test_co_handler_sees_report_read_only_with_comment_box(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    html = client_for(world, "co_handler").get(f"/can-bo/phan-anh/{report.code}/").content
    html = html.decode()
    assert 'id="action-comment"' in html
    for action in ("accept", "update", "submit_result", "hand_back", "request_extension"):
        assert f'id="action-{action}"' not in html
    assert "chỉ xem và trao đổi" in html
    assert Unit.objects.filter(code="cap_nuoc").exists()
