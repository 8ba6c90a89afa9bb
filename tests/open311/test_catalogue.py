"""The adapter's own English catalogue covers every message it writes, compiled."""

import ast
import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

import paht.open311

APP = Path(paht.open311.__file__).parent
LC_MESSAGES = APP / "locale" / "en" / "LC_MESSAGES"
SAME_IN_ENGLISH = {"Open311 GeoReport v2"}


def _messages() -> set[str]:
    found = set()
    for path in APP.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_message_has_an_english_translation():
    with (LC_MESSAGES / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    messages = _messages()
    assert len(messages) > 20
    missing = sorted(m for m in messages if m not in SAME_IN_ENGLISH and catalogue.gettext(m) == m)
    assert missing == [], "add them to the .po and run msgfmt"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
def test_the_mo_is_compiled_from_the_po(tmp_path):
    fresh = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(fresh), str(LC_MESSAGES / "django.po")],  # noqa: S607
        check=True,
    )
    assert fresh.read_bytes() == (LC_MESSAGES / "django.mo").read_bytes()
