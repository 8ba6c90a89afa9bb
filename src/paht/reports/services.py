"""Writes on reports: submission and every workflow transition (DESIGN §1, STYLE §4).

``report_transition`` is the one place that applies the workflow table: it checks the
actor's party and the report's state, runs the action's own rules, moves the deadline,
appends the event and schedules side effects after commit.
"""

import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core.crypto import keyed_hash
from paht.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationError,
)
from paht.core.phone import normalize_phone
from paht.geo.models import Commune
from paht.geo.services import commune_for_point, distance_m
from paht.org.models import Role, Unit

from .deadlines import current_calendar, step_deadline
from .models import (
    Channel,
    ExtensionRequest,
    Field,
    Priority,
    Report,
    ReporterContact,
    ReportEvent,
    ReturnReason,
    State,
    Step,
    TrackingSequence,
)
from .permissions import Actor, parties_of
from .workflow import TRANSITIONS, Action, DeadlineEffect, Party, Transition

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 4000
# A point farther than this from every commune centre of the province is outside it.
MAX_DISTANCE_FROM_COMMUNE_M = 30_000
# Order in which an actor's parties name the role recorded on an event.
_ROLE_ORDER = (
    Party.SYSTEM,
    Party.REPORTER,
    Party.LEAD_APPROVER,
    Party.LEAD_HANDLER,
    Party.CO_HANDLER,
    Party.COORDINATOR,
    Party.SUPERVISOR,
    Party.PUBLIC,
)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _next_code(year: int) -> str:
    # The UPDATE takes the row lock until commit, so concurrent submissions get
    # consecutive numbers and never the same one.
    TrackingSequence.objects.bulk_create([TrackingSequence(year=year)], ignore_conflicts=True)
    TrackingSequence.objects.filter(year=year).update(last=F("last") + 1)
    last = TrackingSequence.objects.values_list("last", flat=True).get(year=year)
    return f"PA-{year}-{last:06d}"


@dataclass(frozen=True)
class SubmitResult:
    report: Report
    secret: str  # shown to the citizen once (the follow link); only its hash is stored


