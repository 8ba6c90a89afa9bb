"""Static content for the Cà Mau demo deployment (used by ``paht seed-demo``).

Pure data, no Django imports. Everything here is fictional: people's names, phone
numbers, house numbers and incidents are invented for demonstration purposes.

Placeholders: only ``REPORT_TEMPLATES`` use ``{street}`` (an entry of ``STREETS`` for the
report's commune) and ``{commune}`` (the commune's full name, e.g. "Phường An Xuyên").
All other texts contain no placeholders and can be used verbatim.
"""

# ---------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------

COORDINATION_UNIT = dict(
    code="ioc",
    name="Trung tâm Giám sát, điều hành đô thị thông minh tỉnh Cà Mau",
    short_name="Trung tâm IOC",
    kind="portal",
)

PROVINCE_LEADERSHIP_UNIT = dict(
    code="ubnd_tinh",
    name="Ủy ban nhân dân tỉnh Cà Mau",
    short_name="UBND tỉnh",
    kind="province",
)

# Province-level handling units after the 2025 reorganisation.
# ``fields``: the fields each unit is competent for at province level (the coordinator may
# transfer such reports to it). ``ROUTING_RULES`` below is the authoritative list of
# automatic routes and only uses units/fields consistent with these lists.
DEPARTMENTS = [
    dict(
        code="so_xay_dung",
        name="Sở Xây dựng tỉnh Cà Mau",
        short_name="Sở Xây dựng",
        kind="department",
        fields=["ha_tang_do_thi"],
    ),
    dict(
        code="so_nong_nghiep_moi_truong",
        name="Sở Nông nghiệp và Môi trường tỉnh Cà Mau",
        short_name="Sở NN&MT",
        kind="department",
        fields=["ve_sinh_moi_truong", "ha_tang_do_thi"],
    ),
    dict(
        code="so_y_te",
        name="Sở Y tế tỉnh Cà Mau",
        short_name="Sở Y tế",
        kind="department",
        fields=["y_te_suc_khoe"],
    ),
    dict(
        code="so_giao_duc_dao_tao",
        name="Sở Giáo dục và Đào tạo tỉnh Cà Mau",
        short_name="Sở GD&ĐT",
        kind="department",
        fields=["giao_duc_dao_tao"],
    ),
    dict(
        code="so_van_hoa_the_thao_du_lich",
        name="Sở Văn hóa, Thể thao và Du lịch tỉnh Cà Mau",
        short_name="Sở VH-TT&DL",
        kind="department",
        fields=["khac", "gop_y_hien_ke"],
    ),
    dict(
        code="so_cong_thuong",
        name="Sở Công Thương tỉnh Cà Mau",
        short_name="Sở Công Thương",
        kind="department",
        fields=["dien_chieu_sang", "vi_pham_phap_luat"],
    ),
    dict(
        code="so_tu_phap",
        name="Sở Tư pháp tỉnh Cà Mau",
        short_name="Sở Tư pháp",
        kind="department",
        fields=["vi_pham_phap_luat"],
    ),
    dict(
        code="ban_qlda_xay_dung",
        name="Ban Quản lý dự án đầu tư xây dựng tỉnh Cà Mau",
        short_name="Ban QLDA ĐTXD tỉnh",
        kind="department",
        fields=["ha_tang_do_thi"],
    ),
    dict(
        code="cong_an_tinh",
        name="Công an tỉnh Cà Mau",
        short_name="Công an tỉnh",
        kind="police",
        fields=["an_ninh_trat_tu", "vi_pham_phap_luat"],
    ),
    dict(
        code="dien_luc_ca_mau",
        name="Công ty Điện lực Cà Mau",
        short_name="Điện lực Cà Mau",
        kind="utility",
        fields=["dien_chieu_sang"],
    ),
    dict(
        code="cap_nuoc_ca_mau",
        name="Công ty Cổ phần Cấp nước Cà Mau",
        short_name="Cấp nước Cà Mau",
        kind="utility",
        fields=["cap_thoat_nuoc"],
    ),
    dict(
        code="cap_nuoc_bac_lieu",
        name="Công ty Cổ phần Cấp nước Bạc Liêu",
        short_name="Cấp nước Bạc Liêu",
        kind="utility",
        fields=["cap_thoat_nuoc"],
    ),
]

# ---------------------------------------------------------------------------
# Routing: (field_code, commune_code or None for province-wide, unit_code).
# Anything not matched goes to the People's Committee of the report's commune.
# ---------------------------------------------------------------------------

ROUTING_RULES = [
    # Electricity and public lighting: the power company, everywhere.
    ("dien_chieu_sang", None, "dien_luc_ca_mau"),
    # Water supply and drainage in the urban wards of former Cà Mau city.
    ("cap_thoat_nuoc", "32002", "cap_nuoc_ca_mau"),
    ("cap_thoat_nuoc", "32025", "cap_nuoc_ca_mau"),
    ("cap_thoat_nuoc", "32014", "cap_nuoc_ca_mau"),
    ("cap_thoat_nuoc", "32041", "cap_nuoc_ca_mau"),
    # ... and in the urban wards of former Bạc Liêu city (served by the Bạc Liêu company).
    ("cap_thoat_nuoc", "31825", "cap_nuoc_bac_lieu"),
    ("cap_thoat_nuoc", "31834", "cap_nuoc_bac_lieu"),
    ("cap_thoat_nuoc", "31840", "cap_nuoc_bac_lieu"),
    # Sector departments, province-wide.
    ("y_te_suc_khoe", None, "so_y_te"),
    ("giao_duc_dao_tao", None, "so_giao_duc_dao_tao"),
    ("vi_pham_phap_luat", None, "cong_an_tinh"),
    # Specific override: infrastructure at Đất Mũi is mostly coastal dykes and erosion works,
    # managed by the agriculture & environment department (irrigation / dyke management).
    ("ha_tang_do_thi", "32248", "so_nong_nghiep_moi_truong"),
]

# ---------------------------------------------------------------------------
# Streets and places per commune (used for {street}). Written so that they read naturally
# after "ở", "tại", "gần", "trên".
# ---------------------------------------------------------------------------

STREETS = {
    # Phường An Xuyên (former Cà Mau city centre)
    "32002": [
        "đường Phan Ngọc Hiển",
        "đường Lý Thường Kiệt",
        "đường Nguyễn Tất Thành",
        "đường Ngô Quyền",
        "chợ Cà Mau",
        "đường Lê Lợi",
    ],
    # Phường Tân Thành
    "32025": [
        "đường Trần Hưng Đạo",
        "đường Hùng Vương",
        "đường Quang Trung",
        "đường Tạ Uyên",
        "công viên Hùng Vương",
    ],
    # Phường Lý Văn Lâm
    "32014": [
        "đường Lý Văn Lâm",
        "đường Tôn Đức Thắng",
        "đường Mậu Thân",
        "khóm 3",
        "ấp Bà Điều",
    ],
    # Phường Hòa Thành
    "32041": [
        "Quốc lộ 1 đoạn qua ấp Cây Trâm",
        "ấp Tân Phong",
        "đường Nguyễn Mai",
        "khu dân cư Hòa Thành",
    ],
    # Phường Bạc Liêu (former Bạc Liêu city centre)
    "31825": [
        "đường Hòa Bình",
        "đường Trần Phú",
        "đường Hai Bà Trưng",
        "đường Võ Thị Sáu",
        "chợ Bạc Liêu",
        "quảng trường Hùng Vương",
    ],
    # Phường Vĩnh Trạch
    "31834": [
        "khu vực Nhà Mát",
        "đường Cao Văn Lầu",
        "ấp Biển Tây",
        "chùa Xiêm Cán",
        "đường vào cánh đồng điện gió",
    ],
    # Phường Hiệp Thành
    "31840": [
        "đường Võ Văn Kiệt",
        "khóm Biển Đông A",
        "đường Nguyễn Thị Định",
        "đê Biển Đông",
    ],
    # Phường Giá Rai
    "31942": [
        "Quốc lộ 1 đoạn qua chợ Giá Rai",
        "đường Nguyễn Huệ",
        "đường Nguyễn Trung Trực",
        "khóm 1",
        "chợ Giá Rai",
    ],
    # Phường Láng Tròn
    "31951": [
        "Quốc lộ 1 đoạn qua Láng Tròn",
        "chợ Láng Tròn",
        "khóm 5",
        "ấp 2",
    ],
    # Xã Sông Đốc
    "32098": [
        "chợ Sông Đốc",
        "cảng cá Sông Đốc",
        "khóm 1",
        "đường Nguyễn Trãi",
        "tuyến kè sông Ông Đốc",
    ],
    # Xã Năm Căn
    "32191": [
        "chợ Năm Căn",
        "đường Nguyễn Tất Thành",
        "khóm 2",
        "ấp Cái Nai",
        "bến tàu Năm Căn",
    ],
    # Xã Đầm Dơi
    "32152": [
        "chợ Đầm Dơi",
        "khóm 4",
        "ấp Tân Long",
        "đường Trương Phùng Xuân",
    ],
    # Xã Cái Nước
    "32128": [
        "chợ Cái Nước",
        "Quốc lộ 1 đoạn qua khóm 1",
        "ấp Cái Giếng",
        "đường Ngô Quyền",
    ],
    # Xã Thới Bình
    "32065": [
        "chợ Thới Bình",
        "khóm 2",
        "đường Hồ Thị Kỷ",
        "ấp Thới Hòa",
    ],
    # Xã U Minh
    "32047": [
        "chợ U Minh",
        "khóm 2",
        "ấp 7",
        "tuyến đê Tây",
    ],
    # Xã Đất Mũi
    "32248": [
        "ấp Mũi",
        "khu du lịch Mũi Cà Mau",
        "ấp Khai Long",
        "ấp Xóm Mới",
        "ấp Kiến Vàng",
    ],
    # Xã Hồng Dân
    "31843": [
        "chợ Ngan Dừa",
        "khóm 1",
        "ấp Ninh Thạnh",
        "tuyến lộ Ngan Dừa – Vĩnh Lộc",
    ],
    # Xã Gành Hào
    "31972": [
        "chợ Gành Hào",
        "cảng cá Gành Hào",
        "khóm 2",
        "ấp 4",
    ],
}

# ---------------------------------------------------------------------------
# Report templates per field
# ---------------------------------------------------------------------------

