"""The Arabic analysis layer in the pipeline: lemmas, readings, and lemma triggers (kg:verb / kg:noun)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.errors import OntologyError
from kgraph.extract import load_pipeline
from kgraph.extract.lang.ar.analysis import LexiconAnalyser

_PREFIXES = """@prefix kg:  <https://w3id.org/kgraph/ns#> .
@prefix kgl: <https://w3id.org/kgraph/lexicon/> .
"""


def _lexicon(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "my-triggers.ttl"
    path.write_text(_PREFIXES + body, encoding="utf-8")
    return path


def _triggers(lexicon: Path, text: str) -> list[tuple[str, str, str]]:
    doc = load_pipeline("ar", lexicons=[str(lexicon)])(text)
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans["kgraph_triggers"] if s.kb_id_.startswith("my-")]


def test_ar_analysis_sets_lemmas_and_readings() -> None:
    doc = load_pipeline("ar")("وقال المتحدث إن التحالف سيواصل دعمه للقوات العراقية.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["وقال"] == "قال" and lemmas["للقوات"] == "قوه" and lemmas["دعمه"] == "دعم"
    reading = doc[0]._.kgraph_morph[0]
    assert (reading.proclitics, reading.stem, reading.key, reading.features) == (("و",), "قال", "قول/1:v",
                                                                                 "perfect.3ms")
    assert {r.key for r in doc[5]._.kgraph_morph} >= {"دعم/1:m"}


@pytest.mark.parametrize(("text", "match"), [
    ("كتبت الوزارة التقرير.", "كتبت"),
    ("وسيكتبونها غداً.", "وسيكتبونها"),
    ("بعد كتابتهم الرسالة.", "كتابتهم"),
    ("ويكتبان معاً.", "ويكتبان"),
])
def test_ar_analysis_one_lemma_entry_covers_every_inflection(tmp_path: Path, text: str, match: str) -> None:
    lexicon = _lexicon(tmp_path, 'kgl:my-writes a kg:Trigger ; kg:lang "ar" ; kg:property kg:supports ; '
                                 'kg:frame "active" ; kg:verb "كتب يكتب كتابة" .\n')
    assert [t[0] for t in _triggers(lexicon, text)] == [match]


def test_ar_analysis_frames_of_derivations(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, 'kgl:my-writes a kg:Trigger ; kg:lang "ar" ; kg:property kg:supports ; '
                                 'kg:frame "active" ; kg:masdarFrame "none" ; kg:participleFrame "active" ; '
                                 'kg:verb "كتب يكتب كتابة" .\n')
    assert _triggers(lexicon, "بعد الكتابة.") == []
    assert [t[0] for t in _triggers(lexicon, "كاتبين الرسالة.")] == ["كاتبين"]
    doc = load_pipeline("ar", lexicons=[str(lexicon)])("يكتب الكاتب.")
    assert [s.text for s in doc.spans["kgraph_triggers"] if s.kb_id_ == "my-writes"] == ["يكتب", "الكاتب"]


def test_ar_analysis_after_words_follow_a_lemma(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, 'kgl:my-flag a kg:Trigger ; kg:lang "ar" ; kg:property kg:controls ; '
                                 'kg:frame "active" ; kg:verb "رفع يرفع رفع" ; kg:after "العلم فوق" .\n')
    assert [t[0] for t in _triggers(lexicon, "ورفعت القوات العلم فوق المبنى.")] == []  # the subject between
    assert [t[0] for t in _triggers(lexicon, "رفعوا العلم فوق المبنى.")] == ["رفعوا العلم فوق"]
    assert [t[0] for t in _triggers(lexicon, "بعد رفع العلم فوق المبنى.")] == ["رفع العلم فوق"]
    assert _triggers(lexicon, "رفعت الحكومة الأسعار.") == []


def test_ar_analysis_nouns_definite_plural_and_with_pronouns(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, 'kgl:my-raid a kg:Trigger ; kg:lang "ar" ; kg:property kg:attacks ; '
                                 'kg:frame "nominal" ; kg:noun "مداهمة +ات" .\n')
    found = _triggers(lexicon, "نفذت القوات مداهمة ثم مداهماتها والمداهمات.")
    assert [t[0] for t in found] == ["مداهمة", "مداهماتها", "والمداهمات"]


def test_ar_analysis_no_verb_behind_a_preposition(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, 'kgl:my-abduct a kg:Trigger ; kg:lang "ar" ; kg:property kg:detains ; '
                                 'kg:frame "active" ; kg:masdarFrame "none" ; kg:verb "خطف يخطف خطف" .\n')
    assert _triggers(lexicon, "نددوا بخطف الرهائن ولخطف الصحفيين.") == []
    assert [t[0] for t in _triggers(lexicon, "وخطف المسلحون جنديين ولتخطف.")] == ["وخطف", "ولتخطف"]


def test_ar_analysis_unreadable_lemma_names_file_and_entry(tmp_path: Path) -> None:
    lexicon = _lexicon(tmp_path, 'kgl:my-bad a kg:Trigger ; kg:lang "ar" ; kg:property kg:supports ; '
                                 'kg:verb "قال يكتب" .\n')
    with pytest.raises(OntologyError, match=r"my-triggers.ttl: trigger my-bad: kg:verb 'قال يكتب'"):
        LexiconAnalyser((lexicon,))


@pytest.mark.parametrize(("body", "message"), [
    ('kg:verb "دعم" ; kg:masdarFrame "sideways"', "unknown masdarFrame"),
    ('kg:form "دعم" ; kg:after "مع"', "kg:after but no kg:verb"),
    ('kg:frame "active"', r"needs kg:lang, kg:property and kg:form \(or kg:verb"),
])
def test_ar_analysis_lemma_entries_are_validated(tmp_path: Path, body: str, message: str) -> None:
    from kgraph.gazetteer import load_triggers

    lexicon = _lexicon(tmp_path, f'kgl:my-x a kg:Trigger ; kg:lang "ar" ; kg:property kg:supports ; {body} .\n')
    with pytest.raises(OntologyError, match=message):
        load_triggers([lexicon])


def test_ar_analysis_lemmas_need_an_analyser(toy_language: object, tmp_path: Path) -> None:
    from kgraph.extract.components import Triggers

    lexicon = tmp_path / "zz.ttl"
    lexicon.write_text(_PREFIXES + 'kgl:zz-x a kg:Trigger ; kg:lang "zz" ; kg:property kg:supports ; '
                                   'kg:verb "blorp" .\n', encoding="utf-8")
    with pytest.raises(OntologyError, match="no morphological analyser"):
        Triggers("zz", [str(lexicon)])
