"""Test data built through the real services, so events stay consistent with the workflow."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model

from paht.geo.models import Commune
from paht.geo.services import units_import
from paht.notify.defaults import load_templates
from paht.notify.models import MessageTemplate
from paht.org.models import Membership, Role, Unit
from paht.reports.defaults import load_defaults
from paht.reports.models import Channel, Field, Report, State
from paht.reports.permissions import Actor
from paht.reports.services import report_submit, report_transition
from paht.reports.workflow import Action

AN_XUYEN = "32002"  # Phường An Xuyên, Cà Mau
TAN_THANH = "32025"  # Phường Tân Thành
# A point in Phường An Xuyên, close to its centroid.
AN_XUYEN_POINT = (9.2250, 105.1790)


def ensure_base_data() -> None:
    """Communes and default configuration; transactional tests flush them, so re-create."""
    if not Commune.objects.filter(province_id="96").exists():
        units_import(province_codes={"96"})
    if not Field.objects.exists():
        load_defaults(apps)
    if not MessageTemplate.objects.exists():
        load_templates(apps)


@dataclass
class World:
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)

    def actor(self, name: str) -> Actor:
        return Actor.for_user(self.users[name])


def _user(username: str, memberships: list[tuple[Unit, Role]]):
    user = get_user_model().objects.create_user(username=username, password="x-test-pass-1")
    for unit, role in memberships:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def make_world() -> World:
    ensure_base_data()
    w = World()
    w.units["ioc"] = Unit.objects.create(code="ioc", name="Trung tâm IOC", kind=Unit.Kind.PORTAL)
    w.units["province"] = Unit.objects.create(
        code="ubnd_tinh", name="UBND tỉnh Cà Mau", kind=Unit.Kind.PROVINCE
    )
    w.units["an_xuyen"] = Unit.objects.create(
        code="ubnd_an_xuyen",
        name="UBND Phường An Xuyên",
        kind=Unit.Kind.COMMUNE,
        commune_id=AN_XUYEN,
    )
    w.units["tan_thanh"] = Unit.objects.create(
        code="ubnd_tan_thanh",
        name="UBND Phường Tân Thành",
        kind=Unit.Kind.COMMUNE,
        commune_id=TAN_THANH,
    )
    w.units["water"] = Unit.objects.create(
        code="cap_nuoc", name="Công ty Cổ phần Cấp nước Cà Mau", kind=Unit.Kind.UTILITY
    )
    u = w.units
    w.users["coordinator"] = _user("coordinator", [(u["ioc"], Role.COORDINATOR)])
    w.users["handler"] = _user("handler", [(u["an_xuyen"], Role.HANDLER)])
    w.users["handler2"] = _user("handler2", [(u["an_xuyen"], Role.HANDLER)])
    w.users["approver"] = _user("approver", [(u["an_xuyen"], Role.APPROVER)])
    w.users["co_handler"] = _user("co_handler", [(u["water"], Role.HANDLER)])
    w.users["other_handler"] = _user("other_handler", [(u["tan_thanh"], Role.HANDLER)])
    w.users["other_approver"] = _user("other_approver", [(u["tan_thanh"], Role.APPROVER)])
    w.users["supervisor"] = _user("supervisor", [(u["province"], Role.SUPERVISOR)])
    w.users["admin"] = _user("admin", [(u["ioc"], Role.ADMIN)])
    return w


def submit(w: World, *, at: datetime | None = None, **overrides):
    data = dict(
        actor=Actor.anonymous(),
        channel=Channel.WEB,
        field="ha_tang_do_thi",
        title="Ổ gà lớn trên đường Trần Hưng Đạo",
        description="Ổ gà sâu khoảng 20 cm trước nhà số 12, xe máy đi qua rất nguy hiểm.",
        name="Nguyễn Văn An",
        phone="0912345678",
        email="an@example.com",
        lat=AN_XUYEN_POINT[0],
        lng=AN_XUYEN_POINT[1],
        at=at,
    )
    data.update(overrides)
    return report_submit(**data)


# How to reach each state from a fresh submission: (action, actor name, payload).
def _steps(w: World) -> dict[State, list[tuple[Action, str, dict]]]:
    assign = (
        Action.ASSIGN,
        "coordinator",
        {"lead_unit": w.units["an_xuyen"], "co_units": [w.units["water"]]},
    )
    accept = (Action.ACCEPT, "handler", {})
    result = (Action.SUBMIT_RESULT, "handler", {"note": "Đã vá ổ gà, mặt đường an toàn."})
    approve = (Action.APPROVE, "approver", {})
    publish = (Action.PUBLISH, "coordinator", {})
    return {
        State.SUBMITTED: [],
        State.ASSIGNED: [assign],
        State.IN_PROGRESS: [assign, accept],
        State.HANDED_BACK: [
            assign,
            (Action.HAND_BACK, "handler", {"note": "Không thuộc thẩm quyền của phường."}),
        ],
        State.ESCALATED: [
            assign,
            accept,
            (Action.ESCALATE, "coordinator", {"note": "Quá hạn nhiều ngày."}),
        ],
        State.PENDING_APPROVAL: [assign, accept, result],
        State.APPROVED: [assign, accept, result, approve],
        State.PUBLISHED: [assign, accept, result, approve, publish],
        State.CLOSED: [
            assign,
            accept,
            result,
            approve,
            publish,
            (Action.CLOSE, "coordinator", {"at": AFTER_REOPEN_WINDOW}),
        ],
        State.RETURNED: [(Action.RETURN, "coordinator", {"reason": "thieu_thong_tin"})],
        State.MERGED: [(Action.MERGE, "coordinator", {"into": "__other__"})],
        State.REOPENED: [
            assign,
            accept,
            result,
            approve,
            publish,
            (Action.REOPEN, "__reporter__", {"note": "Ổ gà lại xuất hiện."}),
        ],
    }


AFTER_REOPEN_WINDOW = object()


def report_in_state(w: World, state: State, **submit_kw) -> tuple[Report, str]:
    """A report driven through the real workflow into ``state``; returns (report, secret)."""
    result = submit(w, **submit_kw)
    report = result.report
    for action, who, payload in _steps(w)[state]:
        payload = dict(payload)
        if payload.get("at") is AFTER_REOPEN_WINDOW:
            payload["at"] = report.published_at + timedelta(days=8)
        if payload.get("into") == "__other__":
            payload["into"] = submit(w).report
        actor = Actor.reporter(report) if who == "__reporter__" else w.actor(who)
        report = report_transition(report=report, action=action, actor=actor, **payload).report
    assert report.state == state
    return report, result.secret
