"""Photos and videos attached to reports, and the state of their processing."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PHOTO = "photo", _("Ảnh")
    VIDEO = "video", _("Video")


class Purpose(models.TextChoices):
    EVIDENCE = "evidence", _("Ảnh, video phản ánh")
    RESULT = "result", _("Ảnh kết quả xử lý")
    UPDATE = "update", _("Ảnh cập nhật, trao đổi")
    # A result the leader sent back: kept for the staff, never public, and counted in no
    # purpose's room (media.signals moves a rejected result's files here).
    REJECTED = "rejected", _("Ảnh kết quả bị trả lại")


# What a file can be uploaded as; REJECTED is only ever set by the workflow.
UPLOAD_PURPOSES = (Purpose.EVIDENCE, Purpose.RESULT, Purpose.UPDATE)


class MediaState(models.TextChoices):
    PENDING = "pending", _("Chờ xử lý")
    PROCESSING = "processing", _("Đang xử lý")
    READY = "ready", _("Sẵn sàng")
    QUARANTINED = "quarantined", _("Bị cách ly")


# The public variants of each kind; ``original`` is the uploaded file itself.
VARIANTS = {Kind.PHOTO: ("display", "medium", "small"), Kind.VIDEO: ("video", "poster", "small")}


class Attachment(models.Model):
    """One uploaded file and its public derivatives.

    The uploaded file is kept in private storage only until it is processed (or for
    good when ``PAHT_MEDIA_KEEP_ORIGINALS`` is on, or when it is quarantined); everyone
    but the coordinator only ever gets the derivatives, which carry no metadata.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    event = models.ForeignKey(
        "reports.ReportEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    purpose = models.CharField(
        _("mục đích"), max_length=10, choices=Purpose.choices, default=Purpose.EVIDENCE
    )
    kind = models.CharField(_("loại"), max_length=5, choices=Kind.choices)
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=MediaState.choices,
        default=MediaState.PENDING,
        db_index=True,
    )
    # Proves who uploaded a file not yet attached to a report ("upload first, then refer").
    upload_key_hash = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    # What the upload check found, read before anything was stripped (staff only).
    source_format = models.CharField(_("định dạng gốc"), max_length=8)
    source_name = models.CharField(_("tên tệp gốc"), max_length=200, blank=True)
    size_bytes = models.BigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    duration = models.FloatField(_("thời lượng (giây)"), null=True, blank=True)
    taken_at = models.DateTimeField(_("thời điểm chụp (EXIF)"), null=True, blank=True)
    taken_lat = models.FloatField(null=True, blank=True)
    taken_lng = models.FloatField(null=True, blank=True)
    # Warnings for the coordinator, set when the file is attached to a report.
    distance_m = models.PositiveIntegerField(_("cách điểm phản ánh (m)"), null=True, blank=True)
    taken_far = models.BooleanField(_("chụp ở nơi khác"), default=False)
    taken_long_ago = models.BooleanField(_("chụp đã lâu"), default=False)

    # Storage names: the uploaded file (private) and the public derivatives.
    original_name = models.CharField(max_length=300, blank=True)
    files = models.JSONField(default=dict, blank=True)  # variant → storage name
    content_types = models.JSONField(default=dict, blank=True)  # variant → MIME type
    reencoded = models.BooleanField(default=False)

    # Processing: a lease with a fencing counter, so a lost worker's task is taken over
    # and a late finisher cannot overwrite the result of the attempt that replaced it.
    attempts = models.PositiveSmallIntegerField(default=0)
    attempt_limit = models.PositiveSmallIntegerField(default=3)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=30, blank=True)
    error = models.TextField(_("lý do cách ly"), blank=True)

    # Moderation before publishing.
    is_hidden = models.BooleanField(_("ẩn khỏi công khai"), default=False)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=300, blank=True)
    blur_count = models.PositiveSmallIntegerField(_("số lần làm mờ"), default=0)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("ảnh và video")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["report", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id}"

    @property
    def is_ready(self) -> bool:
        return self.state == MediaState.READY
