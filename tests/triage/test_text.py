"""The text pipeline: one form for every way a phone types Vietnamese."""

import unicodedata

import pytest

from paht.triage.text import canonical, fold, normalize


def test_decomposed_unicode_is_composed():
    decomposed = unicodedata.normalize("NFD", "Đèn đường hỏng")
    assert decomposed != "Đèn đường hỏng"
    assert normalize(decomposed) == "đèn đường hỏng"


@pytest.mark.parametrize(
    ("new_style", "old_style"),
    [("hoà", "hòa"), ("Thuỷ", "Thủy"), ("khoẻ", "khỏe"), ("hoá đơn", "hóa đơn"), ("loạ", "lọa")],
)
def test_tone_mark_placement_is_unified(new_style, old_style):
    assert canonical(new_style) == old_style
    assert normalize(new_style) == normalize(old_style)


@pytest.mark.parametrize("word", ["hoàng", "quý", "khuyết", "thuyền", "quỳnh"])
def test_tones_inside_a_syllable_or_after_qu_stay(word):
    assert canonical(word) == word


def test_unaccented_and_accented_meet_after_folding():
    assert fold(normalize("Đường bị NGẬP sâu")) == fold(normalize("duong bi ngap sau"))
    assert fold(normalize("duong bi ngap sau")) == "duong bi ngap sau"


def test_mixed_accents_and_case():
    assert normalize("ĐÈN duong hẻm 5 Tắt") == "đèn duong hẻm 5 tắt"
    assert fold(normalize("ĐÈN duong hẻm 5 Tắt")) == "den duong hem 5 tat"


def test_phone_abbreviations_are_spelled_out():
    assert normalize("UBND P.8 ko dc xử lý, k ai đc hỏi") == (
        "ủy ban nhân dân phường 8 không được xử lý không ai được hỏi"
    )
    assert normalize("F3 q.1 vs mn") == "phường 3 quận 1 với mọi người"


def test_ambiguous_short_words_are_not_expanded():
    # "ca" is "cá" without accents as often as "công an"; "hs" is học sinh or hồ sơ.
    assert normalize("ca chet noi day") == "ca chet noi day"
    assert normalize("hs tan truong") == "hs tan truong"


def test_stretched_letters_are_shortened():
    assert normalize("tối quáaaaa") == "tối quá"
    assert normalize("ngậppp quá") == "ngập quá"
    assert normalize("nồi xoong") == "nồi xoong"  # a real double letter stays
