"""Who may fetch which file, and the URLs that say so.

Public derivatives of a published, non-private report are anyone's unless staff hid
them. Staff see what their role lets them see of the report. Anyone else gets a file
only through a signed URL, which a page or API response allowed to show it hands out
(the reporter's follow page, for example). The uploaded original is the coordinator's
alone.
"""

import uuid

from django.core import signing
from django.db.models import Q
from django.urls import reverse

from paht.org.models import Role
from paht.reports.models import RESOLVED_STATES, Report
from paht.reports.permissions import Actor, parties_of, reports_visible_to
from paht.reports.workflow import Party

from .models import VARIANTS, Attachment, MediaState, Purpose

SALT = "paht.media.url"
SIGNED_URL_SECONDS = 6 * 3600

ORIGINAL = "original"


def for_citizens(attachment: Attachment) -> bool:
    """Files of internal exchanges between staff stay internal, whatever the report's
    state. A result's photos are sent with an event citizens do not see (the leader has
    not approved it yet) and become the citizens' once the result is published.
    ``CITIZEN_FILES`` is the same rule as a query condition."""
    if attachment.event_id is None or attachment.event.citizen_visible:
        return True
    return attachment.purpose == Purpose.RESULT and attachment.report.state in RESOLVED_STATES


CITIZEN_FILES = (
    Q(event__isnull=True)
    | Q(event__citizen_visible=True)
    | Q(purpose=Purpose.RESULT, report__state__in=sorted(RESOLVED_STATES))
)


def is_public(attachment: Attachment) -> bool:
    return bool(
        attachment.report_id
        and attachment.state == MediaState.READY
        and not attachment.is_hidden
        and for_citizens(attachment)
        and Report.objects.public().filter(pk=attachment.report_id).exists()
    )


def staff_may_see(actor: Actor, attachment: Attachment) -> bool:
    if not actor.memberships:
        return False
    if attachment.report_id is None:
        return attachment.uploaded_by_id is not None and attachment.uploaded_by_id == getattr(
            actor.user, "pk", None
        )
    if actor.has_role(Role.COORDINATOR) or actor.has_role(Role.SUPERVISOR):
        return True
    if attachment.is_hidden or not for_citizens(attachment):
        # Hidden or internal: only the units working on the report, not every officer
        # who can read the published report.
        parties = parties_of(actor, attachment.report)
        return bool(parties & {Party.LEAD_HANDLER, Party.CO_HANDLER, Party.LEAD_APPROVER})
    return reports_visible_to(actor).filter(pk=attachment.report_id).exists()


def fetch_scope(actor: Actor, attachment: Attachment, variant: str, token: str = "") -> str | None:
    """``"public"`` (anyone, cacheable), ``"restricted"`` (this requester only) or ``None``."""
    if variant == ORIGINAL:
        allowed = bool(attachment.original_name) and actor.has_role(Role.COORDINATOR)
        return "restricted" if allowed else None
    if variant not in VARIANTS[attachment.kind] or attachment.state != MediaState.READY:
        return None
    if is_public(attachment):
        return "public"
    if (token and _token_valid(token, attachment, variant)) or staff_may_see(actor, attachment):
        return "restricted"
    return None


def sign(attachment: Attachment, variant: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign(f"{attachment.pk}/{variant}")


def _token_valid(token: str, attachment: Attachment, variant: str) -> bool:
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=SIGNED_URL_SECONDS)
    except signing.BadSignature:
        return False
    return value == f"{attachment.pk}/{variant}"


def media_url(attachment: Attachment, variant: str, *, signed: bool = False) -> str:
    """The file's URL; ``signed`` lets whoever holds it fetch it for a few hours."""
    url = FileUrls().url(attachment.pk, variant, attachment.blur_count)
    if signed:
        url += f"{'&' if '?' in url else '?'}t={sign(attachment, variant)}"
    return url


class FileUrls:
    """Unsigned file URLs without a URL resolver call per file (lists build 50 at once).

    The path comes from one ``reverse`` of the ``media:file`` route, so it follows the
    URLconf and the script prefix; ``v=`` changes when the file is blurred again, so a
    browser never keeps an unblurred copy.
    """

    _PK, _VARIANT = uuid.UUID(int=0), "variant-placeholder"

    def __init__(self):
        self._template = reverse("media:file", args=[self._PK, self._VARIANT])

    def url(self, pk: uuid.UUID, variant: str, version: int = 0) -> str:
        path = self._template.replace(str(self._PK), str(pk), 1).replace(self._VARIANT, variant, 1)
        return f"{path}?v={version}" if version else path
