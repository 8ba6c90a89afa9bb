"""Working-time calendar for Vietnamese government deadlines.

Regulations count deadlines in *working* hours and days ("giờ làm việc", "ngày làm việc"):
only time inside office hours on a working day counts. Working days are Monday to Friday,
minus the national public holidays (Bộ luật Lao động, art. 112, including the days off the
Government swaps in), plus the Saturdays it declares working in exchange, adjusted by what
the province itself declares.

Pure Python on purpose (no Django): the rules are easy to get subtly wrong, so they are tested
without a database, and the caller (``deadlines.py``) builds the calendar from settings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo

import holidays

# Module-level so the dataclass default is one shared immutable value (ZoneInfo caches anyway).
VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)


@functools.cache
def _national_year(year: int) -> tuple[Mapping[date, str], frozenset[date]]:
    """Vietnamese public holidays of one year and the weekend days declared working.

    Cached per year because building ``holidays.VN`` computes the lunar calendar; the result is
    frozen so that a shared cache entry cannot be altered by one caller. ``expand=False`` keeps
    a lookup of another year from silently growing (mutating) the object.
    """
    # language="vi": without it the library returns the English source names.
    vn = holidays.VN(years=year, language="vi", expand=False)
    return MappingProxyType(dict(vn.items())), frozenset(vn.weekend_workdays)


def _require_aware(dt: datetime, name: str = "dt") -> None:
    # A naive value has no defined instant; guessing a zone would shift deadlines by hours.
    if not isinstance(dt, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(dt).__name__}")
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {dt.isoformat()}")


@dataclass(frozen=True)
class WorkingCalendar:
    """Office hours and working days of a province.

    ``periods`` are the daily office hours as half-open intervals ``[start, end)`` in local
    time, e.g. morning and afternoon with the lunch break between them. Vietnamese zones have
    no daylight saving time, so local wall-clock durations are real durations.
    """

    periods: tuple[tuple[time, time], ...] = (
        (time(7, 30), time(11, 30)),
        (time(13, 0), time(17, 0)),
    )
    # Province-declared days off: not working even if they are weekdays.
    extra_days_off: frozenset[date] = frozenset()
    # Province-declared working days (e.g. a working Saturday); these win over everything.
    extra_working_days: frozenset[date] = frozenset()
    tz: ZoneInfo = VIETNAM_TZ
    use_national_holidays: bool = True

    def __post_init__(self) -> None:
        # Normalise containers so that the frozen calendar stays hashable and immutable even
        # when a caller passes lists or sets.
        periods = tuple(tuple(p) for p in self.periods)
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "extra_days_off", frozenset(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))

        if not periods:
            raise ValueError("periods must contain at least one (start, end) working period")
        for i, period in enumerate(periods):
            if len(period) != 2 or not all(isinstance(t, time) for t in period):
                raise ValueError(f"period #{i} must be a (start, end) pair of time, got {period!r}")
            start, end = period
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError(f"period #{i} must use naive times (the zone is tz), got {period}")
            if not start < end:
                raise ValueError(f"period #{i} must start before it ends, got {start}–{end}")
            if i and periods[i - 1][1] > start:
                prev_start, prev_end = periods[i - 1]
                raise ValueError(
                    f"periods must be sorted and non-overlapping: {prev_start}–{prev_end} "
                    f"is followed by {start}–{end}"
                )

    # -- days -------------------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` (a local date) is a working day."""
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        if self.use_national_holidays:
            names, weekend_workdays = _national_year(d.year)
            if d in names:
                return False
            # Saturdays worked in exchange for a bridged day off (e.g. 2026-08-22).
            if d in weekend_workdays:
                return True
        return d.weekday() < 5

    def holiday_name(self, d: date) -> str | None:
        """The Vietnamese name of the national holiday on ``d``, or ``None``.

        Also names holidays falling on a weekend and swapped days off ("Ngày nghỉ (thay cho
        ngày …)"). Province-declared days have no name here; with ``use_national_holidays``
        off there are no national holidays, so this returns ``None``.
        """
        if not self.use_national_holidays:
            return None
        names, _ = _national_year(d.year)
        return names.get(d)

    def hours_per_day(self) -> timedelta:
        """Length of one working day, the sum of the periods (8 hours by default)."""
        anchor = date(2000, 1, 1)  # any date: times only subtract via datetimes
        return sum(
            (datetime.combine(anchor, e) - datetime.combine(anchor, s) for s, e in self.periods),
            _ZERO,
        )

    # -- moments ----------------------------------------------------------------------------

    def _local(self, dt: datetime, name: str = "dt") -> datetime:
        _require_aware(dt, name)
        return dt.astimezone(self.tz)

    def _periods_on(self, d: date) -> Iterator[tuple[datetime, datetime]]:
        """The working periods of ``d`` as aware datetimes; nothing on a non-working day."""
        if not self.is_working_day(d):
            return
        for s, e in self.periods:
            yield datetime.combine(d, s, tzinfo=self.tz), datetime.combine(d, e, tzinfo=self.tz)

    def is_working_moment(self, dt: datetime) -> bool:
        """Whether ``dt`` lies inside a working period (start included, end excluded)."""
        local = self._local(dt)
        return any(s <= local < e for s, e in self._periods_on(local.date()))

    def next_working_moment(self, dt: datetime) -> datetime:
        """``dt`` itself if it is a working moment, else the start of the next period.

        A period end (e.g. 11:30) is not a working moment, so it moves on to the next start.
        """
        local = self._local(dt)
        d = local.date()
        # Terminates: national holidays are finite per year and the province sets are finite,
        # so some Monday–Friday ahead is always a working day.
        while True:
            for s, e in self._periods_on(d):
                if local < e:
                    return max(s, local)
            d += _ONE_DAY

    # -- arithmetic -------------------------------------------------------------------------

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment by which ``amount`` of working time has elapsed since ``start``.

        Time outside the working periods does not count, so a report sent in the evening
        starts counting next working morning. When the amount runs out exactly at a period
        end, that end (e.g. 11:30) is returned, not the next period's start: it is the
        earliest moment at which the time has elapsed. A zero amount returns ``start`` as is
        (same instant, expressed in ``tz``). The result is aware, in ``tz``.

        Walks period by period, skipping non-working days, so large amounts stay cheap.
        """
        local = self._local(start, "start")
        if amount < _ZERO:
            # Counting backwards has no use in the deadline rules; refuse rather than guess.
            raise ValueError(f"amount must not be negative, got {amount}")
        if amount == _ZERO:
            return local
        remaining = amount
        d = local.date()
        while True:
            for s, e in self._periods_on(d):
                if e <= local:
                    continue
                s = max(s, local)
                available = e - s
                # "<=" so that exhausting the time exactly at ``e`` returns ``e``.
                if remaining <= available:
                    return s + remaining
                remaining -= available
            d += _ONE_DAY

    def add_working_days(self, start: datetime, days: int | float) -> datetime:
        """``add_working_time`` with ``days`` working days of ``hours_per_day`` each.

        Fractions are allowed (0.5 is half a working day, 4 hours by default).
        """
        return self.add_working_time(start, days * self.hours_per_day())

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Working time within ``[a, b)``; negative when ``b`` is before ``a``.

        The inverse of ``add_working_time``: ``working_time_between(s, add_working_time(s, x))``
        equals ``x``. Used to measure how late a step was or how much time it has left.
        """
        a_local, b_local = self._local(a, "a"), self._local(b, "b")
        if b_local < a_local:
            return -self.working_time_between(b_local, a_local)
        total = _ZERO
        d = a_local.date()
        last = b_local.date()
        while d <= last:
            for s, e in self._periods_on(d):
                overlap = min(e, b_local) - max(s, a_local)
                if overlap > _ZERO:
                    total += overlap
            d += _ONE_DAY
        return total
