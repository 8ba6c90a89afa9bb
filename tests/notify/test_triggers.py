"""Each workflow trigger creates exactly one message per recipient, through the real services."""

from django.db import connection
from django.utils import timezone

from paht.notify import defaults
from paht.notify.models import Channel, Kind, Message, MessageTemplate, Status
from paht.notify.services import notifications_for_event
from paht.org.models import Membership, Role
from paht.reports.models import Channel as ReportChannel
from paht.reports.models import Report, ReporterContact, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import report_in_state, submit

from .conftest import REPORTER_DATA, messages, recipients, user_keys


def test_submission_tells_the_reporter_by_email_with_the_tracking_code(staff):
    report = submit(staff).report
    (message,) = messages(report=report)
    assert message.kind == Kind.RECEIVED and message.recipient_key == "reporter"
    assert message.channel == Channel.EMAIL and message.address == "an@example.com"
    assert message.status == Status.PENDING
    assert report.code in message.subject and report.code in message.body
    assert "http://localhost:8000/tra-cuu/" in message.body
    # The address is stored encrypted, like the contact row.
    with connection.cursor() as cursor:
        cursor.execute("SELECT address FROM notify_message WHERE id = %s", [message.pk])
        (stored,) = cursor.fetchone()
    assert "an@example.com" not in stored


def test_hotline_caller_and_reporter_without_email_get_an_sms(staff):
    hotline = submit(staff, actor=staff.actor("coordinator"), channel=ReportChannel.HOTLINE).report
    no_email = submit(staff, email="").report
    for report in (hotline, no_email):
        (message,) = messages(report=report)
        assert message.channel == Channel.SMS and message.address == "0912345678"
        assert report.code in message.body
        assert len(message.body) < 160


def test_assignment_tells_the_reporter_and_every_handler_of_the_units_once(staff):
    report = submit(staff).report
    event = report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=staff.actor("coordinator"),
        lead_unit=staff.units["an_xuyen"],
        co_units=[staff.units["water"]],
    )
    assert recipients(Kind.ASSIGNED, event=event) == ["reporter"]
    # Handlers of the lead and the co-handling unit; not the approver, not other wards.
    assert recipients(Kind.UNIT_ASSIGNED, event=event) == user_keys(
        staff, "handler", "handler2", "co_handler"
    )
    assigned = Message.objects.get(kind=Kind.ASSIGNED, event=event)
    assert "UBND Phường An Xuyên" in assigned.body
    unit_message = Message.objects.get(
        kind=Kind.UNIT_ASSIGNED, recipient_key=f"user:{staff.users['handler'].pk}"
    )
    assert unit_message.address == "xu.ly@anxuyen.example"
    assert f"http://localhost:8000/can-bo/phan-anh/{report.code}/" in unit_message.body
    for text in REPORTER_DATA:
        assert text not in unit_message.body and text not in unit_message.subject

    # The hook running again (a retried commit hook, say) creates nothing more.
    count = Message.objects.count()
    assert notifications_for_event(event=event)
    assert notifications_for_event(event=event)
    assert Message.objects.count() == count


def test_result_waits_for_the_approver_and_send_back_reaches_the_handlers(staff):
    report, _ = report_in_state(staff, State.IN_PROGRESS)
    submitted = report_transition(
        report=report,
        action=Action.SUBMIT_RESULT,
        actor=staff.actor("handler"),
        note="Đã vá ổ gà.",
    )
    assert recipients(Kind.APPROVAL_WAITING) == user_keys(staff, "approver")
    assert messages(event=submitted, kind=Kind.RESOLVED) == []  # not public yet
    sent_back = report_transition(
        report=report,
        action=Action.SEND_BACK,
        actor=staff.actor("approver"),
        note="Bổ sung ảnh sau khi vá.",
    )
    assert recipients(Kind.UNIT_SENT_BACK, event=sent_back) == user_keys(
        staff, "handler", "handler2"
    )
    message = Message.objects.filter(event=sent_back).first()
    assert "Bổ sung ảnh sau khi vá." in message.body


def test_published_result_reaches_the_reporter(staff):
    report, _ = report_in_state(staff, State.PUBLISHED)
    (message,) = messages(report=report, kind=Kind.RESOLVED)
    assert "Đã vá ổ gà, mặt đường an toàn." in message.body
    # One message per kind and recipient over the whole life of the report.
    keys = [(m.kind, m.recipient_key) for m in messages(report=report)]
    assert len(keys) == len(set(keys))
    assert {k for k, _ in keys} == {
        Kind.RECEIVED,
        Kind.ASSIGNED,
        Kind.UNIT_ASSIGNED,
        Kind.APPROVAL_WAITING,
        Kind.RESOLVED,
    }


def test_returned_report_carries_the_reasons_guidance(staff):
    report, _ = report_in_state(staff, State.RETURNED)
    (message,) = messages(report=report, kind=Kind.RETURNED)
    assert "Thiếu thông tin" in message.body
    assert "ghi rõ địa điểm" in message.body  # the reason's guidance for the citizen


