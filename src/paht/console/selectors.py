"""Reads for the console: the coordinator's inbox, the unit queue, approvals.

A report's nearby reports are ``paht.triage.selectors.neighbours`` (via the triage panel).

Every list goes through ``reports_visible_to`` and is ordered by the current step's
deadline (soonest first, none last) with keyset pages, so a page costs the same number
of queries whatever the number of reports.
"""

import contextlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from paht.core.errors import ValidationError
from paht.org.models import Role
from paht.reports.deadlines import current_calendar
from paht.reports.models import OPEN_STATES, ExtensionRequest, Report, State
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.selectors import after_deadline_cursor, encode_deadline_cursor
from paht.triage.selectors import hints_for

PAGE_SIZE = 25
DUE_SOON = timedelta(hours=24)


def due_soon_until(now: datetime) -> datetime:
    """Where the unit's "due soon" tab ends (included): a day from now, or one working
    day ahead when that reaches further. On a Friday afternoon it reaches into Monday
    (nobody is at the desk in between); from a Friday evening, to the end of Monday's
    office hours, where deadlines counted in working days fall."""
    return max(now + DUE_SOON, current_calendar().add_working_days(now, 1))


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    condition: Q


@dataclass(frozen=True)
class Listing:
    tabs: list[tuple[Tab, int]]
    current: Tab | None
    items: list[Report]
    next_cursor: str | None


def _pending_extension() -> Q:
    pending = ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING)
    return Q(state=State.IN_PROGRESS, pk__in=pending.values("report_id"))


def inbox_tabs(actor: Actor) -> list[Tab]:
    tabs = []
    if actor.has_role(Role.COORDINATOR):
        tabs += [
            Tab("moi", _("Mới gửi"), Q(state=State.SUBMITTED, round=1)),
            Tab("lan-2", _("Phản ánh lần 2"), Q(state=State.SUBMITTED, round=2)),
            Tab("don-vi-tra", _("Đơn vị trả lại"), Q(state=State.HANDED_BACK)),
            Tab("gia-han", _("Xin gia hạn"), _pending_extension()),
            Tab("cho-cong-bo", _("Chờ công bố"), Q(state=State.APPROVED)),
        ]
    if actor.has_role(Role.SUPERVISOR) or actor.has_role(Role.COORDINATOR):
        tabs.append(Tab("bao-cao-tinh", _("Chờ UBND tỉnh chỉ đạo"), Q(state=State.ESCALATED)))
    return tabs


def unit_tabs(actor: Actor, *, now: datetime | None = None) -> list[Tab]:
    units = actor.units_with(Role.HANDLER)
    now = now or timezone.now()
    lead = Q(lead_unit_id__in=units)
    open_lead = lead & Q(state__in=[State.ASSIGNED, State.IN_PROGRESS])
    return [
        Tab("can-tiep-nhan", _("Cần tiếp nhận"), lead & Q(state=State.ASSIGNED)),
        Tab("dang-xu-ly", _("Đang xử lý"), lead & Q(state=State.IN_PROGRESS, result_at=None)),
        Tab(
            "xu-ly-lai",
            pgettext("queue tab", "Yêu cầu xử lý lại"),
            lead & Q(state=State.IN_PROGRESS, result_at__isnull=False),
        ),
        Tab(
            "sap-den-han",
            _("Sắp đến hạn"),
            open_lead & Q(deadline_at__gte=now, deadline_at__lte=due_soon_until(now)),
        ),
        Tab("qua-han", _("Quá hạn"), open_lead & Q(deadline_at__lt=now)),
        Tab("cho-duyet", _("Chờ phê duyệt"), lead & Q(state=State.PENDING_APPROVAL)),
        Tab(
            "phoi-hop",
            _("Phối hợp"),
            Q(state__in=OPEN_STATES, co_units__in=units) & ~lead,
        ),
    ]


def approval_tabs(actor: Actor) -> list[Tab]:
    units = actor.units_with(Role.APPROVER)
    return [
        Tab(
            "cho-duyet",
            _("Kết quả chờ duyệt"),
            Q(lead_unit_id__in=units, state=State.PENDING_APPROVAL),
        )
    ]


def listing(actor: Actor, tabs: list[Tab], *, tab: str | None, cursor: str | None) -> Listing:
    """Counts of every tab in one query, and one keyset page of the chosen tab."""
    base = reports_visible_to(actor)
    counts = (
        base.aggregate(
            **{f"t{i}": Count("pk", filter=t.condition, distinct=True) for i, t in enumerate(tabs)}
        )
        if tabs
        else {}
    )
    current = next((t for t in tabs if t.key == tab), tabs[0] if tabs else None)
    items, next_cursor = [], None
    if current is not None:
        qs = (
            reports_visible_to(
                actor, Report.objects.select_related("field", "commune", "lead_unit")
            )
            .filter(current.condition)
            .distinct()
        )
        with contextlib.suppress(ValidationError):  # an unreadable cursor: from the top
            qs = after_deadline_cursor(qs, cursor)
        rows = list(qs.order_by(F("deadline_at").asc(nulls_last=True), "pk")[: PAGE_SIZE + 1])
        if len(rows) > PAGE_SIZE:
            rows = rows[:PAGE_SIZE]
            next_cursor = encode_deadline_cursor(rows[-1].deadline_at, rows[-1].pk)
        items = rows
        hints = hints_for([r for r in rows if r.state == State.SUBMITTED])
        for r in rows:
            r.triage_hint = hints.get(r.pk)
    return Listing(
        tabs=[(t, counts.get(f"t{i}", 0)) for i, t in enumerate(tabs)],
        current=current,
        items=items,
        next_cursor=next_cursor,
    )
