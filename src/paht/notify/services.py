"""The notification outbox: creating messages for triggers, and delivering them.

Creation happens inside the workflow action's transaction, in a savepoint: the messages
commit with the action or not at all, and a failure to create them is logged without
undoing the action. Sending happens only in the worker (a task enqueued after commit,
and the worker's sweep for retries and anything the task missed). A send failure is
recorded and retried with exponential backoff until ``PAHT_NOTIFY_MAX_ATTEMPTS``, then
the message is dead; it never raises into the workflow.

Several workers never send one message twice: a worker claims messages with a token and
a lease (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite's write lock
serialises the claim) and records the outcome only while it still holds the claim. A
worker that dies mid-send loses its lease and the message is tried again.

Log lines carry message, report and event ids, kinds and statuses: never an address, a
phone number or a body.
"""

import logging
import re
import uuid
from collections import Counter
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from paht.core.errors import PermissionDenied
from paht.core.tasks import enqueue_with_transaction
from paht.org.models import Role
from paht.reports.models import (
    OPEN_STATES,
    Report,
    ReporterContact,
    ReportEvent,
    ReturnReason,
    State,
)
from paht.reports.workflow import Action

from . import recipients as who
from .channels import CHANNELS
from .models import REPORTER_KINDS, Channel, Kind, Message, Status
from .recipients import Recipient
from .render import render_message, report_context

log = logging.getLogger(__name__)

# A worker holds a claimed message this long; after that another worker may send it.
LEASE = timedelta(minutes=5)
# Messages one sweep sends at most; the rest wait for the next sweep.
SWEEP_BATCH = 200
# Deadlines that passed longer ago than this are not announced as newly overdue (a
# worker back after a long outage does not flood the coordinators).
OVERDUE_LOOKBACK = timedelta(days=7)
# States in which a unit must act before the deadline, and the role that acts.
UNIT_STEPS = {
    State.ASSIGNED: Role.HANDLER,
    State.IN_PROGRESS: Role.HANDLER,
    State.PENDING_APPROVAL: Role.APPROVER,
}


# --- creating messages -------------------------------------------------------------


def notifications_for_event(*, event: ReportEvent) -> list[int]:
    """Create the messages ``event`` triggers and queue their sending with the transaction.

    Idempotent: run twice for one event, it creates each message once. Never raises.
    """
    for again in (False, True):
        try:
            with transaction.atomic():
                ids = _create_for_event(event, again=again)
                if ids:
                    _enqueue(ids)
            return ids
        except IntegrityError:
            if not again:
                continue  # the event has messages already (a second run): keep them
            log.exception("notifications not created report=%s event=%s", event.report_id, event.pk)
        except Exception:
            log.exception("notifications not created report=%s event=%s", event.report_id, event.pk)
        break
    return []


def _create_for_event(event: ReportEvent, *, again: bool) -> list[int]:
    if event.action == Action.REOPEN:
        # The citizen hears of their second round under its own code and deadline.
        report = Report.objects.filter(previous_round_id=event.report_id).first()
        if report is None:
            return []
    elif ReportEvent.report.is_cached(event):
        # The workflow hands over the report it just saved (locked, current): no re-read.
        report = event.report
    else:
        report = Report.objects.select_related("lead_unit", "return_reason").get(pk=event.report_id)
    rows = [
        _message(kind, r, report, context, event=event)
        for kind, r, context in _triggered(event, report)
    ]
    if not rows:
        return []
    if not again:
        Message.objects.bulk_create(rows)  # one INSERT … RETURNING the new ids
        ids = [m.pk for m in rows]
    else:
        Message.objects.bulk_create(rows, ignore_conflicts=True)
        ids = list(
            Message.objects.filter(event=event, status=Status.PENDING).values_list("pk", flat=True)
        )
    log.info(
        "notifications created report=%s event=%s action=%s messages=%s",
        report.pk,
        event.pk,
        event.action,
        len(ids),
    )
    return ids


def _triggered(event: ReportEvent, report: Report) -> list[tuple[str, Recipient, dict]]:
    """(kind, recipient, extra context) for each message an event calls for."""
    action = event.action
    out: list[tuple[str, Recipient, dict]] = []

    def to_reporter(kind: str, **context) -> None:
        recipient = who.reporter(report)
        if recipient is not None:
            out.append((kind, recipient, context))

    def to_unit_members(kind: str, units, role: Role, **context) -> None:
        out.extend((kind, r, context) for r in who.unit_members(units, role))

    if action in {Action.SUBMIT, Action.REOPEN}:
        to_reporter(Kind.RECEIVED)
    elif action in {Action.ASSIGN, Action.DECIDE}:
        to_reporter(Kind.ASSIGNED)
        units = [report.lead_unit, *report.co_units.order_by("pk")]
        to_unit_members(Kind.UNIT_ASSIGNED, units, Role.HANDLER)
    elif action == Action.RETURN:
        reason = report.return_reason
        to_reporter(
            Kind.RETURNED,
            reason=lambda: reason.local_name if reason else "",
            guidance=lambda: _guidance(event, reason),
        )
    elif action == Action.MERGE:
        into = report.merged_into.code if report.merged_into_id else ""
        to_reporter(Kind.MERGED, into=into)
    elif action == Action.PUBLISH:
        to_reporter(Kind.RESOLVED, result=report.result_text)
    elif action == Action.SUBMIT_RESULT:
        to_unit_members(Kind.APPROVAL_WAITING, [report.lead_unit], Role.APPROVER)
    elif action == Action.SEND_BACK:
        to_unit_members(Kind.UNIT_SENT_BACK, [report.lead_unit], Role.HANDLER, note=event.note)
    return out


