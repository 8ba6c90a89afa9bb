"""Submission, deadlines and side rules of the workflow services."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from paht.core.errors import PermissionDenied, TransitionNotAllowed, ValidationError
from paht.reports.models import (
    CalendarDay,
    DeadlineRule,
    Field,
    Priority,
    Report,
    ReporterContact,
    ReportEvent,
    State,
    Step,
)
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.services import report_transition, reporter_contact_view
from paht.reports.workflow import Action
from tests.factories import AN_XUYEN, report_in_state, submit

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


# --- submission ---------------------------------------------------------------------------


def test_submit_gives_code_secret_commune_deadline_and_event(world):
    result = submit(world, at=at(2026, 11, 23, 9, 0))  # Monday 09:00
    report = result.report
    assert report.code == "PA-2026-000001"
    assert len(result.secret) >= 32 and result.secret not in report.secret_hash
    assert report.commune_id == AN_XUYEN
    assert report.state == State.SUBMITTED
    assert report.priority == Priority.NORMAL
    # Classify within 2 working hours.
    assert report.deadline_at == at(2026, 11, 23, 11, 0)
    (event,) = report.events.all()
    assert (event.action, event.actor_role, event.to_state) == ("submit", "reporter", "submitted")
    assert submit(world, at=at(2026, 11, 23, 9, 5)).report.code == "PA-2026-000002"


def test_submitted_on_a_day_off_is_classified_within_12_hours(world):
    # Sunday 2026-11-22 20:00 → 12 calendar hours (Cà Mau, QĐ 17/2022).
    report = submit(world, at=at(2026, 11, 22, 20, 0)).report
    assert report.deadline_at == at(2026, 11, 23, 8, 0)


def test_contact_is_encrypted_at_rest_and_hashed_for_lookup(world):
    report = submit(world).report
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, email FROM reports_reportercontact WHERE report_id = %s",
            [report.pk],
        )
        raw = cursor.fetchone()
    assert "Nguyễn" not in raw[0] and "0912345678" not in raw[1] and "example" not in raw[2]
    contact = ReporterContact.objects.get(report=report)
    assert (contact.name, contact.phone) == ("Nguyễn Văn An", "0912345678")
    assert submit(world, phone="+84 912 345 678").report.contact.phone_hash == contact.phone_hash


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"description": "   "}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"name": ""}, "name"),
        ({"phone": "12345"}, "phone"),
        ({"phone": "0112345678"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"field": "khong_co"}, "field"),
        ({"lat": 21.03, "lng": 105.85}, "location"),  # Hà Nội: outside Cà Mau
        ({"lat": 9.2, "lng": None}, "location"),
        ({"lat": None, "lng": None, "address": ""}, "location"),
        ({"commune_code": "00004"}, "commune"),  # a ward of Hà Nội
        ({"observed_at": timezone.now() + timedelta(days=1)}, "observed_at"),
    ],
)
def test_bad_submission_is_refused_and_creates_nothing(world, override, field):
    with pytest.raises(ValidationError) as exc:
        submit(world, **override)
    assert field in exc.value.fields
    assert str(exc.value.message)  # a message for the user, in Vietnamese
    assert Report.objects.count() == 0 and ReporterContact.objects.count() == 0


def test_error_messages_are_vietnamese_by_default(world):
    with pytest.raises(ValidationError) as exc:
        submit(world, phone="123")
    assert "Số điện thoại không hợp lệ" in str(exc.value.message)


def test_address_only_submission_is_accepted(world):
    report = submit(world, lat=None, lng=None, address="Khóm 5, Phường An Xuyên").report
    assert report.lat is None and report.address


def test_citizen_cannot_set_priority_or_use_the_hotline_channel(world):
    with pytest.raises(PermissionDenied):
        submit(world, priority=Priority.URGENT)
    with pytest.raises(PermissionDenied):
        submit(world, channel="hotline")
    report = submit(
        world, actor=world.actor("coordinator"), channel="hotline", priority=Priority.URGENT
    ).report
    assert report.priority == Priority.URGENT
    assert report.events.get().actor_role == "coordinator"


# --- deadlines through the workflow -----------------------------------------------------------


def _advance(report, action, actor, when, **kw):
    return report_transition(report=report, action=action, actor=actor, at=when, **kw).report


@pytest.mark.parametrize(
    ("priority", "expected"),
    [
        # Accepted Monday 2026-11-23 14:00 (Tuesday 24/11 is the new Vietnam Cultural Day).
        (Priority.URGENT, at(2026, 11, 25, 14, 0)),  # 1 working day: 3 h Mon, 5 h Wed
        (Priority.NORMAL, at(2026, 11, 27, 14, 0)),  # 3 working days
        (Priority.COMPLEX, at(2026, 12, 8, 14, 0)),  # 10 working days
    ],
)
def test_handling_deadline_by_priority(world, priority, expected):
    report = submit(world, at=at(2026, 11, 23, 8, 0)).report
    coordinator, handler = world.actor("coordinator"), world.actor("handler")
    report = (
        _advance(report, Action.RECLASSIFY, coordinator, at(2026, 11, 23, 8, 30), priority=priority)
        if priority != Priority.NORMAL
        else report
    )
    report = _advance(
        report,
        Action.ASSIGN,
        coordinator,
        at(2026, 11, 23, 9, 0),
        lead_unit=world.units["an_xuyen"],
    )
    # Accept within 8 working hours: Monday 09:00 → Wednesday 09:00 (Tuesday is a holiday).
    assert report.deadline_at == at(2026, 11, 25, 9, 0)
    report = _advance(report, Action.ACCEPT, handler, at(2026, 11, 23, 14, 0))
    assert report.deadline_at == report.handling_deadline_at == expected


def test_field_specific_rule_wins_over_the_default(world):
    field = Field.objects.get(code="dien_chieu_sang")
    DeadlineRule.objects.create(
        step=Step.HANDLE, field=field, priority="", amount=2, measure="working_hours"
    )
    report = submit(world, field="dien_chieu_sang", at=at(2026, 11, 23, 8, 0)).report
    report = _advance(
        report,
        Action.ASSIGN,
        world.actor("coordinator"),
        at(2026, 11, 23, 8, 10),
        lead_unit=world.units["an_xuyen"],
    )
    report = _advance(report, Action.ACCEPT, world.actor("handler"), at(2026, 11, 23, 10, 30))
    assert report.deadline_at == at(2026, 11, 23, 14, 0)  # 1 h before lunch, 1 h after


def test_province_day_off_moves_deadlines(world):
    CalendarDay.objects.create(date=at(2026, 11, 23, 0, 0).date(), kind="day_off", name="Bão")
    report = submit(world, at=at(2026, 11, 23, 9, 0)).report
    assert report.deadline_at == at(2026, 11, 23, 21, 0)  # a day off: 12 calendar hours


def test_extension_moves_the_deadline_with_the_reason_recorded(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    before = report.handling_deadline_at
    report = report_transition(
        report=report,
        action=Action.REQUEST_EXTENSION,
        actor=world.actor("handler"),
        working_days=2,
        note="Chờ vật tư thay thế.",
    ).report
    assert report.deadline_at == before
    with pytest.raises(TransitionNotAllowed):
        report_transition(
            report=report,
            action=Action.REQUEST_EXTENSION,
            actor=world.actor("handler"),
            working_days=1,
            note="Lần nữa",
        )
    event = report_transition(
        report=report, action=Action.GRANT_EXTENSION, actor=world.actor("coordinator")
    )
    report = event.report
    cal_hours = report.handling_deadline_at - before
    assert report.deadline_at == report.handling_deadline_at > before
    assert cal_hours >= timedelta(hours=16)
    request = ReportEvent.objects.get(report=report, action="request_extension")
    assert request.note == "Chờ vật tư thay thế."
    assert event.data["deadline"] == report.deadline_at.isoformat()


@pytest.mark.parametrize("days", [0, -1, 31, "abc", "nan", None, 1.3])
def test_bad_extension_length_is_refused(world, days):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError):
        report_transition(
            report=report,
            action=Action.REQUEST_EXTENSION,
            actor=world.actor("handler"),
            working_days=days,
            note="Lý do",
        )


def test_overdue_flag(world):
    report = submit(world, at=timezone.now() - timedelta(days=10)).report
    assert report.is_overdue
    assert not submit(world).report.is_overdue


def test_send_back_restores_the_handling_deadline(world):
    report, _ = report_in_state(world, State.PENDING_APPROVAL)
    handling = report.handling_deadline_at
    assert report.deadline_at != handling
    report = report_transition(
        report=report, action=Action.SEND_BACK, actor=world.actor("approver"), note="Bổ sung ảnh."
    ).report
    assert report.deadline_at == handling


# --- rules beside state and role ------------------------------------------------------------


def test_return_shows_the_reasons_guidance_to_the_citizen(world):
    report = submit(world).report
    report = report_transition(
        report=report,
        action=Action.RETURN,
        actor=world.actor("coordinator"),
        reason="thu_tuc_hanh_chinh",
    ).report
    assert "Trung tâm Phục vụ hành chính công" in report.return_note
    assert report.deadline_at is None
    with pytest.raises(ValidationError):
        report_transition(
            report=submit(world).report,
            action=Action.RETURN,
            actor=world.actor("coordinator"),
            reason="khong_co",
        )


def test_merge_rules(world):
    target = submit(world).report
    duplicate = submit(world).report
    coordinator = world.actor("coordinator")
    with pytest.raises(ValidationError):
        report_transition(report=duplicate, action=Action.MERGE, actor=coordinator, into=duplicate)
    report = report_transition(
        report=duplicate, action=Action.MERGE, actor=coordinator, into=target.code
    ).report
    assert report.merged_into == target and report.state == State.MERGED
    with pytest.raises(ValidationError):
        report_transition(
            report=submit(world).report, action=Action.MERGE, actor=coordinator, into=report
        )


def test_reopen_once_within_the_window_creates_round_two(world, settings):
    report, _ = report_in_state(world, State.PUBLISHED)
    citizen = Actor.reporter(report)
    event = report_transition(
        report=report, action=Action.REOPEN, actor=citizen, note="Ổ gà lại xuất hiện sau mưa."
    )
    assert event.report.state == State.REOPENED
    second = Report.objects.get(previous_round=report)
    assert (second.round, second.state, second.code) == (2, State.SUBMITTED, f"{report.code}-L2")
    assert second.secret_hash == report.secret_hash
    assert second.contact.phone == report.contact.phone
    assert second.deadline_at is not None
    # Round 2 cannot be re-opened again, even once published.
    published_second = second
    for action, who in [
        (Action.ASSIGN, "coordinator"),
        (Action.ACCEPT, "handler"),
        (Action.SUBMIT_RESULT, "handler"),
        (Action.APPROVE, "approver"),
        (Action.PUBLISH, "coordinator"),
    ]:
        kw = {"lead_unit": world.units["an_xuyen"]} if action == Action.ASSIGN else {}
        if action == Action.SUBMIT_RESULT:
            kw["note"] = "Đã xử lý lại."
        published_second = report_transition(
            report=published_second, action=action, actor=world.actor(who), **kw
        ).report
    with pytest.raises(TransitionNotAllowed):
        report_transition(
            report=published_second,
            action=Action.REOPEN,
            actor=Actor.reporter(published_second),
            note="Lần 3",
        )


def test_reopen_after_the_window_is_refused(world, settings):
    settings.PAHT_REOPEN_WINDOW_DAYS = 7
    report, _ = report_in_state(world, State.PUBLISHED)
    late = report.published_at + timedelta(days=7, minutes=1)
    with pytest.raises(TransitionNotAllowed):
        report_transition(
            report=report,
            action=Action.REOPEN,
            actor=Actor.reporter(report),
            note="Chưa xử lý xong",
            at=late,
        )
    report.refresh_from_db()
    assert report.state == State.PUBLISHED


def test_rating_once_with_valid_values(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    citizen = Actor.reporter(report)
    for bad in [
        {"rating": 0, "satisfied": True},
        {"rating": 6, "satisfied": True},
        {"rating": "5", "satisfied": True},
        {"rating": 5, "satisfied": None},
    ]:
        with pytest.raises(ValidationError):
            report_transition(report=report, action=Action.RATE, actor=citizen, **bad)
    report = report_transition(
        report=report, action=Action.RATE, actor=citizen, rating=2, satisfied=False
    ).report
    assert (report.rating, report.satisfied) == (2, False)
    with pytest.raises(TransitionNotAllowed):
        report_transition(
            report=report, action=Action.RATE, actor=citizen, rating=5, satisfied=True
        )


def test_unknown_payload_is_refused(world):
    report, _ = report_in_state(world, State.ASSIGNED)
    with pytest.raises(ValidationError):
        report_transition(
            report=report,
            action=Action.ACCEPT,
            actor=world.actor("handler"),
            lead_unit=world.units["water"],
        )
    with pytest.raises(ValidationError):
        report_transition(report=report, action="fly", actor=world.actor("handler"))


def test_note_required_where_the_table_says(world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError):
        report_transition(
            report=report, action=Action.SUBMIT_RESULT, actor=world.actor("handler"), note="   "
        )


# --- identity and visibility --------------------------------------------------------------


def test_identity_view_by_coordinator_is_recorded(world):
    report = submit(world).report
    contact = reporter_contact_view(report=report, actor=world.actor("coordinator"))
    assert contact["phone"] == "0912345678"
    event = report.events.get(action="view_identity")
    assert event.actor == world.users["coordinator"] and not event.citizen_visible


@pytest.mark.parametrize("consent", [True, False])
def test_handler_sees_identity_only_with_consent(world, consent):
    report, _ = report_in_state(world, State.IN_PROGRESS, share_identity=consent)
    view = lambda who: reporter_contact_view(report=report, actor=world.actor(who))  # noqa: E731
    if consent:
        assert view("handler")["name"] == "Nguyễn Văn An"
        assert report.events.filter(action="view_identity").count() == 1
    else:
        with pytest.raises(PermissionDenied):
            view("handler")
        assert not report.events.filter(action="view_identity").exists()
    with pytest.raises(PermissionDenied):
        view("other_handler")


def test_lists_are_scoped_to_the_actors_units(world):
    mine, _ = report_in_state(world, State.IN_PROGRESS)
    unassigned = submit(world).report
    published, _ = report_in_state(world, State.PUBLISHED)
    private, _ = report_in_state(world, State.PUBLISHED)
    report_transition(report=private, action=Action.SET_PRIVATE, actor=world.actor("coordinator"))

    def visible(actor):
        return set(reports_visible_to(actor).values_list("pk", flat=True))

    everything = {mine.pk, unassigned.pk, published.pk, private.pk}
    assert everything <= visible(world.actor("coordinator"))
    assert visible(Actor.anonymous()) == {published.pk}
    assert visible(world.actor("other_handler")) == {published.pk}
    assert {mine.pk, published.pk, private.pk} <= visible(world.actor("handler"))
    assert unassigned.pk not in visible(world.actor("handler"))
    # The co-handling unit sees the reports it helps with.
    assert mine.pk in visible(world.actor("co_handler"))
    assert visible(Actor.reporter(unassigned)) == {unassigned.pk, published.pk}


def test_citizen_is_emailed_when_the_report_moves_on(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world).report
    assert len(mail.outbox) == 1  # received
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(
            report=report,
            action=Action.ASSIGN,
            actor=world.actor("coordinator"),
            lead_unit=world.units["an_xuyen"],
        )
    assert len(mail.outbox) == 2
    assert mail.outbox[-1].to == ["an@example.com"]
    assert report.code in mail.outbox[-1].subject
    assert "UBND Phường An Xuyên" in mail.outbox[-1].body
    # Internal steps send nothing.
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(
            report=report, action=Action.COMMENT, actor=world.actor("coordinator"), note="Nội bộ"
        )
    assert len(mail.outbox) == 2


def test_events_are_append_only(world):
    event = submit(world).report.events.get()
    event.note = "sửa"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