REPORT_TEMPLATES = {
    "an_ninh_trat_tu": [
        {
            "title": "Quán karaoke gây ồn ào đến khuya",
            "description": (
                "Quán karaoke ở {street} mở nhạc rất lớn đến 12 giờ đêm, gần như đêm nào cũng "
                "vậy. Nhà tôi có người già và con nhỏ, không ai ngủ được. Đã qua nhắc nhở mấy lần "
                "nhưng chủ quán không nghe. Đề nghị chính quyền {commune} kiểm tra, xử lý."
            ),
            "priority": "normal",
        },
        {
            "title": "Thanh niên tụ tập đua xe, nẹt pô ban đêm",
            "description": (
                "Tối thứ bảy, chủ nhật thường có nhóm thanh niên chạy xe lạng lách, rú ga, nẹt "
                "pô ở {street} từ khoảng 22 giờ đến gần sáng. Rất nguy hiểm cho người đi đường. "
                "Mong công an sớm có biện pháp."
            ),
            "priority": "urgent",
        },
        {
            "title": "Nghi có tụ điểm đánh bạc",
            "description": (
                "Trong căn nhà cuối hẻm gần {street} thường xuyên có nhiều người lạ ra vào, xe "
                "đậu kín hẻm, nghe tiếng sát phạt, đánh bài ăn tiền cả buổi chiều tới tối. Người "
                "dân rất bức xúc nhưng không dám lên tiếng. Đề nghị cơ quan chức năng kiểm tra."
            ),
            "priority": "normal",
        },
        {
            "title": "Đánh nhau trước quán nhậu",
            "description": (
                "Hơn 21 giờ tối nay có đánh nhau trước quán nhậu ở {street}, có người cầm dao. "
                "Đề nghị công an đến gấp."
            ),
            "priority": "urgent",
        },
        {
            "title": "Trộm cắp xảy ra liên tục",
            "description": (
                "Thời gian gần đây ở {street} liên tục bị mất trộm xe máy, điện thoại, gà vịt. "
                "Chỉ trong tháng này đã có 3 nhà bị mất. Mong công an tăng cường tuần tra ban đêm."
            ),
            "priority": "normal",
        },
        {
            "title": "Nghi có người sử dụng ma túy tụ tập",
            "description": (
                "Bãi đất trống gần {street} thường có mấy người lạ tụ tập, nghi sử dụng ma túy, "
                "sáng ra thấy vứt ống chích, bao nilon. Trẻ em trong xóm hay ra đó chơi, phụ "
                "huynh rất lo."
            ),
            "priority": "normal",
        },
        {
            "title": "Chó thả rông cắn người",
            "description": (
                "Nhiều hộ thả chó rông ra đường, không rọ mõm, không xích. Tuần rồi con tôi đi học "
                "về bị chó cắn ở {street}, phải đi chích ngừa. Đề nghị {commune} nhắc nhở, xử lý "
                "các hộ nuôi chó."
            ),
            "priority": "normal",
        },
        {
            "title": "Dán quảng cáo cho vay, nghi tín dụng đen",
            "description": (
                "Trụ điện, tường nhà dọc {street} bị dán đầy quảng cáo cho vay tiền nhanh, "
                "không cần thế chấp. Có hộ trong xóm vay rồi bị gọi điện khủng bố, bị tạt sơn, "
                "ném mắm tôm vào nhà. Gia đình họ rất hoảng sợ. Đề nghị công an điều tra, xử lý "
                "đường dây này."
            ),
            "priority": "complex",
        },
        {
            "title": "hàng xóm mở loa cả ngày",
            "description": (
                "nhà kế bên có đám cưới mà mở loa từ 5h sáng tới khuya, hát karaoke liên tục 3 "
                "ngày nay rồi, ai nói cũng không nghe. chịu hết nổi"
            ),
            "priority": "normal",
        },
        {
            "title": "Nhóm thanh thiếu niên gây gổ",
            "description": (
                "Nhóm thanh thiếu niên khoảng 10 người hay tụ tập ở {street} vào buổi tối, uống "
                "rượu, chửi thề, gây gổ với người đi đường. Có hôm còn ném chai xuống đường. Mong "
                "lực lượng chức năng kiểm tra, giải tán."
            ),
            "priority": "normal",
        },
        {
            "title": "Chèo kéo, ép giá khách du lịch",
            "description": (
                "Ở {street} có mấy người bán hàng rong, bán vé số đeo bám, chèo kéo khách du "
                "lịch, khách không mua thì buông lời khó nghe. Chuyện này làm xấu hình ảnh địa "
                "phương, mong được chấn chỉnh."
            ),
            "priority": "normal",
        },
        {
            "title": "Tụ tập cá độ bóng đá tại quán cà phê",
            "description": (
                "Quán cà phê ở {street} mỗi tối có trận bóng là tụ tập rất đông, nghe rõ bàn tán "
                "chuyện đặt kèo, chung tiền. Đề nghị kiểm tra."
            ),
            "priority": "normal",
        },
    ],
    "ha_tang_do_thi": [
        {
            "title": "Ổ gà lớn giữa đường",
            "description": (
                "Ở {street} có một ổ gà lớn, sâu khoảng 20 cm, nằm ngay giữa làn xe máy. Trời mưa "
                "nước đọng không thấy, đã có mấy người té xe. Đề nghị sớm vá lại."
            ),
            "priority": "urgent",
        },
        {
            "title": "Sạt lở bờ kè, nhà dân có nguy cơ bị cuốn",
            "description": (
                "Bờ kè ven sông ở {street} bị sạt lở khoảng 15 mét, đất lún sát chân nhà dân, có "
                "chỗ nứt toác cả tấc. Khi triều cường lên thì nước tràn vào. Các hộ ở đây rất lo "
                "nhà bị cuốn xuống sông, ban đêm không dám ngủ. Đề nghị cơ quan chức năng khẩn "
                "trương kiểm tra và có phương án gia cố."
            ),
            "priority": "urgent",
        },
        {
            "title": "Cây xanh ngã đổ chắn ngang đường",
            "description": (
                "Sau cơn giông chiều nay, một cây dầu lớn ở {street} bị bật gốc, ngã chắn gần hết "
                "mặt đường, đè lên đường dây điện. Xe cộ phải chạy vòng, rất nguy hiểm."
            ),
            "priority": "urgent",
        },
        {
            "title": "Lấn chiếm vỉa hè buôn bán",
            "description": (
                "Các hộ kinh doanh ở {street} bày hàng hóa, dựng mái che lấn chiếm hết vỉa hè, "
                "người đi bộ phải đi xuống lòng đường. Xe máy cũng đậu tràn ra, giờ tan học kẹt "
                "cứng. Đề nghị {commune} lập lại trật tự lòng lề đường."
            ),
            "priority": "normal",
        },
        {
            "title": "Lộ bê tông xuống cấp nghiêm trọng",
            "description": (
                "Tuyến lộ bê tông ở {street} làm đã hơn 10 năm, nay bể nát nhiều đoạn, lún sụt, "
                "có chỗ gãy ngang. Mùa mưa lầy lội, học sinh đi học té ngã thường xuyên. Bà con "
                "đã kiến nghị qua các cuộc họp ấp, khóm và tiếp xúc cử tri nhưng đến nay vẫn chưa "
                "thấy sửa. Mong được quan tâm đưa vào kế hoạch nâng cấp."
            ),
            "priority": "complex",
        },
        {
            "title": "Cầu gỗ mục nát, học sinh qua lại nguy hiểm",
            "description": (
                "Cây cầu gỗ bắc qua kênh ở {street} bị mục nhiều tấm ván, tay vịn gãy một bên. "
                "Mỗi ngày có hàng chục em học sinh qua lại, nhất là khi trời mưa trơn trượt rất "
                "nguy hiểm."
            ),
            "priority": "urgent",
        },
        {
            "title": "Mất nắp hố ga",
            "description": (
                "Nắp hố ga ở {street} bị mất, để hố trống hoác, ban đêm không có biển báo. Người "
                "dân tạm cắm nhánh cây để cảnh báo."
            ),
            "priority": "urgent",
        },
        {
            "title": "Biển báo giao thông bị ngã",
            "description": (
                "Biển báo giao thông ở ngã ba gần {street} bị ngã nằm dưới đất mấy tuần nay rồi."
            ),
            "priority": "normal",
        },
        {
            "title": "Công trình đào đường rồi bỏ dở",
            "description": (
                "Công trình nâng cấp ở {street} đào đường rồi bỏ đó cả tháng nay, đất đá ngổn "
                "ngang, không rào chắn, bụi mù mịt. Các hộ buôn bán hai bên bị ảnh hưởng nặng. "
                "Xin hỏi khi nào mới thi công xong?"
            ),
            "priority": "complex",
        },
        {
            "title": "Dây cáp viễn thông giăng mắc, võng thấp",
            "description": (
                "Dây cáp viễn thông, internet giăng chằng chịt, có đoạn võng thấp xuống ngang đầu "
                "người ở {street}. Xe tải đi qua hay bị vướng. Đề nghị các nhà mạng chỉnh trang "
                "lại."
            ),
            "priority": "normal",
        },
        {
            "title": "Lan can cầu bị gãy",
            "description": (
                "Lan can cầu ở {street} bị xe tông gãy một đoạn khoảng 3 mét, đến nay vẫn chưa "
                "sửa, chỉ căng tạm sợi dây. Ban đêm rất nguy hiểm."
            ),
            "priority": "urgent",
        },
        {
            "title": "đường lún, xe tải chạy rung nhà",
            "description": (
                "đoạn trước nhà số 45 ở {street} lún sâu, xe tải chạy qua rung nhà luôn. Đã mấy "
                "tuần rồi mà chưa ai sửa."
            ),
            "priority": "normal",
        },
    ],
    "ve_sinh_moi_truong": [
        {
            "title": "Rác thải tồn đọng nhiều ngày",
            "description": (
                "Bãi rác tự phát ở {street} đã tồn đọng gần 2 tuần không ai thu gom, bốc mùi hôi "
                "thối, ruồi nhặng bu đầy. Trời nắng mùi nồng nặc, bà con xung quanh không chịu "
                "nổi."
            ),
            "priority": "normal",
        },
        {
            "title": "Xe rác không vào thu gom",
            "description": (
                "Mấy tuần nay xe thu gom rác không vào {street}, người dân phải bỏ rác ra đầu "
                "hẻm, chó mèo bới tung. Tiền rác vẫn đóng đủ hằng tháng."
            ),
            "priority": "normal",
        },
        {
            "title": "Cơ sở sơ chế thủy sản xả thải ra kênh",
            "description": (
                "Cơ sở sơ chế tôm, ghẹ gần {street} xả nước thải trực tiếp ra kênh, nước đen kịt "
                "và bốc mùi tanh hôi, cá chết nổi trắng. Bà con nuôi tôm phía hạ nguồn lo lấy "
                "nước vào vuông bị ảnh hưởng. Đề nghị kiểm tra, xử lý nghiêm."
            ),
            "priority": "complex",
        },
        {
            "title": "Đốt rác gây khói",
            "description": (
                "Nhà bên cạnh ngày nào cũng đốt rác, có cả bao nilon, hộp xốp, khói bay vào nhà, "
                "con nhỏ ho suốt."
            ),
            "priority": "normal",
        },
        {
            "title": "Trại heo trong khu dân cư gây ô nhiễm",
            "description": (
                "Trại nuôi heo trong khu dân cư ở {street} xả chất thải ra mương, mùi hôi nồng "
                "nặc, nhất là buổi chiều. Các hộ xung quanh đã góp ý nhiều lần nhưng chủ trại "
                "không khắc phục."
            ),
            "priority": "normal",
        },
        {
            "title": "Xác heo chết trôi dạt vào bờ",
            "description": (
                "Có xác heo chết trôi dạt vào bờ gần {street} từ hôm qua, bốc mùi rất hôi, trong "
                "khi nhiều hộ vẫn dùng nước sông để sinh hoạt. Đề nghị xử lý gấp."
            ),
            "priority": "urgent",
        },
        {
            "title": "Rác thải nhựa dạt bờ biển",
            "description": (
                "Bờ biển ở {street} rác thải nhựa, chai lọ, lưới cũ dạt vào rất nhiều, du khách "
                "đến tham quan phàn nàn. Mong địa phương tổ chức thu gom định kỳ."
            ),
            "priority": "normal",
        },
        {
            "title": "Kênh bị lục bình, rác bịt kín",
            "description": (
                "Con kênh chảy qua {street} bị lục bình và rác bịt kín, nước tù đọng, đen ngòm, "
                "muỗi nhiều vô kể. Đang mùa sốt xuất huyết mà để vậy thì nguy hiểm quá. Mong "
                "{commune} cho nạo vét, vớt rác."
            ),
            "priority": "complex",
        },
        {
            "title": "Xả rác bừa bãi sau buổi chợ",
            "description": (
                "Sau mỗi buổi chợ ở {street}, tiểu thương vứt rác, đầu tôm, ruột cá, nước đá tan "
                "chảy lênh láng ra đường, mùi tanh rất khó chịu."
            ),
            "priority": "normal",
        },
        {
            "title": "Rác đầy đầu hẻm",
            "description": (
                "Rác đầy đầu hẻm ở {street}, hôi quá trời, cả tuần rồi. Xin cho xe vô lấy giùm bà "
                "con."
            ),
            "priority": "normal",
        },
        {
            "title": "Xưởng cưa gây bụi và tiếng ồn",
            "description": (
                "Xưởng cưa gỗ ở {street} hoạt động từ sáng sớm tới tối mịt, tiếng máy cưa inh "
                "ỏi, mùn cưa bay vào nhà dân. Không biết xưởng này có giấy phép không."
            ),
            "priority": "normal",
        },
        {
            "title": "Đổ trộm xà bần ra bãi đất trống",
            "description": (
                "Ban đêm có xe ba gác chở xà bần, rác xây dựng đổ trộm ở bãi đất trống cạnh "
                "{street}. Giờ đã thành một đống cao, lấn ra lòng đường."
            ),
            "priority": "normal",
        },
    ],
    "gop_y_hien_ke": [
        {
            "title": "Đề nghị lắp đèn tín hiệu giao thông",
            "description": (
                "Giao lộ ở {street} lưu lượng xe rất đông vào giờ cao điểm, đã xảy ra nhiều vụ va "
                "chạm. Tôi đề nghị lắp đặt đèn tín hiệu giao thông hoặc ít nhất là biển báo giảm "
                "tốc độ."
            ),
            "priority": "normal",
        },
        {
            "title": "Đặt thêm thùng rác công cộng",
            "description": (
                "Khu vực quanh {street} đông người qua lại, nhất là buổi chiều, nhưng không có "
                "thùng rác công cộng nên người ta vứt rác xuống đất. Xin đề xuất đặt thêm vài "
                "thùng rác có nắp."
            ),
            "priority": "normal",
        },
        {
            "title": "Đề xuất làm sân chơi cho trẻ em",
            "description": (
                "Khu dân cư ở {street} có hàng trăm hộ nhưng không có chỗ vui chơi cho trẻ em, "
                "các cháu phải ra đường chơi rất nguy hiểm. Bãi đất trống cạnh nhà văn hóa bỏ "
                "hoang lâu nay, đề nghị {commune} xem xét cải tạo thành sân chơi, lắp thêm vài "
                "dụng cụ thể dục cho người lớn tuổi."
            ),
            "priority": "normal",
        },
        {
            "title": "Mở cửa bộ phận một cửa sáng thứ bảy",
            "description": (
                "Đề nghị bộ phận một cửa của {commune} làm việc thêm sáng thứ bảy để người đi làm "
                "công ty, đi biển có thể đến nộp hồ sơ, nhận kết quả mà không phải xin nghỉ."
            ),
            "priority": "normal",
        },
        {
            "title": "Cho phép đóng tiền rác qua chuyển khoản",
            "description": (
                "Hiện nay tiền rác vẫn thu bằng tiền mặt, có tháng người thu không tới, tháng sau "
                "thu dồn. Đề xuất cho phép chuyển khoản hoặc thanh toán qua ứng dụng cho tiện."
            ),
            "priority": "normal",
        },
        {
            "title": "Kiến nghị xây cầu thay bến đò",
            "description": (
                "Bà con ở {street} muốn qua sông phải đi đò, mùa mưa gió rất nguy hiểm, học sinh "
                "đi học trễ giờ. Kính đề nghị tỉnh xem xét đầu tư cây cầu bê tông để bà con đi "
                "lại thuận tiện, giao thương hàng hóa, nông sản dễ dàng hơn."
            ),
            "priority": "complex",
        },
        {
            "title": "Góp ý phát triển du lịch",
            "description": (
                "Tôi là người làm du lịch cộng đồng. Đề xuất địa phương làm bảng chỉ dẫn song ngữ "
                "và bãi giữ xe có niêm yết giá ở {street}, vì du khách hay phàn nàn bị thu tiền "
                "giữ xe quá cao, hỏi đường thì không có bảng chỉ dẫn."
            ),
            "priority": "normal",
        },
        {
            "title": "Trồng thêm cây xanh",
            "description": (
                "Đề nghị trồng thêm cây xanh dọc {street}, trưa nắng nóng quá không có bóng mát."
            ),
            "priority": "normal",
        },
        {
            "title": "Cảm ơn và góp ý về hệ thống phản ánh",
            "description": (
                "Tôi đã phản ánh 2 lần qua hệ thống và được xử lý nhanh, xin cảm ơn. Góp ý thêm: "
                "nên gửi tin nhắn thông báo khi có kết quả để người dân khỏi phải vào kiểm tra "
                "thường xuyên."
            ),
            "priority": "normal",
        },
        {
            "title": "Đề xuất phân loại rác tại nguồn",
            "description": (
                "Đề nghị {commune} tuyên truyền và phát thùng phân loại rác tại nguồn, làm thí "
                "điểm ở vài ấp, khóm trước. Rác hữu cơ có thể ủ làm phân bón cây, giảm lượng rác "
                "phải chở đi xử lý."
            ),
            "priority": "normal",
        },
        {
            "title": "Bố trí người điều tiết giao thông giờ tan trường",
            "description": (
                "Giờ tan trường trước cổng trường ở {street} phụ huynh đậu xe tràn ra lòng đường, "
                "kẹt xe kéo dài. Đề nghị bố trí lực lượng hướng dẫn giao thông và kẻ vạch khu vực "
                "đỗ xe chờ đón học sinh."
            ),
            "priority": "normal",
        },
        {
            "title": "Giải pháp lâu dài chống ngập do triều cường",
            "description": (
                "Năm nào vào mùa triều cường, {street} cũng ngập sâu. Tôi đề xuất nâng cốt nền "
                "đường kết hợp lắp cửa van ngăn triều ở các cửa cống xả ra sông, làm theo từng "
                "giai đoạn, ưu tiên các đoạn trũng nhất. Trong lúc chờ, có thể bố trí máy bơm "
                "cố định tại các điểm ngập thường xuyên."
            ),
            "priority": "complex",
        },
    ],
    "y_te_suc_khoe": [
        {
            "title": "Trạm y tế thiếu thuốc, thiếu người trực",
            "description": (
                "Tối qua con tôi sốt cao, chở ra trạm y tế {commune} thì chỉ có một y sĩ trực, "
                "không có thuốc hạ sốt cho trẻ nhỏ, phải chạy lên bệnh viện hơn 20 cây số. Mong "
                "ngành y tế bố trí thêm nhân lực và thuốc thiết yếu."
            ),
            "priority": "normal",
        },
        {
            "title": "Nhiều ca sốt xuất huyết trong xóm",
            "description": (
                "Trong xóm ở {street} đã có 4 người bị sốt xuất huyết trong 2 tuần, có 1 cháu phải "
                "nhập viện. Xin ngành y tế về phun thuốc diệt muỗi và hướng dẫn bà con diệt lăng "
                "quăng."
            ),
            "priority": "urgent",
        },
        {
            "title": "Nhà thuốc bán kháng sinh không cần toa",
            "description": (
                "Tiệm thuốc tây ở {street} bán thuốc kháng sinh không cần toa, người đứng bán là "
                "một em còn nhỏ, không thấy dược sĩ. Nghi không có giấy phép."
            ),
            "priority": "normal",
        },
        {
            "title": "Nghi ngộ độc thực phẩm sau đám giỗ",
            "description": (
                "Sau khi ăn đám giỗ ở {street} trưa nay, khoảng 15 người bị đau bụng, nôn ói, đã "
                "có mấy người phải đưa đi bệnh viện. Đề nghị y tế kiểm tra gấp."
            ),
            "priority": "urgent",
        },
        {
            "title": "Nhân viên tiếp đón thái độ cộc cằn",
            "description": (
                "Nhân viên tiếp nhận ở khoa khám bệnh nói chuyện với người bệnh rất cộc cằn, "
                "người già hỏi đường đi làm xét nghiệm thì bị quát. Mong bệnh viện chấn chỉnh."
            ),
            "priority": "normal",
        },
        {
            "title": "Trạm y tế hết vắc xin tiêm chủng",
            "description": (
                "Tháng này trạm y tế {commune} thông báo hết vắc xin cho trẻ, hẹn tháng sau. Con "
                "tôi đã trễ lịch tiêm 2 tuần rồi, không biết có ảnh hưởng gì không."
            ),
            "priority": "normal",
        },
        {
            "title": "Rác thải y tế vứt ra bãi rác",
            "description": (
                "Phát hiện nhiều kim tiêm, bông băng dính máu, chai dịch truyền bị vứt ra bãi rác "
                "gần {street}, nghi của phòng khám tư gần đó. Rất nguy hiểm cho người nhặt ve chai "
                "và trẻ em."
            ),
            "priority": "urgent",
        },
        {
            "title": "Phòng khám quảng cáo chữa khỏi bệnh nan y",
            "description": (
                "Phòng khám tư nhân ở {street} treo bảng quảng cáo chữa khỏi hẳn tiểu đường, ung "
                "thư bằng thuốc nam gia truyền, mỗi đợt thuốc thu mấy chục triệu đồng. Người "
                "quen của tôi uống mấy tháng, bệnh nặng thêm. Đề nghị cơ quan chức năng kiểm tra "
                "giấy phép hành nghề của cơ sở này."
            ),
            "priority": "complex",
        },
        {
            "title": "Chó nghi bị dại cắn nhiều người",
            "description": (
                "Một con chó nghi bị dại đã cắn 3 người ở {street} trong buổi sáng nay rồi chạy "
                "mất. Bà con rất hoang mang, đề nghị cơ quan y tế và thú y có biện pháp."
            ),
            "priority": "urgent",
        },
        {
            "title": "Thiếu thuốc bảo hiểm y tế",
            "description": (
                "Đi khám bảo hiểm y tế ở trung tâm y tế, bác sĩ kê toa nhưng quầy thuốc báo hết, "
                "phải ra ngoài mua. Tình trạng này kéo dài mấy tháng nay, người nghèo rất khổ."
            ),
            "priority": "normal",
        },
        {
            "title": "Xin phun thuốc diệt muỗi",
            "description": "Muỗi nhiều quá, xin cho phun thuốc ở {street}. Nhà có con nhỏ.",
            "priority": "normal",
        },
        {
            "title": "Bán thực phẩm chức năng cho người già",
            "description": (
                "Có nhóm người tổ chức hội thảo tặng quà cho người già ở {street}, sau đó bán "
                "thực phẩm chức năng giá vài triệu đồng một hộp, nói là chữa được tiểu đường, "
                "huyết áp. Mẹ tôi đã mua 3 hộp. Xin cơ quan chức năng kiểm tra."
            ),
            "priority": "complex",
        },
    ],
    "giao_duc_dao_tao": [
        {
            "title": "Phòng học xuống cấp, dột nát",
            "description": (
                "Điểm trường ở {street} có 2 phòng học mái tôn bị thủng, trần la phông sắp rớt, "
                "mưa xuống học sinh phải dồn về một góc. Đề nghị sớm sửa chữa trước mùa mưa."
            ),
            "priority": "urgent",
        },
        {
            "title": "Thu nhiều khoản đầu năm học",
            "description": (
                "Đầu năm học, lớp con tôi ở một trường tiểu học trên địa bàn {commune} thu nhiều "
                "khoản: quỹ lớp, tiền gắn máy lạnh, tiền photo đề, tiền vệ sinh... tổng cộng hơn "
                "2 triệu đồng. Nhiều khoản không rõ là bắt buộc hay tự nguyện, phụ huynh hỏi thì "
                "được trả lời là ban đại diện đã thống nhất. Mong ngành giáo dục làm rõ."
            ),
            "priority": "complex",
        },
        {
            "title": "Giáo viên gợi ý học thêm tại nhà",
            "description": (
                "Giáo viên chủ nhiệm lớp con tôi gợi ý phụ huynh cho con đi học thêm tại nhà cô, "
                "em nào không đi thì hay bị nhắc nhở, kiểm tra điểm thấp. Xin ngành giáo dục kiểm "
                "tra."
            ),
            "priority": "normal",
        },
        {
            "title": "Nhà vệ sinh trường học hư hỏng",
            "description": (
                "Nhà vệ sinh của trường ở {street} hư hỏng, không có nước, mùi hôi nặng, các cháu "
                "phải nhịn đi vệ sinh cả buổi học."
            ),
            "priority": "normal",
        },
        {
            "title": "Sân trường ngập khi triều cường",
            "description": (
                "Mỗi lần triều cường, sân trường và đường vào trường ở {street} ngập gần nửa mét, "
                "học sinh phải lội nước vào lớp, ướt hết quần áo, sách vở."
            ),
            "priority": "normal",
        },
        {
            "title": "Học sinh bị đánh hội đồng sau giờ học",
            "description": (
                "Con tôi học lớp 7, bị một nhóm bạn cùng trường chặn đường đánh sau giờ tan học, "
                "quay video đăng lên mạng. Cháu giờ sợ không dám đi học. Tôi đã báo nhà trường "
                "nhưng chưa thấy xử lý. Mong các cơ quan chức năng vào cuộc."
            ),
            "priority": "urgent",
        },
        {
            "title": "Xe đưa rước học sinh chở quá số người",
            "description": (
                "Xe đưa rước học sinh ở {street} chở rất đông, các cháu ngồi chen chúc, có em phải "
                "đứng suốt đường. Đề nghị kiểm tra để đảm bảo an toàn."
            ),
            "priority": "normal",
        },
        {
            "title": "Trường thiếu giáo viên tiếng Anh, Tin học",
            "description": (
                "Trường trung học cơ sở ở {commune} từ đầu năm đến nay thiếu giáo viên môn tiếng "
                "Anh và Tin học, học sinh lớp 9 sắp thi vào lớp 10 mà mấy tuần nay không có tiết. "
                "Phụ huynh rất lo lắng."
            ),
            "priority": "complex",
        },
        {
            "title": "Bán đồ ăn vặt không rõ nguồn gốc trước cổng trường",
            "description": (
                "Trước cổng trường ở {street} có nhiều xe bán đồ ăn vặt, nước ngọt không nhãn "
                "mác, các cháu mua ăn rất nhiều, có em về bị đau bụng."
            ),
            "priority": "normal",
        },
        {
            "title": "Nhóm trẻ tư thục nghi đánh trẻ",
            "description": (
                "Nhóm trẻ tư thục ở {street} nhận giữ khoảng 20 cháu trong căn nhà chật hẹp, chỉ "
                "có 2 cô, không biết đã được cấp phép chưa. Gần đây có phụ huynh thấy cô giữ trẻ "
                "quát mắng, đánh vào tay các cháu."
            ),
            "priority": "urgent",
        },
        {
            "title": "Chưa nhận hỗ trợ sách giáo khoa",
            "description": (
                "Gia đình tôi ở {street}, thuộc hộ cận nghèo, có 2 con đang đi học. Năm nay chưa "
                "nhận được hỗ trợ sách giáo khoa như mọi năm, xin hỏi có phải đã bị cắt chế độ "
                "không."
            ),
            "priority": "normal",
        },
        {
            "title": "Bàn ghế học sinh hư hỏng",
            "description": (
                "Lớp học ở điểm trường gần {street} bàn ghế cũ, nhiều bộ gãy chân, lung lay, các "
                "cháu ngồi học không an toàn. Xin trang bị lại."
            ),
            "priority": "normal",
        },
    ],
    "dien_chieu_sang": [
        {
            "title": "Đèn đường không sáng",
            "description": (
                "Cả dãy đèn đường ở {street} không sáng gần 2 tuần nay, buổi tối tối om, rất dễ "
                "xảy ra tai nạn và trộm cắp. Mong điện lực sớm kiểm tra, sửa chữa."
            ),
            "priority": "normal",
        },
        {
            "title": "Dây điện đứt rơi xuống đường",
            "description": (
                "Dây điện hạ thế bị đứt, rơi xuống lòng đường ở {street}, còn xẹt lửa. Người dân "
                "đã tạm rào lại, đề nghị ngành điện cử người xử lý ngay."
            ),
            "priority": "urgent",
        },
        {
            "title": "Cúp điện thường xuyên không báo trước",
            "description": (
                "Tuần này ở {street} bị cúp điện 3 lần, mỗi lần vài tiếng, không có thông báo "
                "trước. Nhà tôi nuôi tôm công nghiệp, mất điện là máy sục khí ngưng, tôm chết "
                "hàng loạt, thiệt hại mấy chục triệu. Đề nghị điện lực giải thích và có lịch báo "
                "trước cho bà con chủ động."
            ),
            "priority": "complex",
        },
        {
            "title": "Trụ điện nghiêng sau mưa giông",
            "description": (
                "Trụ điện ở {street} bị nghiêng hẳn về phía nhà dân sau trận mưa giông, đất quanh "
                "chân trụ lún. Sợ trụ ngã trúng nhà, mong kiểm tra gấp."
            ),
            "priority": "urgent",
        },
        {
            "title": "Đèn đường sáng cả ban ngày",
            "description": "Đèn đường ở {street} sáng cả ban ngày, lãng phí điện.",
            "priority": "normal",
        },
        {
            "title": "Cây xanh chạm đường dây trung thế",
            "description": (
                "Nhánh cây me lớn ở {street} phủ lên đường dây trung thế, mỗi lần gió lớn là chạm "
                "dây, chớp lửa. Đề nghị cắt tỉa trước khi có sự cố."
            ),
            "priority": "urgent",
        },
        {
            "title": "Điện yếu, chập chờn buổi tối",
            "description": (
                "Điện nhà tôi và mấy hộ xung quanh ở {street} rất yếu vào buổi tối, bóng đèn chớp "
                "tắt, tủ lạnh, máy bơm không chạy nổi. Đã gọi tổng đài mấy lần nhưng chưa ai xuống."
            ),
            "priority": "normal",
        },
        {
            "title": "Tủ điện chiếu sáng bị hở",
            "description": (
                "Tủ điện chiếu sáng ở {street} bị mất cửa, dây điện lòi ra ngoài, ngay chỗ trẻ em "
                "hay chơi. Nguy hiểm quá, mong sớm che chắn."
            ),
            "priority": "urgent",
        },
        {
            "title": "Xin kéo lưới điện về cuối ấp",
            "description": (
                "Khoảng 20 hộ dân ở {street} vẫn phải câu điện nhờ qua nhiều nhà, dây kéo dài hơn "
                "500 mét, giá điện cao mà điện lại yếu. Kính đề nghị ngành điện đầu tư kéo lưới "
                "điện về tận nơi để bà con yên tâm sản xuất."
            ),
            "priority": "complex",
        },
        {
            "title": "Hóa đơn tiền điện tăng bất thường",
            "description": (
                "Tháng này hóa đơn tiền điện nhà tôi tăng gấp đôi so với tháng trước dù sử dụng "
                "bình thường. Nghi công tơ bị lỗi hoặc ghi chỉ số sai, mong điện lực kiểm tra."
            ),
            "priority": "normal",
        },
        {
            "title": "đèn đường hư",
            "description": (
                "Bóng đèn đường gần nhà tôi ở {street} hư rồi, tối đi làm về tối thui, sợ lắm. "
                "Mấy tuần rồi mà chưa ai sửa."
            ),
            "priority": "normal",
        },
        {
            "title": "Đèn chiếu sáng hư gần phân nửa",
            "description": (
                "Hệ thống đèn chiếu sáng ở {street} hư gần phân nửa, buổi tối chỗ sáng chỗ tối, "
                "thanh niên hay tụ tập ở mấy chỗ tối."
            ),
            "priority": "normal",
        },
    ],
    "cap_thoat_nuoc": [
        {
            "title": "Nước máy đục, có mùi",
            "description": (
                "Mấy ngày nay nước máy ở {street} đục ngầu, có mùi hôi như bùn, để lắng thì có cặn "
                "vàng dưới đáy. Gia đình không dám dùng để nấu ăn. Đề nghị công ty cấp nước kiểm "
                "tra chất lượng nước."
            ),
            "priority": "urgent",
        },
        {
            "title": "Ngập nước khi triều cường",
            "description": (
                "Chiều nay triều cường lên cao, cộng thêm mưa lớn, {street} ngập sâu 30–40 cm, "
                "nước tràn vào nhà dân. Tình trạng này năm nào cũng lặp lại vào các tháng 9, 10, "
                "11 âm lịch. Mong có giải pháp lâu dài."
            ),
            "priority": "complex",
        },
        {
            "title": "Cống thoát nước bị nghẽn",
            "description": (
                "Cống thoát nước ở {street} bị nghẽn, mỗi lần mưa là nước không thoát được, ứ "
                "đọng cả ngày, bốc mùi hôi thối."
            ),
            "priority": "normal",
        },
        {
            "title": "Vỡ ống nước máy",
            "description": (
                "Ống nước máy bị vỡ ở {street}, nước phun lên mặt đường từ sáng sớm, lãng phí rất "
                "nhiều, mặt đường bắt đầu sụt lún."
            ),
            "priority": "urgent",
        },
        {
            "title": "Mất nước nhiều ngày liền",
            "description": (
                "Ở {street} bị cúp nước 3 ngày liên tục, không có thông báo, bà con phải mua nước "
                "bình về nấu ăn. Xin công ty cho biết khi nào có nước lại."
            ),
            "priority": "urgent",
        },
        {
            "title": "Nước yếu vào giờ cao điểm",
            "description": (
                "Nước máy rất yếu vào buổi sáng và chiều tối, nhà tôi ở lầu 1 mà hứng không lên, "
                "phải mua máy bơm hút. Mong công ty cấp nước kiểm tra áp lực đường ống ở {street}."
            ),
            "priority": "normal",
        },
        {
            "title": "Miệng cống bốc mùi hôi",
            "description": "Miệng cống ở {street} bốc mùi hôi quá, đi ngang phải bịt mũi.",
            "priority": "normal",
        },
        {
            "title": "Chậm lắp đặt đồng hồ nước",
            "description": (
                "Tôi ở {street}, đã nộp đơn xin đấu nối nước máy hơn 2 tháng nhưng chưa được lắp. "
                "Hàng xóm gần đó đã có nước. Mong công ty giải quyết."
            ),
            "priority": "normal",
        },
        {
            "title": "Thi công cống không hoàn trả mặt đường",
            "description": (
                "Đơn vị thi công tuyến cống thoát nước ở {street} đã đặt ống xong từ lâu nhưng "
                "không hoàn trả mặt đường, để lại các hố đào và đống cát đá. Trời mưa lầy lội, xe "
                "máy té liên tục."
            ),
            "priority": "normal",
        },
        {
            "title": "Nước giếng khoan nhiễm mặn, chưa có nước máy",
            "description": (
                "Mùa khô năm nay nước giếng khoan ở {street} bị nhiễm mặn, uống không được. Ống "
                "nước máy chỉ kéo tới đầu ấp, các hộ phía trong chưa có. Xin được hỗ trợ mở rộng "
                "mạng lưới cấp nước."
            ),
            "priority": "complex",
        },
        {
            "title": "Mương thoát nước chung bị san lấp",
            "description": (
                "Có hộ dân san lấp con mương thoát nước chung ở {street} để làm sân, từ đó mưa "
                "xuống nước ngập vào mấy nhà phía sau."
            ),
            "priority": "normal",
        },
        {
            "title": "Nắp đan cống bị bể",
            "description": (
                "Nắp đan cống ở {street} bị bể mấy tấm, hở lỗ to, người đi bộ ban đêm dễ sụp chân."
            ),
            "priority": "normal",
        },
    ],
    "vi_pham_phap_luat": [
        {
            "title": "Hút cát trái phép ban đêm",
            "description": (
                "Ban đêm, từ khoảng 23 giờ đến 3 giờ sáng, có ghe hút cát hoạt động trên sông gần "
                "{street}. Bờ sông phía nhà dân đã bắt đầu sạt lở. Đề nghị cơ quan chức năng kiểm "
                "tra, xử lý."
            ),
            "priority": "urgent",
        },
        {
            "title": "Xây nhà lấn hành lang bảo vệ bờ sông",
            "description": (
                "Có hộ đang xây nhà lấn ra hành lang bảo vệ bờ sông ở {street}, đổ móng sát mé "
                "kênh, không thấy treo biển báo thông tin công trình hay giấy phép xây dựng. Đề "
                "nghị kiểm tra."
            ),
            "priority": "normal",
        },
        {
            "title": "Bơm tạp chất vào tôm nguyên liệu",
            "description": (
                "Có cơ sở thu mua tôm ở {street} bơm tạp chất vào tôm nguyên liệu vào ban đêm, "
                "người dân xung quanh biết nhưng không dám nói. Việc này ảnh hưởng đến uy tín con "
                "tôm Cà Mau và sức khỏe người tiêu dùng."
            ),
            "priority": "complex",
        },
        {
            "title": "Dùng xung điện đánh bắt cá",
            "description": (
                "Thường xuyên có người dùng bình chích điện đánh bắt cá trên kênh ở {street}, cá "
                "lớn cá nhỏ chết sạch. Có lần suýt làm người tắm sông bị giật."
            ),
            "priority": "normal",
        },
        {
            "title": "Bán hàng nghi hàng giả",
            "description": (
                "Tiệm tạp hóa ở {street} bán nhiều hàng nghi giả: bột giặt, dầu gội, sữa hộp... "
                "bao bì in mờ, giá rẻ bất thường."
            ),
            "priority": "normal",
        },
        {
            "title": "Giả danh công an lừa đảo",
            "description": (
                "Tôi nhận được cuộc gọi tự xưng công an, yêu cầu cài ứng dụng để cập nhật định "
                "danh điện tử. Hàng xóm tôi làm theo đã bị mất hơn 80 triệu đồng trong tài khoản. "
                "Xin cơ quan chức năng điều tra và cảnh báo cho bà con ở {commune}."
            ),
            "priority": "urgent",
        },
        {
            "title": "San lấp đất lúa phân lô bán nền",
            "description": (
                "Một số hộ tự ý san lấp đất trồng lúa ở {street} để phân lô bán nền, đã làm đường "
                "nội bộ, cắm mốc, đăng bán trên mạng. Đề nghị kiểm tra việc này có đúng quy định "
                "không."
            ),
            "priority": "complex",
        },
        {
            "title": "Đóng đáy chặn dòng kênh",
            "description": (
                "Có người đóng đáy, cắm đăng chặn gần hết dòng kênh ở {street}, ghe xuồng qua lại "
                "khó khăn, cản trở dòng chảy."
            ),
            "priority": "normal",
        },
        {
            "title": "Bán thuốc lá điện tử cho học sinh",
            "description": (
                "Quán tạp hóa gần trường ở {street} lén bán thuốc lá điện tử cho học sinh, nhiều "
                "em mới lớp 8, lớp 9. Phụ huynh rất lo."
            ),
            "priority": "normal",
        },
        {
            "title": "Xe chở cát đá quá tải phá đường",
            "description": (
                "Xe tải chở cát, đá quá tải chạy liên tục ở {street}, trong khi đường nông thôn "
                "chỉ cho xe dưới 5 tấn, mặt đường bị phá nát."
            ),
            "priority": "normal",
        },
        {
            "title": "Xưởng tái chế nhựa hoạt động không phép",
            "description": (
                "Một xưởng tái chế nhựa phế liệu mới mở ở {street}, ban đêm đốt nhựa, khói đen, "
                "mùi khét. Nghe nói chưa có giấy phép."
            ),
            "priority": "normal",
        },
        {
            "title": "Chiếm dụng đất công",
            "description": (
                "Phần đất công cạnh {street}, trước đây dự kiến làm nhà văn hóa ấp, nay bị một hộ "
                "rào lại, trồng cây, cất nhà tạm để ở. Người dân đã phản ánh ở các cuộc họp ấp "
                "nhưng chưa được giải quyết."
            ),
            "priority": "complex",
        },
    ],
    "khac": [
        {
            "title": "Bến đò không trang bị áo phao",
            "description": (
                "Bến đò ở {street} chở khách không trang bị áo phao, đò chở cả chục người và xe "
                "máy, rất nguy hiểm."
            ),
            "priority": "urgent",
        },
        {
            "title": "Bò thả rông trên đường",
            "description": (
                "Bò thả rông ở {street}, nhất là buổi chiều tối, người đi xe máy tông phải rất "
                "nguy hiểm."
            ),
            "priority": "normal",
        },
        {
            "title": "Cụ già neo đơn cần giúp đỡ",
            "description": (
                "Ở {street} có cụ ông hơn 80 tuổi sống một mình trong căn nhà lá dột nát, không "
                "có người thân chăm sóc, bệnh tật nhiều. Mong địa phương xem xét hỗ trợ."
            ),
            "priority": "normal",
        },
        {
            "title": "Người có biểu hiện tâm thần lang thang",
            "description": (
                "Có một người phụ nữ có biểu hiện tâm thần lang thang ở {street} mấy ngày nay, "
                "ban đêm ngủ ngoài hiên chợ. Mong các cơ quan chức năng đưa về nơi chăm sóc."
            ),
            "priority": "normal",
        },
        {
            "title": "Sóng điện thoại yếu",
            "description": (
                "Sóng điện thoại ở {street} rất yếu, gọi không được, các cháu học trực tuyến phải "
                "ra đầu ấp bắt sóng."
            ),
            "priority": "normal",
        },
        {
            "title": "Tờ rơi quảng cáo dán tràn lan",
            "description": (
                "Tờ rơi quảng cáo khoan cắt bê tông, hút hầm cầu dán đầy tường nhà, trụ điện ở "
                "{street}, cạo hoài không hết."
            ),
            "priority": "normal",
        },
        {
            "title": "Di tích xuống cấp",
            "description": (
                "Khu di tích ở {street} bị xuống cấp, cỏ mọc um tùm, bảng giới thiệu bị bong tróc, "
                "chữ đọc không ra. Nên tu bổ để phục vụ khách tham quan."
            ),
            "priority": "normal",
        },
        {
            "title": "Chợ tự phát họp dưới lòng đường",
            "description": (
                "Chợ tự phát họp ngay ở {street} từ 4 giờ sáng, bày hàng tràn xuống lòng đường, "
                "gây ùn tắc, xe tải chở hàng ra vào rất nguy hiểm."
            ),
            "priority": "normal",
        },
        {
            "title": "Loa truyền thanh ấp không hoạt động",
            "description": (
                "Cụm loa truyền thanh ở {street} hư mấy tháng nay, bà con không nghe được thông "
                "báo của địa phương về lịch tiêm chủng, lịch cúp điện."
            ),
            "priority": "normal",
        },
        {
            "title": "Tôm nuôi chết hàng loạt",
            "description": (
                "Vuông tôm của tôi và nhiều hộ ở {street} bị tôm chết hàng loạt sau khi lấy nước "
                "từ kênh vào. Nghi do nguồn nước bị ô nhiễm. Đề nghị ngành nông nghiệp lấy mẫu "
                "kiểm tra, hướng dẫn bà con cách xử lý."
            ),
            "priority": "urgent",
        },
        {
            "title": "Bãi giữ xe thu tiền quá cao",
            "description": (
                "Bãi giữ xe ở {street} thu 20.000 đồng một lượt xe máy, không có vé, không niêm "
                "yết giá."
            ),
            "priority": "normal",
        },
        {
            "title": "Nhà văn hóa ấp bỏ hoang",
            "description": (
                "Nhà văn hóa ở {street} xây xong mấy năm mà gần như đóng cửa quanh năm, cỏ mọc "
                "kín sân. Bà con muốn có chỗ sinh hoạt, tập văn nghệ, đờn ca tài tử mà không "
                "được sử dụng. Mong {commune} xem xét cho mở cửa."
            ),
            "priority": "normal",
        },
    ],
}