def _guidance(event: ReportEvent, reason: ReturnReason | None) -> str:
    # The coordinator's own words win; otherwise the reason's guidance, localised.
    if event.note:
        return event.note
    return reason.local_guidance if reason else ""


def _message(
    kind: str,
    recipient: Recipient,
    report: Report,
    extra: dict,
    *,
    event: ReportEvent | None = None,
    deadline: datetime | None = None,
    unit=None,
) -> Message:
    sms = recipient.channel == Channel.SMS
    with translation.override(recipient.language):
        # Lazy values (a reason's name, its guidance) are read in the message's language.
        values = {k: v() if callable(v) else v for k, v in extra.items()}
        context = report_context(
            report,
            staff=recipient.is_staff,
            unit=unit or recipient.unit,
            deadline=deadline,
            **values,
        )
    subject, body = render_message(kind=kind, language=recipient.language, context=context, sms=sms)
    now = timezone.now()
    return Message(
        kind=kind,
        channel=recipient.channel,
        report=report,
        event=event,
        deadline_at=deadline,
        recipient_key=recipient.key,
        user_id=recipient.user_id,
        address=recipient.address,
        language=recipient.language,
        subject=subject,
        body=body,
        created_at=now,
        next_attempt_at=now,
    )


def _enqueue(ids: list[int]) -> None:
    # Were the task lost, the messages are safe in the outbox: the worker's sweep sends them.
    from .tasks import deliver_messages

    enqueue_with_transaction(deliver_messages, ids)


# --- reminders ----------------------------------------------------------------------


def reminders_create(*, now: datetime | None = None) -> int:
    """Create due reminders: to the unit that must act before a deadline within
    ``PAHT_REMIND_BEFORE_HOURS``, and to coordinators when a deadline has passed.

    One message per recipient per report and deadline: a moved deadline (an extension,
    a new step) makes a new reminder due. Returns how many messages were created.
    """
    now = now or timezone.now()
    lead = timedelta(hours=settings.PAHT_REMIND_BEFORE_HOURS)

    def not_reminded(kind: str) -> Exists:
        return Exists(
            # event IS NULL: the reminders' partial unique index answers this.
            Message.objects.filter(
                event__isnull=True,
                report=OuterRef("pk"),
                kind=kind,
                deadline_at=OuterRef("deadline_at"),
            )
        )

    base = Report.objects.select_related("lead_unit").filter(deadline_at__isnull=False)
    soon = (
        base.filter(state__in=UNIT_STEPS, deadline_at__gt=now, deadline_at__lte=now + lead)
        .exclude(not_reminded(Kind.DEADLINE_SOON))
        .order_by("deadline_at")[:SWEEP_BATCH]
    )
    soon = list(soon)
    # Each role's units' members in one query, not one per report.
    members = {
        role: who.members_by_unit({r.lead_unit for r in soon if UNIT_STEPS[r.state] == role}, role)
        for role in {UNIT_STEPS[r.state] for r in soon}
    }
    rows = []
    for report in soon:
        for r in members[UNIT_STEPS[report.state]].get(report.lead_unit_id, []):
            rows.append(_message(Kind.DEADLINE_SOON, r, report, {}, deadline=report.deadline_at))
    overdue = list(
        base.filter(
            state__in=OPEN_STATES,
            deadline_at__lte=now,
            deadline_at__gt=now - OVERDUE_LOOKBACK,
        )
        .exclude(not_reminded(Kind.OVERDUE))
        .order_by("deadline_at")[:SWEEP_BATCH]
    )
    coordinators = who.coordinators() if overdue else []
    for report in overdue:
        for r in coordinators:
            # The unit named is the one late, not the coordinator's own.
            rows.append(
                _message(
                    Kind.OVERDUE,
                    r,
                    report,
                    {},
                    deadline=report.deadline_at,
                    unit=report.lead_unit,
                )
            )
    if not rows:
        return 0
    # Counted among these reports' reminders only: all reminders ever sent are many.
    theirs = Message.objects.filter(event__isnull=True, report_id__in={m.report_id for m in rows})
    before = theirs.count()
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    created = theirs.count() - before
    log.info("reminders created messages=%s", created)
    return created


# --- delivering ---------------------------------------------------------------------


def _claimable(now: datetime) -> Q:
    return Q(status__in=[Status.PENDING, Status.FAILED], next_attempt_at__lte=now) & (
        Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    )


