from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """Field × area → unit. A commune-specific rule beats a province-wide one."""

    field = models.ForeignKey(
        "reports.Field",
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("lĩnh vực"),
    )
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("xã, phường"),
        help_text=_("Để trống: toàn tỉnh."),
    )
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("đơn vị xử lý"),
    )
    co_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="+", verbose_name=_("đơn vị phối hợp")
    )
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("quy tắc phân luồng")
        verbose_name_plural = _("quy tắc phân luồng")
        # Two partial constraints instead of NULLS NOT DISTINCT, which SQLite lacks.
        constraints = [
            models.UniqueConstraint(
                fields=["field", "commune"],
                condition=models.Q(commune__isnull=False),
                name="routing_rule_unique_commune",
            ),
            models.UniqueConstraint(
                fields=["field"],
                condition=models.Q(commune__isnull=True),
                name="routing_rule_unique_province",
            ),
        ]

    def __str__(self) -> str:
        area = self.commune or _("toàn tỉnh")
        return f"{self.field} × {area} → {self.unit}"
