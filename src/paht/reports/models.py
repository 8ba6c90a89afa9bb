from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from paht.core.crypto import EncryptedTextField


class Localized:
    """Configuration text kept in Vietnamese and, optionally, English (``<attr>_en``):
    pages in English show the English text where the admin filled it in."""

    def localized(self, attr: str) -> str:
        if (get_language() or "").startswith("en"):
            english = getattr(self, f"{attr}_en", "")
            if english:
                return english
        return getattr(self, attr)

    @property
    def local_name(self) -> str:
        return self.localized("name")


class Field(Localized, models.Model):
    """A field (lĩnh vực): the category citizens choose and Open311 calls a service."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    description = models.CharField(_("giải thích ngắn"), max_length=300, blank=True)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=100, blank=True)
    description_en = models.CharField(_("giải thích ngắn (tiếng Anh)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_description(self) -> str:
        return self.localized("description")


class ReturnReason(Localized, models.Model):
    """Why a coordinator returns a report, with guidance telling the citizen where to go."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    guidance = models.TextField(_("hướng dẫn cho người dân"))
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=100, blank=True)
    guidance_en = models.TextField(_("hướng dẫn (tiếng Anh)"), blank=True)
    out_of_scope = models.BooleanField(
        _("ngoài phạm vi phản ánh hiện trường"),
        default=False,
        help_text=_("Thủ tục hành chính, khiếu nại – tố cáo: cảnh báo trước khi gửi."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("lý do trả lại")
        verbose_name_plural = _("lý do trả lại")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.local_name

    @property
    def local_guidance(self) -> str:
        return self.localized("guidance")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Chờ tiếp nhận, phân loại")
    ASSIGNED = "assigned", _("Đã chuyển đơn vị xử lý")
    HANDED_BACK = "handed_back", _("Đơn vị trả lại, chờ điều phối lại")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    ESCALATED = "escalated", _("Chờ UBND tỉnh chỉ đạo")
    PENDING_APPROVAL = "pending_approval", _("Chờ phê duyệt kết quả")
    APPROVED = "approved", _("Đã duyệt, chờ công bố")
    PUBLISHED = "published", _("Đã có kết quả")
    CLOSED = "closed", _("Đã đóng")
    RETURNED = "returned", _("Đã trả lại")
    MERGED = "merged", _("Đã gộp vào phản ánh khác")
    REOPENED = "reopened", _("Đã phản ánh lần 2")


# Open311 and statistics need only open/closed; "closed, not fixed" stays distinguishable.
OPEN_STATES = frozenset(
    {
        State.SUBMITTED,
        State.ASSIGNED,
        State.HANDED_BACK,
        State.IN_PROGRESS,
        State.ESCALATED,
        State.PENDING_APPROVAL,
        State.APPROVED,
    }
)
RESOLVED_STATES = frozenset({State.PUBLISHED, State.CLOSED, State.REOPENED})
# A duplicate may be merged into a report being handled or already resolved (its reporter
# then gets that result), never into one returned or itself merged away, nor into a first
# round that was re-opened (the work goes on in its round 2, a report of its own).
MERGE_TARGET_STATES = OPEN_STATES | {State.PUBLISHED, State.CLOSED}
# A result was written and not sent back: merging a problem that came back into such a
# report would hand the reporter the old result (the console warns).
WITH_RESULT_STATES = frozenset(
    {State.PENDING_APPROVAL, State.APPROVED, State.PUBLISHED, State.CLOSED, State.REOPENED}
)


class Priority(models.TextChoices):
    URGENT = "urgent", _("Khẩn")
    NORMAL = "normal", _("Thường")
    COMPLEX = "complex", _("Phức tạp")


class Channel(models.TextChoices):
    WEB = "web", _("Trang web")
    API = "api", _("Ứng dụng di động")
    OPEN311 = "open311", _("Open311")
    HOTLINE = "hotline", _("Đường dây nóng")


class ReportQuerySet(models.QuerySet):
    def public(self) -> "ReportQuerySet":
        """Reports anyone may read: a published result, not marked private."""
        return self.filter(state__in=RESOLVED_STATES, is_private=False)


# Columns the statistics aggregate (stats.selectors), carried in two indexes.
STATS_COLUMNS = [
    "state",
    "field",
    "lead_unit",
    "merged_into",
    "result_at",
    "handling_deadline_at",
    "satisfied",
    "rating",
    "published_at",
]


class Report(models.Model):
    """A citizen's field report, one round of it (a re-open creates round 2)."""

    code = models.CharField(_("mã phản ánh"), max_length=32, unique=True)
    # Only a hash of the citizen's secret link token is kept.
    secret_hash = models.CharField(max_length=64, editable=False)
    # No single-column index on field, commune and lead_unit: a composite index leads
    # with each (Meta.indexes), and every index costs every submission a write.
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("lĩnh vực"),
        db_index=False,
    )
    priority = models.CharField(
        _("mức độ"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    description = models.TextField(_("nội dung"))
    lat = models.FloatField(_("vĩ độ"), null=True, blank=True)
    lng = models.FloatField(_("kinh độ"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "geo.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("xã, phường"),
        db_index=False,
    )
    observed_at = models.DateTimeField(_("thời điểm phát hiện"))
    submitted_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    updated_at = models.DateTimeField(_("cập nhật"), default=timezone.now)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    share_identity = models.BooleanField(_("đồng ý cho đơn vị xử lý biết danh tính"), default=False)

    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.SUBMITTED
    )
    # Incremented by every transition: a stale writer's conditional update matches no row.
    version = models.PositiveIntegerField(default=0, editable=False)
    round = models.PositiveSmallIntegerField(_("lần phản ánh"), default=1)
    previous_round = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_round",
        verbose_name=_("phản ánh lần 1"),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("gộp vào"),
    )
    is_private = models.BooleanField(_("không công khai"), default=False)

    lead_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_reports",
        verbose_name=_("đơn vị chủ trì"),
        db_index=False,
    )
    co_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="co_reports", verbose_name=_("đơn vị phối hợp")
    )
    transfer_count = models.PositiveSmallIntegerField(_("số lần chuyển trả"), default=0)

    deadline_at = models.DateTimeField(_("hạn bước hiện tại"), null=True, blank=True)
    # The handling deadline the unit is measured against; extensions move it.
    handling_deadline_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)

    return_reason = models.ForeignKey(
        ReturnReason,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("lý do trả lại"),
    )
    return_note = models.TextField(_("hướng dẫn trả lại"), blank=True)
    result_text = models.TextField(_("kết quả xử lý"), blank=True)
    result_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    published_at = models.DateTimeField(_("thời điểm công bố"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm đóng"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("đánh giá"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    satisfied = models.BooleanField(_("hài lòng"), null=True, blank=True)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("phản ánh")
        verbose_name_plural = _("phản ánh")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["lead_unit", "state"]),
            models.Index(fields=["field", "submitted_at"]),
            # Statistics of a period, of a province or a commune: every column the
            # aggregates read is in the index, so PostgreSQL answers from the index
            # alone instead of visiting a table page per report.
            models.Index(
                fields=["commune", "submitted_at"],
                include=["id", *STATS_COLUMNS],
                name="report_stats_commune_idx",
            ),
            # Scale (issue 8): each list's ORDER BY walks an index, so page 1 and page
            # 1,000 cost the same at a million reports.
            # Public list, newest publication first (public(): resolved, not private).
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(state__in=sorted(RESOLVED_STATES), is_private=False),
                name="report_public_recent_idx",
            ),
            models.Index(
                "commune",
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(state__in=sorted(RESOLVED_STATES), is_private=False),
                name="report_public_commune_idx",
            ),
            # Public map: a bounding box is a range on lat, then lng filtered in the index;
            # with the list's order in it, a box's page of ids is read from the index alone.
            models.Index(
                fields=["lat", "lng"],
                include=["published_at", "id"],
                condition=Q(state__in=sorted(RESOLVED_STATES), is_private=False),
                name="report_public_box_idx",
            ),
            # Open311 requests and statistics periods: newest submission first. With
            # is_private too, Open311's pages walk the index alone to the page's ids.
            models.Index(
                fields=["-submitted_at", "-id"],
                include=[*STATS_COLUMNS, "is_private"],
                name="report_submitted_idx",
            ),
            # Staff lists: by deadline (soonest first, none last), then id; per state.
            models.Index(fields=["deadline_at", "id"], name="report_deadline_idx"),
            models.Index(fields=["state", "deadline_at", "id"], name="report_state_deadline_idx"),
            models.Index(
                fields=["lead_unit", "deadline_at", "id"], name="report_unit_deadline_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="report_rating_1_5",
            ),
            models.CheckConstraint(condition=models.Q(round__in=[1, 2]), name="report_round_1_2"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_overdue(self) -> bool:
        return bool(self.is_open and self.deadline_at and self.deadline_at < timezone.now())

    @property
    def has_result(self) -> bool:
        return self.state in WITH_RESULT_STATES

    @property
    def is_published(self) -> bool:
        """Visible to the public: has a published result and is not marked private."""
        return self.state in RESOLVED_STATES and not self.is_private


class ReporterContact(models.Model):
    """Who sent a report. Kept apart from Report, encrypted, never joined by public queries."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="contact")
    name = EncryptedTextField(_("họ tên"))
    phone = EncryptedTextField(_("số điện thoại"))
    email = EncryptedTextField(_("email"), blank=True)
    phone_hash = models.CharField(max_length=64, db_index=True, editable=False)
    # Set when retention anonymises the contact: statistics keep working on the report.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông tin người phản ánh")
        verbose_name_plural = _("thông tin người phản ánh")

    def __str__(self) -> str:
        return f"contact:{self.report_id}"


class ReportEvent(models.Model):
    """One immutable entry of a report's timeline and audit trail."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(_("thao tác"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_events",
    )
    actor_role = models.CharField(_("vai trò"), max_length=20)
    actor_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    # Structured details: unit ids, deadlines, field changes; attachment ids later.
    data = models.JSONField(default=dict, blank=True)
    # Shown on the citizen's timeline (and the public one once the report is published).
    citizen_visible = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("nhật ký xử lý")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.action}"

    def save(self, *args, **kwargs):
        # Append-only: the audit trail must not be rewritten.
        if self.pk is not None:
            raise ValueError("ReportEvent rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("ReportEvent rows are append-only")


class ExtensionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        GRANTED = "granted", _("Đã gia hạn")
        REFUSED = "refused", _("Không chấp thuận")
        WITHDRAWN = "withdrawn", _("Hủy do phản ánh đã chuyển bước")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="extensions")
    working_days = models.DecimalField(
        _("số ngày làm việc xin thêm"), max_digits=4, decimal_places=1
    )
    reason = models.TextField(_("lý do"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_per_report",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: +{self.working_days} ({self.status})"


class TrackingSequence(models.Model):
    """Per-year counter behind PA-YYYY-NNNNNN tracking codes."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Step(models.TextChoices):
    CLASSIFY = "classify", _("Tiếp nhận, phân loại")
    ACCEPT = "accept", _("Đơn vị tiếp nhận")
    HANDLE = "handle", _("Xử lý")
    APPROVE = "approve", _("Phê duyệt kết quả")
    PUBLISH = "publish", _("Công bố kết quả")


class DeadlineRule(models.Model):
    """How long a step may take; the most specific rule (field, priority) wins."""

    class Measure(models.TextChoices):
        WORKING_HOURS = "working_hours", _("giờ làm việc")
        WORKING_DAYS = "working_days", _("ngày làm việc")
        HOURS = "hours", _("giờ (liên tục)")

    step = models.CharField(_("bước"), max_length=10, choices=Step.choices)
    field = models.ForeignKey(
        Field,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("lĩnh vực"),
        help_text=_("Để trống: mọi lĩnh vực."),
    )
    priority = models.CharField(
        _("mức độ"),
        max_length=10,
        choices=Priority.choices,
        blank=True,
        help_text=_("Để trống: mọi mức độ."),
    )
    amount = models.DecimalField(_("thời hạn"), max_digits=6, decimal_places=2)
    measure = models.CharField(_("đơn vị tính"), max_length=15, choices=Measure.choices)
    off_day_hours = models.DecimalField(
        _("thời hạn khi nhận vào ngày nghỉ (giờ liên tục)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Ví dụ: phân loại trong 12 giờ nếu phản ánh đến vào ngày nghỉ."),
    )

    class Meta:
        verbose_name = _("quy định thời hạn")
        verbose_name_plural = _("quy định thời hạn")
        ordering = ["step", "field", "priority"]
        # Two partial constraints instead of NULLS NOT DISTINCT, which SQLite lacks.
        constraints = [
            models.UniqueConstraint(
                fields=["step", "field", "priority"],
                condition=models.Q(field__isnull=False),
                name="deadline_rule_unique_field",
            ),
            models.UniqueConstraint(
                fields=["step", "priority"],
                condition=models.Q(field__isnull=True),
                name="deadline_rule_unique_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.amount} {self.get_measure_display()}"


class CalendarSettings(models.Model):
    """Working hours of the province's agencies (one row)."""

    morning_start = models.TimeField(_("sáng từ"), default=time(7, 30))
    morning_end = models.TimeField(_("sáng đến"), default=time(11, 30))
    afternoon_start = models.TimeField(_("chiều từ"), default=time(13, 0))
    afternoon_end = models.TimeField(_("chiều đến"), default=time(17, 0))
    use_national_holidays = models.BooleanField(_("áp dụng ngày lễ, Tết quốc gia"), default=True)

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")

    def __str__(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )


class CalendarDay(models.Model):
    """A day the province declares off, or a weekend day declared a working day."""

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"