# ---------------------------------------------------------------------------
# Submissions that are not field reports (returned by the coordinator).
# Keys are return reason codes.
# ---------------------------------------------------------------------------

OUT_OF_SCOPE_TEMPLATES = {
    "thu_tuc_hanh_chinh": [
        {
            "title": "Hỏi thủ tục làm sổ đỏ",
            "description": (
                "Tôi mua một nền đất bằng giấy tay từ năm 2015, nay muốn làm sổ đỏ thì cần giấy "
                "tờ gì, nộp ở đâu? Xin hướng dẫn giúp."
            ),
        },
        {
            "title": "Hồ sơ tách thửa trễ hẹn",
            "description": (
                "Tôi nộp hồ sơ tách thửa từ 3 tháng trước tại bộ phận một cửa, phiếu hẹn đã quá "
                "hạn hơn 1 tháng mà vẫn chưa có kết quả. Đi hỏi thì cán bộ nói đang chờ đo đạc. "
                "Đề nghị giải quyết sớm cho tôi."
            ),
        },
        {
            "title": "Làm căn cước cho con",
            "description": (
                "Cho hỏi con tôi 12 tuổi thì làm căn cước ở đâu, có cần đem giấy khai sinh bản "
                "chính không?"
            ),
        },
        {
            "title": "Nhập hộ khẩu cho gia đình",
            "description": (
                "Tôi mới chuyển từ tỉnh khác về ở nhà thuê, muốn nhập hộ khẩu cho vợ và 2 con thì "
                "chủ nhà phải ký giấy gì, có cần ra công an không?"
            ),
        },
        {
            "title": "Xin cấp lại giấy khai sinh",
            "description": (
                "Giấy khai sinh bản chính của tôi bị mất trong lúc nhà bị cháy, tôi muốn xin "
                "trích lục bản sao thì làm thế nào?"
            ),
        },
        {
            "title": "Hỏi về trợ cấp cho người cao tuổi",
            "description": (
                "Mẹ tôi năm nay 81 tuổi, chưa được nhận trợ cấp xã hội hằng tháng. Xin hỏi hồ sơ "
                "gồm những gì và nộp ở đâu?"
            ),
        },
        {
            "title": "Chuyển mục đích sử dụng đất",
            "description": (
                "Tôi có 500 m² đất trồng cây lâu năm, muốn chuyển 100 m² lên đất ở để cất nhà cho "
                "con. Xin hỏi thủ tục và tiền sử dụng đất phải nộp là bao nhiêu?"
            ),
        },
        {
            "title": "Giấy phép xây dựng bị yêu cầu bổ sung nhiều lần",
            "description": (
                "Tôi nộp hồ sơ xin giấy phép xây dựng nhà ở đã gần 30 ngày, cán bộ yêu cầu bổ sung "
                "2 lần, lần nào cũng thêm giấy tờ mới. Xin hỏi thực ra cần những giấy tờ gì?"
            ),
        },
        {
            "title": "Đăng ký kết hôn với người nước ngoài",
            "description": (
                "Tôi muốn đăng ký kết hôn với chồng quốc tịch Hàn Quốc thì nộp hồ sơ ở xã hay ở "
                "tỉnh? Cần hợp pháp hóa lãnh sự những giấy tờ nào?"
            ),
        },
        {
            "title": "Có phải đổi giấy tờ sau sáp nhập tỉnh không",
            "description": (
                "Sau khi sáp nhập tỉnh, địa chỉ trên căn cước và sổ đỏ của tôi vẫn ghi tỉnh Bạc "
                "Liêu. Có bắt buộc phải đi đổi lại không, có mất phí không?"
            ),
        },
    ],
    "khieu_nai_to_cao": [
        {
            "title": "Khiếu nại giá bồi thường khi thu hồi đất",
            "description": (
                "Gia đình tôi bị thu hồi 1.200 m² đất để làm dự án khu dân cư, giá bồi thường quá "
                "thấp so với giá thị trường, không đủ mua lại nền tái định cư. Tôi không đồng ý "
                "với quyết định thu hồi đất và phương án bồi thường, đề nghị xem xét lại."
            ),
        },
        {
            "title": "Tố cáo trưởng ấp thu tiền xét hộ nghèo",
            "description": (
                "Tôi tố cáo trưởng ấp nơi tôi ở thu tiền của các hộ để lo hồ sơ hộ nghèo, mỗi hộ "
                "500 nghìn đồng. Tôi có ghi âm, sẵn sàng cung cấp cho cơ quan chức năng."
            ),
        },
        {
            "title": "Khiếu nại quyết định xử phạt",
            "description": (
                "Tôi bị lập biên bản và ra quyết định xử phạt vì xây dựng không phép, nhưng công "
                "trình của tôi chỉ là thay mái tôn, sửa chữa nhỏ. Tôi khiếu nại quyết định xử phạt "
                "này."
            ),
        },
        {
            "title": "Tranh chấp ranh đất với hàng xóm",
            "description": (
                "Hàng xóm cất hàng rào lấn qua đất nhà tôi khoảng 1 mét chiều ngang, hòa giải ở ấp "
                "2 lần không thành. Đề nghị chính quyền giải quyết."
            ),
        },
        {
            "title": "Tố cáo cán bộ địa chính nhũng nhiễu",
            "description": (
                "Cán bộ địa chính xã nhiều lần hẹn tôi ra quán cà phê để trao đổi hồ sơ, ngụ ý "
                "phải chi thêm tiền thì mới làm nhanh. Tôi tố cáo hành vi nhũng nhiễu này."
            ),
        },
        {
            "title": "Khiếu nại kết quả bình xét hộ cận nghèo",
            "description": (
                "Gia đình tôi thuộc diện khó khăn, chồng bệnh nặng nằm một chỗ, nhưng năm nay "
                "không được bình xét hộ cận nghèo, trong khi có hộ khá giả lại được. Tôi khiếu nại "
                "kết quả bình xét."
            ),
        },
        {
            "title": "Chậm chi trả tiền hỗ trợ giải phóng mặt bằng",
            "description": (
                "Dự án mở rộng đường đã thu hồi đất nhà tôi 2 năm nay, tôi đã bàn giao mặt bằng "
                "nhưng vẫn chưa nhận được phần tiền hỗ trợ vật kiến trúc và cây trồng. Đề nghị "
                "giải quyết dứt điểm."
            ),
        },
        {
            "title": "Tố cáo công ty nợ lương, không đóng bảo hiểm",
            "description": (
                "Công ty chế biến thủy sản nơi tôi làm nợ lương công nhân 3 tháng, trừ tiền bảo "
                "hiểm xã hội hằng tháng nhưng không đóng. Chúng tôi tố cáo và đề nghị cơ quan nhà "
                "nước can thiệp."
            ),
        },
        {
            "title": "Khiếu nại lần hai",
            "description": (
                "Tôi đã nhận quyết định giải quyết khiếu nại lần đầu của Chủ tịch UBND xã nhưng "
                "không đồng ý. Xin hỏi tôi gửi khiếu nại lần hai đến đâu, gửi qua đây được không?"
            ),
        },
    ],
}

