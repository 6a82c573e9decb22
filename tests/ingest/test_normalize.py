from __future__ import annotations

import pytest

from kgraph.ingest.normalize import clean_text, detect_lang, fold, fold_phrase, is_boilerplate


@pytest.mark.parametrize(
    ("a", "b"),
    [("الإرهابي", "الارهابي"), ("أمريكا", "امريكا"), ("سورية", "سوريه"), ("مستشفى", "مستشفي"),
     ("هُزِمَ", "هزم"), ("داعـــش", "داعش"), ("ISIS", "isis")],
)
def test_normalize_fold_equates_spelling_variants(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_normalize_fold_phrase_drops_punctuation() -> None:
    assert fold_phrase("عملية (العزم الصلب)") == "عمليه العزم الصلب"


def test_normalize_clean_text_removes_invisible_characters() -> None:
    assert clean_text("دا\u200fعش\u202e\r\n") == "داعش\n"


@pytest.mark.parametrize(("text", "lang"), [("التحالف الدولي", "ar"), ("The coalition", "en"), ("123", "en")])
def test_normalize_detect_lang(text: str, lang: str) -> None:
    assert detect_lang(text) == lang


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Read our Privacy Policy by clicking here", True), ("تنويه: المقالات تعبر عن رأي كتابها", True),
     ("By continuing to use the site, you agree to the use of cookies.", True),
     ("ISIS threatens the prisons in Hasakah.", False), ("يدعم التحالف القوات العراقية", False)],
)
def test_normalize_is_boilerplate(line: str, expected: bool) -> None:
    assert is_boilerplate(line) is expected
