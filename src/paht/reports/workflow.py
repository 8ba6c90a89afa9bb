"""The report workflow as one declarative table (DESIGN §1).

Each row says which action may be taken from which states, by which parties, into which
state, and which deadline starts. ``services.report_transition`` is the only code that
applies it; permission checks, console buttons, the API and the docs all read this table.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .models import OPEN_STATES, State, Step


class Action(StrEnum):
    SUBMIT = "submit"
    RECLASSIFY = "reclassify"
    RETURN = "return"
    MERGE = "merge"
    ASSIGN = "assign"
    ACCEPT = "accept"
    HAND_BACK = "hand_back"
    UPDATE = "update"
    COMMENT = "comment"
    REQUEST_EXTENSION = "request_extension"
    GRANT_EXTENSION = "grant_extension"
    REFUSE_EXTENSION = "refuse_extension"
    SUBMIT_RESULT = "submit_result"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    PUBLISH = "publish"
    SET_PRIVATE = "set_private"
    SET_PUBLIC = "set_public"
    ESCALATE = "escalate"
    DECIDE = "decide"
    REPLY = "reply"
    RATE = "rate"
    REOPEN = "reopen"
    CLOSE = "close"


class Party(StrEnum):
    """How an actor stands towards one report; derived from roles and the report's units."""

    PUBLIC = "public"  # anyone, signed in or not
    REPORTER = "reporter"  # proved to be the reporter (secret link or phone sign-in)
    COORDINATOR = "coordinator"
    LEAD_HANDLER = "lead_handler"  # handler in the lead unit
    CO_HANDLER = "co_handler"  # handler in a co-handling unit
    LEAD_APPROVER = "lead_approver"  # approver (leader) of the lead unit
    SUPERVISOR = "supervisor"
    SYSTEM = "system"  # the worker: reminders, closing after the re-open window


class DeadlineEffect(StrEnum):
    KEEP = "keep"  # the current deadline goes on
    CLEAR = "clear"  # no deadline: the report waits on nobody with a legal deadline
    HANDLING = "handling"  # back to the unit's handling deadline (after a send-back)


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State | None  # None: the state does not change
    parties: frozenset[Party]
    label: str
    deadline: Step | DeadlineEffect = DeadlineEffect.KEEP
    citizen_visible: bool = False
    note_required: bool = False


S = State
P = Party
_TRIAGE = frozenset({S.SUBMITTED, S.HANDED_BACK})
_UNIT_OPEN = frozenset({S.ASSIGNED, S.IN_PROGRESS})
_OPEN = OPEN_STATES
_ANY = frozenset(State)
_COORD = frozenset({P.COORDINATOR})


def _t(action, sources, target, parties, label, **kw) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(parties), label, **kw)


