"""Rules at the edges: stale pages, merges, extensions across hand-back, privacy."""

import threading
from datetime import datetime, timedelta

import pytest
from django.db import connections

from paht.core.errors import Conflict, PermissionDenied, TransitionNotAllowed, ValidationError
from paht.reports.models import ExtensionRequest, Report, State
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.services import report_transition, reporter_contact_view
from paht.reports.timeline import public_timeline
from paht.reports.workflow import Action
from tests.factories import make_world, report_in_state, submit


def test_a_stale_page_gets_a_conflict(world):
    report = submit(world).report
    seen = report.version
    report_transition(
        report=report,
        action=Action.RECLASSIFY,
        actor=world.actor("coordinator"),
        priority="urgent",
        expected_version=seen,
    )
    with pytest.raises(Conflict):
        report_transition(
            report=report,
            action=Action.RECLASSIFY,
            actor=world.actor("coordinator"),
            priority="complex",
            expected_version=seen,
        )
    report.refresh_from_db()
    assert report.priority == "urgent"


def test_merge_reads_the_target_fresh_and_never_makes_a_cycle(world):
    a, b = submit(world).report, submit(world).report
    stale_a = Report.objects.get(pk=a.pk)
    coordinator = world.actor("coordinator")
    report_transition(report=a, action=Action.MERGE, actor=coordinator, into=b)
    with pytest.raises(ValidationError):
        report_transition(report=b, action=Action.MERGE, actor=coordinator, into=stale_a)
    b.refresh_from_db()
    assert b.state == State.SUBMITTED and b.merged_into is None


@pytest.mark.django_db(transaction=True)
def test_crossed_merges_at_once_end_with_one_merge_and_no_error():
    world = make_world()
    coordinator = world.actor("coordinator")
    a, b = submit(world).report, submit(world).report
    barrier, outcomes = threading.Barrier(2), []

    def merge(src, dst):
        try:
            barrier.wait()
            report_transition(report=src, action=Action.MERGE, actor=coordinator, into=dst)
            outcomes.append("ok")
        except (ValidationError, TransitionNotAllowed, Conflict):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=merge, args=p) for p in [(a, b), (b, a)]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["ok", "refused"]
    states = sorted(Report.objects.filter(pk__in=[a.pk, b.pk]).values_list("state", flat=True))
    assert states == [State.MERGED, State.SUBMITTED]


def test_hand_back_withdraws_the_pending_extension_and_the_units_access(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    handler = world.actor("handler")
    report = report_transition(
        report=report,
        action=Action.REQUEST_EXTENSION,
        actor=handler,
        working_days=5,
        note="Chờ vật tư",
    ).report
    report = report_transition(
        report=report, action=Action.HAND_BACK, actor=handler, note="Thuộc thẩm quyền đơn vị khác"
    ).report
    assert report.extensions.get().status == ExtensionRequest.Status.WITHDRAWN
    assert report.lead_unit is None
    assert report.pk not in reports_visible_to(handler).values_list("pk", flat=True)
    with pytest.raises(PermissionDenied):
        report_transition(report=report, action=Action.COMMENT, actor=handler, note="Còn đây")
    # The new unit may ask for its own extension.
    report = report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=world.actor("coordinator"),
        lead_unit=world.units["tan_thanh"],
    ).report
    other = world.actor("other_handler")
    report = report_transition(report=report, action=Action.ACCEPT, actor=other).report
    report_transition(
        report=report,
        action=Action.REQUEST_EXTENSION,
        actor=other,
        working_days=1,
        note="Cần khảo sát",
    )


def test_round_two_of_a_private_report_stays_private(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    report_transition(report=report, action=Action.SET_PRIVATE, actor=world.actor("coordinator"))
    report_transition(
        report=report, action=Action.REOPEN, actor=Actor.reporter(report), note="Vẫn còn"
    )
    assert Report.objects.get(previous_round=report).is_private


def test_close_waits_for_the_reopen_window(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    with pytest.raises(TransitionNotAllowed):
        report_transition(report=report, action=Action.CLOSE, actor=Actor.system())
    late = report.published_at + timedelta(days=7, seconds=1)
    assert (
        report_transition(
            report=report, action=Action.CLOSE, actor=Actor.system(), at=late
        ).report.state
        == State.CLOSED
    )


@pytest.mark.parametrize(
    "override",
    [
        {"share_identity": "false"},
        {"observed_at": "2026-11-20"},
        {"observed_at": datetime(2026, 11, 20, 9, 0)},  # naive
        {"description": "Ổ gà\x00"},
        {"description": 42},
        {"phone": 912345678},
        {"lat": float("nan"), "lng": 105.0},
        {"lat": "abc", "lng": "def"},
    ],
)
def test_malformed_submission_is_a_validation_error(world, override):
    with pytest.raises(ValidationError):
        submit(world, **override)
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "payload"),
    [
        (Action.ASSIGN, {"lead_unit": "abc"}),
        (Action.ASSIGN, {"lead_unit": None}),
        (Action.ASSIGN, {"lead_unit": 10**9}),
        (Action.ASSIGN, {"co_units": 5, "lead_unit": 1}),
        (Action.RETURN, {"reason": ["x"]}),
        (Action.RECLASSIFY, {"field": {"a": 1}}),
        (Action.COMMENT, {"note": "a\x00b"}),
    ],
)
def test_malformed_action_payload_is_a_validation_error(world, action, payload):
    report = submit(world).report
    with pytest.raises(ValidationError):
        report_transition(report=report, action=action, actor=world.actor("coordinator"), **payload)


def test_reporter_replies_stay_off_the_public_timeline(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    report_transition(
        report=report,
        action=Action.REPLY,
        actor=Actor.reporter(report),
        note="Tôi là Nguyễn Văn An, gọi 0912345678",
    )
    texts = [e.note for e in public_timeline(report)]
    assert not any("0912345678" in t for t in texts)
    assert any(e.action == "accept" for e in public_timeline(report))


def test_handed_back_unit_cannot_read_the_identity(world):
    report, _ = report_in_state(world, State.HANDED_BACK, share_identity=True)
    with pytest.raises(PermissionDenied):
        reporter_contact_view(report=report, actor=world.actor("handler"))
