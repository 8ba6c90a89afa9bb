"""Vietnamese text as people type it on phones, brought to one form the models can compare.

``normalize`` gives the accented form (NFC, one tone-mark placement, lower case, phone
abbreviations spelled out); ``fold`` removes the diacritics from it, so a report typed
without accents ("duong bi ngap") meets the same features as one typed with them
("đường bị ngập"). The classifiers read both.
"""

import re
import unicodedata

# Old-style and new-style tone placement differ only when "oa", "oe" or "uy" ends a
# syllable: "hòa"/"hoà", "khỏe"/"khoẻ", "thủy"/"thuỷ". We keep the first vowel's mark
# (the form most keyboards and dictionaries use). Inside a syllable (hoàng, khuyết)
# both styles agree, so only a syllable end is rewritten.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_NEW_STYLE = re.compile(
    r"(?<![q])([oOuU])([aAeEyY])([" + _TONES + r"])(?![^\W\d_])", flags=re.UNICODE
)

# Abbreviations seen in citizens' messages; keys are whole words after lower-casing.
# Only unambiguous ones: "ca" (công an, but also "cá" typed without accents) and "hs"
# (hồ sơ or học sinh) stay as typed.
ABBREVIATIONS = {
    "ko": "không",
    "k": "không",
    "kg": "không",
    "khg": "không",
    "hok": "không",
    "hông": "không",
    "dc": "được",
    "đc": "được",
    "dk": "được",
    "đk": "được",
    "vs": "với",
    "ng": "người",
    "nc": "nước",
    "j": "gì",
    "ntn": "như thế nào",
    "mn": "mọi người",
    "trc": "trước",
    "bt": "bình thường",
    "sdt": "số điện thoại",
    "sđt": "số điện thoại",
    "cq": "cơ quan",
    "cb": "cán bộ",
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "tp": "thành phố",
    "qđ": "quyết định",
    "qd": "quyết định",
    "gcn": "giấy chứng nhận",
    "qsdđ": "quyền sử dụng đất",
    "qsdd": "quyền sử dụng đất",
    "csgt": "cảnh sát giao thông",
    "pccc": "phòng cháy chữa cháy",
    "atgt": "an toàn giao thông",
    "attp": "an toàn thực phẩm",
    "cccd": "căn cước công dân",
    "bv": "bệnh viện",
    "gv": "giáo viên",
}

# "P.8", "p8", "F3" (phường), "Q.1" (quận), "X." (xã): an administrative unit and its number.
_UNIT_NUMBER = re.compile(r"\b([pfqx])\.?\s?(\d{1,2})\b")
_UNIT_NAMES = {"p": "phường", "f": "phường", "q": "quận", "x": "xã"}
_WORD = re.compile(r"[^\W_]+", flags=re.UNICODE)


def _unstretch(text: str) -> str:
    """A letter stretched for emphasis (followed by two or more copies of its bare form)
    counts once: "quáaaa", "tốiii", "ngậppp". A double stays: "xoong"."""
    out: list[str] = []
    i = 0
    while i < len(text):
        ch, base, j = text[i], fold(text[i]), i + 1
        while j < len(text) and base.isalpha() and text[j] == base:
            j += 1
        out.append(ch if j - i > 2 else text[i:j])
        i = j
    return "".join(out)


def _retone(match: re.Match) -> str:
    first, second, tone = match.groups()
    return first + tone + second


def canonical(text: str) -> str:
    """NFC with the old-style tone placement; keeps case and punctuation."""
    decomposed = unicodedata.normalize("NFD", text)
    # In NFD the tone follows its vowel (and any circumflex/breve/horn before it).
    decomposed = _NEW_STYLE.sub(_retone, decomposed)
    return unicodedata.normalize("NFC", decomposed)


def normalize(text: str) -> str:
    """Lower-case, canonical accented text with abbreviations spelled out."""
    text = canonical(text).lower()
    text = _UNIT_NUMBER.sub(lambda m: f"{_UNIT_NAMES[m.group(1)]} {m.group(2)}", text)
    text = _unstretch(text)
    words = []
    for word in _WORD.findall(text):
        words.append(ABBREVIATIONS.get(word, word))
    return " ".join(words)


def fold(text: str) -> str:
    """``normalize``d text without diacritics: "đường ngập" -> "duong ngap"."""
    stripped = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in stripped if not unicodedata.combining(ch))


def both_forms(text: str) -> tuple[str, str]:
    """(accented, folded) normalised forms of ``text``."""
    accented = normalize(text)
    return accented, fold(accented)