TABLE: tuple[Transition, ...] = (
    _t(
        Action.SUBMIT,
        set(),
        S.SUBMITTED,
        {P.PUBLIC, P.COORDINATOR},
        _("Gửi phản ánh"),
        deadline=Step.CLASSIFY,
        citizen_visible=True,
    ),
    _t(Action.RECLASSIFY, _OPEN, None, _COORD, _("Sửa lĩnh vực, mức độ, địa bàn")),
    _t(
        Action.RETURN,
        _TRIAGE,
        S.RETURNED,
        _COORD,
        _("Trả lại phản ánh"),
        deadline=DeadlineEffect.CLEAR,
        citizen_visible=True,
    ),
    _t(
        Action.MERGE,
        _TRIAGE,
        S.MERGED,
        _COORD,
        _("Gộp vào phản ánh trùng"),
        deadline=DeadlineEffect.CLEAR,
        citizen_visible=True,
    ),
    _t(
        Action.ASSIGN,
        _TRIAGE,
        S.ASSIGNED,
        _COORD,
        _("Chuyển đơn vị xử lý"),
        deadline=Step.ACCEPT,
        citizen_visible=True,
    ),
    _t(
        Action.ACCEPT,
        {S.ASSIGNED},
        S.IN_PROGRESS,
        {P.LEAD_HANDLER},
        _("Tiếp nhận xử lý"),
        deadline=Step.HANDLE,
        citizen_visible=True,
    ),
    _t(
        Action.HAND_BACK,
        _UNIT_OPEN,
        S.HANDED_BACK,
        {P.LEAD_HANDLER},
        _("Trả lại: không thuộc thẩm quyền"),
        deadline=Step.CLASSIFY,
        note_required=True,
    ),
    _t(
        Action.UPDATE,
        {S.IN_PROGRESS},
        None,
        {P.LEAD_HANDLER},
        _("Cập nhật tiến độ"),
        citizen_visible=True,
        note_required=True,
    ),
    _t(
        Action.COMMENT,
        _OPEN,
        None,
        {P.COORDINATOR, P.LEAD_HANDLER, P.CO_HANDLER, P.LEAD_APPROVER, P.SUPERVISOR},
        _("Trao đổi nội bộ"),
        note_required=True,
    ),
    _t(
        Action.REQUEST_EXTENSION,
        {S.IN_PROGRESS},
        None,
        {P.LEAD_HANDLER},
        _("Xin gia hạn"),
        note_required=True,
    ),
    _t(
        Action.GRANT_EXTENSION,
        {S.IN_PROGRESS},
        None,
        _COORD,
        _("Đồng ý gia hạn"),
        citizen_visible=True,
    ),
    _t(
        Action.REFUSE_EXTENSION,
        {S.IN_PROGRESS},
        None,
        _COORD,
        _("Không đồng ý gia hạn"),
        note_required=True,
    ),
    _t(
        Action.SUBMIT_RESULT,
        {S.IN_PROGRESS},
        S.PENDING_APPROVAL,
        {P.LEAD_HANDLER},
        _("Gửi kết quả xử lý"),
        deadline=Step.APPROVE,
        note_required=True,
    ),
    _t(
        Action.APPROVE,
        {S.PENDING_APPROVAL},
        S.APPROVED,
        {P.LEAD_APPROVER},
        _("Phê duyệt kết quả"),
        deadline=Step.PUBLISH,
    ),
    _t(
        Action.SEND_BACK,
        {S.PENDING_APPROVAL},
        S.IN_PROGRESS,
        {P.LEAD_APPROVER},
        _("Yêu cầu xử lý lại"),
        deadline=DeadlineEffect.HANDLING,
        note_required=True,
    ),
    _t(
        Action.PUBLISH,
        {S.APPROVED},
        S.PUBLISHED,
        _COORD,
        _("Công bố kết quả"),
        deadline=DeadlineEffect.CLEAR,
        citizen_visible=True,
    ),
    _t(Action.SET_PRIVATE, _ANY, None, _COORD, _("Không công khai")),
    _t(Action.SET_PUBLIC, _ANY, None, _COORD, _("Cho phép công khai")),
    _t(
        Action.ESCALATE,
        {S.ASSIGNED, S.HANDED_BACK, S.IN_PROGRESS},
        S.ESCALATED,
        _COORD,
        _("Báo cáo UBND tỉnh"),
        deadline=DeadlineEffect.CLEAR,
        note_required=True,
    ),
    _t(
        Action.DECIDE,
        {S.ESCALATED},
        S.ASSIGNED,
        {P.SUPERVISOR},
        _("Chỉ đạo đơn vị chủ trì"),
        deadline=Step.ACCEPT,
        citizen_visible=True,
    ),
    _t(
        Action.REPLY,
        _OPEN | {S.PUBLISHED},
        None,
        {P.REPORTER},
        _("Bổ sung thông tin"),
        citizen_visible=True,
        note_required=True,
    ),
    _t(
        Action.RATE,
        {S.PUBLISHED, S.CLOSED},
        None,
        {P.REPORTER},
        _("Đánh giá kết quả"),
        citizen_visible=True,
    ),
    _t(
        Action.REOPEN,
        {S.PUBLISHED},
        S.REOPENED,
        {P.REPORTER},
        _("Phản ánh lần 2"),
        citizen_visible=True,
        note_required=True,
    ),
    _t(
        Action.CLOSE,
        {S.PUBLISHED},
        S.CLOSED,
        {P.COORDINATOR, P.SYSTEM},
        _("Đóng phản ánh"),
        citizen_visible=True,
    ),
)

TRANSITIONS: dict[Action, Transition] = {t.action: t for t in TABLE}
assert len(TRANSITIONS) == len(TABLE) == len(Action), "one row per action"
