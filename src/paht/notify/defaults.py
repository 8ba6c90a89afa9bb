"""The message templates every deployment starts with; the admin edits them afterwards.

Loaded by a data migration, and used as the fallback when a template row is missing or
an edited one no longer renders, so a message always goes out.
Each entry: kind → (subject, body, sms, subject_en, body_en, sms_en).
"""

TEMPLATES: dict[str, tuple[str, str, str, str, str, str]] = {
    "received": (
        "[{{ code }}] Đã tiếp nhận phản ánh của bạn",
        "Cảm ơn bạn đã gửi phản ánh “{{ title }}”.\n"
        "Mã phản ánh của bạn: {{ code }}\n\n"
        "Phản ánh sẽ được phân loại và chuyển đến đơn vị có thẩm quyền"
        "{% if deadline %} trước {{ deadline }}{% endif %}.\n"
        "Theo dõi tiến độ bằng mã phản ánh và số điện thoại tại: {{ link }}",
        "Phản ánh của bạn đã được tiếp nhận, mã {{ code }}. Tra cứu: {{ link }}",
        "[{{ code }}] We have received your report",
        "Thank you for your report “{{ title }}”.\n"
        "Your tracking code: {{ code }}\n\n"
        "It will be classified and forwarded to the competent agency"
        "{% if deadline %} by {{ deadline }}{% endif %}.\n"
        "Follow it with the tracking code and your phone number at: {{ link }}",
        "Your report has been received, code {{ code }}. Follow it: {{ link }}",
    ),
    "assigned": (
        "[{{ code }}] Phản ánh đã được chuyển đơn vị xử lý",
        "Phản ánh “{{ title }}” ({{ code }}) đã được chuyển đến {{ unit }} để xử lý.\n\n"
        "Theo dõi tiến độ tại: {{ link }}",
        "Phản ánh {{ code }} đã được chuyển đến {{ unit }} xử lý. Tra cứu: {{ link }}",
        "[{{ code }}] Your report has been forwarded",
        "Your report “{{ title }}” ({{ code }}) has been forwarded to {{ unit }}.\n\n"
        "Follow it at: {{ link }}",
        "Report {{ code }} has been forwarded to {{ unit }}. Follow it: {{ link }}",
    ),
    "resolved": (
        "[{{ code }}] Phản ánh đã có kết quả xử lý",
        "Phản ánh “{{ title }}” ({{ code }}) đã có kết quả xử lý"
        "{% if unit %} của {{ unit }}{% endif %}:\n\n{{ result }}\n\n"
        "Xem chi tiết, đánh giá kết quả hoặc phản ánh lại tại: {{ link }}",
        "Phản ánh {{ code }} đã có kết quả xử lý. Xem và đánh giá: {{ link }}",
        "[{{ code }}] Your report has been resolved",
        "Your report “{{ title }}” ({{ code }}) has a result"
        "{% if unit %} from {{ unit }}{% endif %}:\n\n{{ result }}\n\n"
        "See the details, rate the result or re-open it at: {{ link }}",
        "Report {{ code }} has a result. See and rate it: {{ link }}",
    ),
    "returned": (
        "[{{ code }}] Phản ánh được trả lại",
        "Phản ánh “{{ title }}” ({{ code }}) không được tiếp nhận xử lý.\n"
        "Lý do: {{ reason }}\n\n"
        "Hướng dẫn: {{ guidance }}\n\n"
        "Tra cứu: {{ link }}",
        "Phản ánh {{ code }} được trả lại ({{ reason }}). {{ guidance }}",
        "[{{ code }}] Your report was returned",
        "Your report “{{ title }}” ({{ code }}) could not be taken up.\n"
        "Reason: {{ reason }}\n\n"
        "What you can do: {{ guidance }}\n\n"
        "Follow it at: {{ link }}",
        "Report {{ code }} was returned ({{ reason }}). {{ guidance }}",
    ),
    "merged": (
        "[{{ code }}] Phản ánh được gộp vào phản ánh trùng",
        "Phản ánh “{{ title }}” ({{ code }}) trùng nội dung với phản ánh {{ into }} đã có, "
        "nên được gộp vào để xử lý chung. Kết quả xử lý sẽ được công bố ở phản ánh {{ into }}.\n\n"
        "Tra cứu: {{ link }}",
        "Phản ánh {{ code }} trùng nội dung, được gộp vào phản ánh {{ into }}. Tra cứu: {{ link }}",
        "[{{ code }}] Your report was merged with a duplicate",
        "Your report “{{ title }}” ({{ code }}) describes the same problem as report {{ into }}, "
        "so both are handled together. The result will be published on report {{ into }}.\n\n"
        "Follow it at: {{ link }}",
        "Report {{ code }} was merged into report {{ into }}. Follow it: {{ link }}",
    ),
    "unit_assigned": (
        "[{{ code }}] Đơn vị được giao xử lý phản ánh",
        "{{ unit }} được giao xử lý phản ánh {{ code }}: “{{ title }}”.\n"
        "{% if deadline %}Hạn tiếp nhận: {{ deadline }}.\n{% endif %}\n"
        "Xem và tiếp nhận tại: {{ link }}",
        "",
        "[{{ code }}] A report was assigned to your unit",
        "{{ unit }} has been assigned report {{ code }}: “{{ title }}”.\n"
        "{% if deadline %}Accept it by: {{ deadline }}.\n{% endif %}\n"
        "See and accept it at: {{ link }}",
        "",
    ),
    "unit_sent_back": (
        "[{{ code }}] Kết quả xử lý bị yêu cầu xử lý lại",
        "Lãnh đạo đơn vị yêu cầu xử lý lại phản ánh {{ code }}: “{{ title }}”.\n"
        "{% if note %}Ý kiến: {{ note }}\n{% endif %}"
        "{% if deadline %}Hạn xử lý: {{ deadline }}.\n{% endif %}\n"
        "Xem tại: {{ link }}",
        "",
        "[{{ code }}] The result was sent back",
        "Your unit's leader sent back the result of report {{ code }}: “{{ title }}”.\n"
        "{% if note %}Comment: {{ note }}\n{% endif %}"
        "{% if deadline %}Handling deadline: {{ deadline }}.\n{% endif %}\n"
        "See it at: {{ link }}",
        "",
    ),
    "approval_waiting": (
        "[{{ code }}] Kết quả xử lý chờ phê duyệt",
        "Kết quả xử lý phản ánh {{ code }}: “{{ title }}” của {{ unit }} đang chờ phê duyệt.\n"
        "{% if deadline %}Hạn phê duyệt: {{ deadline }}.\n{% endif %}\n"
        "Xem và phê duyệt tại: {{ link }}",
        "",
        "[{{ code }}] A result waits for your approval",
        "The result of report {{ code }}: “{{ title }}” from {{ unit }} waits for approval.\n"
        "{% if deadline %}Approve it by: {{ deadline }}.\n{% endif %}\n"
        "See and approve it at: {{ link }}",
        "",
    ),
    "deadline_soon": (
        "[{{ code }}] Sắp đến hạn: {{ state }}",
        "Phản ánh {{ code }}: “{{ title }}” ({{ state }}) sẽ đến hạn lúc {{ deadline }}.\n\n"
        "Xem tại: {{ link }}",
        "",
        "[{{ code }}] Deadline soon: {{ state }}",
        "Report {{ code }}: “{{ title }}” ({{ state }}) is due at {{ deadline }}.\n\n"
        "See it at: {{ link }}",
        "",
    ),
    "overdue": (
        "[{{ code }}] Phản ánh quá hạn",
        "Phản ánh {{ code }}: “{{ title }}” đã quá hạn từ {{ deadline }} "
        "({{ state }}{% if unit %}, {{ unit }}{% endif %}).\n\n"
        "Xem tại: {{ link }}",
        "",
        "[{{ code }}] Report overdue",
        "Report {{ code }}: “{{ title }}” is overdue since {{ deadline }} "
        "({{ state }}{% if unit %}, {{ unit }}{% endif %}).\n\n"
        "See it at: {{ link }}",
        "",
    ),
}

FIELDS = ("subject", "body", "sms", "subject_en", "body_en", "sms_en")


def load_templates(apps, schema_editor=None) -> None:
    """Create the missing templates; never overwrite what an admin changed."""
    MessageTemplate = apps.get_model("notify", "MessageTemplate")
    for kind, texts in TEMPLATES.items():
        values = dict(zip(FIELDS, texts, strict=True))
        MessageTemplate.objects.get_or_create(kind=kind, defaults=values)
