"""Reads of the triage assistant: kept suggestions for lists, and a report's neighbours.

A fixed number of queries for any number of rows; nothing here runs a model."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from paht.geo.services import distance_m
from paht.reports.models import MERGE_TARGET_STATES, Field, Report, ReturnReason

from .models import Assessment


@dataclass(frozen=True)
class Hint:
    """One line for a list row: the suggested field, or the out-of-scope reason."""

    name: str
    score: float
    out_of_scope: bool


def hints_for(reports: list[Report]) -> dict[int, Hint]:
    """Hints for the reports that have been assessed (three queries whatever the count)."""
    if not reports:
        return {}
    rows = Assessment.objects.filter(report__in=reports).values_list(
        "report_id", "fields", "in_scope", "reason", "out_score"
    )
    rows = list(rows)
    if not rows:
        return {}
    fields = {f.code: f for f in Field.objects.all()}
    reasons = {r.code: r for r in ReturnReason.objects.all()}
    hints = {}
    for report_id, top, in_scope, reason, out_score in rows:
        if not in_scope and reason in reasons:
            hints[report_id] = Hint(reasons[reason].local_name, out_score, True)
        elif top and top[0][0] in fields:
            hints[report_id] = Hint(fields[top[0][0]].local_name, top[0][1], False)
    return hints


# -- neighbours ------------------------------------------------------------------------
POOL = 200  # the latest reports of the place read at most: a page costs the same


@dataclass(frozen=True)
class Neighbour:
    """An earlier report at the same place (being handled or resolved): a report could be a
    duplicate of it."""

    report: Report
    distance_m: float | None  # None when the search went by commune (no point)


def _box(lat: float, lng: float, radius_m: float) -> Q:
    # A degree is at least 110 km north-south here, and 110 km × cos(lat) east-west:
    # the box holds the whole circle; its corners are dropped after.
    dlat = radius_m / 110_000.0
    dlng = radius_m / (110_000.0 * max(math.cos(math.radians(lat)), 0.01))
    return Q(lat__range=(lat - dlat, lat + dlat), lng__range=(lng - dlng, lng + dlng))


def neighbours(
    report: Report, *, radius_m: float | None = None, days: int | None = None, limit: int = POOL
) -> list[Neighbour]:
    """Earlier reports near ``report`` in place and time that it could be merged into
    (being handled or resolved: a citizen may report again what was fixed last week),
    nearest first (one query).

    Near: within ``radius_m`` of its point (PAHT_DUPLICATE_RADIUS_M, 150 m), or in the same
    commune when it has no point; earlier: sent in the ``days`` before it
    (PAHT_DUPLICATE_DAYS, 30). Its previous round is not a neighbour. Of a crowded place,
    the ``limit`` latest reports are read. The coordinator's "nearby" list and the
    duplicate scoring both read this search.
    """
    radius = radius_m or settings.PAHT_DUPLICATE_RADIUS_M
    window = timedelta(days=days or settings.PAHT_DUPLICATE_DAYS)
    pool = Report.objects.filter(
        state__in=MERGE_TARGET_STATES,
        submitted_at__gte=report.submitted_at - window,
        submitted_at__lte=report.submitted_at,
    ).exclude(pk=report.pk)
    if report.previous_round_id:
        pool = pool.exclude(pk=report.previous_round_id)
    has_point = report.lat is not None and report.lng is not None
    if has_point:
        pool = pool.filter(_box(report.lat, report.lng, radius))
    elif report.commune_id:
        pool = pool.filter(commune_id=report.commune_id)
    else:
        return []
    rows = pool.select_related("field").order_by("-submitted_at", "-pk")[:limit]
    if not has_point:
        return [Neighbour(r, None) for r in rows]  # latest first
    found = [Neighbour(r, distance_m(report.lat, report.lng, r.lat, r.lng)) for r in rows]
    found = [n for n in found if n.distance_m <= radius]  # not the box's corners
    return sorted(found, key=lambda n: n.distance_m)


def stored_assessments(reports: list[Report]) -> dict[int, Assessment]:
    """The kept assessments of ``reports`` by report id (one query; no model run)."""
    if not reports:
        return {}
    return {a.report_id: a for a in Assessment.objects.filter(report__in=reports)}
