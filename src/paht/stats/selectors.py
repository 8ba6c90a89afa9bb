"""Report statistics: aggregates only, for the public page, its CSVs and staff dashboards.

Every function takes a ``StatsFilter`` (a period, optionally a field, a lead unit, a
commune) and runs a fixed number of aggregate queries, whatever the number of reports.
Only counts leave this module: no report text, no reporter data (ReporterContact is
never read or joined).

Definitions, the same everywhere the numbers are shown (the page explains them too):

* **Which reports count.** Reports *submitted* in the period (``submitted_at`` in
  ``[start, end)``; a year runs from 1 January 00:00 to 1 January 00:00 in the
  deployment's time zone, Asia/Ho_Chi_Minh). A report stays in the period it was
  submitted in, even if handled later. Each round counts: a re-opened report
  (*phản ánh lần 2*) is a new report submitted when the citizen re-opened it.
  Duplicates merged into another report are left out of every total (the report they
  were merged into stands for them); ``Summary.merged`` says how many there were.
  Private reports (``is_private``) count like any other: aggregates carry no
  personal data and leaving them out would hide work the units did.
* **State buckets.** *Đã xử lý* (handled): published, closed or re-opened (a result
  was published; a re-opening is counted as its own round-2 report). *Đang xử lý*
  (in progress): every open state, from waiting for triage to waiting for
  publication. *Đã trả lại* (returned): returned by the coordinator. The three add up
  to the total.
* **Lead unit.** The report's current lead unit (*đơn vị chủ trì*). A unit that hands
  a report back gives it up; the unit that handles it after re-routing is credited.
* **On time.** Among a unit's reports with an approved result (state approved,
  published, closed or re-opened, ``result_at`` set), the share whose result was
  submitted no later than the handling deadline (``result_at <=
  handling_deadline_at``; extensions granted move that deadline). A result with no
  handling deadline counts as on time, as the workflow records it when the result
  is submitted: nothing bound the unit. A result still waiting for the leader's
  approval is not counted yet, since the leader may send it back.
* **Overdue.** Reports the unit is handling now (in progress) whose handling
  deadline has passed; shown beside the rate so units that never answer do not look
  punctual.
* **Satisfaction.** Among reports rated by their reporter, the share marked
  satisfied, and the average number of stars (1–5).
* **Handling time.** Among the results counted for the on-time rate, the average time
  from submission to the result (calendar time, in days).
* **Resolved.** In the handled bucket; "resolved this month" counts those whose result
  was published this month, whenever they were submitted.
* **Province.** A deployment that serves several provinces narrows by the province of
  the report's commune (``StatsFilter.province``); a report with no commune belongs to
  no province then. A one-province deployment never needs it.
* **Scope.** Staff of a unit (handlers, approvers) see only the reports their units
  lead or co-handle (``StatsFilter.scope``); the province's coordinators, supervisors
  and admins see every report. The public page has no scope.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from paht.geo.models import Commune, Province
from paht.org.models import Unit
from paht.reports.models import OPEN_STATES, RESOLVED_STATES, Field, Report, State

COUNTED_STATES = frozenset(State) - {State.MERGED}
HANDLED_STATES = RESOLVED_STATES
IN_PROGRESS_STATES = OPEN_STATES
RETURNED_STATES = frozenset({State.RETURNED})
# A result counts for the on-time rate once the unit's leader has approved it.
RESULT_STATES = frozenset({State.APPROVED}) | RESOLVED_STATES


@dataclass(frozen=True)
class StatsFilter:
    """Which reports to aggregate: submitted in ``[start, end)``, optionally narrowed.

    ``field``, ``unit`` (lead unit), ``commune`` and ``province`` take a model instance
    or its key.
    ``scope``: the unit ids a unit's staff are limited to (reports those units lead or
    co-handle); None for the whole province.
    """

    start: datetime
    end: datetime
    field: Field | int | None = None
    unit: Unit | int | None = None
    commune: Commune | str | None = None
    scope: frozenset[int] | None = None
    province: Province | str | None = None

    @classmethod
    def for_year(cls, year: int, **narrow) -> "StatsFilter":
        return cls.for_dates(date(year, 1, 1), date(year, 12, 31), **narrow)

    @classmethod
    def for_dates(cls, first: date, last: date, **narrow) -> "StatsFilter":
        """Local calendar days ``first`` to ``last``, both included."""
        tz = timezone.get_default_timezone()
        start = datetime.combine(first, time.min, tzinfo=tz)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)
        return cls(start=start, end=end, **narrow)

    def reports(self):
        """Reports in the period and narrowing, merged duplicates included."""
        return self.narrowed().filter(submitted_at__gte=self.start, submitted_at__lt=self.end)

    def narrowed(self):
        """Reports of every period matching the field, unit, commune and scope."""
        q = Q()
        if self.field is not None:
            q &= Q(field=self.field)
        if self.unit is not None:
            q &= Q(lead_unit=self.unit)
        if self.commune is not None:
            q &= Q(commune=self.commune)
        if self.province is not None:
            q &= Q(commune__province=self.province)
        if self.scope is not None:
            co_led = Report.co_units.through.objects.filter(unit_id__in=self.scope)
            q &= Q(lead_unit_id__in=self.scope) | Q(pk__in=co_led.values("report_id"))
        return Report.objects.filter(q).order_by()


def served_provinces():
    """Provinces this deployment serves (a commune People's Committee is set up there):
    one for a province's own deployment, where no province filter is shown."""
    return (
        Province.objects.filter(communes__peoples_committee__isnull=False)
        .distinct()
        .order_by("code")
    )


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class Buckets:
    handled: int = 0
    in_progress: int = 0
    returned: int = 0

    @property
    def total(self) -> int:
        return self.handled + self.in_progress + self.returned

    @property
    def handled_rate(self) -> float | None:
        return _percent(self.handled, self.total)

    @property
    def in_progress_rate(self) -> float | None:
        return _percent(self.in_progress, self.total)

    @property
    def returned_rate(self) -> float | None:
        return _percent(self.returned, self.total)


@dataclass(frozen=True)
class Outcome:
    """Timeliness and satisfaction of results."""

    results: int = 0
    on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    avg_rating: float | None = None

    @property
    def late(self) -> int:
        return self.results - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        return _percent(self.on_time, self.results)

    @property
    def satisfaction_rate(self) -> float | None:
        return _percent(self.satisfied, self.rated)


@dataclass(frozen=True)
class Summary:
    buckets: Buckets
    outcome: Outcome
    merged: int  # duplicates merged into other reports, left out of the totals

    @property
    def total(self) -> int:
        return self.buckets.total


@dataclass(frozen=True)
class FieldRow:
    field_id: int
    code: str
    name: str  # in the active language (English where the admin filled it in)
    buckets: Buckets

    @property
    def total(self) -> int:
        return self.buckets.total


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    name: str
    short_name: str  # for charts; the name when the unit has no short name
    total: int  # reports the unit leads
    handled: int
    overdue: int
    outcome: Outcome
    avg_handling_days: float | None = None  # submission to result, among counted results


def _bucket_aggregates(within: Q | None = None) -> dict:
    within = within or Q()
    return {
        "handled": Count("id", filter=within & Q(state__in=HANDLED_STATES)),
        "in_progress": Count("id", filter=within & Q(state__in=IN_PROGRESS_STATES)),
        "returned": Count("id", filter=within & Q(state__in=RETURNED_STATES)),
    }


HAS_RESULT = Q(lead_unit__isnull=False, result_at__isnull=False, state__in=RESULT_STATES)
# The one definition of "on time" for a result (see the module's docstring).
IN_TIME = Q(handling_deadline_at__isnull=True) | Q(result_at__lte=F("handling_deadline_at"))


def overdue_q(now: datetime) -> Q:
    """The one definition of "overdue" (see the module's docstring), for every page."""
    return Q(state=State.IN_PROGRESS, handling_deadline_at__lt=now)


def _outcome_aggregates() -> dict:
    has_result, in_time = HAS_RESULT, IN_TIME
    rated = Q(lead_unit__isnull=False, satisfied__isnull=False)
    # Aliases must not shadow model fields ("satisfied"), or later aggregates break.
    return {
        "n_results": Count("id", filter=has_result),
        "n_on_time": Count("id", filter=has_result & in_time),
        "n_rated": Count("id", filter=rated),
        "n_satisfied": Count("id", filter=rated & Q(satisfied=True)),
        "avg_rating": Avg("rating", filter=rated),
    }


def _days(value) -> float | None:
    """An average duration in days, one decimal (a timedelta, or microseconds on SQLite)."""
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value) / 1e6
    return round(seconds / 86400, 1)


