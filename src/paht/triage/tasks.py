"""Background work of the triage assistant (run by `paht worker`)."""

from django_tasks import task


@task()
def assess_report(report_id: int) -> str:
    """Read a new report with the triage model and keep the suggestion."""
    from paht.reports.models import Report

    from .services import assess

    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return "gone"
    try:
        assess([report])
    except FileNotFoundError:
        return "no model"  # the panel reads it later, when a model exists
    return "assessed"
