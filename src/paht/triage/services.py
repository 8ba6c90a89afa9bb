"""What the triage assistant suggests for a report: field, scope, duplicates, route.

Everything here is a suggestion a person confirms; nothing acts on a report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from paht.reports.models import Field, Report, ReturnReason


@dataclass(frozen=True)
class ScoredField:
    field: Field
    score: float


@dataclass(frozen=True)
class ReportSuggestion:
    """The model's reading of a report, resolved to the deployment's fields and reasons."""

    top: list[ScoredField]  # up to three fields, best first
    in_scope: bool
    reason: ReturnReason | None  # the out-of-scope return reason, when not in scope
    reason_score: float
    confidence: float

    @property
    def field(self) -> Field | None:
        return self.top[0].field if self.top else None

    @property
    def field_score(self) -> float:
        return self.top[0].score if self.top else 0.0


@dataclass(frozen=True)
class Candidate:
    """An earlier open report that may describe the same incident."""

    report: Report
    distance_m: float | None
    text_score: float
    score: float


@dataclass(frozen=True)
class TriagePanel:
    suggestion: ReportSuggestion | None
    duplicates: list[Candidate] = field(default_factory=list)
    route: object | None = None  # paht.routing.services.Route
    commune: object | None = None  # paht.geo.models.Commune suggested from the point


def suggestion_for_report(report: Report) -> ReportSuggestion | None:
    """The field and scope suggestion for ``report`` (None when no model is available)."""
    return None


def duplicate_candidates(report: Report, *, limit: int = 10) -> list[Candidate]:
    """Earlier open reports near ``report`` in place and time, most likely duplicate first."""
    return []


def triage_panel(report: Report) -> TriagePanel:
    """Everything the coordinator's report view shows in its triage panel."""
    return TriagePanel(
        suggestion=suggestion_for_report(report), duplicates=duplicate_candidates(report)
    )
