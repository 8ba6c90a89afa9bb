"""What the triage assistant suggests for a report: field, scope, duplicates, route.

Everything here is a suggestion a person confirms; nothing here changes a report.
The models (scikit-learn, the embedding engine) are imported on first use, so a server
process that never suggests anything does not carry them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from paht.geo.services import commune_for_point
from paht.reports.models import OPEN_STATES, Field, Report, ReturnReason

from .models import Assessment


@dataclass(frozen=True)
class ScoredField:
    field: Field
    score: float


@dataclass(frozen=True)
class Suggestion:
    """The model's reading of a text, resolved to the deployment's fields and reasons."""

    top: list[ScoredField]  # up to three in-scope fields, best first
    in_scope: bool
    reason: ReturnReason | None  # the out-of-scope return reason, when not in scope
    reason_score: float  # how strongly the text looks out of scope (0..1)
    confidence: float

    @property
    def field(self) -> Field | None:
        return self.top[0].field if self.top else None

    @property
    def field_score(self) -> float:
        return self.top[0].score if self.top else 0.0


ReportSuggestion = Suggestion  # the name the console knows


@dataclass(frozen=True)
class Candidate:
    """An earlier open report that may describe the same incident."""

    report: Report
    distance_m: float | None
    text_score: float  # how alike the two texts are (embedding cosine)
    score: float  # the pair model's probability that it is the same incident
    likely: bool  # above the pair model's threshold


@dataclass(frozen=True)
class TriagePanel:
    suggestion: Suggestion | None
    duplicates: list[Candidate] = field(default_factory=list)
    route: object | None = None  # paht.routing.services.Route for the report's field
    commune: object | None = None  # commune suggested from the point, if the report has none


def _resolve(fields: list[tuple[str, float]], in_scope, reason_code, out_score, confidence):
    by_code = {f.code: f for f in Field.objects.filter(is_active=True)}
    top = [ScoredField(by_code[c], s) for c, s in fields if c in by_code][:3]
    reason = None
    if not in_scope and reason_code:
        reason = ReturnReason.objects.filter(code=reason_code, is_active=True).first()
    return Suggestion(
        top=top, in_scope=in_scope, reason=reason, reason_score=out_score, confidence=confidence
    )


def suggest(text: str) -> Suggestion:
    """The suggestion for a text not yet sent (the submit form, the API)."""
    from . import store

    p = store.load().predict([text])[0]
    return _resolve(p.fields, p.in_scope, p.reason, p.out_score, p.confidence)


def _row(p, vector) -> dict:
    return {
        "fields": [[c, round(s, 4)] for c, s in p.fields[:3]],
        "in_scope": p.in_scope,
        "reason": p.reason or "",
        "out_score": round(p.out_score, 4),
        "confidence": round(p.confidence, 4),
        "vector": vector.astype("float16").tobytes(),
    }


def assess(reports: list[Report]) -> list[Assessment]:
    """Read ``reports`` with the model (one batch) and keep the result."""
    if not reports:
        return []
    from . import store
    from .embed import embed
    from .text import normalize

    model = store.load()
    digest = model.meta.get("data_sha256", "")[:64]
    texts = [r.description for r in reports]
    vectors = embed([normalize(t) for t in texts])
    predictions = model.predict(texts, vectors)
    saved = []
    for report, p, v in zip(reports, predictions, vectors, strict=True):
        obj, _ = Assessment.objects.update_or_create(
            report=report, defaults={**_row(p, v), "model_digest": digest}
        )
        saved.append(obj)
    return saved


def assessment_for(report: Report) -> Assessment:
    found = Assessment.objects.filter(report=report).first()
    return found or assess([report])[0]


def suggestion_for_report(report: Report) -> Suggestion | None:
    """The field and scope suggestion for ``report`` (None when no model is available)."""
    try:
        a = assessment_for(report)
    except FileNotFoundError:
        return None
    return _resolve([tuple(x) for x in a.fields], a.in_scope, a.reason, a.out_score, a.confidence)


# -- duplicates ------------------------------------------------------------------------
def _box(lat: float, lng: float, radius_m: float) -> Q:
    dlat = radius_m / 111_000.0
    dlng = radius_m / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    return Q(lat__range=(lat - dlat, lat + dlat), lng__range=(lng - dlng, lng + dlng))


def _vector(a: Assessment):
    import numpy as np

    return np.frombuffer(bytes(a.vector), dtype=np.float16).astype(np.float32)


def duplicate_candidates(
    report: Report, *, radius_m: float | None = None, days: int | None = None, limit: int = 10
) -> list[Candidate]:
    """Earlier open reports near ``report`` in place and time, most likely duplicate first.

    Near: within ``radius_m`` of its point (PAHT_DUPLICATE_RADIUS_M, 150 m), or in the same
    commune when either has no point; earlier: sent in the ``days`` before it
    (PAHT_DUPLICATE_DAYS, 30).
    """
    radius = radius_m or settings.PAHT_DUPLICATE_RADIUS_M
    window = timedelta(days=days or settings.PAHT_DUPLICATE_DAYS)
    pool = Report.objects.filter(
        state__in=OPEN_STATES,
        submitted_at__gte=report.submitted_at - window,
        submitted_at__lte=report.submitted_at,
    ).exclude(pk=report.pk)
    if report.previous_round_id:
        pool = pool.exclude(pk=report.previous_round_id)
    if report.lat is not None and report.lng is not None:
        pool = pool.filter(_box(report.lat, report.lng, radius))
    elif report.commune_id:
        pool = pool.filter(commune_id=report.commune_id)
    else:
        return []
    others = list(pool.select_related("field").order_by("-submitted_at")[:200])
    if not others:
        return []
    import numpy as np

    from . import store
    from .pairs import Side, distance_m
    from .text import both_forms

    model = store.load()
    known = {a.report_id: a for a in Assessment.objects.filter(report__in=[report, *others])}
    missing = [r for r in [report, *others] if r.pk not in known]
    for a in assess(missing):
        known[a.report_id] = a
    everyone = [report, *others]
    vectors = np.vstack([_vector(known[r.pk]) for r in everyone])
    texts = [r.description for r in everyone]
    probs = model.probabilities(texts, vectors)
    folded = [both_forms(t)[1] for t in texts]
    chars = model.chars.transform(folded)
    sides = [
        Side(folded[i], vectors[i], chars[i], probs[i], r.lat, r.lng)
        for i, r in enumerate(everyone)
    ]
    me, rest = sides[0], sides[1:]
    scores = model.pair.scores([(me, s) for s in rest])
    found = []
    for other, side, score in zip(others, rest, scores, strict=True):
        d = distance_m(me, side)
        if d is not None and d > radius:
            continue  # the box's corners
        found.append(
            Candidate(
                report=other,
                distance_m=d,
                text_score=float(me.vector @ side.vector),
                score=score,
                likely=score >= model.pair.threshold,
            )
        )
    found.sort(key=lambda c: -c.score)
    return found[:limit]


def triage_panel(report: Report) -> TriagePanel:
    """Everything the coordinator's report view shows in its triage panel."""
    from paht.routing.services import route_for

    suggestion = suggestion_for_report(report)
    commune = None
    if report.commune_id is None and report.lat is not None and report.lng is not None:
        commune = commune_for_point(lat=report.lat, lng=report.lng)
    commune_code = report.commune_id or (commune.code if commune else None)
    route = route_for(field_id=report.field_id, commune_code=commune_code)
    try:
        duplicates = duplicate_candidates(report)
    except FileNotFoundError:
        duplicates = []
    return TriagePanel(suggestion=suggestion, duplicates=duplicates, route=route, commune=commune)
