"""Configuration every deployment starts with; the admin edits it afterwards.

Loaded by a data migration, so it works on the historical models it is given.
"""

from decimal import Decimal

FIELDS = [
    (
        "an_ninh_trat_tu",
        "An ninh trật tự",
        "Gây rối, tụ tập đánh bạc, tiếng ồn về đêm, trộm cắp, mất trật tự nơi công cộng.",
    ),
    (
        "ha_tang_do_thi",
        "Hạ tầng đô thị",
        "Đường hư hỏng, ổ gà, vỉa hè, cầu, bờ kè, lấn chiếm lòng lề đường, cây xanh.",
    ),
    (
        "ve_sinh_moi_truong",
        "Vệ sinh môi trường",
        "Rác thải tồn đọng, xả thải gây ô nhiễm, mùi hôi, đốt rác, xác động vật.",
    ),
    (
        "gop_y_hien_ke",
        "Góp ý – hiến kế",
        "Ý kiến, sáng kiến để cải thiện đô thị, dịch vụ công và đời sống người dân.",
    ),
    (
        "y_te_suc_khoe",
        "Y tế – sức khỏe",
        "Dịch bệnh, vệ sinh an toàn thực phẩm, thái độ phục vụ tại cơ sở y tế.",
    ),
    (
        "giao_duc_dao_tao",
        "Giáo dục – đào tạo",
        "Trường lớp, an toàn trường học, thu chi sai quy định, dạy thêm trái phép.",
    ),
    (
        "dien_chieu_sang",
        "Điện – chiếu sáng",
        "Đèn đường không sáng, cột điện nghiêng, dây điện sà thấp, mất điện kéo dài.",
    ),
    (
        "cap_thoat_nuoc",
        "Cấp thoát nước",
        "Mất nước, nước máy đục, vỡ ống, cống nghẹt, ngập nước khi mưa hoặc triều cường.",
    ),
    (
        "vi_pham_phap_luat",
        "Vi phạm pháp luật",
        "Xây dựng không phép, khai thác cát trái phép, buôn bán hàng cấm, vi phạm khác.",
    ),
    ("khac", "Khác", "Sự việc tại hiện trường không thuộc các lĩnh vực trên."),
]

# (code, name, out_of_scope, guidance)
RETURN_REASONS = [
    (
        "thu_tuc_hanh_chinh",
        "Thủ tục hành chính",
        True,
        "Nội dung bạn gửi liên quan đến thủ tục hành chính (hồ sơ, giấy tờ, kết quả giải quyết "
        "hồ sơ), không thuộc phạm vi phản ánh hiện trường. Vui lòng liên hệ Trung tâm Phục vụ "
        "hành chính công của tỉnh hoặc Bộ phận Một cửa của UBND xã, phường nơi nộp hồ sơ; phản "
        "ánh, kiến nghị về quy định hành chính gửi qua Cổng Dịch vụ công quốc gia.",
    ),
    (
        "khieu_nai_to_cao",
        "Khiếu nại – tố cáo",
        True,
        "Nội dung bạn gửi là khiếu nại hoặc tố cáo, được giải quyết theo Luật Khiếu nại và Luật "
        "Tố cáo, không thuộc phạm vi phản ánh hiện trường. Vui lòng gửi đơn đến Ban Tiếp công "
        "dân tỉnh hoặc trực tiếp đến cơ quan có thẩm quyền giải quyết.",
    ),
    (
        "thieu_thong_tin",
        "Thiếu thông tin",
        False,
        "Phản ánh chưa đủ thông tin để xử lý. Vui lòng gửi phản ánh mới, ghi rõ địa điểm, mô tả "
        "sự việc và kèm hình ảnh nếu có.",
    ),
    (
        "trung_lap",
        "Trùng lặp",
        False,
        "Sự việc này đã được phản ánh trước đó và đang được xử lý. Phản ánh của bạn đã được gộp "
        "vào phản ánh đó; bạn có thể theo dõi kết quả tại đấy.",
    ),
    (
        "khong_phu_hop",
        "Nội dung không phù hợp",
        False,
        "Nội dung không phải là phản ánh sự việc tại hiện trường, hoặc có lời lẽ không phù hợp. "
        "Vui lòng sử dụng hệ thống đúng mục đích.",
    ),
    (
        "ngoai_dia_ban",
        "Ngoài địa bàn",
        False,
        "Sự việc xảy ra ngoài địa bàn tỉnh. Vui lòng gửi phản ánh đến hệ thống tiếp nhận của "
        "tỉnh, thành phố nơi xảy ra sự việc.",
    ),
]

# (step, priority, amount, measure, off_day_hours) — DESIGN §1.
DEADLINE_RULES = [
    ("classify", "", "2", "working_hours", "12"),
    ("accept", "", "8", "working_hours", None),
    ("handle", "urgent", "1", "working_days", None),
    ("handle", "normal", "3", "working_days", None),
    ("handle", "complex", "10", "working_days", None),
    ("approve", "", "8", "working_hours", None),
    ("publish", "", "4", "working_hours", None),
]


def load_defaults(apps, schema_editor=None) -> None:
    """Create what is missing; never overwrite what an admin changed."""
    Field = apps.get_model("reports", "Field")
    ReturnReason = apps.get_model("reports", "ReturnReason")
    DeadlineRule = apps.get_model("reports", "DeadlineRule")
    CalendarSettings = apps.get_model("reports", "CalendarSettings")
    for order, (code, name, description) in enumerate(FIELDS):
        Field.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    for order, (code, name, out_of_scope, guidance) in enumerate(RETURN_REASONS):
        ReturnReason.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "out_of_scope": out_of_scope,
                "guidance": guidance,
                "order": order,
            },
        )
    for step, priority, amount, measure, off_day in DEADLINE_RULES:
        DeadlineRule.objects.get_or_create(
            step=step,
            field=None,
            priority=priority,
            defaults={
                "amount": Decimal(amount),
                "measure": measure,
                "off_day_hours": Decimal(off_day) if off_day else None,
            },
        )
    if not CalendarSettings.objects.exists():
        CalendarSettings.objects.create()
