"""What the triage assistant suggests for a report: field, scope, duplicates, route.

Everything here is a suggestion a person confirms; nothing here changes a report.
The models (scikit-learn, the embedding engine) are imported on first use, so a server
process that never suggests anything does not carry them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from paht.geo.services import commune_for_point
from paht.reports.models import Field, Report, ReturnReason

from .models import Assessment
from .selectors import Neighbour, neighbours, stored_assessments


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
    """An earlier report (being handled or resolved) that may describe the same incident."""

    report: Report
    distance_m: float | None
    text_score: float  # how alike the two texts are (embedding cosine)
    score: float  # the pair model's probability that it is the same incident
    likely: bool  # above the pair model's threshold


@dataclass(frozen=True)
class TriagePanel:
    suggestion: Suggestion | None
    duplicates: list[Candidate] = field(default_factory=list)  # scored neighbours
    nearby: list[Neighbour] = field(default_factory=list)  # not assessed yet: unscored
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
DUPLICATES_SHOWN = 10  # rows of each list the coordinator's page shows


@dataclass(frozen=True)
class Duplicates:
    """A report's neighbours (``selectors.neighbours``), split by what is known of them."""

    candidates: list[Candidate]  # neighbours with a kept assessment, most likely first
    unscored: list[Neighbour]  # not assessed yet (queued now), nearest first


def _vector(a: Assessment):
    import numpy as np

    return np.frombuffer(bytes(a.vector), dtype=np.float16).astype(np.float32)


def _waiting(report_ids: list[int]) -> set[int]:
    """Which of ``report_ids`` already have an assessment task waiting in the database
    queue (one query on its index of waiting tasks). With another backend: none known."""
    from .tasks import assess_report

    try:
        from django_tasks_db import DatabaseBackend
    except ImportError:  # pragma: no cover - the project installs it
        return set()
    if not report_ids or not isinstance(assess_report.get_backend(), DatabaseBackend):
        return set()
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    # Only READY rows: that is the queue's partial index. A task already running keeps
    # its report out of the queue for a second at most; a second run rewrites the row.
    rows = DBTaskResult.objects.filter(
        Q(args_kwargs__args__0__in=report_ids) | Q(args_kwargs__kwargs__report_id__in=report_ids),
        status=TaskResultStatus.READY,
        task_path=assess_report.module_path,
    ).values_list("args_kwargs", flat=True)
    waiting = set()
    for row in rows:
        args, kwargs = row.get("args") or [], row.get("kwargs") or {}
        waiting.add(args[0] if args else kwargs.get("report_id"))
    return waiting


def queue_assessments(report_ids: list[int]) -> int:
    """Queue the worker's assessment of ``report_ids``, once each, skipping those already
    waiting; returns how many were queued. For pages: the model runs in the worker."""
    from .tasks import assess_report

    waiting = _waiting(report_ids)
    todo = list(dict.fromkeys(pk for pk in report_ids if pk not in waiting))
    for pk in todo:
        assess_report.enqueue(pk)
    return len(todo)


def _score(report: Report, own: Assessment, near: list[Neighbour], known: dict) -> list[Candidate]:
    """The pair model's reading of ``report`` against each of ``near`` (all assessed)."""
    if not near:
        return []
    import numpy as np

    from . import store
    from .pairs import Side
    from .text import both_forms

    model = store.load()
    everyone = [report, *(n.report for n in near)]
    vectors = np.vstack([_vector(own), *(_vector(known[n.report.pk]) for n in near)])
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
    found = [
        Candidate(
            report=n.report,
            distance_m=n.distance_m,
            text_score=float(me.vector @ side.vector),
            score=score,
            likely=score >= model.pair.threshold,
        )
        for n, side, score in zip(near, rest, scores, strict=True)
    ]
    found.sort(key=lambda c: -c.score)
    return found


def duplicates_among(
    report: Report, near: list[Neighbour], *, limit: int = DUPLICATES_SHOWN
) -> Duplicates:
    """Score ``near`` (the report's neighbours) as duplicates of ``report``, with their
    kept assessments only: no neighbour is embedded here, so a page can call this. Those
    without one are queued for the worker and come back unscored. ``report`` itself is
    assessed here if it has not been yet (one text). Raises FileNotFoundError when no
    model is available.
    """
    if not near:
        return Duplicates([], [])
    from . import store

    store.load()  # no model: nothing to queue either
    known = stored_assessments([report, *(n.report for n in near)])
    own = known.get(report.pk) or assess([report])[0]
    scored = [n for n in near if n.report.pk in known]
    unscored = [n for n in near if n.report.pk not in known]
    # Only those the page lists: a busy commune without points must not queue 200 tasks.
    queue_assessments([n.report.pk for n in unscored[:limit]])
    return Duplicates(_score(report, own, scored, known)[:limit], unscored[:limit])


def duplicate_candidates(
    report: Report,
    *,
    radius_m: float | None = None,
    days: int | None = None,
    limit: int = DUPLICATES_SHOWN,
) -> list[Candidate]:
    """Earlier reports (being handled or resolved) near ``report`` in place and time
    (``selectors.neighbours``), most likely duplicate first. Neighbours not assessed yet
    are queued, not scored.
    """
    near = neighbours(report, radius_m=radius_m, days=days)
    return duplicates_among(report, near, limit=limit).candidates


def triage_panel(report: Report, *, neighbours_too: bool = True) -> TriagePanel:
    """Everything the coordinator's report view shows in its triage panel.

    With ``neighbours_too``, the report's neighbours (one search): those already assessed
    scored as duplicates, the others listed as nearby and queued for the worker. No
    neighbour is read by the model in the request.
    """
    from paht.routing.services import route_for

    suggestion = suggestion_for_report(report)
    commune = None
    if report.commune_id is None and report.lat is not None and report.lng is not None:
        commune = commune_for_point(lat=report.lat, lng=report.lng)
    commune_code = report.commune_id or (commune.code if commune else None)
    route = route_for(field_id=report.field_id, commune_code=commune_code)
    near = neighbours(report) if neighbours_too else []
    try:
        found = duplicates_among(report, near)
    except FileNotFoundError:  # no model: every neighbour is listed, none scored
        found = Duplicates([], near[:DUPLICATES_SHOWN])
    return TriagePanel(
        suggestion=suggestion,
        duplicates=found.candidates,
        nearby=found.unscored,
        route=route,
        commune=commune,
    )
