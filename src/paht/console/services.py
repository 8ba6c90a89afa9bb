"""Console writes built on the report services: an action with its files, bulk return.

Permission and state stay the workflow's (``report_transition``); these only combine
calls that must succeed or fail together.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from paht.api.staff_schemas import ATTACHMENT_PURPOSE
from paht.core.errors import DomainError, NotFound, ValidationError
from paht.media import services as media
from paht.reports.models import Report, ReportEvent
from paht.reports.permissions import Actor, reports_visible_to
from paht.reports.services import report_transition
from paht.reports.workflow import Action

MAX_BULK = 50


@transaction.atomic
def report_act(
    *,
    report: Report,
    action: Action,
    actor: Actor,
    note: str = "",
    expected_version: int | None = None,
    attachments: list[tuple[str, str]] = (),
    **payload,
) -> ReportEvent:
    """One workflow action and the files uploaded for it, all or nothing."""
    event = report_transition(
        report=report,
        action=action,
        actor=actor,
        note=note,
        expected_version=expected_version,
        **payload,
    )
    if attachments:
        purpose = ATTACHMENT_PURPOSE.get(action)
        if purpose is None:
            raise ValidationError(_("Thao tác này không kèm tệp."))
        media.attachments_attach(
            report=event.report, refs=list(attachments), actor=actor, purpose=purpose, event=event
        )
    return event


class BulkError(DomainError):
    """One report of a bulk action was refused; nothing was changed."""

    def __init__(self, code: str, error: DomainError):
        self.report_code = code
        self.status = error.status
        super().__init__(
            _("%(code)s: %(message)s") % {"code": code, "message": error.message},
            fields=error.fields,
            code=error.code,
        )


@transaction.atomic
def reports_bulk_return(
    *, actor: Actor, versions: dict[str, int], reason: str, note: str = ""
) -> list[ReportEvent]:
    """Return several reports with one reason, e.g. obvious spam: all of them or none.

    ``versions`` maps each tracking code to the version the coordinator saw.
    """
    if not versions:
        raise ValidationError(
            _("Vui lòng chọn ít nhất một phản ánh."), fields={"codes": _("Bắt buộc.")}
        )
    if len(versions) > MAX_BULK:
        raise ValidationError(
            _("Mỗi lần trả lại tối đa %(n)s phản ánh.") % {"n": MAX_BULK},
            fields={"codes": _("Quá nhiều.")},
        )
    found = {
        r.code: r for r in reports_visible_to(actor).filter(code__in=list(versions)).order_by("pk")
    }
    events = []
    for code, version in versions.items():
        report = found.get(code)
        if report is None:
            raise BulkError(code, NotFound(_("Không tìm thấy phản ánh.")))
        try:
            events.append(
                report_transition(
                    report=report,
                    action=Action.RETURN,
                    actor=actor,
                    note=note,
                    expected_version=version,
                    reason=reason,
                )
            )
        except DomainError as exc:
            raise BulkError(code, exc) from exc
    return events