SPAM_TEMPLATES = [
    {"title": "test", "description": "test thử hệ thống"},
    {"title": "alo alo", "description": "alo alo có ai không"},
    {"title": "aaaa", "description": "asdfgh"},
    {
        "title": "Bán đất nền giá rẻ",
        "description": "Bán đất nền sổ hồng riêng, giá chỉ từ 300 triệu. Liên hệ 0912 345 678.",
    },
    {
        "title": "Cán bộ ngồi chơi",
        "description": "Phản ánh làm gì cho mệt, mấy ông cán bộ có ai làm đâu.",
    },
]

VAGUE_TEMPLATES = [
    {"title": "Đường hư quá", "description": "Đường hư quá, sửa giùm."},
    {"title": "Cúp điện", "description": "Cúp điện hoài."},
    {"title": "Rác", "description": "Rác nhiều quá, không ai dọn."},
    {"title": "Ngập", "description": "Ngập hết rồi."},
    {"title": "Ồn ào", "description": "Ồn quá không ngủ được."},
]

# ---------------------------------------------------------------------------
# Officer texts
# ---------------------------------------------------------------------------

PROGRESS_NOTES = [
    (
        "Đơn vị đã cử cán bộ kiểm tra hiện trường, xác định nội dung phản ánh là đúng; đang phối "
        "hợp với các đơn vị liên quan xây dựng phương án khắc phục."
    ),
    (
        "Đã giao Công an cấp xã phối hợp với Ban nhân dân khóm, ấp xác minh nội dung phản ánh; "
        "kết quả sẽ được cập nhật trong thời gian sớm nhất."
    ),
    (
        "Đã lập biên bản ghi nhận hiện trạng, yêu cầu tổ chức, cá nhân vi phạm tự khắc phục trong "
        "thời hạn 05 ngày làm việc."
    ),
    (
        "Đã yêu cầu đơn vị quản lý bố trí rào chắn, biển cảnh báo tạm thời để bảo đảm an toàn cho "
        "người tham gia giao thông trong thời gian chờ sửa chữa."
    ),
    (
        "Đã liên hệ người phản ánh để làm rõ vị trí cụ thể; đang lập dự toán kinh phí sửa chữa, "
        "trình cấp có thẩm quyền phê duyệt."
    ),
    "Đã tập kết vật tư, thiết bị thay thế; dự kiến hoàn thành việc sửa chữa trong tuần này.",
    (
        "Đoàn kiểm tra liên ngành đã làm việc với cơ sở, lấy mẫu gửi đơn vị có chức năng phân "
        "tích; đang chờ kết quả để có căn cứ xử lý theo quy định."
    ),
    (
        "Đã phân công tổ công tác trực tiếp xuống địa bàn, tuyên truyền, vận động các hộ dân cùng "
        "khắc phục; tình hình đang được theo dõi chặt chẽ."
    ),
    (
        "Đã có văn bản đề nghị đơn vị quản lý công trình kiểm tra, khắc phục; đơn vị đang tiếp "
        "tục đôn đốc thực hiện."
    ),
    (
        "Đã tổ chức thu gom, xử lý một phần hiện trạng; phần còn lại sẽ được khắc phục xong "
        "trong 02 ngày làm việc tới."
    ),
]

