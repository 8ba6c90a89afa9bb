"""Writes on reports: submission and every workflow transition (DESIGN §1, STYLE §4).

``report_transition`` is the one place that applies the workflow table: it checks the
actor's party and the report's state, runs the action's own rules (``effects``), moves
the deadline, appends the event and schedules side effects after commit.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core.errors import (
    Conflict,
    NotFound,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationError,
)
from paht.core.phone import normalize_phone
from paht.org.models import Role

from .deadlines import step_deadline
from .effects import EFFECTS
from .models import Channel, ExtensionRequest, Priority, Report, ReportEvent, State, Step
from .permissions import Actor, can_see_identity, parties_of
from .records import append_event, create_report, role_of, unit_for
from .validation import (
    MAX_DESCRIPTION,
    clean_bool,
    clean_datetime,
    clean_email,
    clean_priority,
    clean_text,
    get_field,
    locate,
)
from .workflow import TRANSITIONS, Action, DeadlineEffect, Party, Transition

log = logging.getLogger(__name__)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class SubmitResult:
    report: Report
    secret: str  # shown to the citizen once (the follow link); only its hash is stored


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
    if channel not in Channel.values:
        raise ValidationError(_("Kênh tiếp nhận không hợp lệ."))
    is_coordinator = actor.has_role(Role.COORDINATOR)
    if channel == Channel.HOTLINE and not is_coordinator:
        raise PermissionDenied(_("Chỉ điều phối viên được nhập phản ánh qua đường dây nóng."))
    if priority and not is_coordinator:
        raise PermissionDenied(_("Mức độ do cán bộ tiếp nhận xác định."))
    priority = clean_priority(priority) if priority else Priority.NORMAL

    field_obj = get_field(field)
    description = clean_text(
        description, field="description", max_length=MAX_DESCRIPTION, required=True
    )
    title = clean_text(title, field="title", max_length=200, required=False)
    address = clean_text(address, field="address", max_length=300, required=False)
    name = clean_text(name, field="name", max_length=100, required=True)
    if not isinstance(phone, str):
        phone = ""
    phone = normalize_phone(phone)
    email = clean_email(email)
    share_identity = clean_bool(
        share_identity,
        field="share_identity",
        message=_("Vui lòng cho biết có đồng ý chia sẻ danh tính hay không."),
    )
    lat, lng, commune = locate(lat, lng, address, commune_code)
    observed_at = clean_datetime(observed_at or now, field="observed_at")
    if observed_at > now + timedelta(minutes=5):
        raise ValidationError(
            _("Thời điểm phát hiện không thể ở tương lai."),
            fields={"observed_at": _("Không hợp lệ.")},
        )

    secret = secrets.token_urlsafe(24)
    report = create_report(
        at=now,
        contact={"name": name, "phone": phone, "email": email},
        secret_hash=hash_secret(secret),
        field=field_obj,
        priority=priority,
        title=title or _title_from(description),
        description=description,
        lat=lat,
        lng=lng,
        address=address,
        commune=commune,
        observed_at=observed_at,
        channel=channel,
        share_identity=share_identity,
        state=State.SUBMITTED,
    )
    role = Party.COORDINATOR if channel == Channel.HOTLINE else Party.REPORTER
    event = append_event(
        report,
        action=Action.SUBMIT,
        actor=actor,
        role=role,
        unit=unit_for(actor, report, role),
        from_state="",
        at=now,
        data={"channel": channel, "deadline": report.deadline_at.isoformat()},
        transition=TRANSITIONS[Action.SUBMIT],
    )
    if notify:
        _schedule_notification(event)
    log.info("report submitted id=%s channel=%s", report.pk, channel)
    return SubmitResult(report=report, secret=secret)


def _title_from(description: str) -> str:
    first_line = description.splitlines()[0]
    return first_line if len(first_line) <= 80 else first_line[:79].rsplit(" ", 1)[0] + "…"


def report_transition(
    *,
    report: Report,
    action: Action | str,
    actor: Actor,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
    notify: bool = True,
    **payload,
) -> ReportEvent:
    """Apply one workflow action; raise a DomainError and change nothing if not allowed.

    ``expected_version`` is the version the actor saw: if the report changed since, the
    action is refused with Conflict instead of acting on a stale page. Returns the
    appended event; ``event.report`` is the report as saved.
    """
    try:
        with transaction.atomic():
            return _transition(report, action, actor, note, expected_version, at, notify, payload)
    except OperationalError as exc:
        # Two actions locking the same rows in opposite order: one is chosen to fail.
        if "deadlock" in str(exc).lower():
            raise Conflict() from exc
        raise


def _lock(report: Report, action: Action, payload: dict) -> Report:
    ids = [report.pk]
    if action == Action.MERGE:
        target = payload.get("into")
        target_pk = (
            target.pk
            if isinstance(target, Report)
            else Report.objects.filter(code=str(target)).values_list("pk", flat=True).first()
        )
        payload["into_pk"] = target_pk
        if target_pk is not None:
            ids.append(target_pk)
    # Every action locks its rows in id order, so two merges cannot deadlock each other.
    locked = {r.pk: r for r in Report.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    if report.pk not in locked:
        raise NotFound(_("Không tìm thấy phản ánh."))
    return locked[report.pk]


def _transition(report, action, actor, note, expected_version, at, notify, payload):
    try:
        transition = TRANSITIONS[Action(action)]
    except ValueError:
        raise ValidationError(_("Thao tác không hợp lệ.")) from None
    if transition.action == Action.SUBMIT:
        raise TransitionNotAllowed()
    now = at or timezone.now()
    # The row lock makes concurrent actions on one report queue up; each then re-checks
    # the state it finds, so the second of two identical actions fails cleanly.
    current = _lock(report, transition.action, payload)
    if expected_version is not None and expected_version != current.version:
        raise Conflict()
    parties = parties_of(actor, current) & transition.parties
    if not parties:
        raise PermissionDenied()
    if current.state not in transition.sources:
        raise TransitionNotAllowed(
            _("Không thể “%(action)s” khi phản ánh đang ở trạng thái “%(state)s”.")
            % {"action": transition.label, "state": current.get_state_display()}
        )
    note = clean_text(note, field="note", max_length=MAX_DESCRIPTION, required=False)
    if transition.note_required and not note:
        raise ValidationError(
            _("Vui lòng nhập nội dung cho thao tác “%(action)s”.") % {"action": transition.label},
            fields={"note": _("Trường này là bắt buộc.")},
        )

    role = role_of(parties)
    unit = unit_for(actor, current, role)  # before the effect: hand-back clears the unit
    from_state = current.state
    effect = EFFECTS.get(transition.action)
    data = (effect(current, actor, note, payload, now) if effect else None) or {}
    payload.pop("into_pk", None)
    if payload:
        raise ValidationError(_("Dữ liệu không hợp lệ: %(keys)s") % {"keys": ", ".join(payload)})
    if transition.target is not None:
        current.state = transition.target
    if from_state == State.IN_PROGRESS and current.state != State.IN_PROGRESS:
        # A request nobody decided on does not follow the report out of the unit's hands.
        current.extensions.filter(status=ExtensionRequest.Status.PENDING).update(
            status=ExtensionRequest.Status.WITHDRAWN, decided_at=now
        )
    if _apply_deadline(current, transition, now):
        data["deadline"] = current.deadline_at.isoformat() if current.deadline_at else None
    current.version += 1
    current.updated_at = now
    current.save()
    event = append_event(
        current,
        action=transition.action,
        actor=actor,
        role=role,
        unit=unit,
        from_state=from_state,
        at=now,
        note=note,
        data=data,
        transition=transition,
    )
    if notify:
        _schedule_notification(event)
    log.info(
        "report transition id=%s action=%s %s->%s",
        current.pk,
        transition.action,
        from_state,
        current.state,
    )
    return event


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


def _schedule_notification(event: ReportEvent) -> None:
    # The outbox decides who hears of which action; its rows commit with this one and
    # are sent by the worker after commit. It never raises into the workflow.
    from paht.notify.services import notifications_for_event

    notifications_for_event(event=event)


@transaction.atomic
def reporter_contact_view(*, report: Report, actor: Actor, at: datetime | None = None) -> dict:
    """Reveal the reporter's identity to staff allowed to see it, and record that they did."""
    if not can_see_identity(actor, report):
        raise PermissionDenied(_("Bạn không được xem thông tin người phản ánh."))
    contact = report.contact
    role = role_of(parties_of(actor, report))
    append_event(
        report,
        action="view_identity",
        actor=actor,
        role=role,
        unit=unit_for(actor, report, role),
        from_state=report.state,
        at=at or timezone.now(),
    )
    log.info("reporter identity viewed report=%s user=%s", report.pk, actor.user.pk)
    return {"name": contact.name, "phone": contact.phone, "email": contact.email}
