from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .access import media_url
from .models import Attachment, MediaState


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: files change through uploads, the worker and moderation, never here."""

    list_display = [
        "id",
        "report",
        "kind",
        "purpose",
        "state",
        "error",
        "taken_far",
        "taken_long_ago",
        "is_hidden",
        "created_at",
    ]
    list_filter = ["state", "kind", "purpose", "is_hidden", "taken_far", "taken_long_ago"]
    search_fields = ["=id", "report__code"]
    date_hierarchy = "created_at"
    list_select_related = ["report"]
    exclude = ["upload_key_hash", "files", "content_types", "original_name"]
    readonly_fields = ["preview"]
    actions = ["retry"]

    @admin.display(description=_("xem trước"))
    def preview(self, obj):
        if obj.state != MediaState.READY:
            return obj.get_state_display()
        return format_html('<img src="{}" alt="" width="320">', media_url(obj, "small"))

    @admin.action(description=_("Xử lý lại các tệp bị cách ly đã chọn"))
    def retry(self, request, queryset):
        count = sum(services.attachment_retry(a) for a in queryset)
        self.message_user(
            request,
            ngettext(
                "Đã xếp %d tệp vào hàng đợi xử lý.", "Đã xếp %d tệp vào hàng đợi xử lý.", count
            )
            % count,
            messages.SUCCESS,
        )

    def get_readonly_fields(self, request, obj=None):
        fields = [f.name for f in self.model._meta.fields if f.name not in self.exclude]
        return [*fields, "preview"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
