"""Forms of the console: parsing only; rules stay in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from paht.reports.models import Field, Priority
from paht.web.forms import REQUIRED


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        error_messages={"required": REQUIRED},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=200,
        strip=False,
        error_messages={"required": REQUIRED},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpForm(forms.Form):
    token = forms.RegexField(
        label=_("Mã xác thực 6 số"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"required": REQUIRED, "invalid": _("Mã gồm 6 chữ số.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": "7"}
        ),
    )


class EnrolForm(OtpForm):
    """A code from the new app; replacing a confirmed one also needs ``current``."""

    current = forms.CharField(
        label=_("Mã 6 số từ ứng dụng đang dùng, hoặc mật khẩu"),
        max_length=200,
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class HotlineForm(forms.Form):
    """A caller's report as the operator hears it on the phone."""

    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=Field.objects.filter(is_active=True),
        to_field_name="code",
        empty_label=_("— Chọn lĩnh vực —"),
        error_messages={"required": REQUIRED, "invalid_choice": _("Lĩnh vực không hợp lệ.")},
    )
    description = forms.CharField(
        label=_("Nội dung phản ánh"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": REQUIRED},
    )
    address = forms.CharField(label=_("Địa chỉ nơi xảy ra"), max_length=300, required=False)
    commune = forms.CharField(
        label=_("Mã xã, phường"),
        max_length=10,
        required=False,
        help_text=_("Nếu người gọi không nói được địa chỉ cụ thể."),
    )
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Họ tên người gọi"), max_length=100, error_messages={"required": REQUIRED}
    )
    phone = forms.CharField(
        label=_("Số điện thoại người gọi"),
        max_length=20,
        error_messages={"required": REQUIRED},
        help_text=_("Mã theo dõi được gửi đến số này qua tin nhắn."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    share_identity = forms.TypedChoiceField(
        label=_("Người gọi có đồng ý cho đơn vị xử lý biết danh tính không?"),
        choices=[("yes", _("Có, người gọi đồng ý")), ("no", _("Không đồng ý"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        error_messages={"required": _("Vui lòng ghi lại câu trả lời của người gọi.")},
    )
    priority = forms.ChoiceField(
        label=_("Mức độ"), choices=Priority.choices, initial=Priority.NORMAL
    )
