"""Which unit should handle a report (DESIGN §1, step 2)."""

from dataclasses import dataclass, field

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
            return f"Quy tắc phân luồng: {self.rule}"
        if self.lead_unit is not None:
            return "Mặc định: UBND xã, phường nơi xảy ra sự việc"
        return "Chưa xác định được đơn vị: chưa có xã, phường"


def route_for(*, field_id: int, commune_code: str | None) -> Route:
    """The suggested lead unit: a commune rule, else a province-wide rule, else the
    People's Committee of the commune. Coordinators may override it."""
    rules = (
        RoutingRule.objects.filter(field_id=field_id, is_active=True, unit__is_active=True)
        .filter(commune_id__in=[commune_code] if commune_code else [])
        .select_related("unit")
    )
    rule = rules.first() or (
        RoutingRule.objects.filter(
            field_id=field_id, commune__isnull=True, is_active=True, unit__is_active=True
        )
        .select_related("unit")
        .first()
    )
    if rule is not None:
        return Route(lead_unit=rule.unit, co_units=list(rule.co_units.all()), rule=rule)
    if commune_code:
        unit = Unit.objects.filter(commune_id=commune_code, is_active=True).first()
        if unit is not None:
            return Route(lead_unit=unit)
    return Route(lead_unit=None)
