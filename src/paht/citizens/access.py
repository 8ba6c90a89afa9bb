"""What a browser session has proved about its holder as a reporter.

A session proves it sent a report by the secret follow link, by tracking code + phone,
or by signing in with phone + one-time code (then every report sent from that phone).
Only report ids and a keyed hash of the phone are kept in the session.
"""

from paht.core.crypto import keyed_hash
from paht.reports.models import Report
from paht.reports.permissions import Actor

REPORTS_KEY = "reporter_of"
PHONE_KEY = "citizen_phone_hash"
SECRETS_KEY = "submitted_secrets"  # follow links shown after sending, for this session only
MAX_GRANTS = 50


def grant(request, report: Report) -> None:
    """Remember that this session proved it sent ``report`` (and its other round)."""
    ids = [i for i in request.session.get(REPORTS_KEY, []) if i != report.pk]
    ids.append(report.pk)
    if report.pk not in request.session.get(REPORTS_KEY, []):
        request.session.cycle_key()  # the session now proves more: a fresh id, no fixation
    request.session[REPORTS_KEY] = ids[-MAX_GRANTS:]


def sign_in(request, phone: str) -> None:
    """Sign the session in as the owner of ``phone`` (already normalised and verified)."""
    request.session.cycle_key()  # a fresh session id: no fixation
    request.session[PHONE_KEY] = keyed_hash(phone)


def sign_out(request) -> None:
    """Forget everything this session proved, and the secrets it was shown."""
    for key in (PHONE_KEY, REPORTS_KEY, SECRETS_KEY, "citizen_pending_phone"):
        request.session.pop(key, None)
    request.session.cycle_key()


def phone_hash(request) -> str | None:
    return request.session.get(PHONE_KEY)


def is_reporter(request, report: Report) -> bool:
    granted = set(request.session.get(REPORTS_KEY, []))
    if report.pk in granted or (report.previous_round_id and report.previous_round_id in granted):
        return True
    if report.round == 1 and Report.objects.filter(previous_round=report, pk__in=granted).exists():
        return True
    signed_in = phone_hash(request)
    contact = getattr(report, "contact", None)
    return bool(signed_in and contact is not None and contact.phone_hash == signed_in)


def reporter_actor(request, report: Report) -> Actor | None:
    """The reporter as an actor for the workflow, or None if the session proved nothing."""
    if not is_reporter(request, report):
        return None
    user = request.user if request.user.is_authenticated else None
    return Actor.reporter(report, user=user)


def reports_of_session(request):
    """Every report this session may follow, newest first."""
    from django.db.models import Q

    condition = Q(pk__in=request.session.get(REPORTS_KEY, []))
    signed_in = phone_hash(request)
    if signed_in:
        condition |= Q(contact__phone_hash=signed_in)
    return (
        Report.objects.filter(condition)
        .select_related("field", "commune")
        .order_by("-submitted_at", "-id")
    )
