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

# English for pages shown in English: code -> (name, description).
FIELDS_EN = {
    "an_ninh_trat_tu": (
        "Public order and security",
        "Disturbances, gambling, noise at night, theft, disorder in public places.",
    ),
    "ha_tang_do_thi": (
        "Urban infrastructure",
        "Damaged roads, potholes, sidewalks, bridges, embankments, encroachment, trees.",
    ),
    "ve_sinh_moi_truong": (
        "Sanitation and environment",
        "Uncollected garbage, polluting discharge, bad smells, waste burning, dead animals.",
    ),
    "gop_y_hien_ke": (
        "Suggestions and ideas",
        "Ideas to improve the city, public services and people's daily life.",
    ),
    "y_te_suc_khoe": (
        "Health",
        "Epidemics, food safety, conduct of staff at health facilities.",
    ),
    "giao_duc_dao_tao": (
        "Education",
        "Schools, school safety, improper fees, illegal private tutoring.",
    ),
    "dien_chieu_sang": (
        "Electricity and street lighting",
        "Street lights out, leaning poles, low-hanging wires, long power cuts.",
    ),
    "cap_thoat_nuoc": (
        "Water supply and drainage",
        "No water, cloudy tap water, burst pipes, blocked drains, flooding after rain or tides.",
    ),
    "vi_pham_phap_luat": (
        "Violations of the law",
        "Building without a permit, illegal sand mining, trading banned goods, other violations.",
    ),
    "khac": ("Other", "Problems on site that fit none of the categories above."),
}

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

# English for pages shown in English: code -> (name, guidance).
RETURN_REASONS_EN = {
    "thu_tuc_hanh_chinh": (
        "Administrative procedures",
        "What you sent concerns an administrative procedure (applications, papers, the outcome "
        "of an application), which field reports do not handle. Please contact the province's "
        "Public Administration Service Center or the one-stop desk of the commune or ward "
        "People's Committee where you applied; feedback on administrative regulations goes "
        "through the National Public Service Portal.",
    ),
    "khieu_nai_to_cao": (
        "Complaints and denunciations",
        "What you sent is a complaint or a denunciation, handled under the Law on Complaints "
        "and the Law on Denunciations, which field reports do not cover. Please send it to the "
        "Provincial Citizen Reception Board or directly to the competent authority.",
    ),
    "thieu_thong_tin": (
        "Not enough information",
        "The report does not have enough information to act on. Please send a new report with "
        "the exact place, a description of the problem and photos if you can.",
    ),
    "trung_lap": (
        "Duplicate",
        "This problem was reported before and is being handled. Your report has been merged "
        "into that one; you can follow the result there.",
    ),
    "khong_phu_hop": (
        "Inappropriate content",
        "This is not a report of a problem on site, or its language is inappropriate. Please "
        "use the service for its purpose.",
    ),
    "ngoai_dia_ban": (
        "Outside the province",
        "This happened outside the province. Please send your report to the reporting service "
        "of the province or city where it happened.",
    ),
}

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


def load_english(apps, schema_editor=None) -> None:
    """Fill the English texts of the default fields and reasons where they are empty
    (tables created before English texts existed get them from a migration)."""
    Field = apps.get_model("reports", "Field")
    ReturnReason = apps.get_model("reports", "ReturnReason")
    if not hasattr(Field, "name_en"):
        return  # the historical model of an older migration: 0004 fills them
    for code, (name, description) in FIELDS_EN.items():
        Field.objects.filter(code=code, name_en="").update(name_en=name, description_en=description)
    for code, (name, guidance) in RETURN_REASONS_EN.items():
        ReturnReason.objects.filter(code=code, name_en="").update(
            name_en=name, guidance_en=guidance
        )


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
    load_english(apps)
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
