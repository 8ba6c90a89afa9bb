import pytest

from paht.reports.models import Field, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from paht.routing.models import RoutingRule
from paht.routing.selectors import suggested_route
from paht.routing.services import route_for
from tests.factories import AN_XUYEN, TAN_THANH, report_in_state


def _field(code):
    return Field.objects.get(code=code)


def test_default_route_is_the_communes_peoples_committee(world):
    route = route_for(field_id=_field("ha_tang_do_thi").pk, commune_code=AN_XUYEN)
    assert route.lead_unit == world.units["an_xuyen"]
    assert route.rule is None


def test_no_commune_no_route(world):
    assert route_for(field_id=_field("ha_tang_do_thi").pk, commune_code=None).lead_unit is None


def test_province_wide_rule_overrides_the_commune(world):
    RoutingRule.objects.create(field=_field("cap_thoat_nuoc"), unit=world.units["water"])
    route = route_for(field_id=_field("cap_thoat_nuoc").pk, commune_code=AN_XUYEN)
    assert route.lead_unit == world.units["water"]
    # Other fields keep the default route.
    other = route_for(field_id=_field("ha_tang_do_thi").pk, commune_code=AN_XUYEN)
    assert other.lead_unit == world.units["an_xuyen"]


def test_commune_rule_beats_province_rule(world):
    field = _field("cap_thoat_nuoc")
    RoutingRule.objects.create(field=field, unit=world.units["water"])
    RoutingRule.objects.create(field=field, commune_id=TAN_THANH, unit=world.units["tan_thanh"])
    assert (
        route_for(field_id=field.pk, commune_code=TAN_THANH).lead_unit == world.units["tan_thanh"]
    )
    assert route_for(field_id=field.pk, commune_code=AN_XUYEN).lead_unit == world.units["water"]


def test_inactive_rule_is_ignored(world):
    RoutingRule.objects.create(
        field=_field("cap_thoat_nuoc"), unit=world.units["water"], is_active=False
    )
    route = route_for(field_id=_field("cap_thoat_nuoc").pk, commune_code=AN_XUYEN)
    assert route.lead_unit == world.units["an_xuyen"]


def test_reroute_after_hand_back(world):
    report, _ = report_in_state(world, State.HANDED_BACK)
    assert report.transfer_count == 1
    # The unit that handed it back is not suggested again.
    assert suggested_route(report).lead_unit != world.units["an_xuyen"]
    RoutingRule.objects.create(field=report.field, unit=world.units["water"])
    assert suggested_route(report).lead_unit == world.units["water"]
    event = report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=world.actor("coordinator"),
        lead_unit=world.units["water"],
    )
    report = event.report
    assert report.state == State.ASSIGNED and report.lead_unit == world.units["water"]
    # The first unit's handler lost the report; the new unit's handler can accept it.
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        report_transition(report=report, action=Action.ACCEPT, actor=world.actor("handler"))
    water_handler = world.actor("co_handler")
    assert report_transition(report=report, action=Action.ACCEPT, actor=water_handler)
    assert Actor.for_user(world.users["co_handler"]).units_with("handler") == {
        world.units["water"].pk
    }


def test_assign_without_unit_uses_the_suggestion(world):
    report, _ = report_in_state(world, State.SUBMITTED)
    report = report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=world.actor("coordinator"),
        lead_unit=suggested_route(report).lead_unit,
    ).report
    assert report.lead_unit == world.units["an_xuyen"]
