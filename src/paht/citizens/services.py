"""A citizen's new report from any channel, with its files, exactly once.

Web form, REST API and Open311 all end here: limits per phone and per address, the
client's idempotency key, the report itself and the files uploaded beforehand, in one
transaction, so a flaky connection can never leave half a report or two of them.
"""

import json
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from paht.core import idempotency
from paht.core.errors import Conflict, ValidationError
from paht.core.models import IdempotencyKey
from paht.core.phone import normalize_phone
from paht.core.throttle import Limit, check_and_count_all
from paht.media.uploads import attachments_attach
from paht.reports.models import Report
from paht.reports.permissions import Actor
from paht.reports.services import report_submit

HOUR, DAY = 3600, 86400


@dataclass(frozen=True)
class Submitted:
    report: Report
    secret: str  # the follow-link token: shown once to the citizen, only its hash is kept
    replayed: bool  # a retry of a request that had already created the report


def _limits(phone: str, ip: str) -> None:
    message = _(
        "Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau, hoặc gọi "
        "đường dây nóng nếu việc khẩn cấp."
    )
    hits = [(f"phone:{phone}", Limit("submit_phone", settings.PAHT_SUBMIT_PER_PHONE_DAY, DAY))]
    if ip:
        hits.append((f"ip:{ip}", Limit("submit_ip", settings.PAHT_SUBMIT_PER_IP_HOUR, HOUR)))
    check_and_count_all(hits, message=message)


def citizen_report_submit(
    *,
    idempotency_key: str,
    channel: str,
    ip: str = "",
    attachments: list[tuple[str, str]] = (),
    scope: str = "submit",
    **fields,
) -> Submitted:
    """Submit a report as a citizen with files uploaded earlier, once per key.

    ``fields`` are ``report_submit``'s keyword arguments (field, description, name,
    phone…). A retry with the same key and the same content returns the first report;
    the same key with other content is refused (Conflict).
    """
    refs = [(str(i), str(k)) for i, k in attachments]
    fingerprint = idempotency.fingerprint(
        {"channel": channel, "fields": fields, "attachments": sorted(i for i, _k in refs)}
    )

    created: list[Report] = []

    def work():
        _limits(normalize_phone(fields.get("phone") or ""), ip)
        result = report_submit(actor=Actor.anonymous(), channel=channel, **fields)
        created.append(result.report)
        attachments_attach(report=result.report, refs=refs, actor=Actor.reporter(result.report))
        body = {
            "report_id": result.report.pk,
            "secret": result.secret,
            "content": _content(channel, fields),
        }
        return body, 201

    outcome = idempotency.run_once(
        scope=scope, key=idempotency_key, fingerprint=fingerprint, work=work
    )
    # A first run answers from the report it created; a replay reads the report again.
    report = created[0] if created else Report.objects.get(pk=outcome.body["report_id"])
    return Submitted(report=report, secret=outcome.body["secret"], replayed=outcome.replayed)


def _content(channel: str, fields: dict) -> str:
    """The request's content without its files, which a resend uploads anew."""
    return idempotency.fingerprint({"channel": channel, "fields": fields})


def citizen_report_resent(
    *, idempotency_key: str, channel: str, scope: str = "submit", **fields
) -> Submitted | None:
    """The report an earlier request with this key and the same content created, if any.

    Lets an adapter answer a double tap, or a resend whose answer was lost, before it
    stores the resent files a second time. Raises Conflict if the key was used for
    other content.
    """
    try:
        key = idempotency.clean_key(idempotency_key)
    except ValidationError:
        return None
    record = IdempotencyKey.objects.filter(scope=scope, key=key).first()
    if record is None or not record.body:
        return None
    body = json.loads(record.body)
    if "content" not in body:
        return None
    if body["content"] != _content(channel, fields):
        raise Conflict(
            _("Khóa chống gửi trùng này đã được dùng cho một yêu cầu khác."),
            code="idempotency_key_reused",
        )
    report = Report.objects.filter(pk=body.get("report_id")).first()
    if report is None:
        return None
    return Submitted(report=report, secret=body.get("secret", ""), replayed=True)