RESULT_TEXTS = {
    "an_ninh_trat_tu": [
        (
            "Tiếp nhận phản ánh, Ủy ban nhân dân địa phương đã chỉ đạo Công an cấp xã phối hợp với "
            "Ban nhân dân khóm, ấp kiểm tra, xác minh. Lực lượng chức năng đã làm việc với các cá "
            "nhân liên quan, lập biên bản và xử lý theo quy định; đồng thời tăng cường tuần tra, "
            "kiểm soát vào khung giờ người dân phản ánh. Hiện tình hình an ninh trật tự tại khu "
            "vực đã ổn định."
        ),
        (
            "Công an cấp xã đã bố trí lực lượng kiểm tra, nhắc nhở, yêu cầu các đối tượng ký cam "
            "kết không tái phạm. Trường hợp tiếp tục vi phạm, đề nghị người dân báo ngay cho Công "
            "an xã, phường qua số điện thoại trực ban để được xử lý kịp thời."
        ),
        (
            "Ủy ban nhân dân địa phương đã tổ chức đoàn kiểm tra liên ngành, xử phạt vi phạm hành "
            "chính đối với các trường hợp vi phạm theo quy định, đồng thời chỉ đạo Ban nhân dân "
            "khóm, ấp tuyên truyền, vận động người dân chấp hành. Nội dung phản ánh đã được giải "
            "quyết."
        ),
    ],
    "ha_tang_do_thi": [
        (
            "Ủy ban nhân dân địa phương đã chỉ đạo bộ phận chuyên môn phối hợp với đơn vị quản lý "
            "công trình kiểm tra hiện trường và tổ chức sửa chữa. Đến nay, các vị trí hư hỏng đã "
            "được khắc phục xong, bảo đảm an toàn giao thông."
        ),
        (
            "Sau khi kiểm tra, đơn vị đã cho đặt biển cảnh báo, rào chắn tạm thời và tổ chức vá "
            "sửa mặt đường. Việc nâng cấp toàn tuyến đã được tổng hợp, đề xuất đưa vào kế hoạch "
            "đầu tư công trung hạn."
        ),
        (
            "Đơn vị đã phối hợp với lực lượng quản lý trật tự đô thị và đơn vị thi công kiểm tra, "
            "yêu cầu khắc phục các tồn tại theo phản ánh của người dân. Đến nay hiện trường đã "
            "được xử lý xong, thông thoáng và an toàn; địa phương tiếp tục theo dõi, kiểm tra "
            "định kỳ."
        ),
        (
            "Ủy ban nhân dân địa phương đã phối hợp với cơ quan chuyên môn khảo sát hiện trạng. "
            "Do khối lượng sửa chữa lớn, vượt khả năng cân đối ngân sách của địa phương, đã có văn "
            "bản đề xuất Sở Xây dựng bố trí kinh phí; trước mắt đã gia cố tạm và đặt biển cảnh "
            "báo nguy hiểm."
        ),
    ],
    "ve_sinh_moi_truong": [
        (
            "Ủy ban nhân dân địa phương đã chỉ đạo đơn vị thu gom tổ chức thu dọn, vận chuyển toàn "
            "bộ rác tồn đọng, phun chế phẩm khử mùi tại khu vực; đồng thời bố trí lại lịch thu "
            "gom định kỳ. Hiện khu vực đã được vệ sinh sạch sẽ."
        ),
        (
            "Đoàn kiểm tra đã làm việc với cơ sở, lập biên bản vi phạm hành chính trong lĩnh vực "
            "bảo vệ môi trường, yêu cầu cơ sở chấm dứt hành vi xả thải và khắc phục hậu quả. Cơ sở "
            "đã cam kết đầu tư hệ thống xử lý chất thải; địa phương tiếp tục giám sát việc thực "
            "hiện."
        ),
        (
            "Địa phương đã phối hợp với Đoàn Thanh niên, Hội Liên hiệp Phụ nữ tổ chức ra quân dọn "
            "vệ sinh, khơi thông dòng chảy; đồng thời đặt bảng cấm đổ rác và tuyên truyền người "
            "dân không xả rác bừa bãi."
        ),
    ],
    "gop_y_hien_ke": [
        (
            "Ủy ban nhân dân địa phương ghi nhận và cảm ơn ý kiến đóng góp của công dân. Nội dung "
            "góp ý đã được tổng hợp, giao bộ phận chuyên môn nghiên cứu, đề xuất đưa vào kế hoạch "
            "thực hiện trong thời gian tới."
        ),
        (
            "Cảm ơn ông/bà đã quan tâm đóng góp ý kiến. Kiến nghị đã được chuyển đến cơ quan có "
            "thẩm quyền xem xét; kết quả sẽ được thông tin khi có chủ trương triển khai."
        ),
        (
            "Đơn vị tiếp thu góp ý của công dân. Đề xuất phù hợp với định hướng của địa phương và "
            "đã được đưa vào danh mục dự kiến thực hiện bằng nguồn xã hội hóa kết hợp ngân sách "
            "nhà nước."
        ),
    ],
    "y_te_suc_khoe": [
        (
            "Sở Y tế đã giao đơn vị chuyên môn kiểm tra, xác minh nội dung phản ánh. Qua kiểm tra, "
            "đã yêu cầu cơ sở khắc phục các tồn tại và xử lý vi phạm hành chính theo quy định; "
            "đồng thời chỉ đạo tăng cường công tác kiểm tra, giám sát trên địa bàn."
        ),
        (
            "Sở Y tế đã làm việc với cơ sở khám bệnh, chữa bệnh liên quan, yêu cầu kiểm điểm "
            "trách nhiệm cá nhân, chấn chỉnh thái độ phục vụ người bệnh và quy trình cung ứng "
            "thuốc. Đơn vị đã có văn bản báo cáo kết quả khắc phục."
        ),
        (
            "Sở Y tế đã chỉ đạo Trung tâm Y tế khu vực phối hợp với Trạm Y tế xã, phường điều tra, "
            "xử lý tại khu vực: phun hóa chất diệt muỗi, vận động người dân diệt lăng quăng, theo "
            "dõi các trường hợp có biểu hiện bệnh. Đến nay chưa ghi nhận ca mắc mới."
        ),
    ],
    "giao_duc_dao_tao": [
        (
            "Sở Giáo dục và Đào tạo đã phối hợp với Ủy ban nhân dân địa phương kiểm tra thực tế "
            "tại trường, yêu cầu nhà trường khắc phục ngay các tồn tại được phản ánh và báo cáo "
            "kết quả. Nhà trường đã thực hiện xong, bảo đảm điều kiện dạy và học."
        ),
        (
            "Sở Giáo dục và Đào tạo đã chỉ đạo hiệu trưởng nhà trường làm việc với giáo viên và "
            "phụ huynh liên quan, xác minh sự việc; cá nhân vi phạm đã được kiểm điểm, xử lý theo "
            "quy định. Sở tiếp tục chỉ đạo các trường tăng cường quản lý, bảo đảm môi trường giáo "
            "dục an toàn, lành mạnh."
        ),
        (
            "Sở Giáo dục và Đào tạo đã tổng hợp nhu cầu sửa chữa, bổ sung cơ sở vật chất của điểm "
            "trường vào kế hoạch năm; trước mắt nhà trường đã sửa chữa tạm và bố trí phòng học "
            "thay thế an toàn cho học sinh."
        ),
    ],
    "dien_chieu_sang": [
        (
            "Công ty Điện lực Cà Mau đã chỉ đạo Điện lực khu vực cử tổ công tác kiểm tra, thay "
            "thế bóng đèn và thiết bị điều khiển hư hỏng. Hệ thống chiếu sáng đã hoạt động bình "
            "thường trở lại."
        ),
        (
            "Điện lực khu vực đã cử nhân viên đến hiện trường cô lập khu vực sự cố, đấu nối lại "
            "đường dây và kiểm tra an toàn lưới điện. Việc cấp điện đã được khôi phục; đơn vị đã "
            "tổ chức cắt tỉa cây xanh vi phạm hành lang an toàn lưới điện."
        ),
        (
            "Qua kiểm tra, nguyên nhân là do đường dây hạ thế quá tải. Điện lực khu vực đã cân "
            "pha, thay dây dẫn có tiết diện lớn hơn; việc cải tạo lưới điện khu vực đã được đưa "
            "vào kế hoạch đầu tư của Công ty."
        ),
    ],
    "cap_thoat_nuoc": [
        (
            "Công ty đã cử đội sửa chữa khắc phục sự cố đường ống, súc xả mạng lưới và lấy mẫu "
            "nước kiểm tra; kết quả các chỉ tiêu đều đạt quy chuẩn. Việc cấp nước đã trở lại bình "
            "thường."
        ),
        (
            "Đơn vị đã tổ chức nạo vét, khơi thông cống thoát nước, vớt rác tại các hố thu nước. "
            "Tình trạng ứ đọng đã được khắc phục; đơn vị sẽ nạo vét định kỳ trước mùa mưa."
        ),
        (
            "Tình trạng ngập do triều cường là vấn đề chung của khu vực. Trước mắt, địa phương đã "
            "bố trí máy bơm tiêu úng, đắp bờ bao tạm; về lâu dài, dự án nâng cấp hệ thống thoát "
            "nước và cống ngăn triều đã được tỉnh đưa vào danh mục đầu tư."
        ),
    ],
    "vi_pham_phap_luat": [
        (
            "Công an tỉnh đã chỉ đạo đơn vị nghiệp vụ phối hợp với Công an cấp xã xác minh, kiểm "
            "tra. Lực lượng chức năng đã lập biên bản vi phạm hành chính đối với các đối tượng, "
            "tạm giữ tang vật, phương tiện và xử lý theo quy định của pháp luật."
        ),
        (
            "Qua xác minh, nội dung phản ánh là có cơ sở. Cơ quan có thẩm quyền đã ban hành quyết "
            "định xử phạt vi phạm hành chính, buộc khắc phục hậu quả; đồng thời tiếp tục theo "
            "dõi, xử lý nghiêm nếu tái phạm."
        ),
        (
            "Công an tỉnh đã tiếp nhận thông tin và triển khai các biện pháp nghiệp vụ. Do vụ việc "
            "có dấu hiệu tội phạm, hồ sơ đã được chuyển Cơ quan Cảnh sát điều tra thụ lý theo "
            "thẩm quyền. Công an tỉnh cảm ơn người dân đã cung cấp thông tin."
        ),
    ],
    "khac": [
        (
            "Ủy ban nhân dân địa phương đã giao bộ phận chuyên môn kiểm tra, phối hợp với các đoàn "
            "thể và cơ quan liên quan giải quyết nội dung phản ánh. Kết quả đã được thông tin đến "
            "người phản ánh."
        ),
        (
            "Địa phương đã xác minh, lập hồ sơ đề nghị hỗ trợ theo chính sách hiện hành; trước mắt "
            "đã phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể thăm hỏi, hỗ trợ nhu yếu phẩm."
        ),
        (
            "Đơn vị đã làm việc với các bên liên quan, yêu cầu chấn chỉnh và khắc phục tồn tại "
            "theo nội dung phản ánh. Địa phương tiếp tục theo dõi, kiểm tra việc chấp hành."
        ),
    ],
}

