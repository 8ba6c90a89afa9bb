"""Vietnamese phone numbers: one canonical form for validation, hashing and SMS."""

import re

from django.utils.translation import gettext_lazy as _

from .errors import ValidationError

# Mobile prefixes after the 2018 renumbering, plus landlines (02x area codes).
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-46-9])\d{7}$")
_LANDLINE = re.compile(r"^02\d{8,9}$")


def normalize_phone(raw: str) -> str:
    """Return the number as ``0xxxxxxxxx`` or raise ValidationError."""
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not (_MOBILE.match(digits) or _LANDLINE.match(digits)):
        raise ValidationError(
            _("Số điện thoại không hợp lệ. Vui lòng nhập số Việt Nam, ví dụ 0912 345 678."),
            fields={"phone": _("Số điện thoại không hợp lệ.")},
        )
    return digits
