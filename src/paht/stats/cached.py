"""The public statistics of a year, computed at most once a minute per app process.

A year's statistics read every report of the year (a national year: about 180,000 rows
and 300 ms of PostgreSQL); a news story sends many people to the same page. The public
page and ``GET /api/v1/stats`` share one result per (period, field, province, language)
kept in the process's ``stats`` cache for ``PAHT_STATS_CACHE_SECONDS`` (60 s; 0 computes
every time), at most ``PAHT_STATS_CACHE_ENTRIES`` (30) values: a national year's answer
is about a megabyte, and a crawler could ask for every year, field and province.
The public page keeps its rendered tables the same way (rendering them costs more than
the numbers), and the API its encoded answer. The numbers are the same as computed
live, up to that age. The staff dashboard, which a unit watches for its own new reports,
always computes live.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from .selectors import (
    FieldRow,
    StatsFilter,
    Summary,
    UnitRow,
    stats_by_field,
    stats_by_unit,
    stats_summary,
)

T = TypeVar("T")


@dataclass(frozen=True)
class YearStats:
    summary: Summary
    by_field: list[FieldRow]
    by_unit: list[UnitRow]


def _key_of(value) -> str:
    return "" if value is None else str(getattr(value, "pk", value))


def _cache_key(filters: StatsFilter) -> str:
    scope = ",".join(str(pk) for pk in sorted(filters.scope)) if filters.scope is not None else "*"
    parts = [
        filters.start.isoformat(),
        filters.end.isoformat(),
        _key_of(filters.field),
        _key_of(filters.unit),
        _key_of(filters.commune),
        _key_of(filters.province),
        scope,
        translation.get_language() or "",  # field names are in the reader's language
    ]
    return "paht:stats:" + "|".join(parts)


def kept(filters: StatsFilter, part: str, make: Callable[[], T]) -> T:
    """``make()``'s value for ``filters`` and ``part``, made at most once per
    ``PAHT_STATS_CACHE_SECONDS`` in this process."""
    seconds = settings.PAHT_STATS_CACHE_SECONDS
    if seconds <= 0:
        return make()
    key = f"{_cache_key(filters)}|{part}"
    store = caches["stats"]
    found = store.get(key)
    if found is None:
        found = make()
        store.set(key, found, seconds)
    return found


def public_stats(filters: StatsFilter) -> YearStats:
    """Summary, per field and per lead unit for ``filters``, at most a minute old."""
    return kept(
        filters,
        "numbers",
        lambda: YearStats(
            summary=stats_summary(filters=filters),
            by_field=stats_by_field(filters=filters),
            by_unit=stats_by_unit(filters=filters),
        ),
    )
