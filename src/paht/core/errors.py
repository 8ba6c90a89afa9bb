"""Domain errors raised by services and mapped to HTTP once per adapter."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class: ``message`` is user-facing text in the user's language."""

    code = "domain_error"
    default_message = _("Yêu cầu không hợp lệ.")

    def __init__(self, message=None, *, fields: dict | None = None):
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        super().__init__(str(self.message))


class ValidationError(DomainError):
    code = "invalid"
    default_message = _("Dữ liệu không hợp lệ.")


class PermissionDenied(DomainError):
    code = "forbidden"
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    default_message = _("Thao tác này không được phép ở trạng thái hiện tại của phản ánh.")


class NotFound(DomainError):
    code = "not_found"
    default_message = _("Không tìm thấy.")


class Conflict(DomainError):
    """The record changed under us (a concurrent action won)."""

    code = "conflict"
    default_message = _("Phản ánh vừa được người khác cập nhật, vui lòng tải lại.")
