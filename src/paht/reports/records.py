"""Low-level writes shared by the services: new report rows, events, tracking codes."""

from datetime import datetime

from django.db import connection
from django.utils import timezone

from paht.core.crypto import keyed_hash
from paht.org.models import Role, Unit

from .deadlines import step_deadline
from .models import Report, ReporterContact, ReportEvent, Step, TrackingSequence
from .permissions import Actor
from .workflow import Party, Transition

# Order in which an actor's parties name the role recorded on an event.
ROLE_ORDER = (
    Party.SYSTEM,
    Party.REPORTER,
    Party.LEAD_APPROVER,
    Party.LEAD_HANDLER,
    Party.CO_HANDLER,
    Party.COORDINATOR,
    Party.SUPERVISOR,
    Party.PUBLIC,
)


# One statement (PostgreSQL and SQLite 3.35+): the year's row is created or counted on,
# and its row lock is held until commit, so concurrent submissions get consecutive
# numbers and never the same one.
_NEXT = """
INSERT INTO {table} (year, last) VALUES (%s, 1)
ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1
RETURNING last
"""


def next_code(year: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(_NEXT.format(table=TrackingSequence._meta.db_table), [year])
        (last,) = cursor.fetchone()
    return f"PA-{year}-{last:06d}"


def create_report(*, contact: dict, at: datetime, code: str | None = None, **fields) -> Report:
    """A new report waiting for triage, with its contact row and classify deadline.

    Used for a first submission and for round 2 of a re-opened report alike.
    """
    report = Report(
        code=code or next_code(timezone.localtime(at).year),
        submitted_at=at,
        updated_at=at,
        **fields,
    )
    report.deadline_at = step_deadline(
        step=Step.CLASSIFY, field_id=report.field_id, priority=report.priority, start=at
    )
    report.save()
    ReporterContact.objects.create(
        report=report,
        name=contact["name"],
        phone=contact["phone"],
        email=contact.get("email", ""),
        phone_hash=keyed_hash(contact["phone"]),
    )
    return report


def role_of(parties: set[Party]) -> Party:
    return next(p for p in ROLE_ORDER if p in parties)


def unit_for(actor: Actor, report: Report, role: Party) -> Unit | None:
    """The unit on whose behalf the actor acts, for the event record."""
    if role in {Party.LEAD_HANDLER, Party.LEAD_APPROVER}:
        return report.lead_unit
    roles = {Party.COORDINATOR: Role.COORDINATOR, Party.SUPERVISOR: Role.SUPERVISOR}
    if role in roles:
        ids = sorted(actor.units_with(roles[role]))
        return Unit.objects.filter(pk=ids[0]).first() if ids else None
    if role == Party.CO_HANDLER:
        return report.co_units.filter(pk__in=actor.units_with(Role.HANDLER)).first()
    return None


def append_event(
    report: Report,
    *,
    action: str,
    actor: Actor,
    role: Party,
    unit: Unit | None,
    from_state: str,
    at: datetime,
    note: str = "",
    data: dict | None = None,
    transition: Transition | None = None,
) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report,
        created_at=at,
        action=action,
        actor=actor.user if getattr(actor.user, "is_authenticated", False) else None,
        actor_role=role,
        actor_unit=unit,
        from_state=from_state,
        to_state=report.state,
        note=note,
        data=data or {},
        citizen_visible=bool(transition and transition.citizen_visible),
    )
