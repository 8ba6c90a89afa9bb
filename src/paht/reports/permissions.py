"""Who may do what to which report: one checker, scoped to units (DESIGN §2)."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from paht.org.models import Role

from .models import RESOLVED_STATES, Report
from .workflow import TABLE, Action, Party, Transition


@dataclass(frozen=True)
class Actor:
    """The one acting: a staff user with memberships, a proven reporter, anyone, or the system."""

    user: object | None = None
    memberships: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    reporter_of: frozenset[int] = field(default_factory=frozenset)
    is_system: bool = False

    @classmethod
    def for_user(cls, user) -> "Actor":
        if user is None or not user.is_authenticated:
            return cls()
        rows = user.memberships.filter(unit__is_active=True).values_list("role", "unit_id")
        return cls(user=user, memberships=frozenset(rows))

    @classmethod
    def anonymous(cls) -> "Actor":
        return cls()

    @classmethod
    def reporter(cls, report: Report, user=None) -> "Actor":
        """Someone who proved they sent ``report`` (secret link or phone sign-in).

        Both rounds of a re-opened report belong to the same reporter.
        """
        ids = {report.pk}
        if report.previous_round_id:
            ids.add(report.previous_round_id)
        return cls(user=user, reporter_of=frozenset(ids))

    @classmethod
    def system(cls) -> "Actor":
        return cls(is_system=True)

    def units_with(self, role: Role) -> set[int]:
        return {unit_id for r, unit_id in self.memberships if r == role}

    def has_role(self, role: Role) -> bool:
        return any(r == role for r, _ in self.memberships)


# The roles a unit's own people hold (not the province-wide coordinator and supervisor).
UNIT_ROLES = frozenset({Role.HANDLER, Role.APPROVER})


def parties_of(actor: Actor, report: Report) -> set[Party]:
    parties = {Party.PUBLIC}
    if actor.is_system:
        parties.add(Party.SYSTEM)
    if report.pk in actor.reporter_of:
        parties.add(Party.REPORTER)
    if actor.has_role(Role.COORDINATOR):
        parties.add(Party.COORDINATOR)
    if actor.has_role(Role.SUPERVISOR):
        parties.add(Party.SUPERVISOR)
    handler_units = actor.units_with(Role.HANDLER)
    if report.lead_unit_id and report.lead_unit_id in handler_units:
        parties.add(Party.LEAD_HANDLER)
    if handler_units and report.pk and report.co_units.filter(pk__in=handler_units).exists():
        parties.add(Party.CO_HANDLER)
    if report.lead_unit_id and report.lead_unit_id in actor.units_with(Role.APPROVER):
        parties.add(Party.LEAD_APPROVER)
    return parties


def public_view_only(actor: Actor, report: Report) -> bool:
    """A report the actor may read but has no part in (another unit's published report):
    they see what the public page shows of it, the units' work and the reporter's
    consent not. The console's page and the staff API both ask this.

    A member of a unit working on it (lead or co-handling, whatever their role there,
    e.g. the co-handling unit's leader) sees the units' view, even with nothing to do."""
    if parties_of(actor, report) != {Party.PUBLIC}:
        return False
    units = {unit_id for role, unit_id in actor.memberships if role in UNIT_ROLES}
    if not units:
        return True
    if report.lead_unit_id in units:
        return False
    return not (report.pk and report.co_units.filter(pk__in=units).exists())


def allowed_transitions(actor: Actor, report: Report) -> list[Transition]:
    """The actions this actor may take on this report now: the console's buttons."""
    parties = parties_of(actor, report)
    return [t for t in TABLE if report.state in t.sources and parties & t.parties]


def can(actor: Actor, report: Report, action: Action) -> bool:
    return any(t.action == action for t in allowed_transitions(actor, report))


def reports_visible_to(actor: Actor, qs: QuerySet[Report] | None = None) -> QuerySet[Report]:
    """Every list of reports goes through here, so none can forget the permission filter."""
    qs = Report.objects.all() if qs is None else qs
    if actor.has_role(Role.COORDINATOR) or actor.has_role(Role.SUPERVISOR):
        return qs
    unit_ids = actor.units_with(Role.HANDLER) | actor.units_with(Role.APPROVER)
    # The same rows as ``Report.objects.public()``, written as a plain condition so the
    # planner can use the indexes; a sub-select of every public report would be scanned
    # on each request (the unit queue grew from 9 ms of SQL at 10k reports to 61 ms at 100k).
    condition = Q(state__in=sorted(RESOLVED_STATES), is_private=False)
    if unit_ids:
        co_reports = Report.co_units.through.objects.filter(unit_id__in=unit_ids)
        condition |= Q(lead_unit_id__in=unit_ids) | Q(pk__in=co_reports.values("report_id"))
    if actor.reporter_of:
        condition |= Q(pk__in=actor.reporter_of)
    return qs.filter(condition)


def can_see_identity(actor: Actor, report: Report) -> bool:
    """Coordinators always; the lead and co-handling units only with the reporter's consent."""
    parties = parties_of(actor, report)
    if Party.COORDINATOR in parties:
        return True
    unit_parties = {Party.LEAD_HANDLER, Party.CO_HANDLER, Party.LEAD_APPROVER}
    return report.share_identity and bool(parties & unit_parties)
