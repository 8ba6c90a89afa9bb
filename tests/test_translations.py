"""The English catalogue: complete, compiled from the committed .po, placeholders intact,
and actually used by the pages when the language cookie asks for English.

The compiled .mo is committed so that a machine without GNU gettext can serve English;
the checks that need ``msgfmt`` are skipped where it is not installed, and a pure-Python
reading of the .po covers the same ground everywhere.
"""

import gettext
import html
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext (msgfmt) not installed")

# printf-style conversions as Python's % operator reads them, "%%" included.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
TAG = re.compile(r"</?[A-Za-z][^>]*>")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")


# A small reader for the .po format -----------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 for a singular entry
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)  # "path:line" from "#:" comments
    obsolete: bool = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def __str__(self) -> str:
        return f"django.po:{self.line} {self.msgid!r}"


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


def _unquote(literal: str) -> str:
    literal = literal.strip()
    assert literal.startswith('"') and literal.endswith('"'), literal
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), literal[1:-1])


def read_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None

    def finish():
        nonlocal current, target
        if current is not None and (current.msgid or current.msgstr):
            entries.append(current)
        current, target = None, None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip():
            finish()
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].lstrip()
        elif line.startswith("#"):
            if current is None or target is not None:
                finish()
                current = Entry(line=number)
            if line.startswith("#,"):
                current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#:"):
                current.references += line[2:].split()
            continue
        if current is None:
            current = Entry(line=number)
        current.obsolete = current.obsolete or obsolete
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert target is not None, f"{path}:{number}: continuation without a keyword"
            keyword, rest = None, line
        elif keyword == "msgctxt":
            if target is not None:
                finish()
                current = Entry(line=number)
            target = ("msgctxt", 0)
            current.msgctxt = ""
        elif keyword == "msgid":
            if target is not None and target[0] != "msgctxt":
                finish()
                current = Entry(line=number)
            current.line = number
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            target = ("msgid_plural", 0)
            current.msgid_plural = ""
        elif keyword == "msgstr":
            target = ("msgstr", 0)
            current.msgstr[0] = ""
        elif m := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
            target = ("msgstr", int(m.group(1)))
            current.msgstr[target[1]] = ""
        else:
            raise AssertionError(f"{path}:{number}: cannot read {raw!r}")
        text = _unquote(rest)
        name, index = target
        if name == "msgstr":
            current.msgstr[index] += text
        else:
            setattr(current, name, getattr(current, name) + text)
    finish()
    return entries


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return read_po(PO)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    """The translatable entries: no header, nothing obsolete."""
    return [e for e in entries if e.msgid and not e.obsolete]


def catalog_from_po(entries: list[Entry]) -> dict:
    """What gettext.GNUTranslations would load from the .po compiled by msgfmt."""
    catalog = {}
    for e in entries:
        if e.obsolete or (e.fuzzy and e.msgid) or not all(e.msgstr.values()):
            continue
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            catalog[key] = e.msgstr[0]
        else:
            for index, text in sorted(e.msgstr.items()):
                catalog[(key, index)] = text
    return catalog


def load_catalog(path: Path) -> dict:
    with path.open("rb") as fp:
        return dict(gettext.GNUTranslations(fp)._catalog)


def _without_creation_date(catalog: dict) -> dict:
    """msgfmt leaves POT-Creation-Date out of the compiled header; so does this comparison."""
    header = "".join(
        line
        for line in catalog.get("", "").splitlines(keepends=True)
        if not line.startswith("POT-Creation-Date:")
    )
    return {**catalog, "": header}


# (a) complete ------------------------------------------------------------------------------


def test_the_catalogue_is_not_empty(messages):
    assert len(messages) > 400


def test_every_entry_is_translated_and_none_is_fuzzy(entries, messages):
    header = [e for e in entries if not e.msgid and not e.obsolete]
    assert len(header) == 1 and not header[0].fuzzy, "the header must not be fuzzy"
    assert "Language: en" in header[0].msgstr[0]
    fuzzy = [str(e) for e in messages if e.fuzzy]
    assert fuzzy == [], "fuzzy entries: check, fix and unfuzzy them"
    untranslated = [str(e) for e in messages if not all(e.msgstr.values())]
    assert untranslated == []
    plural_gaps = [str(e) for e in messages if e.msgid_plural and sorted(e.msgstr) != [0, 1]]
    assert plural_gaps == [], "plural entries need msgstr[0] and msgstr[1]"


