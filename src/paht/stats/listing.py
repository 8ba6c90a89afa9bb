"""The filtered staff list of reports, for the page and its exports.

Ordered newest first by (submitted_at, id) with keyset pages (the cursor codec of
``reports.selectors``): page 1,000 costs what page 1 does. Report rows only — the
reporter's contact is never joined or read.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from paht.reports.models import Report, State
from paht.reports.permissions import Actor
from paht.reports.selectors import Page, decode_cursor, encode_cursor

from .query import StaffQuery
from .scope import scoped_reports
from .selectors import overdue_q

PAGE_SIZE = 50
LIST_COLUMNS = (
    "code",
    "title",
    "address",
    "state",
    "priority",
    "channel",
    "is_private",
    "submitted_at",
    "deadline_at",
    "handling_deadline_at",
    "result_at",
    "published_at",
    "field__code",
    "field__name",
    "field__name_en",
    "commune__name",
    "lead_unit__name",
)


def staff_reports(*, actor: Actor, query: StaffQuery, now: datetime | None = None) -> QuerySet:
    """Reports the actor may see matching the query; merged duplicates included (they
    have a state of their own to filter on), newest first."""
    now = now or timezone.now()
    f = query.filters()
    qs = scoped_reports(actor, query.scope).filter(
        submitted_at__gte=f.start, submitted_at__lt=f.end
    )
    if query.field is not None:
        qs = qs.filter(field=query.field)
    if query.unit is not None:
        qs = qs.filter(lead_unit=query.unit)
    if query.commune is not None:
        qs = qs.filter(commune=query.commune)
    if query.state:
        qs = qs.filter(state=query.state)
    if query.overdue:
        qs = qs.filter(overdue_q(now))
    return (
        qs.select_related("field", "commune", "lead_unit")
        .only(*LIST_COLUMNS)
        .order_by("-submitted_at", "-id")
    )


def staff_page(qs: QuerySet[Report], *, cursor: str | None, size: int = PAGE_SIZE) -> Page:
    """One page after ``cursor`` (an unreadable cursor starts from the top). One query."""
    position = decode_cursor(cursor) if cursor else None
    if position:
        when, pk = position
        qs = qs.filter(Q(submitted_at__lt=when) | Q(submitted_at=when, pk__lt=pk))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    return Page(rows, encode_cursor(last.submitted_at, last.pk) if more and last else None)


def is_overdue(report: Report, now: datetime) -> bool:
    """``overdue_q`` for one loaded row (no query)."""
    return bool(
        report.state == State.IN_PROGRESS
        and report.handling_deadline_at is not None
        and report.handling_deadline_at < now
    )