def _buckets(row: dict) -> Buckets:
    return Buckets(handled=row["handled"], in_progress=row["in_progress"], returned=row["returned"])


def _outcome(row: dict) -> Outcome:
    avg = row["avg_rating"]  # a Decimal on PostgreSQL, a float on SQLite
    return Outcome(
        results=row["n_results"],
        on_time=row["n_on_time"],
        rated=row["n_rated"],
        satisfied=row["n_satisfied"],
        avg_rating=round(float(avg), 1) if avg is not None else None,
    )


def stats_summary(*, filters: StatsFilter) -> Summary:
    """Totals, state buckets, overall on-time and satisfaction rates (one query)."""
    # One pass over the period: merged duplicates are only counted, not totalled.
    counted = Q(state__in=COUNTED_STATES, merged_into__isnull=True)
    row = filters.reports().aggregate(
        **_bucket_aggregates(counted),
        **_outcome_aggregates(),
        merged=Count("id", filter=Q(state=State.MERGED) | Q(merged_into__isnull=False)),
    )
    return Summary(buckets=_buckets(row), outcome=_outcome(row), merged=row["merged"])


def stats_by_field(*, filters: StatsFilter) -> list[FieldRow]:
    """Reports per field with their state buckets (two queries).

    Every active field is listed, with zeros if it received nothing; an inactive field
    appears only if it has reports in the period. Ordered like the submit form.
    """
    counted = filters.reports().filter(state__in=COUNTED_STATES, merged_into__isnull=True)
    rows = {r["field_id"]: r for r in counted.values("field_id").annotate(**_bucket_aggregates())}
    fields = Field.objects.filter(Q(is_active=True) | Q(pk__in=list(rows)))
    if filters.field is not None:
        fields = fields.filter(pk=getattr(filters.field, "pk", filters.field))
    empty = {"handled": 0, "in_progress": 0, "returned": 0}
    return [
        FieldRow(
            field_id=f.pk,
            code=f.code,
            name=f.local_name,
            buckets=_buckets(rows.get(f.pk, empty)),
        )
        for f in fields.only("pk", "code", "name", "name_en")
    ]


