"""Arabic orthography, clitics, tokens and sentences (sentences written for these tests)."""

from __future__ import annotations

import pytest

from kgraph.ingest import make_document


def _keys(extractor, text: str) -> set[str | None]:  # type: ignore[no-untyped-def]
    return {m.key for m in extractor.extract(make_document(text, source="t", lang="ar")).mentions}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("أعلنت قوات سوريا الديمقراطية أنها تلاحق خلايا وداعش تتراجع.", "isis"),
        ("قدمت الحكومة مساعدات لداعش المزعومة في التقرير.", "isis"),
        ("وجّه الوزير شكره للتحالف الدولي على جهوده.", "coalition"),
        ("التقى الوفد بالحكومة العراقية في بغداد.", "iraqi_government"),
        ("انتشرت والقوات الأمنية العراقية في المدينة.", "iraqi_security_forces"),
        ("قال مسؤول إن تنظيم داعش الارهابي خسر مواقعه.", "isis"),       # alef without hamza
        ("قال مسؤول إن الحكومه العراقيه وافقت.", "iraqi_government"),    # ha for ta marbuta
        ("هاجم تنظيمُ داعشَ قريةً نائية.", "isis"),                      # diacritics
        ("هاجم تنظيم داعـــش قرية نائية.", "isis"),                      # tatweel
    ],
)
def test_ar_orthography_forms_resolve_to_gazetteer_actor(extractor, text: str, key: str) -> None:  # type: ignore[no-untyped-def]
    assert key in _keys(extractor, text)


@pytest.mark.parametrize(
    ("text", "not_key"),
    [
        ("سنبقى مستمرين في العمل على المدى الطويل.", "al_mada"),
        ("والتعاون بين الجيران ضروري.", "coalition"),
    ],
)
def test_ar_orthography_ordinary_words_are_not_actors(extractor, text: str, not_key: str) -> None:  # type: ignore[no-untyped-def]
    assert not_key not in _keys(extractor, text)


@pytest.mark.parametrize(
    ("text", "n_sentences"),
    [
        ("قال الوزير: «الوضع مستقر».\nوأضاف أن الحوار مستمر.", 2),
        ("عاد الهدوء إلى المدينة؛ وفتحت الأسواق أبوابها.", 1),
        ("وقعت الهجمات في 2014. ثم تراجعت في 2017.", 2),
    ],
)
def test_ar_orthography_sentences(extractor, text: str, n_sentences: int) -> None:  # type: ignore[no-untyped-def]
    assert len(extractor.nlp("ar")(text).spans["kgraph_sentences"]) == n_sentences


@pytest.mark.parametrize("text", ["قال: «نعمل مع الحكومة العراقية».", "قال إن «الأمن تحسن في 2019»."])
def test_ar_orthography_full_stop_after_quote_is_its_own_token(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = extractor.nlp("ar")(text)
    first = doc.spans["kgraph_sentences"][0]
    assert first[-1].text == "." and first[-2].text == "»"


def test_ar_orthography_parentheses_inside_a_name(extractor) -> None:  # type: ignore[no-untyped-def]
    assert "cjtf_oir" in _keys(extractor, "تواصل عملية (العزم الصلب) مهامها في المنطقة.")