def test_no_obsolete_entries_are_kept(entries):
    assert [str(e) for e in entries if e.obsolete] == []


@needs_msgfmt
def test_msgfmt_reports_everything_translated():
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    statistics = result.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), statistics
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


# (b) the committed .mo is the .po compiled -----------------------------------------------


def test_mo_matches_the_po(entries):
    assert MO.is_file(), "compile with: paht compilemessages -l en"
    compiled = _without_creation_date(load_catalog(MO))
    assert compiled == _without_creation_date(catalog_from_po(entries)), (
        "django.mo is stale: run `paht compilemessages -l en` and commit django.mo"
    )


@needs_msgfmt
def test_mo_equals_a_fresh_msgfmt_build(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run([MSGFMT, "--check", "-o", str(fresh), str(PO)], check=True)
    assert load_catalog(MO) == load_catalog(fresh), (
        "django.mo is stale: run `paht compilemessages -l en` and commit django.mo"
    )


# (c) placeholders, markup and whitespace survive translation -------------------------


def _placeholders(text: str) -> tuple[frozenset, list]:
    found = PLACEHOLDER.findall(text)
    named = frozenset(p for p in found if p.startswith("%("))
    positional = [p for p in found if not p.startswith("%(")]
    return named, positional


def _pairs(e: Entry):
    """(source, translation) pairs: msgstr[0] against msgid, the rest against the plural."""
    for index, text in sorted(e.msgstr.items()):
        yield (e.msgid if index == 0 or e.msgid_plural is None else e.msgid_plural), text


def test_python_format_placeholders_are_kept(messages):
    formatted = [e for e in messages if "python-format" in e.flags]
    assert formatted, "expected some python-format entries"
    wrong = []
    for e in formatted:
        for source, text in _pairs(e):
            if _placeholders(source) != _placeholders(text):
                wrong.append(f"{e}: {sorted(PLACEHOLDER.findall(text))}")
    assert wrong == []


def test_translations_format_like_their_source(messages):
    # The real check that a python-format translation cannot crash at run time.
    values = {"n": 1, "max": 2, "days": 3, "first": 2025, "last": 2026, "limit_value": 4}
    failures = []
    for e in messages:
        if "python-format" not in e.flags:
            continue
        for _source, text in _pairs(e):
            found = PLACEHOLDER.findall(text)
            names = {p[2:].split(")")[0] for p in found if p.startswith("%(")}
            positional = [p for p in found if p != "%%" and not p.startswith("%(")]
            try:
                if names:
                    text % {name: values.get(name, 1) for name in names}
                else:
                    text % tuple(1 for _ in positional)
            except (KeyError, TypeError, ValueError) as exc:
                failures.append(f"{e}: {exc}")
    assert failures == []


def test_markup_and_surrounding_whitespace_are_kept(messages):
    wrong = []
    for e in messages:
        for source, text in _pairs(e):
            if Counter(TAG.findall(source)) != Counter(TAG.findall(text)):
                wrong.append(f"{e}: HTML tags differ")
            if Counter(ENTITY.findall(source)) != Counter(ENTITY.findall(text)):
                wrong.append(f"{e}: HTML entities differ")
            if re.match(r"\s*", source).group() != re.match(r"\s*", text).group():
                wrong.append(f"{e}: leading whitespace differs")
            if re.search(r"\s*\Z", source).group() != re.search(r"\s*\Z", text).group():
                wrong.append(f"{e}: trailing whitespace differs")
    assert wrong == []


def test_no_vietnamese_is_left_in_translations(messages):
    # Vietnamese-only letters; proper names that keep them (e.g. "Cà Mau", "Tết") are allowed.
    allowed = {"Cà Mau", "Tết"}
    vietnamese = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
    leftovers = []
    for e in messages:
        for _source, text in _pairs(e):
            for name in allowed:
                text = text.replace(name, "")
            if vietnamese.search(text):
                leftovers.append(f"{e}: {text!r}")
    assert leftovers == []


# (d) the pages speak English when asked ------------------------------------------------


def _page(client, path: str, language: str | None) -> tuple[object, str]:
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return response, response.content.decode()


class _Strings(HTMLParser):
    """Text nodes and human-readable attribute values of a page, whitespace-trimmed."""

    ATTRIBUTES = frozenset({"alt", "title", "placeholder", "aria-label", "value", "content"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value and value.strip():
                self.found.add(value.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.found.add(" ".join(data.split()))


def _visible_strings(page: str) -> set[str]:
    parser = _Strings()
    parser.feed(page)
    return parser.found


def _template_msgids(messages, *templates: str) -> list[str]:
    """Fixed strings of these templates that need no value filled in."""
    wanted = []
    for e in messages:
        sources = {ref.split(":")[0] for ref in e.references}
        same = e.msgstr.get(0) == e.msgid  # e.g. a brand name, the same in both languages
        if sources & set(templates) and not PLACEHOLDER.search(e.msgid) and not same:
            wanted.append(e.msgid)
    return wanted


HOME_EN = [
    "Submit a report",
    "Track a report",
    "Categories we accept",
    "Recently published results",
    "Skip to main content",
    "Staff sign-in",
]
HOME_VI = [
    "Gửi phản ánh",
    "Tra cứu phản ánh",
    "Lĩnh vực tiếp nhận",
    "Kết quả xử lý mới công bố",
    "Bỏ qua, đến nội dung chính",
    "Cán bộ đăng nhập",
]
SUBMIT_EN = [
    "Submit a field report",
    "1. Category",
    "Take a photo",
    "Record a video",
    "Use my location",
    "5. About you",
    "Field reports do not cover:",
]
SUBMIT_VI = [
    "Gửi phản ánh",
    "Gửi phản ánh hiện trường",
    "1. Lĩnh vực",
    "Chụp ảnh",
    "Quay video",
    "Dùng vị trí của tôi",
    "5. Thông tin người gửi",
    "Phản ánh hiện trường không tiếp nhận",
]


@pytest.mark.parametrize(
    ("path", "templates", "english", "vietnamese"),
    [
        ("/", ("web/templates/web/base.html", "web/templates/web/home.html"), HOME_EN, HOME_VI),
        (
            "/gui-phan-anh/",
            ("web/templates/web/base.html", "web/templates/web/submit.html"),
            SUBMIT_EN,
            SUBMIT_VI,
        ),
    ],
)
def test_page_in_english(client, db, messages, path, templates, english, vietnamese):
    response, page = _page(client, path, "en")
    assert response["Content-Language"] == "en"
    text_of_page = html.unescape(page)
    for text in english:
        assert text in text_of_page, f"{text!r} missing from {path} in English"
    for text in vietnamese:
        assert text not in text_of_page, f"Vietnamese {text!r} left on {path} in English"
    if path == "/gui-phan-anh/":
        assert re.search(r'<button[^>]*id="send"[^>]*>\s*Submit a report\s*</button>', page)
    # No fixed string of the page's templates is left untranslated. Data such as commune
    # names stays Vietnamese, so only the catalogue's own strings are looked for: as a
    # whole text or attribute, or inside one when long enough not to be a common word.
    fixed = _template_msgids(messages, *templates)
    assert len(fixed) > 10
    shown = _visible_strings(page)
    leftovers = [m for m in fixed if m in shown or (len(m) >= 12 and any(m in s for s in shown))]
    assert leftovers == []


@pytest.mark.parametrize("path", ["/", "/gui-phan-anh/"])
def test_page_declares_english(client, db, path):
    # base.html writes {{ LANGUAGE_CODE }}, which needs the i18n context processor.
    _response, page = _page(client, path, "en")
    assert '<html lang="en">' in page, (
        "the page is in English but does not say so: LANGUAGE_CODE must reach the "
        "template (django.template.context_processors.i18n)"
    )


@pytest.mark.parametrize("path", ["/", "/gui-phan-anh/"])
def test_vietnamese_stays_the_default(client, db, path):
    _response, page = _page(client, path, None)
    assert '<html lang="vi">' in page
    assert "Gửi phản ánh" in page
    assert "Submit a report" not in page


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, db):
    _response, page = _page(client, "/", "fr")
    assert '<html lang="vi">' in page
