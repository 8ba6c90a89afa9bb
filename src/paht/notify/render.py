"""Turning a template and a report into a message's subject and body.

Templates see a small context, documented in the admin:

- ``code``, ``title``: the report's tracking code and title;
- ``state``: its state, in words; ``deadline``: the deadline concerned, local time;
- ``unit``: the unit concerned (the lead unit for the reporter, the recipient's unit
  for staff);
- ``reason``, ``guidance``: why a report was returned and what the citizen can do;
- ``result``: the published result; ``note``: the approver's comment on a send-back;
- ``into``: the code of the report a duplicate was merged into;
- ``link``: the citizen's tracking page, or the report in the staff console.

Staff messages carry the code, title and links only: never the reporter's identity.

Templates are the admin's text, so they run on a small engine of their own: variables,
``{% if %}…{% elif %}…{% else %}…{% endif %}`` and a few filters (``FILTERS``); no
``{% load %}``, ``{% include %}`` or other tag, no other filter (``ljust`` and friends
could blow a message up), and every rendered text is cut at ``MAX_OUTPUT`` characters.
"""

import functools
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS
from django.template import Context, Engine, Library, TemplateSyntaxError, defaultfilters
from django.template.defaulttags import do_if
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from paht.core.process_cache import ProcessCache

from . import defaults

log = logging.getLogger(__name__)

# The staff console's report page; one place to change if its address moves.
CONSOLE_REPORT_PATH = "/can-bo/phan-anh/{code}/"


def absolute(path: str) -> str:
    return settings.PAHT_SITE_URL.rstrip("/") + path


def console_link(code: str) -> str:
    return absolute(CONSOLE_REPORT_PATH.format(code=code))


def citizen_link() -> str:
    # The follow link's secret is not stored; the tracking page asks for code + phone.
    return absolute(reverse("web:track"))


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def report_context(report, *, staff: bool, unit=None, deadline=None, **extra) -> dict:
    """The template context for ``report``; evaluated in the message's language."""
    unit = unit if unit is not None else report.lead_unit
    context = {
        "code": report.code,
        "title": report.title,
        "state": report.get_state_display(),
        "unit": unit.name if unit else "",
        "deadline": local_time(deadline if deadline is not None else report.deadline_at),
        "reason": "",
        "guidance": "",
        "result": "",
        "note": "",
        "into": "",
        "link": console_link(report.code) if staff else citizen_link(),
    }
    context.update(extra)
    return {k: str(v) for k, v in context.items()}


def _texts(kind: str, template, language: str) -> dict[str, str]:
    """Subject, body and SMS text for ``kind`` in ``language``; English falls back to
    Vietnamese field by field, a missing row to the shipped defaults."""
    if template is None:
        template = dict(zip(defaults.FIELDS, defaults.TEMPLATES[kind], strict=True))
    else:
        template = {f: getattr(template, f) for f in defaults.FIELDS}
    texts = {f: template[f] for f in ("subject", "body", "sms")}
    if language.startswith("en"):
        for f in ("subject", "body", "sms"):
            texts[f] = template[f"{f}_en"] or texts[f]
    return texts


TAGS = ("if",)  # with its elif / else / endif
FILTERS = ("default", "upper", "lower", "capfirst", "truncatechars", "truncatewords")
MAX_OUTPUT = 10_000  # characters of one rendered text: a 4,000-character result fits


def _library() -> Library:
    library = Library()
    library.tag("if", do_if)
    for name in FILTERS:
        library.filters[name] = defaultfilters.register.filters[name]
    return library


class _MessageEngine(Engine):
    """Django's template language reduced to ``TAGS`` and ``FILTERS``: no default tag or
    filter library, no loadable library, no loader (nothing to include)."""

    default_builtins = []

    def __init__(self):
        super().__init__(loaders=[], libraries={}, builtins=[], autoescape=False)
        self.template_builtins = [_library()]


ENGINE = _MessageEngine()


@functools.lru_cache(maxsize=256)
def _compiled(text: str):
    # A compiled template holds no per-render state: one copy serves every message.
    return ENGINE.from_string(text)


def _render(text: str, context: dict) -> str:
    # Plain text for email and SMS: no HTML escaping of quotes or ampersands.
    rendered = _compiled(text).render(Context(context, autoescape=False))
    return rendered.strip()[:MAX_OUTPUT]


def _allowed_message() -> str:
    return _(
        "Mẫu không hợp lệ: chỉ được dùng biến {{ tên }}, thẻ {%% if %%} (cùng {%% elif %%}, "
        "{%% else %%}, {%% endif %%}) và các bộ lọc %(filters)s."
    ) % {"filters": ", ".join(FILTERS)}


def _edited_templates() -> dict:
    from .models import MessageTemplate

    return {t.kind: t for t in MessageTemplate.objects.using(DEFAULT_DB_ALIAS)}


# The administrator's edited texts, per kind (``core.process_cache``).
templates = ProcessCache("message-templates", _edited_templates)


def render_message(*, kind: str, language: str, context: dict, sms: bool) -> tuple[str, str]:
    """(subject, body) for one message; SMS messages use the template's SMS text."""
    template = templates.get().get(kind)
    with translation.override(language):
        try:
            return _render_texts(_texts(kind, template, language), context, sms)
        except Exception:
            # An admin's edit broke the template: the shipped text still goes out.
            log.exception("message template failed kind=%s; using the default", kind)
            return _render_texts(_texts(kind, None, language), context, sms)


def _render_texts(texts: dict, context: dict, sms: bool) -> tuple[str, str]:
    subject = " ".join(_render(texts["subject"], context).split())[:300]
    body = _render(texts["sms"] or texts["subject"], context) if sms else ""
    return subject, body or _render(texts["body"], context)


SAMPLE = {
    "code": "PA-2025-000001",
    "title": "Ổ gà",
    "state": "Đang xử lý",
    "unit": "UBND phường",
    "deadline": "17:00 01/01/2025",
    "reason": "Thiếu thông tin",
    "guidance": "Vui lòng bổ sung.",
    "result": "Đã xử lý.",
    "note": "Bổ sung ảnh.",
    "into": "PA-2025-000002",
    "link": "https://paht.example/",
}


def check_template(template) -> None:
    """Refuse a template that does not compile or render, with the field at fault."""
    errors = {}
    for field in defaults.FIELDS:
        text = getattr(template, field)
        if not text:
            continue
        try:
            rendered = ENGINE.from_string(text).render(Context(SAMPLE, autoescape=False))
        except TemplateSyntaxError as exc:
            if str(exc).startswith(("Invalid block tag", "Invalid filter")):
                errors[field] = _allowed_message()
            else:
                errors[field] = _("Mẫu không hợp lệ: %(error)s") % {"error": exc}
        except Exception as exc:  # a filter that fails on real values
            errors[field] = _("Mẫu không hiển thị được: %(error)s") % {"error": exc}
        else:
            if len(rendered.strip()) > MAX_OUTPUT:
                errors[field] = _("Mẫu quá dài: nội dung hiển thị tối đa %(max)s ký tự.") % {
                    "max": MAX_OUTPUT
                }
    if errors:
        raise ValidationError(errors)