HAND_BACK_REASONS = [
    (
        "Nội dung phản ánh liên quan đến hệ thống chiếu sáng công cộng do ngành điện quản lý, "
        "không thuộc thẩm quyền của đơn vị. Đề nghị Trung tâm chuyển Công ty Điện lực Cà Mau giải "
        "quyết."
    ),
    (
        "Vị trí phản ánh không thuộc địa bàn quản lý của đơn vị (thuộc xã, phường lân cận). Đề "
        "nghị điều phối lại cho đúng địa phương."
    ),
    (
        "Tuyến đường được phản ánh là quốc lộ, thuộc phạm vi quản lý của cơ quan quản lý đường bộ "
        "trung ương, không thuộc thẩm quyền của địa phương. Đề nghị chuyển cơ quan có thẩm quyền."
    ),
    (
        "Nội dung là tranh chấp dân sự giữa các hộ gia đình, không thuộc phạm vi phản ánh hiện "
        "trường; đề nghị hướng dẫn người dân liên hệ hòa giải ở cơ sở hoặc khởi kiện tại Tòa án."
    ),
    (
        "Qua kiểm tra, khu vực phản ánh thuộc mạng lưới do đơn vị cấp nước khác quản lý. Đề nghị "
        "chuyển đúng đơn vị quản lý mạng lưới."
    ),
    (
        "Nội dung phản ánh có dấu hiệu tội phạm hình sự, đề nghị chuyển cơ quan Công an xem xét "
        "theo thẩm quyền."
    ),
    (
        "Cơ sở được phản ánh là nhóm trẻ tư thục do Ủy ban nhân dân cấp xã cấp phép và quản lý; "
        "đề nghị chuyển địa phương xử lý theo thẩm quyền."
    ),
]

