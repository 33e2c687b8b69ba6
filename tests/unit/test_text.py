"""Tests for onestop.domain.text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.domain.text import clean, clean_multiline, fold, has_control_chars, nfc

_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
_VOWELS = "aăâeêioôơuưy"
_CONSONANTS = "bcdđghklmnpqrstvx"
VIETNAMESE_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES}
    | set(_CONSONANTS)
)
VIETNAMESE_LETTERS += [ch.upper() for ch in VIETNAMESE_LETTERS]

vietnamese_text = st.lists(
    st.sampled_from([*VIETNAMESE_LETTERS, " ", "\u00a0", "\t"]), max_size=40
).map("".join)


def test_nfc_composes_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn"
    assert nfc(decomposed) == "Nguyễn"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, ""),
        ("", ""),
        ("   ", ""),
        ("  Nguyễn   Văn\tAn  ", "Nguyễn Văn An"),
        ("Trần\u00a0\u00a0Thị\nHoa", "Trần Thị Hoa"),
        ("Lê\u2003Minh", "Lê Minh"),
        (unicodedata.normalize("NFD", " Phạm  Đức "), "Phạm Đức"),
    ],
)
def test_clean(raw: str | None, expected: str) -> None:
    assert clean(raw) == expected


def test_clean_keeps_separator_controls_for_rejection() -> None:
    # str.split() would treat U+001F as whitespace and hide it.
    assert "\x1f" in clean("a\x1fb")
    assert has_control_chars(clean("a\x1fb"))


def test_clean_multiline_keeps_lines() -> None:
    raw = "\r\n  Thiếu  bản sao\r\nGiấy khai sinh \rXác nhận\n\n"
    assert clean_multiline(raw) == "Thiếu bản sao\nGiấy khai sinh\nXác nhận"
    assert clean_multiline(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("  TRẦN   THỊ\u00a0Ánh  ", "tran thi anh"),
        (unicodedata.normalize("NFD", "Phạm Quỳnh Hương"), "pham quynh huong"),
        ("đường Điện Biên Phủ", "duong dien bien phu"),
        ("Nguyen Van An", "nguyen van an"),
        (None, ""),
        ("", ""),
        ("İstanbul", "istanbul"),
    ],
)
def test_fold(raw: str | None, expected: str) -> None:
    assert fold(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "a\x00b",
        "a\tb",
        "a\nb",
        "a\x7fb",
        "a\x85b",
        "a\u200eb",
        "a\u200fb",
        "a\u202eb",
        "a\u2066b",
        "a\u2069b",
        "a\u200bb",
        "a\u200db",
        "\ufeffa",
        "a\u2028b",
    ],
)
def test_has_control_chars_true(raw: str) -> None:
    assert has_control_chars(raw)


@pytest.mark.parametrize("raw", ["Nguyễn Văn An", "", "O'Neil-Smith", "a\u00a0b", "日本"])
def test_has_control_chars_false(raw: str) -> None:
    assert not has_control_chars(raw)


def test_has_control_chars_multiline_allows_only_lf() -> None:
    assert not has_control_chars("dòng 1\ndòng 2", allow_newline=True)
    assert has_control_chars("dòng 1\r\ndòng 2", allow_newline=True)
    assert has_control_chars("a\tb", allow_newline=True)
    assert has_control_chars("a\u202eb\n", allow_newline=True)


@given(st.text())
def test_fold_is_idempotent(s: str) -> None:
    assert fold(fold(s)) == fold(s)


@given(vietnamese_text)
def test_fold_output_is_ascii_for_vietnamese(s: str) -> None:
    folded = fold(s)
    assert folded.isascii()
    assert folded == folded.strip()
    assert "  " not in folded


@given(vietnamese_text)
def test_fold_ignores_normalisation_form(s: str) -> None:
    assert fold(unicodedata.normalize("NFD", s)) == fold(s)


@given(st.text())
def test_clean_is_idempotent_and_nfc(s: str) -> None:
    once = clean(s)
    assert clean(once) == once
    assert unicodedata.is_normalized("NFC", once)
