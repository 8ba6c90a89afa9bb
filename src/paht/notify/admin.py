from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from paht.core.errors import DomainError

from .models import Message, MessageTemplate
from .services import messages_retry
from .sms import mask_phone


def mask_address(address: str) -> str:
    """``an.nguyen@example.com`` → ``a***@example.com``; phones as ``mask_phone``."""
    if not address:
        return "—"
    if "@" in address:
        local, _sep, domain = address.rpartition("@")
        return f"{local[:1]}***@{domain}"
    return mask_phone(address)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "kind",
        "channel",
        "recipient",
        "report",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "kind", "channel"]
    list_select_related = ["report"]
    search_fields = ["report__code"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    # The address itself is never shown: the masked form is enough to recognise it.
    fields = [
        "kind",
        "channel",
        "report",
        "event",
        "deadline_at",
        "recipient",
        "user",
        "language",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("người nhận"))
    def recipient(self, obj: Message) -> str:
        return mask_address(obj.address)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Gửi lại các thông báo đã chọn"), permissions=["retry"])
    def retry(self, request, queryset):
        try:
            count = messages_retry(
                user=request.user, ids=list(queryset.values_list("pk", flat=True))
            )
        except DomainError as exc:
            self.message_user(request, str(exc.message), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "Đã xếp %(count)d thông báo vào hàng đợi gửi lại.",
                "Đã xếp %(count)d thông báo vào hàng đợi gửi lại.",
                count,
            )
            % {"count": count},
        )

    def has_retry_permission(self, request):
        return request.user.has_perm("notify.change_message")


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "subject"]
    fieldsets = [
        (None, {"fields": ["kind"]}),
        (_("Tiếng Việt"), {"fields": ["subject", "body", "sms"]}),
        (_("Tiếng Anh"), {"fields": ["subject_en", "body_en", "sms_en"]}),
        (
            _("Biến dùng trong mẫu"),
            {
                "description": _(
                    "{{ code }} mã phản ánh, {{ title }} tiêu đề, {{ state }} trạng thái, "
                    "{{ unit }} đơn vị, {{ deadline }} thời hạn, {{ reason }} lý do trả lại, "
                    "{{ guidance }} hướng dẫn cho người dân, {{ result }} kết quả xử lý, "
                    "{{ note }} ý kiến của lãnh đạo đơn vị, {{ into }} mã phản ánh được gộp "
                    "vào, {{ link }} đường dẫn tra cứu hoặc trang cán bộ."
                ),
                "fields": [],
            },
        ),
    ]

    def has_delete_permission(self, request, obj=None):
        # Every kind needs its template; an admin edits it instead.
        return False
