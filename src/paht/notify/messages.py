"""Plain-Vietnamese messages for reporters about their report's progress."""

from django.utils import timezone
from django.utils.translation import gettext as _

from paht.reports.timeline import describe_event


def reporter_message(event) -> tuple[str, str]:
    report = event.report
    subject = _("[%(code)s] Cập nhật phản ánh của bạn") % {"code": report.code}
    when = timezone.localtime(event.created_at).strftime("%H:%M %d/%m/%Y")
    lines = [
        _("Phản ánh %(code)s: %(title)s") % {"code": report.code, "title": report.title},
        "",
        f"{when}: {describe_event(event)}",
    ]
    if event.note:
        lines += ["", event.note]
    lines += ["", _("Trạng thái hiện tại: %(state)s") % {"state": report.get_state_display()}]
    return subject, "\n".join(lines)
