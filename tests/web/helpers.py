"""Reading rendered pages in tests: a small DOM over Django's own test HTML parser,
the form a citizen sends, and checks every page must pass (no inline script, CSP)."""

import re
import secrets
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.html import Element, parse_html
from django.utils import timezone

from paht.core.models import IdempotencyKey
from paht.media.models import Attachment
from paht.reports.models import Report, ReporterContact
from tests.factories import AN_XUYEN
from tests.media import samples

SUBMIT = "/gui-phan-anh/"
TRACK = "/tra-cuu/"


def use_tmp_media(settings, tmp_path):
    """An empty local media storage for one test (as tests/media/conftest.py does)."""
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


# --- the submit form ----------------------------------------------------------------


def form_data(**overrides) -> dict:
    """What a browser without JavaScript sends for a complete, valid report."""
    observed = timezone.localtime() - timedelta(hours=2)
    data = {
        "key": secrets.token_urlsafe(18),
        "field": "ha_tang_do_thi",
        "description": "Đèn đường trước chợ An Xuyên không sáng ba đêm liền, rất tối.",
        "observed_at": observed.strftime("%Y-%m-%dT%H:%M"),
        "address": "Trước cổng chợ, đường Lý Thường Kiệt",
        "commune": AN_XUYEN,
        "lat": "",
        "lng": "",
        "name": "Lê Thị Bình",
        "phone": "0912 345 678",
        "email": "binh@example.com",
        "share_identity": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def photo(name="anh.jpg", width=640) -> SimpleUploadedFile:
    data = samples.jpeg(width, width * 3 // 4)
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def created_counts() -> tuple[int, int, int]:
    """What a submission creates: reports, reporter contacts, idempotency keys."""
    return (
        Report.objects.count(),
        ReporterContact.objects.count(),
        IdempotencyKey.objects.count(),
    )


def pending_uploads() -> int:
    return Attachment.objects.filter(report__isnull=True).count()


# --- a small DOM ----------------------------------------------------------------------


def dom(response_or_html) -> Element:
    html = response_or_html
    if not isinstance(html, str):
        html = response_or_html.content.decode()
    return parse_html(html)


def attrs(el: Element) -> dict:
    return dict(el.attributes)


def walk(node, ancestors=()):
    """Every element under ``node`` with the chain of its ancestors (nearest last)."""
    for child in getattr(node, "children", []):
        if isinstance(child, Element):
            yield child, ancestors
            yield from walk(child, (*ancestors, child))


def text(node) -> str:
    if isinstance(node, str):
        return node
    return " ".join(text(c) for c in node.children).strip()


def by_id(root, ident: str):
    """(element, ancestors) of the element with this id, or (None, ())."""
    for el, ancestors in walk(root):
        if attrs(el).get("id") == ident:
            return el, ancestors
    return None, ()


def controls(root, name: str) -> list[Element]:
    return [
        el
        for el, _a in walk(root)
        if el.name in {"input", "select", "textarea"} and attrs(el).get("name") == name
    ]


def value_of(root, name: str):
    """The value a control shows: what the browser would send back for ``name``."""
    found = controls(root, name)
    assert found, f"no control named {name}"
    first = found[0]
    kind = attrs(first).get("type", "")
    if first.name == "textarea":
        return text(first)
    if first.name == "select":
        chosen = [o for o, _a in walk(first) if o.name == "option" and "selected" in attrs(o)]
        return attrs(chosen[0]).get("value", "") if chosen else ""
    if kind == "radio":
        checked = [el for el in found if "checked" in attrs(el)]
        return attrs(checked[0])["value"] if checked else None
    if kind == "checkbox":
        return "checked" in attrs(first)
    return attrs(first).get("value", "")


def values_of(root, name: str) -> list[str]:
    return [attrs(el).get("value", "") for el in controls(root, name)]


def squash(value: str) -> str:
    return " ".join(value.split())


def _container(ancestors) -> Element | None:
    for el in reversed(ancestors):
        classes = attrs(el).get("class", "").split()
        if el.name == "fieldset" or "field" in classes:
            return el
    return None


def assert_field_error(response, name: str, message: str) -> None:
    """The message sits in ``<name>-error`` inside the field's own container, and the
    field's inputs say they are invalid and point to it."""
    root = dom(response)
    error, ancestors = by_id(root, f"{name}-error")
    assert error is not None, f"no {name}-error in the page"
    assert message in text(error), (message, text(error))
    container = _container(ancestors)
    assert container is not None, f"{name}-error is not inside a field container"
    inside = [el for el, _a in walk(container) if attrs(el).get("name") == name]
    assert inside, f"{name}-error is not in the container of the {name} input"
    for el in inside:
        a = attrs(el)
        if a.get("type") == "hidden":
            continue
        assert a.get("aria-invalid") == "true", (name, a)
        assert f"{name}-error" in a.get("aria-describedby", "").split(), (name, a)


def errors_in(response) -> dict[str, str]:
    """Every ``*-error`` element's text, by field name."""
    return {
        attrs(el)["id"][: -len("-error")]: text(el)
        for el, _a in walk(dom(response))
        if attrs(el).get("id", "").endswith("-error")
    }


# --- checks every page passes -------------------------------------------------------

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def assert_no_inline_script(html: str) -> None:
    tags = SCRIPT_TAG.findall(html)
    for tag_attrs in tags:
        has_src = re.search(r"\bsrc\s*=", tag_attrs, re.IGNORECASE)
        is_data = re.search(r"""\btype\s*=\s*["']application/json["']""", tag_attrs, re.I)
        assert has_src or is_data, f"inline script: <script{tag_attrs}>"
    assert not re.search(r"\son[a-z]+\s*=", _tags_only(html), re.IGNORECASE), "inline handler"
    assert "javascript:" not in html.lower()


def _tags_only(html: str) -> str:
    return " ".join(re.findall(r"<[a-zA-Z][^>]*>", html))


def assert_secure_page(response) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    script_src = directives.get("script-src") or directives.get("default-src")
    assert script_src, policy
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, policy
    assert directives.get("object-src") == ["'none'"], policy
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert_no_inline_script(response.content.decode())
