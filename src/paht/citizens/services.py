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
from paht.core.models import IdempotencyKey
from paht.core.phone import normalize_phone
from paht.core.throttle import Limit, check_and_count
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
    check_and_count(
        f"phone:{phone}",
        Limit("submit_phone", settings.PAHT_SUBMIT_PER_PHONE_DAY, DAY),
        message=message,
    )
    if ip:
        check_and_count(
            f"ip:{ip}", Limit("submit_ip", settings.PAHT_SUBMIT_PER_IP_HOUR, HOUR), message=message
        )


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

    def work():
        _limits(normalize_phone(fields.get("phone") or ""), ip)
        result = report_submit(actor=Actor.anonymous(), channel=channel, **fields)
        attachments_attach(report=result.report, refs=refs, actor=Actor.reporter(result.report))
        return {"report_id": result.report.pk, "secret": result.secret}, 201

    outcome = idempotency.run_once(
        scope=scope, key=idempotency_key, fingerprint=fingerprint, work=work
    )
    report = Report.objects.get(pk=outcome.body["report_id"])
    return Submitted(report=report, secret=outcome.body["secret"], replayed=outcome.replayed)


def already_submitted(*, idempotency_key: str, scope: str = "submit") -> Report | None:
    """The report an earlier request with this key created, if any."""
    record = IdempotencyKey.objects.filter(scope=scope, key=str(idempotency_key)[:100]).first()
    if record is None or not record.body:
        return None
    return Report.objects.filter(pk=json.loads(record.body).get("report_id")).first()
