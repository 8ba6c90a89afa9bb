"""Reading kept suggestions for lists: a fixed number of queries for any number of rows."""

from dataclasses import dataclass

from paht.reports.models import Field, Report, ReturnReason

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
