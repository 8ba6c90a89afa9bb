"""Third-party applications (mobile apps, Open311 clients) and their API keys."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """One application's key. Only a hash is stored; the key is shown once, at creation."""

    name = models.CharField(_("ứng dụng"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    per_hour = models.PositiveIntegerField(
        _("số yêu cầu tối đa mỗi giờ"),
        default=3600,
        help_text=_("Giới hạn của riêng khóa này; vượt quá thì bị từ chối (HTTP 429)."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
