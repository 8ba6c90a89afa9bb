"""Which unit should handle a report (DESIGN §1, step 2)."""

from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils.translation import gettext as _

from paht.org.models import Unit

from .models import RoutingRule


@dataclass(frozen=True)
class Route:
    lead_unit: Unit | None
    co_units: list[Unit] = field(default_factory=list)
    rule: RoutingRule | None = None

    @property
    def explanation(self) -> str:
        if self.rule is not None:
            return _("Quy tắc phân luồng: %(rule)s") % {"rule": self.rule}
        if self.lead_unit is not None:
            return _("Mặc định: UBND xã, phường nơi xảy ra sự việc")
        return _("Chưa xác định được đơn vị: chưa có xã, phường")


def route_for(
    *, field_id: int, commune_code: str | None, exclude_unit_ids: set[int] = frozenset()
) -> Route:
    """The suggested lead unit: a commune rule, else a province-wide rule, else the
    People's Committee of the commune. Coordinators may override it."""
    rules = (
        RoutingRule.objects.filter(field_id=field_id, is_active=True, unit__is_active=True)
        .filter(Q(commune_id=commune_code) | Q(commune__isnull=True))
        .exclude(unit_id__in=exclude_unit_ids)
        .select_related("unit")
        # A commune-specific rule sorts before the province-wide one (NULL last).
        .order_by(F("commune_id").asc(nulls_last=True))
    )
    rule = rules.first()
    if rule is not None:
        return Route(lead_unit=rule.unit, co_units=list(rule.co_units.all()), rule=rule)
    if commune_code:
        unit = (
            Unit.objects.filter(commune_id=commune_code, is_active=True)
            .exclude(pk__in=exclude_unit_ids)
            .first()
        )
        if unit is not None:
            return Route(lead_unit=unit)
    return Route(lead_unit=None)