def test_coordinators_own_guidance_wins_and_merge_names_the_other_report(staff):
    report = submit(staff).report
    report_transition(
        report=report,
        action=Action.RETURN,
        actor=staff.actor("coordinator"),
        reason="thieu_thong_tin",
        note="Xin gửi kèm ảnh chụp vị trí ổ gà.",
    )
    assert "Xin gửi kèm ảnh chụp vị trí ổ gà." in messages(kind=Kind.RETURNED)[0].body
    merged, _ = report_in_state(staff, State.MERGED)
    (message,) = messages(report=merged, kind=Kind.MERGED)
    assert merged.merged_into.code in message.body


def test_internal_steps_and_reporter_actions_send_nothing(staff):
    report, _secret = report_in_state(staff, State.IN_PROGRESS)
    before = Message.objects.count()
    report_transition(
        report=report, action=Action.COMMENT, actor=staff.actor("coordinator"), note="Nội bộ"
    )
    report_transition(
        report=report, action=Action.UPDATE, actor=staff.actor("handler"), note="Đang thi công"
    )
    report_transition(
        report=report, action=Action.REPLY, actor=Actor.reporter(report), note="Thêm ảnh"
    )
    assert Message.objects.count() == before


def test_nothing_goes_to_an_anonymised_contact_and_notify_false_sends_nothing(staff):
    report = submit(staff, notify=False).report
    assert messages(report=report) == []
    ReporterContact.objects.filter(report=report).update(
        anonymised_at=timezone.now(), email="", phone=""
    )
    report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=staff.actor("coordinator"),
        lead_unit=staff.units["an_xuyen"],
    )
    assert recipients(Kind.ASSIGNED) == []
    assert len(recipients(Kind.UNIT_ASSIGNED)) == 2  # staff still hear of it


def test_inactive_staff_are_skipped_and_a_unit_without_addresses_gets_its_own(staff):
    staff.users["handler2"].is_active = False
    staff.users["handler2"].save()
    report = submit(staff).report
    report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=staff.actor("coordinator"),
        lead_unit=staff.units["an_xuyen"],
        co_units=[staff.units["tan_thanh"]],
    )
    # Tân Thành's only handler has an address: the unit's own is not used.
    tan_thanh = staff.units["tan_thanh"]
    tan_thanh.email = "vanthu@tanthanh.example"
    tan_thanh.save()
    assert recipients(Kind.UNIT_ASSIGNED) == user_keys(staff, "handler", "other_handler")

    Membership.objects.filter(unit=tan_thanh, role=Role.HANDLER).delete()
    second = submit(staff).report
    report_transition(
        report=second,
        action=Action.ASSIGN,
        actor=staff.actor("coordinator"),
        lead_unit=tan_thanh,
    )
    (message,) = messages(report=second, kind=Kind.UNIT_ASSIGNED)
    assert message.recipient_key == f"unit:{tan_thanh.pk}"
    assert message.address == "vanthu@tanthanh.example"


def _edit_template(kind: str, **texts) -> None:
    # As the admin saves it (signals drop the process's copy of the templates).
    template = MessageTemplate.objects.get(kind=kind)
    for name, text in texts.items():
        setattr(template, name, text)
    template.save()


def test_an_edited_template_is_used_and_a_broken_one_falls_back(staff):
    _edit_template(Kind.RECEIVED, subject="Mã {{ code }}", body="Đã nhận: {{ title|upper }}")
    report = submit(staff).report
    message = messages(report=report)[0]
    assert message.subject == f"Mã {report.code}"
    assert message.body == "Đã nhận: " + report.title.upper()

    _edit_template(Kind.RECEIVED, body="{% if %}")
    report = submit(staff).report
    message = messages(report=report)[0]
    assert "Cảm ơn bạn đã gửi phản ánh" in message.body  # the shipped default


def test_english_text_is_used_for_an_english_message(staff):
    from paht.notify.render import render_message

    subject, body = render_message(
        kind=Kind.RETURNED,
        language="en",
        context={"code": "PA-1", "title": "t", "reason": "r", "guidance": "g", "link": "L"},
        sms=False,
    )
    assert subject == "[PA-1] Your report was returned"
    assert "What you can do: g" in body


def test_a_failed_message_creation_does_not_undo_the_action(staff, monkeypatch):
    # The kind's row and the shipped fallback both broken: rendering raises.
    report = submit(staff).report
    _edit_template(Kind.UNIT_ASSIGNED, body="{% if %}")
    monkeypatch.setitem(defaults.TEMPLATES, Kind.UNIT_ASSIGNED, ("{% if %}",) * 6)
    event = report_transition(
        report=report,
        action=Action.ASSIGN,
        actor=staff.actor("coordinator"),
        lead_unit=staff.units["an_xuyen"],
    )
    report.refresh_from_db()
    assert report.state == State.ASSIGNED and event.pk
    # The savepoint rolled back every message of that event, the action stands.
    assert messages(event=event) == []


def test_a_second_round_is_acknowledged_under_its_own_code(staff):
    first, _secret = report_in_state(staff, State.REOPENED)
    second = Report.objects.get(previous_round=first)
    (message,) = messages(report=second)
    assert message.kind == Kind.RECEIVED and message.recipient_key == "reporter"
    assert second.code in message.subject and second.code.endswith("-L2")
    assert message.address == "an@example.com"
    # Round 1 got nothing new: its own messages are those of its first life.
    assert not Message.objects.filter(report=first, event__action=Action.REOPEN).exists()
