"""The routing suggestion shown to the coordinator for one report."""

from paht.reports.models import Report

from .services import Route, route_for


def suggested_route(report: Report) -> Route:
    """The rules' answer, skipping units that already handed this report back."""
    refused = set(report.events.filter(action="hand_back").values_list("actor_unit_id", flat=True))
    route = route_for(
        field_id=report.field_id,
        commune_code=report.commune_id,
        exclude_unit_ids=refused,
    )
    return route
