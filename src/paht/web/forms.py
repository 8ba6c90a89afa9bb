"""Forms for citizens' pages: parsing and first checks of what a browser sends.

They only turn form fields into Python values and gather every mistake at once, so the
page can show each message next to its field. The rules themselves (phone numbers, the
province's area, the workflow) stay in the services, whose errors are mapped back onto
these forms by ``add_domain_error``.
"""

import secrets
from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paht.core.errors import DomainError
from paht.core.errors import ValidationError as DomainValidationError
from paht.core.phone import normalize_phone
from paht.geo.models import Commune
from paht.reports.models import Field
from paht.reports.validation import MAX_DESCRIPTION

REQUIRED = _("Trường này là bắt buộc.")
LOCAL_INPUT = "%Y-%m-%dT%H:%M"
COORDINATES = _("Tọa độ không hợp lệ. Vui lòng chọn lại vị trí trên bản đồ.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (the widget hands over a list, FileField wants one)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return super().clean(data, initial)


def add_domain_error(form: forms.Form, exc: DomainError) -> None:
    """Put a service's refusal next to the field it concerns, or above the form."""
    aliases = {"location": "commune", "attachments": "files", "file": "files"}
    placed = False
    for name, detail in (exc.fields or {}).items():
        name = aliases.get(name, name)
        if name in form.fields:
            detail = detail if isinstance(detail, list) else [detail]
            message = str(exc.message) if len(exc.fields) == 1 else ", ".join(map(str, detail))
            if name not in form.errors or message not in form.errors[name]:
                form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


class ReportForm(forms.Form):
    field = forms.ChoiceField(
        label=_("Lĩnh vực"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn lĩnh vực."),
            "invalid_choice": _("Lĩnh vực không hợp lệ."),
        },
    )
    description = forms.CharField(
        label=_("Nội dung phản ánh"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Vui lòng mô tả vấn đề bạn thấy."),
            "max_length": _("Nội dung quá dài (tối đa %(limit_value)d ký tự)."),
        },
    )
    lat = forms.FloatField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": COORDINATES}
    )
    lng = forms.FloatField(
        required=False, widget=forms.HiddenInput, error_messages={"invalid": COORDINATES}
    )
    address = forms.CharField(
        label=_("Địa chỉ, nơi xảy ra"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Địa chỉ quá dài (tối đa %(limit_value)d ký tự).")},
    )
    commune = forms.ChoiceField(
        label=_("Xã, phường, đặc khu"),
        required=False,
        error_messages={"invalid_choice": _("Xã, phường không thuộc địa bàn tỉnh.")},
    )
    observed_at = forms.DateTimeField(
        label=_("Thời điểm phát hiện"),
        required=False,
        input_formats=[LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT),
        error_messages={"invalid": _("Thời điểm không hợp lệ.")},
    )
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=100,
        error_messages={
            "required": _("Vui lòng nhập họ tên."),
            "max_length": _("Họ tên quá dài (tối đa %(limit_value)d ký tự)."),
        },
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Vui lòng nhập số điện thoại.")},
    )
    email = forms.EmailField(
        label=_("Email (không bắt buộc)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Địa chỉ email không hợp lệ.")},
    )
    share_identity = forms.BooleanField(
        label=_("Cho phép đơn vị xử lý biết tên và số điện thoại của tôi"), required=False
    )
    files = MultipleFileField(
        label=_("Ảnh, video"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*,video/*"}),
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field_objects = list(Field.objects.filter(is_active=True))
        self.fields["field"].choices = [(f.code, f.local_name) for f in self.field_objects]
        communes = Commune.objects.filter(province_id=settings.PAHT_PROVINCE_CODE).order_by("name")
        self.fields["commune"].choices = [("", _("— Chọn xã, phường —"))] + [
            (c.code, c.name) for c in communes
        ]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except DomainValidationError as exc:
            raise forms.ValidationError(str(exc.message)) from None

    def clean_observed_at(self):
        value = self.cleaned_data.get("observed_at")
        if value and value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("Thời điểm phát hiện không thể ở tương lai."))
        if value and value.year < 2000:
            raise forms.ValidationError(_("Thời điểm không hợp lệ."))
        return value

    def clean(self):
        data = super().clean()
        for name in ("lat", "lng"):
            # Hidden inputs the map fills: their error is shown where the place is chosen.
            if name in self.errors and "commune" not in self.errors:
                self.add_error("commune", self.errors[name][0])
        has_point = data.get("lat") is not None and data.get("lng") is not None
        if not has_point and not data.get("commune") and "commune" not in self.errors:
            self.add_error(
                "commune",
                _("Vui lòng chọn vị trí trên bản đồ, hoặc chọn xã, phường nơi xảy ra."),
            )
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã phản ánh"),
        max_length=32,
        error_messages={"required": _("Vui lòng nhập mã phản ánh.")},
    )
    phone = forms.CharField(
        label=_("Số điện thoại đã dùng khi gửi"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Vui lòng nhập số điện thoại.")},
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except DomainValidationError as exc:
            raise forms.ValidationError(str(exc.message)) from None


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Nội dung"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Vui lòng nhập nội dung.")},
    )
    # One key per rendered form: a double tap or a resend posts the note once.
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", secrets.token_urlsafe(18))


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Số sao"),
        choices=[(i, str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng chọn số sao từ 1 đến 5."),
            "invalid_choice": _("Vui lòng chọn số sao từ 1 đến 5."),
        },
    )
    satisfied = forms.TypedChoiceField(
        label=_("Bạn có hài lòng với kết quả không?"),
        choices=[("yes", _("Hài lòng")), ("no", _("Không hài lòng"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vui lòng cho biết bạn có hài lòng hay không."),
            "invalid_choice": _("Vui lòng cho biết bạn có hài lòng hay không."),
        },
    )


def mark_invalid(form: forms.Form) -> forms.Form:
    """Tie each field's error message to its input for screen readers."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{form.add_prefix(name)}-error"
    return form
