from django.db import models
from django.utils.translation import gettext_lazy as _

from paht.org.models import Role


class TwoFactorPolicy(models.Model):
    """Whether staff holding ``role`` must sign in with a TOTP code (set by the admin)."""

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, unique=True)
    require_totp = models.BooleanField(_("bắt buộc mã xác thực (TOTP)"), default=False)

    class Meta:
        verbose_name = _("chính sách xác thực hai lớp")
        verbose_name_plural = _("chính sách xác thực hai lớp")
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {'TOTP' if self.require_totp else '—'}"
