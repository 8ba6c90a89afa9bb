from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Staff roles a membership grants (DESIGN §2). Citizens and the public need none."""

    COORDINATOR = "coordinator", _("Điều phối viên")
    HANDLER = "handler", _("Cán bộ xử lý")
    APPROVER = "approver", _("Lãnh đạo phê duyệt")
    SUPERVISOR = "supervisor", _("Lãnh đạo tỉnh (giám sát)")
    ADMIN = "admin", _("Quản trị hệ thống")


class Unit(models.Model):
    """An agency that coordinates, handles, approves or supervises reports."""

    class Kind(models.TextChoices):
        PORTAL = "portal", _("Cổng tiếp nhận / Trung tâm điều hành")
        PROVINCE = "province", _("UBND tỉnh")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        POLICE = "police", _("Công an")
        UTILITY = "utility", _("Doanh nghiệp dịch vụ công")
        COMMUNE = "commune", _("UBND xã, phường, đặc khu")

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    # Set for a commune People's Committee: the default route for reports in that commune.
    commune = models.OneToOneField(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="peoples_committee",
        verbose_name=_("xã, phường"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Gives a user one role in one unit; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("người dùng"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
