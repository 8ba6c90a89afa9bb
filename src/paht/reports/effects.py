"""What each workflow action does beyond moving the state (DESIGN §1).

Each effect takes the locked report, the actor, the note and the payload; it pops the
payload keys it understands (leftovers are refused by the caller), enforces the action's
own rules and returns details for the event's ``data``.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from paht.core.errors import TransitionNotAllowed, ValidationError

from .deadlines import current_calendar
from .models import MERGE_TARGET_STATES, ExtensionRequest, Report, ReturnReason
from .permissions import Actor
from .records import append_event, create_report, role_of, unit_for
from .validation import (
    clean_bool,
    clean_priority,
    clean_working_days,
    get_commune,
    get_field,
    get_units,
)
from .workflow import TRANSITIONS, Action, Party

Effect = Callable[[Report, Actor, str, dict, datetime], dict | None]
EFFECTS: dict[Action, Effect] = {}


def effect(*actions: Action):
    def register(fn: Effect) -> Effect:
        for action in actions:
            EFFECTS[action] = fn
        return fn

    return register


def _set_units(report: Report, payload: dict) -> dict:
    lead = payload.pop("lead_unit", None)
    co_units = payload.pop("co_units", None) or []
    if lead is None:
        raise ValidationError(
            _("Vui lòng chọn đơn vị chủ trì."), fields={"lead_unit": _("Bắt buộc.")}
        )
    (lead_unit,) = get_units([lead], field="lead_unit")
    co = [u for u in get_units(co_units, field="co_units") if u.pk != lead_unit.pk]
    report.lead_unit = lead_unit
    report.co_units.set(co)
    return {
        "lead_unit": lead_unit.pk,
        "lead_unit_name": lead_unit.name,
        "co_units": [u.pk for u in co],
    }


@effect(Action.ASSIGN, Action.DECIDE)
def _assign(report, actor, note, payload, now):
    return _set_units(report, payload)


@effect(Action.RECLASSIFY)
def _reclassify(report, actor, note, payload, now):
    changes = {}
    if "field" in payload:
        new = get_field(payload.pop("field"))
        if new.pk != report.field_id:
            changes["field"] = [report.field.code, new.code]
            report.field = new
    if "priority" in payload:
        priority = clean_priority(payload.pop("priority"))
        if priority != report.priority:
            changes["priority"] = [report.priority, priority]
            report.priority = priority
    if "commune_code" in payload:
        commune = get_commune(payload.pop("commune_code"))
        if commune.pk != report.commune_id:
            changes["commune"] = [report.commune_id, commune.pk]
            report.commune = commune
    if not changes:
        raise ValidationError(_("Không có thay đổi nào."))
    # A handling deadline already running keeps its length: the priority counts from
    # the next step that starts a deadline.
    return {"changes": changes}


@effect(Action.RETURN)
def _return(report, actor, note, payload, now):
    code = payload.pop("reason", None)
    reason = ReturnReason.objects.filter(code=str(code), is_active=True).first()
    if reason is None:
        raise ValidationError(
            _("Vui lòng chọn lý do trả lại."), fields={"reason": _("Lý do không hợp lệ.")}
        )
    report.return_reason = reason
    report.return_note = note or reason.guidance
    return {"reason": reason.code}


@effect(Action.MERGE)
def _merge(report, actor, note, payload, now):
    # The caller has already locked this target (both rows, in id order).
    target = Report.objects.filter(pk=payload.pop("into_pk", None)).first()
    payload.pop("into", None)
    if target is None or target.pk == report.pk:
        raise ValidationError(
            _("Phản ánh gộp vào không hợp lệ."), fields={"into": _("Không hợp lệ.")}
        )
    if target.state not in MERGE_TARGET_STATES:
        raise ValidationError(
            _(
                "Không thể gộp vào phản ánh đã trả lại, đã gộp, hoặc đã được phản ánh lần 2 "
                "(hãy gộp vào phản ánh lần 2)."
            ),
            fields={"into": _("Không hợp lệ.")},
        )
    report.merged_into = target
    return {"into": target.code}


@effect(Action.HAND_BACK)
def _hand_back(report, actor, note, payload, now):
    unit = report.lead_unit_id
    report.transfer_count += 1
    # The unit gives the report up: it loses access, the coordinator re-routes it.
    report.lead_unit = None
    report.co_units.clear()
    return {"unit": unit, "transfer_count": report.transfer_count}


@effect(Action.REQUEST_EXTENSION)
def _request_extension(report, actor, note, payload, now):
    days = clean_working_days(payload.pop("working_days", None))
    if report.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise TransitionNotAllowed(_("Đã có một đề nghị gia hạn đang chờ duyệt."))
    ext = ExtensionRequest.objects.create(
        report=report, working_days=days, reason=note, requested_at=now
    )
    return {"extension": ext.pk, "working_days": str(days)}


def _pending_extension(report: Report) -> ExtensionRequest:
    ext = report.extensions.filter(status=ExtensionRequest.Status.PENDING).first()
    if ext is None:
        raise TransitionNotAllowed(_("Không có đề nghị gia hạn nào đang chờ duyệt."))
    return ext


@effect(Action.GRANT_EXTENSION)
def _grant_extension(report, actor, note, payload, now):
    ext = _pending_extension(report)
    days = payload.pop("working_days", None)
    days = clean_working_days(days) if days is not None else ext.working_days
    ext.status, ext.decided_at, ext.working_days = ExtensionRequest.Status.GRANTED, now, days
    ext.save()
    base = report.handling_deadline_at or now
    report.handling_deadline_at = current_calendar().add_working_days(base, float(days))
    report.deadline_at = report.handling_deadline_at
    return {
        "extension": ext.pk,
        "working_days": str(days),
        "deadline": report.deadline_at.isoformat(),
    }


@effect(Action.REFUSE_EXTENSION)
def _refuse_extension(report, actor, note, payload, now):
    ext = _pending_extension(report)
    ext.status, ext.decided_at = ExtensionRequest.Status.REFUSED, now
    ext.save()
    return {"extension": ext.pk}


@effect(Action.SUBMIT_RESULT)
def _submit_result(report, actor, note, payload, now):
    report.result_text = note
    report.result_at = now
    on_time = report.handling_deadline_at is None or now <= report.handling_deadline_at
    return {"on_time": on_time}


@effect(Action.PUBLISH)
def _publish(report, actor, note, payload, now):
    report.published_at = now
    return {"public": not report.is_private}


def _make_private(report: Report, private: bool) -> None:
    if report.is_private == private:
        raise TransitionNotAllowed(
            _("Phản ánh đã ở chế độ không công khai.")
            if private
            else _("Phản ánh đang được công khai.")
        )
    report.is_private = private


@effect(Action.SET_PRIVATE)
def _set_private(report, actor, note, payload, now):
    _make_private(report, True)


@effect(Action.SET_PUBLIC)
def _set_public(report, actor, note, payload, now):
    _make_private(report, False)


@effect(Action.RATE)
def _rate(report, actor, note, payload, now):
    rating, satisfied = payload.pop("rating", None), payload.pop("satisfied", None)
    if report.rating is not None:
        raise TransitionNotAllowed(_("Bạn đã đánh giá phản ánh này."))
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(
            _("Vui lòng chọn số sao từ 1 đến 5."), fields={"rating": _("Từ 1 đến 5.")}
        )
    satisfied = clean_bool(
        satisfied, field="satisfied", message=_("Vui lòng cho biết bạn có hài lòng hay không.")
    )
    report.rating, report.satisfied, report.rated_at = rating, satisfied, now
    return {"rating": rating, "satisfied": satisfied}


def _reopen_window_open(report: Report, now: datetime) -> bool:
    window = timedelta(days=settings.PAHT_REOPEN_WINDOW_DAYS)
    return report.published_at is not None and now <= report.published_at + window


@effect(Action.REOPEN)
def _reopen(report, actor, note, payload, now):
    if report.round != 1:
        raise TransitionNotAllowed(_("Mỗi phản ánh chỉ được phản ánh lại một lần."))
    if not _reopen_window_open(report, now):
        raise TransitionNotAllowed(
            _("Đã quá thời hạn %(days)d ngày để phản ánh lần 2.")
            % {"days": settings.PAHT_REOPEN_WINDOW_DAYS}
        )
    contact = report.contact
    second = create_report(
        code=f"{report.code}-L2",
        at=now,
        contact={"name": contact.name, "phone": contact.phone, "email": contact.email},
        secret_hash=report.secret_hash,
        field=report.field,
        priority=report.priority,
        title=report.title,
        description=note,
        lat=report.lat,
        lng=report.lng,
        address=report.address,
        commune=report.commune,
        observed_at=now,
        channel=report.channel,
        share_identity=report.share_identity,
        is_private=report.is_private,
        round=2,
        previous_round=report,
    )
    append_event(
        second,
        action=Action.SUBMIT,
        actor=actor,
        role=role_of({Party.REPORTER}),
        unit=unit_for(actor, second, Party.REPORTER),
        from_state="",
        at=now,
        note=note,
        data={"round": 2, "previous": report.code, "deadline": second.deadline_at.isoformat()},
        transition=TRANSITIONS[Action.SUBMIT],
    )
    return {"next_round": second.code}


@effect(Action.CLOSE)
def _close(report, actor, note, payload, now):
    # Closing early would take away the citizen's right to re-open.
    if _reopen_window_open(report, now):
        raise TransitionNotAllowed(
            _("Chỉ đóng phản ánh sau %(days)d ngày kể từ khi công bố kết quả.")
            % {"days": settings.PAHT_REOPEN_WINDOW_DAYS}
        )
    report.closed_at = now
