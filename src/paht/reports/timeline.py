"""The report's events as plain Vietnamese sentences for citizens and staff."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ReportEvent, ReturnReason
from .workflow import TRANSITIONS, Action


def _when(iso: str | None) -> str:
    if not iso:
        return ""
    return timezone.localtime(datetime.fromisoformat(iso)).strftime("%H:%M %d/%m/%Y")


def describe_event(event: ReportEvent) -> str:
    d = event.data or {}
    unit = event.actor_unit.name if event.actor_unit_id else ""
    match event.action:
        case Action.SUBMIT if d.get("round") == 2:
            return _("Người phản ánh gửi phản ánh lần 2 (tiếp theo %(code)s).") % {
                "code": d.get("previous", "")
            }
        case Action.SUBMIT:
            return _("Phản ánh đã được gửi và đang chờ tiếp nhận, phân loại.")
        case Action.RETURN:
            reason = ReturnReason.objects.filter(code=d.get("reason")).first()
            return _("Phản ánh được trả lại. Lý do: %(reason)s.") % {
                "reason": reason.local_name if reason else ""
            }
        case Action.MERGE:
            return _("Phản ánh được gộp vào phản ánh %(code)s có cùng nội dung.") % {
                "code": d.get("into", "")
            }
        case Action.ASSIGN:
            return _("Đã chuyển đến %(unit)s xử lý.") % {"unit": d.get("lead_unit_name", "")}
        case Action.DECIDE:
            return _("UBND tỉnh chỉ đạo %(unit)s chủ trì xử lý.") % {
                "unit": d.get("lead_unit_name", "")
            }
        case Action.ACCEPT:
            return _("%(unit)s đã tiếp nhận và đang xử lý.") % {"unit": unit}
        case Action.UPDATE:
            return _("%(unit)s cập nhật tiến độ xử lý.") % {"unit": unit}
        case Action.GRANT_EXTENSION:
            return _("Thời hạn xử lý được gia hạn đến %(when)s.") % {
                "when": _when(d.get("deadline"))
            }
        case Action.PUBLISH:
            return _("Đã có kết quả xử lý.")
        case Action.REPLY:
            return _("Người phản ánh bổ sung thông tin.")
        case Action.RATE:
            verdict = _("hài lòng") if d.get("satisfied") else _("không hài lòng")
            return _("Người phản ánh đánh giá %(rating)s/5 sao, %(verdict)s.") % {
                "rating": d.get("rating"),
                "verdict": verdict,
            }
        case Action.REOPEN:
            return _("Người phản ánh chưa đồng ý với kết quả và gửi phản ánh lần 2 (%(code)s).") % {
                "code": d.get("next_round", "")
            }
        case Action.CLOSE:
            return _("Phản ánh đã kết thúc.")
        case "view_identity":
            return _("Cán bộ xem thông tin người phản ánh.")
        case "media_hide":
            return _("Cán bộ ẩn một ảnh, video khỏi trang công khai.")
        case "media_show":
            return _("Cán bộ cho hiển thị lại một ảnh, video.")
        case "media_blur":
            return _("Cán bộ làm mờ một phần ảnh trước khi công khai.")
        case "media_quarantined":
            return _("Một tệp đính kèm không xử lý được và đã được cách ly.")
    try:
        return str(TRANSITIONS[Action(event.action)].label)
    except ValueError:
        return event.action


def citizen_timeline(report) -> list[ReportEvent]:
    """Events the reporter (and, once published, the public) may read."""
    return list(
        report.events.filter(citizen_visible=True)
        .select_related("actor_unit")
        .order_by("created_at", "id")
    )


def public_timeline(report) -> list[ReportEvent]:
    """The timeline anyone may read once published: what the reporter wrote stays out,
    since a reply can carry their name or number."""
    return [e for e in citizen_timeline(report) if e.actor_role != "reporter" or not e.note]