def stats_by_unit(*, filters: StatsFilter, now: datetime | None = None) -> list[UnitRow]:
    """Per lead unit: volume, overdue, on-time and satisfaction (one query).

    Units that lead at least one counted report in the period, most reports first.
    """
    now = now or timezone.now()
    overdue = overdue_q(now)
    handling = ExpressionWrapper(F("result_at") - F("submitted_at"), output_field=DurationField())
    rows = (
        filters.reports()
        .filter(state__in=COUNTED_STATES, merged_into__isnull=True, lead_unit__isnull=False)
        .values("lead_unit_id", "lead_unit__name", "lead_unit__short_name")
        .annotate(
            total=Count("id"),
            handled=Count("id", filter=Q(state__in=HANDLED_STATES)),
            overdue=Count("id", filter=overdue),
            avg_handling=Avg(handling, filter=HAS_RESULT),
            **_outcome_aggregates(),
        )
    )
    result = [
        UnitRow(
            unit_id=r["lead_unit_id"],
            name=r["lead_unit__name"],
            short_name=r["lead_unit__short_name"] or r["lead_unit__name"],
            total=r["total"],
            handled=r["handled"],
            overdue=r["overdue"],
            outcome=_outcome(r),
            avg_handling_days=_days(r["avg_handling"]),
        )
        for r in rows
    ]
    # Sorted here: SQLite's and PostgreSQL's collations order Vietnamese names differently.
    result.sort(key=lambda u: (-u.total, u.name, u.unit_id))
    return result