EXTENSION_REASONS = [
    (
        "Khối lượng sửa chữa lớn, cần lập dự toán và trình cấp có thẩm quyền phê duyệt kinh phí; "
        "đề nghị gia hạn thêm thời gian xử lý."
    ),
    "Đang chờ kết quả phân tích mẫu từ đơn vị quan trắc để có căn cứ xử lý vi phạm.",
    (
        "Thời tiết mưa lớn kéo dài, triều cường dâng cao nên chưa thể thi công khắc phục; đơn vị "
        "sẽ triển khai ngay khi điều kiện cho phép."
    ),
    (
        "Vụ việc liên quan đến nhiều cơ quan, đơn vị; cần tổ chức họp liên ngành để thống nhất "
        "phương án giải quyết."
    ),
    (
        "Chưa làm việc được với chủ hộ vi phạm do đi làm ăn xa; cần thêm thời gian để mời làm "
        "việc theo quy định."
    ),
]

APPROVER_SEND_BACK_NOTES = [
    (
        "Kết quả xử lý chưa nêu rõ thời gian hoàn thành và tình trạng hiện trường sau khắc phục. "
        "Đề nghị bổ sung hình ảnh sau xử lý."
    ),
    (
        "Nội dung trả lời còn chung chung, chưa đáp ứng đúng kiến nghị của người dân. Đề nghị làm "
        "rõ từng nội dung phản ánh."
    ),
    (
        "Đề nghị rà soát lại câu chữ, dùng văn phong lịch sự, dễ hiểu trước khi công bố; không nêu "
        "thông tin cá nhân của người liên quan."
    ),
    "Chưa có biên bản kiểm tra hiện trường kèm theo. Đề nghị bổ sung hồ sơ trước khi trình duyệt.",
    "Đề nghị nêu rõ biện pháp ngăn ngừa tái diễn và trách nhiệm theo dõi của địa phương.",
]

