"""The notification outbox and its editable message templates."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paht.core.crypto import EncryptedTextField


class Kind(models.TextChoices):
    # To the reporter
    RECEIVED = "received", _("Đã tiếp nhận phản ánh")
    ASSIGNED = "assigned", _("Đã chuyển đơn vị xử lý")
    RESOLVED = "resolved", _("Đã có kết quả xử lý")
    RETURNED = "returned", _("Phản ánh được trả lại")
    MERGED = "merged", _("Phản ánh được gộp vào phản ánh trùng")
    # To staff
    UNIT_ASSIGNED = "unit_assigned", _("Đơn vị được giao xử lý")
    UNIT_SENT_BACK = "unit_sent_back", _("Kết quả bị yêu cầu xử lý lại")
    APPROVAL_WAITING = "approval_waiting", _("Kết quả chờ phê duyệt")
    DEADLINE_SOON = "deadline_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


REPORTER_KINDS = frozenset(
    {Kind.RECEIVED, Kind.ASSIGNED, Kind.RESOLVED, Kind.RETURNED, Kind.MERGED}
)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("Tin nhắn SMS")


class Status(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi lỗi, sẽ thử lại")
    DEAD = "dead", _("Ngừng gửi")


class Message(models.Model):
    """One message to one recipient, created by a trigger and sent by the worker.

    The unique constraints make "one message per recipient per trigger" hold even when a
    hook runs twice: a workflow event, or (for reminders, which have no event) a report's
    deadline — an extension moves the deadline, so a new reminder becomes due.
    """

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    report = models.ForeignKey(
        "reports.Report",
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("phản ánh"),
    )
    event = models.ForeignKey(
        "reports.ReportEvent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("sự kiện"),
    )
    deadline_at = models.DateTimeField(_("hạn được nhắc"), null=True, blank=True)
    # "reporter", "user:<id>" or "unit:<id>": what the unique constraints count.
    recipient_key = models.CharField(_("người nhận"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ nhận"),
    )
    # An email address or phone number: personal data, encrypted like the contact row,
    # emptied when the reporter's contact is anonymised.
    address = EncryptedTextField(_("địa chỉ nhận"), blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"))

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("lần gửi tiếp theo"), default=timezone.now)
    # A worker's claim: another worker may take the message over once the lease ran out.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Exception class and a scrubbed message: never an address, a phone or the body.
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("hộp thư đi (thông báo)")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "kind", "recipient_key"],
                condition=models.Q(event__isnull=False),
                name="notify_one_per_event_recipient",
            ),
            models.UniqueConstraint(
                fields=["report", "kind", "deadline_at", "recipient_key"],
                condition=models.Q(event__isnull=True),
                name="notify_one_reminder_per_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} ({self.status})"


class MessageTemplate(models.Model):
    """Subject and body of one kind of message, in Vietnamese and English.

    Rendered with Django's template language (plain text, no escaping). Context:
    ``code``, ``title``, ``state``, ``unit``, ``deadline``, ``guidance``, ``reason``,
    ``result``, ``note``, ``into``, ``link`` — see ``paht.notify.render``.
    """

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, unique=True)
    subject = models.CharField(_("tiêu đề email"), max_length=300)
    body = models.TextField(_("nội dung email"))
    sms = models.TextField(
        _("nội dung SMS"),
        blank=True,
        help_text=_("Ngắn gọn; để trống nếu loại thông báo này chỉ gửi qua email."),
    )
    subject_en = models.CharField(_("tiêu đề email (tiếng Anh)"), max_length=300, blank=True)
    body_en = models.TextField(_("nội dung email (tiếng Anh)"), blank=True)
    sms_en = models.TextField(_("nội dung SMS (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        from .render import check_template

        check_template(self)
