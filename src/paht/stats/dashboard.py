"""Aggregates only the staff dashboard shows: live counts, communes, trend, map, escalations.

Same definitions as ``selectors`` (read its docstring); each function is one query
whatever the number of reports, and aggregates in SQL.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Round, TruncMonth
from django.utils import timezone

from paht.reports.models import Report, State

from .selectors import (
    COUNTED_STATES,
    HANDLED_STATES,
    IN_PROGRESS_STATES,
    Buckets,
    StatsFilter,
    _bucket_aggregates,
    _buckets,
    overdue_q,
)

TREND_MONTHS = 12
MAP_PRECISION = 2  # decimal places of a map cell: about 1.1 km
MAP_MAX_CELLS = 3000
ESCALATIONS_SHOWN = 50

COUNTED = Q(state__in=COUNTED_STATES, merged_into__isnull=True)


@dataclass(frozen=True)
class LiveCounts:
    new_today: int
    in_progress: int
    overdue: int
    resolved_this_month: int
    escalated: int


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def live_counts(*, filters: StatsFilter, now: datetime | None = None) -> LiveCounts:
    """Counts right now, whatever the period (field, unit, commune and scope apply).

    New today: submitted since local midnight. In progress: every open state. Overdue:
    the unit is handling it past its handling deadline. Resolved this month: the result
    was published since the first of this month (local time). One query.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    midnight = _local_midnight(today)
    month_start = _local_midnight(today.replace(day=1))
    new_today = Q(submitted_at__gte=midnight)
    resolved = Q(state__in=HANDLED_STATES, published_at__gte=month_start)
    # The WHERE keeps the scan to today's, this month's and open reports.
    row = (
        filters.narrowed()
        .filter(COUNTED & (new_today | resolved | Q(state__in=IN_PROGRESS_STATES)))
        .aggregate(
            new_today=Count("id", filter=new_today),
            in_progress=Count("id", filter=Q(state__in=IN_PROGRESS_STATES)),
            overdue=Count("id", filter=overdue_q(now)),
            resolved=Count("id", filter=resolved),
            escalated=Count("id", filter=Q(state=State.ESCALATED)),
        )
    )
    return LiveCounts(
        new_today=row["new_today"],
        in_progress=row["in_progress"],
        overdue=row["overdue"],
        resolved_this_month=row["resolved"],
        escalated=row["escalated"],
    )


@dataclass(frozen=True)
class CommuneRow:
    code: str | None
    name: str
    buckets: Buckets

    @property
    def total(self) -> int:
        return self.buckets.total


def stats_by_commune(*, filters: StatsFilter, unknown: str = "") -> list[CommuneRow]:
    """Reports per commune where they happened, most first (one query).

    Reports with no commune (no point, no address in the province) form one row named
    ``unknown``. Only communes with reports in the period are listed.
    """
    rows = (
        filters.reports()
        .filter(COUNTED)
        .values("commune_id", "commune__name")
        .annotate(**_bucket_aggregates())
    )
    result = [
        CommuneRow(code=r["commune_id"], name=r["commune__name"] or unknown, buckets=_buckets(r))
        for r in rows
    ]
    result.sort(key=lambda c: (-c.total, c.code is None, c.name, c.code or ""))
    return result


@dataclass(frozen=True)
class MonthRow:
    month: date  # the first day of the month
    submitted: int
    handled: int


def _month_start(day: date, back: int) -> date:
    months = day.year * 12 + day.month - 1 - back
    return date(months // 12, months % 12 + 1, 1)


def stats_trend(*, filters: StatsFilter, months: int = TREND_MONTHS) -> list[MonthRow]:
    """Reports submitted per month (and how many of them are handled now) over the
    ``months`` months ending with the filter's last month; empty months included."""
    tz = timezone.get_default_timezone()
    last_day = (filters.end.astimezone(tz) - timedelta(microseconds=1)).date()
    first = _month_start(last_day, months - 1)
    window = replace(filters, start=_local_midnight(first))
    rows = (
        window.reports()
        .filter(COUNTED)
        .annotate(month=TruncMonth("submitted_at", tzinfo=tz))
        .values("month")
        .annotate(n=Count("id"), handled=Count("id", filter=Q(state__in=HANDLED_STATES)))
    )
    by_month = {}
    for r in rows:
        month = r["month"]
        key = (timezone.localtime(month, tz) if isinstance(month, datetime) else month).date()
        by_month[key.replace(day=1)] = r
    result = []
    for back in range(months - 1, -1, -1):
        month = _month_start(last_day, back)
        r = by_month.get(month, {"n": 0, "handled": 0})
        result.append(MonthRow(month=month, submitted=r["n"], handled=r["handled"]))
    return result


@dataclass(frozen=True)
class MapCell:
    lat: float
    lng: float
    open: int
    overdue: int


def open_report_cells(
    *, filters: StatsFilter, now: datetime | None = None
) -> tuple[list[MapCell], bool]:
    """Open reports (any period) grouped into cells of about a kilometre, for the map's
    graded circles; (cells, truncated). One query; at most ``MAP_MAX_CELLS`` cells."""
    now = now or timezone.now()
    rows = list(
        filters.narrowed()
        .filter(COUNTED, state__in=IN_PROGRESS_STATES, lat__isnull=False, lng__isnull=False)
        .values(glat=Round("lat", MAP_PRECISION), glng=Round("lng", MAP_PRECISION))
        .annotate(n=Count("id"), late=Count("id", filter=overdue_q(now)))
        .order_by("-n", "glat", "glng")[: MAP_MAX_CELLS + 1]
    )
    cells = [
        MapCell(lat=float(r["glat"]), lng=float(r["glng"]), open=r["n"], overdue=r["late"])
        for r in rows[:MAP_MAX_CELLS]
    ]
    return cells, len(rows) > MAP_MAX_CELLS


def escalations_waiting(*, filters: StatsFilter, limit: int = ESCALATIONS_SHOWN) -> list[Report]:
    """Reports escalated to the provincial People's Committee, waiting for its decision
    (any period), the longest-waiting first. One query; the count is in ``live_counts``."""
    return list(
        filters.narrowed()
        .filter(state=State.ESCALATED)
        .select_related("field", "commune", "lead_unit")
        .only(
            "code",
            "title",
            "state",
            "submitted_at",
            "updated_at",
            "field__code",
            "field__name",
            "field__name_en",
            "commune__name",
            "lead_unit__name",
        )
        .order_by("updated_at", "id")[:limit]
    )
