"""Who receives a message, on which channel, at which address.

Reporter: one channel per report. A hotline caller gets SMS (they reported by phone and
need the tracking code on it); otherwise email when they gave one (free, room for the
details), SMS when they did not. Nothing goes to an anonymised contact.

Staff: email to the active members of a unit with the role concerned; when none of them
has an email address, the unit's own address. Coordinators alike for overdue reports.
"""

from dataclasses import dataclass

from paht.org.models import Membership, Role, Unit
from paht.reports.models import Channel as ReportChannel
from paht.reports.models import Report, ReporterContact

from .models import Channel

# The Report stores no language yet: reporters are written to in Vietnamese.
REPORTER_LANGUAGE = "vi"
STAFF_LANGUAGE = "vi"


@dataclass(frozen=True)
class Recipient:
    key: str
    channel: str
    address: str
    language: str
    user_id: int | None = None
    unit: Unit | None = None

    @property
    def is_staff(self) -> bool:
        return self.key != "reporter"


def reporter(report: Report) -> Recipient | None:
    if Report.contact.is_cached(report):
        # A report just created carries the contact row it was saved with.
        contact = report.contact
    else:
        contact = ReporterContact.objects.filter(report=report).first()
    if contact is None or contact.anonymised_at is not None:
        return None
    if contact.email and report.channel != ReportChannel.HOTLINE:
        channel, address = Channel.EMAIL, contact.email
    elif contact.phone:
        channel, address = Channel.SMS, contact.phone
    else:
        return None
    return Recipient("reporter", channel, address, REPORTER_LANGUAGE)


def members_by_unit(units, role: Role) -> dict[int, list[Recipient]]:
    """Each of ``units``' email recipients for ``role``, by unit id, in one query: its
    active members holding the role, or the unit's own address when none has one."""
    active = {unit.pk: unit for unit in units if unit is not None and unit.is_active}
    found: dict[int, list[Recipient]] = {pk: [] for pk in active}
    members = (
        Membership.objects.filter(unit__in=list(active), role=role, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("unit_id", "user_id")
    )
    for m in members:
        found[m.unit_id].append(
            Recipient(
                f"user:{m.user_id}",
                Channel.EMAIL,
                m.user.email,
                STAFF_LANGUAGE,
                m.user_id,
                active[m.unit_id],
            )
        )
    for pk, unit in active.items():
        if not found[pk] and unit.email:
            found[pk] = [
                Recipient(f"unit:{pk}", Channel.EMAIL, unit.email, STAFF_LANGUAGE, None, unit)
            ]
    return found


def unit_members(units, role: Role) -> list[Recipient]:
    """Email recipients among ``units``' active members holding ``role``; one per person
    (named with the first of the units they belong to)."""
    units = [unit for unit in units if unit is not None]
    found = members_by_unit(units, role)
    recipients: dict[str, Recipient] = {}
    for unit in units:
        for r in found.get(unit.pk, []):
            recipients.setdefault(r.key, r)
    return list(recipients.values())


def coordinators() -> list[Recipient]:
    units = (
        Unit.objects.filter(is_active=True, memberships__role=Role.COORDINATOR)
        .distinct()
        .order_by("pk")
    )
    return unit_members(units, Role.COORDINATOR)