def _claim(qs: QuerySet[Message], now: datetime, limit: int) -> list[Message]:
    token = uuid.uuid4().hex
    with transaction.atomic():
        due = qs.filter(_claimable(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if ids:
            # The same condition again: on SQLite no row lock kept a rival worker away.
            Message.objects.filter(pk__in=ids).filter(_claimable(now)).update(
                claim=token, lease_until=now + LEASE, attempts=F("attempts") + 1
            )
    if not ids:
        return []
    return list(Message.objects.filter(claim=token, lease_until=now + LEASE).order_by("pk"))


def messages_deliver(
    *, ids: list[int] | None = None, now: datetime | None = None, limit: int = SWEEP_BATCH
) -> Counter:
    """Send due messages (those in ``ids``, or any); returns a count per outcome."""
    now = now or timezone.now()
    qs = Message.objects.all() if ids is None else Message.objects.filter(pk__in=ids)
    outcomes: Counter = Counter()
    for message in _claim(qs, now, limit):
        outcomes[_send(message, now)] += 1
    return outcomes


def _send(message: Message, now: datetime) -> str:
    mine = Message.objects.filter(pk=message.pk, claim=message.claim)
    if message.kind in REPORTER_KINDS and _contact_gone(message):
        mine.update(status=Status.DEAD, address="", lease_until=None, last_error="anonymised")
        _log(message, Status.DEAD)
        return Status.DEAD
    try:
        CHANNELS[message.channel].send(message.address, message.subject, message.body)
    except Exception as exc:
        dead = message.attempts >= settings.PAHT_NOTIFY_MAX_ATTEMPTS
        status = Status.DEAD if dead else Status.FAILED
        delay = settings.PAHT_NOTIFY_RETRY_BASE_SECONDS * 2 ** (message.attempts - 1)
        mine.update(
            status=status,
            next_attempt_at=now + timedelta(seconds=delay),
            lease_until=None,
            last_error=scrub_error(exc, message.address),
        )
        _log(message, status, error=type(exc).__name__)
        return status
    mine.update(status=Status.SENT, sent_at=timezone.now(), lease_until=None, last_error="")
    _log(message, Status.SENT)
    return Status.SENT


def _contact_gone(message: Message) -> bool:
    return not ReporterContact.objects.filter(
        report_id=message.report_id, anonymised_at__isnull=True
    ).exists()


def _log(message: Message, status: str, error: str = "") -> None:
    level = logging.INFO if status == Status.SENT else logging.WARNING
    log.log(
        level,
        "notification id=%s report=%s kind=%s channel=%s attempt=%s status=%s%s",
        message.pk,
        message.report_id,
        message.kind,
        message.channel,
        message.attempts,
        status,
        f" error={error}" if error else "",
    )


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")


def scrub_error(exc: Exception, address: str) -> str:
    """The error for the admin, without the recipient's address or anything like one."""
    text = str(exc)
    if address:
        text = text.replace(address, "***")
    text = _PHONE.sub("***", _EMAIL.sub("***", text))
    return f"{type(exc).__name__}: {text}"[:500]


# --- admin and sweep ----------------------------------------------------------------


def messages_retry(*, user, ids: list[int]) -> int:
    """Send failed or dead messages again from the first attempt; returns how many."""
    if not user.has_perm("notify.change_message"):
        raise PermissionDenied(_("Bạn không có quyền gửi lại thông báo."))
    now = timezone.now()
    retry = Message.objects.filter(pk__in=ids, status__in=[Status.FAILED, Status.DEAD]).exclude(
        address=""
    )
    retry_ids = list(retry.values_list("pk", flat=True))
    count = Message.objects.filter(pk__in=retry_ids).update(
        status=Status.PENDING, attempts=0, next_attempt_at=now, lease_until=None, claim=""
    )
    if retry_ids:
        _enqueue(retry_ids)
    log.info("notifications retried by user=%s count=%s", user.pk, count)
    return count


def addresses_forget() -> int:
    """Empty the reporter addresses kept in the outbox once their contact is anonymised
    (retention, DESIGN §2); messages not sent yet are given up."""
    gone = Message.objects.filter(
        report__contact__anonymised_at__isnull=False, kind__in=REPORTER_KINDS
    ).exclude(address="")
    unsent = gone.filter(status__in=[Status.PENDING, Status.FAILED]).update(
        status=Status.DEAD, last_error="anonymised"
    )
    forgotten = gone.update(address="")
    if forgotten:
        log.info("notification addresses forgotten count=%s given_up=%s", forgotten, unsent)
    return forgotten


def notify_sweep(*, now: datetime | None = None) -> dict:
    """The worker's periodic pass: retention, reminders, then everything due to send."""
    now = now or timezone.now()
    result = {}
    for name, step in (
        ("forgotten", addresses_forget),
        ("reminders", lambda: reminders_create(now=now)),
        ("sent", lambda: dict(messages_deliver(now=now))),
    ):
        try:
            result[name] = step()
        except Exception:
            log.exception("notification sweep step failed step=%s", name)
    return result