def _clean_text(value: str | None, *, field: str, max_length: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError(
            _("Vui lòng nhập %(field)s.") % {"field": _field_label(field)},
            fields={field: _("Trường này là bắt buộc.")},
        )
    if len(value) > max_length:
        raise ValidationError(
            _("%(field)s quá dài (tối đa %(max)d ký tự).")
            % {"field": _field_label(field).capitalize(), "max": max_length},
            fields={field: _("Tối đa %(max)d ký tự.") % {"max": max_length}},
        )
    return value


def _field_label(field: str) -> str:
    labels = {
        "title": _("tiêu đề"),
        "description": _("nội dung phản ánh"),
        "name": _("họ tên"),
        "address": _("địa chỉ"),
        "note": _("nội dung"),
    }
    return labels.get(field, field)


def _get_field(code_or_field) -> Field:
    if isinstance(code_or_field, Field):
        return code_or_field
    try:
        return Field.objects.get(code=code_or_field, is_active=True)
    except Field.DoesNotExist:
        raise ValidationError(
            _("Lĩnh vực không hợp lệ."), fields={"field": _("Lĩnh vực không tồn tại.")}
        ) from None


def _get_commune(code: str) -> Commune:
    try:
        return Commune.objects.get(code=code, province_id=settings.PAHT_PROVINCE_CODE)
    except Commune.DoesNotExist:
        raise ValidationError(
            _("Xã, phường không thuộc địa bàn tỉnh."),
            fields={"commune": _("Xã, phường không hợp lệ.")},
        ) from None


def _locate(lat, lng, address: str, commune_code: str | None) -> tuple:
    if (lat is None) != (lng is None):
        raise ValidationError(
            _("Vị trí phải có cả vĩ độ và kinh độ."), fields={"location": _("Thiếu tọa độ.")}
        )
    commune = _get_commune(commune_code) if commune_code else None
    if lat is not None:
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            raise ValidationError(
                _("Tọa độ không hợp lệ."), fields={"location": _("Tọa độ không hợp lệ.")}
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):
            raise ValidationError(
                _("Tọa độ không hợp lệ."), fields={"location": _("Tọa độ không hợp lệ.")}
            )
        nearest = commune_for_point(lat=lat, lng=lng)
        if nearest is None or distance_m(lat, lng, nearest.lat, nearest.lng) > (
            MAX_DISTANCE_FROM_COMMUNE_M
        ):
            raise ValidationError(
                _("Vị trí nằm ngoài địa bàn tỉnh."),
                fields={"location": _("Vị trí nằm ngoài địa bàn tỉnh.")},
            )
        commune = commune or nearest
    elif not address and commune is None:
        raise ValidationError(
            _("Vui lòng chọn vị trí trên bản đồ hoặc nhập địa chỉ."),
            fields={"location": _("Thiếu vị trí.")},
        )
    return lat, lng, commune


@transaction.atomic
def report_submit(
    *,
    actor: Actor,
    channel: str,
    field,
    description: str,
    name: str,
    phone: str,
    title: str = "",
    email: str = "",
    lat: float | None = None,
    lng: float | None = None,
    address: str = "",
    commune_code: str | None = None,
    observed_at: datetime | None = None,
    share_identity: bool = False,
    priority: str | None = None,
    at: datetime | None = None,
    notify: bool = True,
) -> SubmitResult:
    """Receive a report from any channel. Priority is the staff's to set, not the citizen's."""
    now = at or timezone.now()
    transition = TRANSITIONS[Action.SUBMIT]
    if channel not in Channel.values:
        raise ValidationError(_("Kênh tiếp nhận không hợp lệ."))
    is_coordinator = actor.has_role(Role.COORDINATOR)
    if channel == Channel.HOTLINE and not is_coordinator:
        raise PermissionDenied(_("Chỉ điều phối viên được nhập phản ánh qua đường dây nóng."))
    if priority and not is_coordinator:
        raise PermissionDenied(_("Mức độ do cán bộ tiếp nhận xác định."))
    if priority and priority not in Priority.values:
        raise ValidationError(_("Mức độ không hợp lệ."), fields={"priority": _("Không hợp lệ.")})

    field_obj = _get_field(field)
    description = _clean_text(
        description, field="description", max_length=MAX_DESCRIPTION, required=True
    )
    title = _clean_text(title, field="title", max_length=200, required=False)
    title = title or _title_from(description)
    address = _clean_text(address, field="address", max_length=300, required=False)
    name = _clean_text(name, field="name", max_length=100, required=True)
    phone = normalize_phone(phone)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise ValidationError(
                _("Địa chỉ email không hợp lệ."), fields={"email": _("Email không hợp lệ.")}
            ) from None
    lat, lng, commune = _locate(lat, lng, address, commune_code)
    observed_at = observed_at or now
    if observed_at > now + timedelta(minutes=5):
        raise ValidationError(
            _("Thời điểm phát hiện không thể ở tương lai."),
            fields={"observed_at": _("Không hợp lệ.")},
        )

    secret = secrets.token_urlsafe(24)
    report = Report.objects.create(
        code=_next_code(timezone.localtime(now).year),
        secret_hash=hash_secret(secret),
        field=field_obj,
        priority=priority or Priority.NORMAL,
        title=title,
        description=description,
        lat=lat,
        lng=lng,
        address=address,
        commune=commune,
        observed_at=observed_at,
        submitted_at=now,
        updated_at=now,
        channel=channel,
        share_identity=bool(share_identity),
        state=transition.target,
        deadline_at=step_deadline(
            step=Step.CLASSIFY, field_id=field_obj.pk, priority=priority or "", start=now
        ),
    )
    ReporterContact.objects.create(
        report=report, name=name, phone=phone, email=email, phone_hash=keyed_hash(phone)
    )
    role = Party.COORDINATOR if channel == Channel.HOTLINE else Party.REPORTER
    event = _append_event(
        report,
        transition,
        actor,
        role=role,
        from_state="",
        at=now,
        data={"channel": channel, "deadline": report.deadline_at.isoformat()},
    )
    if notify:
        _schedule_notification(event)
    log.info("report submitted id=%s channel=%s", report.pk, channel)
    return SubmitResult(report=report, secret=secret)


def _title_from(description: str) -> str:
    first_line = description.splitlines()[0]
    return first_line if len(first_line) <= 80 else first_line[:79].rsplit(" ", 1)[0] + "…"


# --- transitions ------------------------------------------------------------------------

Effect = Callable[[Report, Actor, str, dict, datetime], dict | None]
_EFFECTS: dict[Action, Effect] = {}


def _effect(action: Action):
    def register(fn: Effect) -> Effect:
        _EFFECTS[action] = fn
        return fn

    return register


@transaction.atomic
def report_transition(
    *,
    report: Report,
    action: Action | str,
    actor: Actor,
    note: str = "",
    at: datetime | None = None,
    notify: bool = True,
    **payload,
) -> ReportEvent:
    """Apply one workflow action; raise a DomainError and change nothing if not allowed.

    Returns the appended event; ``event.report`` is the report as saved.
    """
    try:
        transition = TRANSITIONS[Action(action)]
    except ValueError:
        raise ValidationError(_("Thao tác không hợp lệ.")) from None
    if transition.action == Action.SUBMIT:
        raise TransitionNotAllowed()
    now = at or timezone.now()
    try:
        # The row lock makes concurrent actions on one report queue up; each then
        # re-checks the state it finds, so the second of two identical actions fails.
        current = Report.objects.select_for_update().get(pk=report.pk)
    except Report.DoesNotExist:
        raise NotFound(_("Không tìm thấy phản ánh.")) from None

    parties = parties_of(actor, current) & transition.parties
    if not parties:
        raise PermissionDenied()
    if current.state not in transition.sources:
        raise TransitionNotAllowed(
            _("Không thể “%(action)s” khi phản ánh đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": current.get_state_display()}
        )
    note = _clean_text(note, field="note", max_length=MAX_DESCRIPTION, required=False)
    if transition.note_required and not note:
        raise ValidationError(
            _("Vui lòng nhập nội dung cho thao tác “%(action)s”.") % {"action": transition.label},
            fields={"note": _("Trường này là bắt buộc.")},
        )

    from_state, version = current.state, current.version
    data = _EFFECTS.get(transition.action, _no_effect)(current, actor, note, payload, now) or {}
    if transition.target is not None:
        current.state = transition.target
    deadline_changed = _apply_deadline(current, transition, now)
    if deadline_changed:
        data["deadline"] = current.deadline_at.isoformat() if current.deadline_at else None
    current.version = version + 1
    current.updated_at = now
    # Belt and braces beside the row lock (SQLite has none): a stale version saves nothing.
    if not Report.objects.filter(pk=current.pk, version=version).update(version=version + 1):
        raise Conflict()
    current.save()
    role = next(p for p in _ROLE_ORDER if p in parties)
    event = _append_event(
        current,
        transition,
        actor,
        role=role,
        from_state=from_state,
        at=now,
        note=note,
        data=data,
    )
    if notify and transition.citizen_visible and role != Party.REPORTER:
        _schedule_notification(event)
    log.info(
        "report transition id=%s action=%s %s->%s",
        current.pk,
        transition.action,
        from_state,
        current.state,
    )
    return event


def _no_effect(report, actor, note, payload, now):
    if payload:
        raise ValidationError(_("Dữ liệu không hợp lệ: %(keys)s") % {"keys": ", ".join(payload)})
    return None


def _apply_deadline(report: Report, transition: Transition, now: datetime) -> bool:
    effect = transition.deadline
    if effect == DeadlineEffect.KEEP:
        return False
    if effect == DeadlineEffect.CLEAR:
        report.deadline_at = None
    elif effect == DeadlineEffect.HANDLING:
        report.deadline_at = report.handling_deadline_at
    else:
        report.deadline_at = step_deadline(
            step=effect, field_id=report.field_id, priority=report.priority, start=now
        )
        if effect == Step.HANDLE:
            report.handling_deadline_at = report.deadline_at
    return True


def _append_event(
    report: Report,
    transition: Transition,
    actor: Actor,
    *,
    role: Party,
    from_state: str,
    at: datetime,
    note: str = "",
    data: dict | None = None,
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        created_at=at,
        action=transition.action,
        actor=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        actor_role=role,
        actor_unit=_unit_for(actor, report, role),
        from_state=from_state,
        to_state=report.state,
        note=note,
        data=data or {},
        citizen_visible=transition.citizen_visible,
    )


def _unit_for(actor: Actor, report: Report, role: Party) -> Unit | None:
    if role in {Party.LEAD_HANDLER, Party.LEAD_APPROVER}:
        return report.lead_unit
    roles = {Party.COORDINATOR: Role.COORDINATOR, Party.SUPERVISOR: Role.SUPERVISOR}
    if role in roles:
        ids = sorted(actor.units_with(roles[role]))
        return Unit.objects.filter(pk=ids[0]).first() if ids else None
    if role == Party.CO_HANDLER:
        return report.co_units.filter(pk__in=actor.units_with(Role.HANDLER)).first()
    return None


def _schedule_notification(event: ReportEvent) -> None:
    from paht.notify.tasks import notify_reporter

    event_id = event.pk
    transaction.on_commit(lambda: notify_reporter.enqueue(event_id))


def _units(ids: Iterable, *, field: str) -> list[Unit]:
    ids = [u.pk if isinstance(u, Unit) else u for u in ids]
    units = list(Unit.objects.filter(pk__in=ids, is_active=True))
    if len(units) != len(set(ids)):
        raise ValidationError(_("Đơn vị không hợp lệ."), fields={field: _("Đơn vị không hợp lệ.")})
    return units


def _set_units(report: Report, lead, co_units) -> dict:
    if lead is None:
        raise ValidationError(
            _("Vui lòng chọn đơn vị chủ trì."), fields={"lead_unit": _("Bắt buộc.")}
        )
    (lead_unit,) = _units([lead], field="lead_unit")
    co = [u for u in _units(co_units or [], field="co_units") if u.pk != lead_unit.pk]
    report.lead_unit = lead_unit
    report.co_units.set(co)
    return {
        "lead_unit": lead_unit.pk,
        "lead_unit_name": lead_unit.name,
        "co_units": [u.pk for u in co],
    }


@_effect(Action.RECLASSIFY)
def _reclassify(report, actor, note, payload, now):
    changes = {}
    if "field" in payload:
        new = _get_field(payload.pop("field"))
        if new.pk != report.field_id:
            changes["field"] = [report.field.code, new.code]
            report.field = new
    if "priority" in payload:
        priority = payload.pop("priority")
        if priority not in Priority.values:
            raise ValidationError(
                _("Mức độ không hợp lệ."), fields={"priority": _("Không hợp lệ.")}
            )
        if priority != report.priority:
            changes["priority"] = [report.priority, priority]
            report.priority = priority
    if "commune_code" in payload:
        commune = _get_commune(payload.pop("commune_code"))
        if commune.pk != report.commune_id:
            changes["commune"] = [report.commune_id, commune.pk]
            report.commune = commune
    _no_effect(report, actor, note, payload, now)
    if not changes:
        raise ValidationError(_("Không có thay đổi nào."))
    return {"changes": changes}


@_effect(Action.RETURN)
def _return(report, actor, note, payload, now):
    code = payload.pop("reason", None)
    _no_effect(report, actor, note, payload, now)
    try:
        reason = ReturnReason.objects.get(code=code, is_active=True)
    except ReturnReason.DoesNotExist:
        raise ValidationError(
            _("Vui lòng chọn lý do trả lại."), fields={"reason": _("Lý do không hợp lệ.")}
        ) from None
    report.return_reason = reason
    report.return_note = note or reason.guidance
    return {"reason": reason.code}


@_effect(Action.MERGE)
def _merge(report, actor, note, payload, now):
    target = payload.pop("into", None)
    _no_effect(report, actor, note, payload, now)
    if not isinstance(target, Report):
        target = Report.objects.filter(code=target).first()
    if target is None or target.pk == report.pk:
        raise ValidationError(
            _("Phản ánh gộp vào không hợp lệ."), fields={"into": _("Không hợp lệ.")}
        )
    if target.state in {State.RETURNED, State.MERGED}:
        raise ValidationError(
            _("Không thể gộp vào phản ánh đã trả lại hoặc đã gộp."),
            fields={"into": _("Không hợp lệ.")},
        )
    report.merged_into = target
    return {"into": target.code}


@_effect(Action.ASSIGN)
def _assign(report, actor, note, payload, now):
    lead, co = payload.pop("lead_unit", None), payload.pop("co_units", None)
    _no_effect(report, actor, note, payload, now)
    return _set_units(report, lead, co)


_effect(Action.DECIDE)(_assign)


@_effect(Action.HAND_BACK)
def _hand_back(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    report.transfer_count += 1
    return {"unit": report.lead_unit_id, "transfer_count": report.transfer_count}


@_effect(Action.REQUEST_EXTENSION)
def _request_extension(report, actor, note, payload, now):
    days = _working_days(payload.pop("working_days", None))
    _no_effect(report, actor, note, payload, now)
    if report.extensions.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise TransitionNotAllowed(_("Đã có một đề nghị gia hạn đang chờ duyệt."))
    ext = ExtensionRequest.objects.create(
        report=report, working_days=days, reason=note, requested_at=now
    )
    return {"extension": ext.pk, "working_days": str(days)}


def _working_days(value) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, TypeError):
        days = Decimal(0)
    if not (Decimal("0.5") <= days <= Decimal(30)) or days % Decimal("0.5"):
        raise ValidationError(
            _("Số ngày gia hạn phải từ 0,5 đến 30 ngày làm việc."),
            fields={"working_days": _("Không hợp lệ.")},
        )
    return days


def _pending_extension(report: Report) -> ExtensionRequest:
    ext = report.extensions.filter(status=ExtensionRequest.Status.PENDING).first()
    if ext is None:
        raise TransitionNotAllowed(_("Không có đề nghị gia hạn nào đang chờ duyệt."))
    return ext


@_effect(Action.GRANT_EXTENSION)
def _grant_extension(report, actor, note, payload, now):
    ext = _pending_extension(report)
    days = payload.pop("working_days", None)
    _no_effect(report, actor, note, payload, now)
    days = _working_days(days) if days is not None else ext.working_days
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


@_effect(Action.REFUSE_EXTENSION)
def _refuse_extension(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    ext = _pending_extension(report)
    ext.status, ext.decided_at = ExtensionRequest.Status.REFUSED, now
    ext.save()
    return {"extension": ext.pk}


@_effect(Action.SUBMIT_RESULT)
def _submit_result(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    report.result_text = note
    report.result_at = now
    on_time = report.handling_deadline_at is None or now <= report.handling_deadline_at
    return {"on_time": on_time}


@_effect(Action.PUBLISH)
def _publish(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    report.published_at = now
    return {"public": not report.is_private, "result": report.result_text}


@_effect(Action.SET_PRIVATE)
def _set_private(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    if report.is_private:
        raise TransitionNotAllowed(_("Phản ánh đã ở chế độ không công khai."))
    report.is_private = True


@_effect(Action.SET_PUBLIC)
def _set_public(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    if not report.is_private:
        raise TransitionNotAllowed(_("Phản ánh đang được công khai."))
    report.is_private = False


@_effect(Action.RATE)
def _rate(report, actor, note, payload, now):
    rating, satisfied = payload.pop("rating", None), payload.pop("satisfied", None)
    _no_effect(report, actor, note, payload, now)
    if report.rating is not None:
        raise TransitionNotAllowed(_("Bạn đã đánh giá phản ánh này."))
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError(
            _("Vui lòng chọn số sao từ 1 đến 5."), fields={"rating": _("Từ 1 đến 5.")}
        )
    if not isinstance(satisfied, bool):
        raise ValidationError(
            _("Vui lòng cho biết bạn có hài lòng hay không."),
            fields={"satisfied": _("Bắt buộc.")},
        )
    report.rating, report.satisfied, report.rated_at = rating, satisfied, now
    return {"rating": rating, "satisfied": satisfied}


@_effect(Action.REOPEN)
def _reopen(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    if report.round != 1:
        raise TransitionNotAllowed(_("Mỗi phản ánh chỉ được phản ánh lại một lần."))
    window = timedelta(days=settings.PAHT_REOPEN_WINDOW_DAYS)
    if report.published_at is None or now > report.published_at + window:
        raise TransitionNotAllowed(
            _("Đã quá thời hạn %(days)d ngày để phản ánh lần 2.")
            % {"days": settings.PAHT_REOPEN_WINDOW_DAYS}
        )
    second = Report.objects.create(
        code=f"{report.code}-L2",
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
        submitted_at=now,
        updated_at=now,
        channel=report.channel,
        share_identity=report.share_identity,
        state=State.SUBMITTED,
        round=2,
        previous_round=report,
        deadline_at=step_deadline(
            step=Step.CLASSIFY, field_id=report.field_id, priority=report.priority, start=now
        ),
    )
    contact = report.contact
    ReporterContact.objects.create(
        report=second,
        name=contact.name,
        phone=contact.phone,
        email=contact.email,
        phone_hash=contact.phone_hash,
    )
    _append_event(
        second,
        TRANSITIONS[Action.SUBMIT],
        actor,
        role=Party.REPORTER,
        from_state="",
        at=now,
        note=note,
        data={"round": 2, "previous": report.code, "deadline": second.deadline_at.isoformat()},
    )
    return {"next_round": second.code}


@_effect(Action.CLOSE)
def _close(report, actor, note, payload, now):
    _no_effect(report, actor, note, payload, now)
    report.closed_at = now


@transaction.atomic
def reporter_contact_view(*, report: Report, actor: Actor, at: datetime | None = None) -> dict:
    """Reveal the reporter's identity to staff allowed to see it, and record that they did."""
    from .permissions import can_see_identity

    if not can_see_identity(actor, report):
        raise PermissionDenied(_("Bạn không được xem thông tin người phản ánh."))
    contact = report.contact
    parties = parties_of(actor, report)
    role = next(p for p in _ROLE_ORDER if p in parties)
    ReportEvent.objects.create(
        report=report,
        created_at=at or timezone.now(),
        action="view_identity",
        actor=actor.user,
        actor_role=role,
        actor_unit=_unit_for(actor, report, role),
        from_state=report.state,
        to_state=report.state,
    )
    log.info("reporter identity viewed report=%s user=%s", report.pk, actor.user.pk)
    return {"name": contact.name, "phone": contact.phone, "email": contact.email}
