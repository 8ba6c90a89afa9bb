"""Reads on reports. Public reads never touch ReporterContact."""

from django.db.models import QuerySet

from .models import Report


def public_reports() -> QuerySet[Report]:
    """Reports anyone may read: a published result and not marked private."""
    return Report.objects.public().order_by("-published_at", "-id")
