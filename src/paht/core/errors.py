"""Domain errors raised by services and mapped to HTTP once per adapter."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base class: ``message`` is user-facing text in the user's language."""

    code = "domain_error"
    status = 400  # the HTTP status adapters answer with
    default_message = _("Yêu cầu không hợp lệ.")

    def __init__(self, message=None, *, fields: dict | None = None, code: str | None = None):
        self.message = message if message is not None else self.default_message
        self.fields = fields or {}
        if code:
            self.code = code  # a more precise reason than the class's, e.g. "too_long"
        super().__init__(str(self.message))


class ValidationError(DomainError):
    code = "invalid"
    default_message = _("Dữ liệu không hợp lệ.")


class Unprocessable(ValidationError):
    """Well-formed input whose content cannot be used, e.g. a corrupt photo (HTTP 422)."""

    code = "unprocessable"
    status = 422
    default_message = _("Không xử lý được nội dung đã gửi.")


class PermissionDenied(DomainError):
    code = "forbidden"
    status = 403
    default_message = _("Bạn không có quyền thực hiện thao tác này.")


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    status = 409
    default_message = _("Thao tác này không được phép ở trạng thái hiện tại của phản ánh.")


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_message = _("Không tìm thấy.")


class Conflict(DomainError):
    """The record changed under us (a concurrent action won)."""

    code = "conflict"
    status = 409
    default_message = _("Phản ánh vừa được người khác cập nhật, vui lòng tải lại.")


class PayloadTooLarge(DomainError):
    """A file over a size, pixel or duration limit (HTTP 413)."""

    code = "too_large"
    status = 413
    default_message = _("Tệp quá lớn.")


class UnsupportedMediaType(DomainError):
    """A file whose content is not a type we accept (HTTP 415)."""

    code = "unsupported_media_type"
    status = 415
    default_message = _("Định dạng tệp không được hỗ trợ.")


class TooManyRequests(DomainError):
    """A per-phone, per-IP or per-key limit was reached (HTTP 429)."""

    code = "rate_limited"
    status = 429
    default_message = _("Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.")

    def __init__(self, message=None, *, retry_after: int = 60, **kw):
        self.retry_after = retry_after
        super().__init__(message, **kw)