# ---------------------------------------------------------------------------
# Citizen texts
# ---------------------------------------------------------------------------

CITIZEN_REPLIES = [
    "Vị trí chính xác là đối diện tiệm tạp hóa, cách cây xăng khoảng 50 mét về phía chợ.",
    "Tôi gửi thêm hình chụp lúc 21 giờ tối qua, nhóm người đó vẫn còn tụ tập.",
    "Dạ, chỗ ổ gà nằm ở làn bên phải hướng đi ra quốc lộ, gần trụ điện có sơn số 27.",
    "Tình trạng vẫn còn, sáng nay nước còn đục hơn hôm trước.",
    "Nhà tôi số 112, hẻm 5. Cán bộ xuống thì gọi tôi ra dẫn đường.",
    (
        "Cảm ơn cán bộ đã liên hệ. Ồn ào thường từ 20 giờ đến khoảng 1 giờ sáng, chủ yếu là "
        "cuối tuần."
    ),
    "Nhà tôi ở cuối ấp, qua cây cầu sắt rồi quẹo trái, hỏi nhà ông Bảy bán tạp hóa là biết.",
]

REOPEN_REASONS = [
    "Đèn chỉ sáng được 3 đêm rồi lại tắt, đề nghị kiểm tra lại.",
    ("Kết quả báo đã khắc phục nhưng thực tế ổ gà chỉ được lấp đất tạm, mưa xuống lại sụp như cũ."),
    "Quán karaoke chỉ tạm dừng được mấy hôm, giờ lại mở lớn như trước.",
    (
        "Rác đã được dọn nhưng chỉ sau một tuần lại tồn đọng, không thấy xe thu gom vào theo lịch "
        "như đã trả lời."
    ),
    "Tôi không đồng ý với kết quả xử lý vì chưa ai xuống kiểm tra thực tế, chỉ trả lời trên giấy.",
    "Nước vẫn còn đục và có mùi, gia đình vẫn phải mua nước bình để nấu ăn.",
]

RATING_COMMENTS_GOOD = [
    "Xử lý nhanh, cảm ơn các anh.",
    "Cán bộ xuống tận nơi, nhiệt tình. Rất hài lòng.",
    "Đèn đã sáng lại, bà con trong xóm rất vui. Cảm ơn điện lực.",
    "Lần đầu phản ánh mà được giải quyết nhanh như vậy, cảm ơn chính quyền.",
    "Đường đã vá xong, đi lại an toàn hơn nhiều.",
]

RATING_COMMENTS_BAD = [
    "Xử lý quá chậm, gần một tháng mới có người xuống.",
    "Trả lời chung chung, vấn đề vẫn còn nguyên.",
    "Chỉ làm cho có, được vài hôm lại như cũ.",
    "Không ai liên hệ với tôi, tự nhiên thấy báo đã xong.",
    "Hài lòng một phần, mong lần sau xử lý triệt để hơn.",
]

# ---------------------------------------------------------------------------
# Escalation to the Provincial People's Committee
# ---------------------------------------------------------------------------

ESCALATION_NOTES = [
    (
        "Vụ việc vượt quá thẩm quyền và khả năng cân đối kinh phí của địa phương, liên quan đến "
        "nhiều sở, ngành. Kính trình UBND tỉnh xem xét, chỉ đạo cơ quan chủ trì giải quyết."
    ),
    (
        "Phản ánh đã được chuyển qua nhiều đơn vị nhưng chưa thống nhất được đơn vị có thẩm "
        "quyền. Kính đề nghị Lãnh đạo UBND tỉnh giao đơn vị chủ trì."
    ),
    (
        "Tình trạng sạt lở diễn biến phức tạp, đe dọa an toàn tính mạng và tài sản của nhiều hộ "
        "dân; kính đề nghị UBND tỉnh xem xét chỉ đạo và bố trí kinh phí khắc phục khẩn cấp."
    ),
    (
        "Phản ánh kéo dài, được nhiều người dân gửi đến và báo chí quan tâm; kính đề nghị UBND "
        "tỉnh chỉ đạo giải quyết dứt điểm."
    ),
]

ESCALATION_DECISIONS = [
    (
        "Giao Sở Xây dựng chủ trì, phối hợp với Ủy ban nhân dân địa phương và các đơn vị liên quan "
        "kiểm tra, xử lý dứt điểm; báo cáo kết quả về UBND tỉnh trong thời hạn 10 ngày làm việc."
    ),
    (
        "Giao Sở Nông nghiệp và Môi trường chủ trì khảo sát, đề xuất phương án khắc phục sạt lở; "
        "Sở Tài chính tham mưu bố trí kinh phí từ nguồn dự phòng ngân sách tỉnh."
    ),
    (
        "Thống nhất giao Ủy ban nhân dân địa phương tiếp tục chủ trì giải quyết theo thẩm quyền; "
        "các sở, ngành liên quan có trách nhiệm phối hợp khi được đề nghị."
    ),
    (
        "Giao Công an tỉnh chủ trì, phối hợp với các lực lượng chức năng kiểm tra, xử lý nghiêm "
        "các vi phạm; tăng cường tuần tra, kiểm soát, không để tái diễn."
    ),
]

# ---------------------------------------------------------------------------
# Fictional reporter names (family + middle + given)
# ---------------------------------------------------------------------------

FAMILY_NAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Lâm",
    "Tô",
    "Quách",
    "Châu",
    "Thạch",
    "Danh",
    "Kim",
]

MIDDLE_NAMES = [
    "Văn",
    "Thị",
    "Minh",
    "Hoàng",
    "Thanh",
    "Ngọc",
    "Quốc",
    "Hữu",
    "Thành",
    "Kim",
    "Bích",
    "Phước",
    "Hoài",
    "Tấn",
    "Trúc",
    "Công",
    "Mỹ",
    "Thu",
]

GIVEN_NAMES = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Hải",
    "Hạnh",
    "Hùng",
    "Hương",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhân",
    "Phúc",
    "Phương",
    "Tâm",
    "Thảo",
    "Thủy",
    "Tuấn",
    "Trang",
    "Vy",
    "Em",
    "Út",
    "Sang",
    "Lộc",
    "Diễm",
    "Tài",
]
