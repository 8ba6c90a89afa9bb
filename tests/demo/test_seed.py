from datetime import timedelta

from django.contrib.auth import authenticate, get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from paht.geo.models import Commune
from paht.org.models import Membership, Unit
from paht.reports.models import Field, Report, ReportEvent, State
from paht.routing.models import RoutingRule


def _counts():
    return (
        Unit.objects.count(),
        RoutingRule.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Report.objects.count(),
        ReportEvent.objects.count(),
    )


def test_seed_demo_builds_cà_mau_and_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first

    # Every commune's People's Committee, plus departments and utilities.
    assert Commune.objects.filter(province_id="96").count() == 64
    assert Unit.objects.filter(kind="commune", commune__province_id="96").count() == 64
    for name in ["Sở Xây dựng", "Sở Y tế", "Công an tỉnh Cà Mau"]:
        assert Unit.objects.filter(name__icontains=name).exists(), name

    # One user per role with the documented password.
    for username, role in [
        ("coordinator", "coordinator"),
        ("handler", "handler"),
        ("approver", "approver"),
        ("supervisor", "supervisor"),
    ]:
        user = authenticate(username=username, password="paht-demo")
        assert user is not None and user.memberships.filter(role=role).exists()
    assert authenticate(username="admin", password="paht-demo").is_superuser
    handler_unit = Membership.objects.get(user__username="handler").unit
    assert handler_unit.name == "Ủy ban nhân dân Phường An Xuyên"

    # A few hundred reports over all states, fields, many communes and the last 12 months.
    reports = Report.objects.all()
    assert 250 <= reports.count() <= 400
    assert set(reports.values_list("state", flat=True)) == set(State.values)
    assert set(reports.values_list("field__code", flat=True)) == set(
        Field.objects.values_list("code", flat=True)
    )
    assert reports.values("commune").distinct().count() >= 30
    oldest = reports.order_by("submitted_at").first().submitted_at
    assert timezone.now() - oldest > timedelta(days=300)
    assert timezone.now() - oldest <= timedelta(days=366)
    assert reports.filter(lead_unit=handler_unit).exclude(state__in=["closed"]).exists()

    # Historical events, no notifications sent to the fictional reporters.
    assert len(mail.outbox) == 0


def test_seeded_events_follow_the_workflow(db):
    call_command("seed_demo", reports=120, verbosity=0)
    for report in Report.objects.prefetch_related("events"):
        events = [e for e in report.events.all() if e.action != "view_identity"]
        assert events[0].action == "submit"
        state = events[0].to_state
        for event in events[1:]:
            assert event.from_state == state, (report.code, event.action)
            assert event.created_at >= events[0].created_at
            state = event.to_state
        assert state == report.state
