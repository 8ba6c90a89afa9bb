"""Who sees what on the dashboard, the staff list and every export (DESIGN §2).

Coordinators and supervisors see every report; a system admin none; a unit's handlers
and approvers (and a co-handling unit) only the reports their units lead or co-handle;
anonymous visitors go to sign-in; a signed-in user with no role gets 403.
"""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model

from paht.reports.models import State
from tests.factories import TAN_THANH, report_in_state, submit

pytestmark = pytest.mark.django_db

PAGES = [
    "/can-bo/tong-hop/",
    "/can-bo/tong-hop/so-lieu/",
    "/can-bo/tong-hop/danh-sach/",
    "/can-bo/tong-hop/danh-sach/tai-ve.xlsx",
    "/can-bo/tong-hop/danh-sach/tai-ve.csv",
    "/can-bo/tong-hop/bang/don-vi.xlsx",
    "/can-bo/tong-hop/bang/linh-vuc.csv",
    "/can-bo/tong-hop/bao-cao-thang.xlsx?don_vi=ubnd_an_xuyen",
]


@pytest.fixture
def reports(world):
    """A: led by An Xuyên, co-handled by the water company; B: led by Tân Thành;
    C: waiting for triage (no unit yet)."""
    a, _ = report_in_state(world, State.IN_PROGRESS)
    b = submit(world, commune_code=TAN_THANH, lat=None, lng=None).report
    from paht.reports.services import report_transition
    from paht.reports.workflow import Action

    report_transition(
        report=b,
        action=Action.ASSIGN,
        actor=world.actor("coordinator"),
        lead_unit=world.units["tan_thanh"],
    )
    c = submit(world).report
    return {"A": a.code, "B": b.code, "C": c.code}


VISIBLE = {
    "coordinator": {"A", "B", "C"},
    "supervisor": {"A", "B", "C"},
    # A system admin configures; the console shows them no report, nor do lists and
    # exports (security review, finding 7).
    "admin": set(),
    "handler": {"A"},
    "approver": {"A"},
    "co_handler": {"A"},
    "other_handler": {"B"},
    "other_approver": {"B"},
}


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_goes_to_sign_in(client, world, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/can-bo/dang-nhap/")


@pytest.mark.parametrize("url", PAGES)
def test_signed_in_without_a_role_is_refused(client, world, url):
    user = get_user_model().objects.create_user(username="citizen", password="x-test-pass-1")
    client.force_login(user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", list(VISIBLE))
def test_each_role_sees_exactly_its_reports(client, world, reports, who):
    client.force_login(world.users[who])
    expected = {reports[k] for k in VISIBLE[who]}
    html = client.get("/can-bo/tong-hop/danh-sach/").content.decode()
    assert set(re.findall(r'href="/can-bo/phan-anh/([^/"]+)/"', html)) == expected
    body = b"".join(client.get("/can-bo/tong-hop/danh-sach/tai-ve.csv").streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == expected
    dashboard = client.get("/can-bo/tong-hop/")
    assert dashboard.status_code == 200
    assert dashboard.context["summary"].total == len(expected)
    assert client.get("/can-bo/tong-hop/so-lieu/").json()["counts"]["in_progress"] == len(expected)
    for kind in ("tong-quan", "linh-vuc", "don-vi", "xa-phuong", "xu-huong", "chuyen-ubnd-tinh"):
        assert client.get(f"/can-bo/tong-hop/bang/{kind}.xlsx").status_code == 200
