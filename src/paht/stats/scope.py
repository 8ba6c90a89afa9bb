"""Which reports a staff member's statistics, lists and exports cover (DESIGN §2).

The province's coordinators and supervisors see every report. A unit's handlers and
approvers see the reports their units lead or co-handle — the same rule as
``reports_visible_to`` without the published reports of other units, which are public
but are not the unit's work and would distort its figures. A system admin configures
the system and handles no report: the admin role alone covers none (the console refuses
them report details too, and lists must not show more than the console would).
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from paht.org.models import Role, Unit
from paht.reports.models import Report
from paht.reports.permissions import Actor, reports_visible_to

PROVINCE_ROLES = (Role.COORDINATOR, Role.SUPERVISOR)  # exactly reports_visible_to's
UNIT_ROLES = (Role.HANDLER, Role.APPROVER)


@dataclass(frozen=True)
class Scope:
    """``unit_ids`` None: the whole province; else the units whose reports are visible."""

    unit_ids: frozenset[int] | None

    @property
    def whole_province(self) -> bool:
        return self.unit_ids is None

    def units(self) -> QuerySet[Unit]:
        """Units the actor may choose in filters and monthly reports."""
        units = Unit.objects.filter(is_active=True)
        if self.unit_ids is not None:
            units = units.filter(pk__in=self.unit_ids)
        return units.only("pk", "code", "name", "short_name", "kind")

    def may_see_unit(self, unit: Unit) -> bool:
        return self.unit_ids is None or unit.pk in self.unit_ids


def stats_scope(actor: Actor) -> Scope:
    if any(actor.has_role(role) for role in PROVINCE_ROLES):
        return Scope(unit_ids=None)
    ids: set[int] = set()
    for role in UNIT_ROLES:
        ids |= actor.units_with(role)
    return Scope(unit_ids=frozenset(ids))


def scoped_reports(actor: Actor, scope: Scope) -> QuerySet[Report]:
    """Reports the actor's lists and exports may show: the permission filter first."""
    qs = reports_visible_to(actor)  # the whole province for exactly PROVINCE_ROLES
    if scope.unit_ids is not None:
        co_led = Report.co_units.through.objects.filter(unit_id__in=scope.unit_ids)
        qs = qs.filter(Q(lead_unit_id__in=scope.unit_ids) | Q(pk__in=co_led.values("report_id")))
    return qs
