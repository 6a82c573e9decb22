"""Issue 19: the Arabic pipeline adopts the trained mention model's spans (lang/ar/rules.py ``model_mentions``).

The model is replaced here by a component that hands fixed spans to the rules, so what is tested is the
adoption (checks, names, links), not the model's predictions."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kgraph.extract import load_pipeline
from kgraph.resolve import identity_name

_GIVEN: list[tuple[str, str]] = []


@Language.component("test_fixed_model_spans")
def _fixed_model_spans(doc: Doc) -> Doc:
    spans = []
    for phrase, label in _GIVEN:
        start = doc.text.find(phrase)
        span = doc.char_span(start, start + len(phrase), label=label)
        assert span is not None, phrase
        spans.append(span)
    doc.spans["kgraph_model_mentions"] = spans
    return doc


def _adopted(text: str, given: list[tuple[str, str]]) -> set[tuple[str, str, str | None]]:
    nlp = load_pipeline("ar")
    nlp.replace_pipe("kgraph_mention_model", "test_fixed_model_spans")
    _GIVEN[:] = given
    try:
        doc = nlp(text)
    finally:
        _GIVEN.clear()
    return {(m.name, m.cls, m.key) for m in doc._.kgraph_mentions if m.rule == "model"}


def test_ar_model_mentions_pipeline_has_the_shipped_model() -> None:
    assert "kgraph_mention_model" in load_pipeline("ar").pipe_names


@pytest.mark.parametrize(("text", "given", "expected"), [
    # proclitics before the article and before an indefinite head are not part of the name
    ("ونقلت القوات المحلية المعتقلين إلى مرافق احتجاز جديدة وللقوات الخاصة دور.",
     [("مرافق احتجاز جديدة", "FAC"), ("وللقوات الخاصة", "ORG")],
     {("مرافق احتجاز جديدة", "Facility", None), ("القوات الخاصة", "Organization", None)}),
])
def test_ar_model_mentions_named_and_linked(text: str, given: list[tuple[str, str]],
                                            expected: set[tuple[str, str, str | None]]) -> None:
    assert _adopted(text, given) >= expected


@pytest.mark.parametrize(("text", "given"), [
    ("نستمر في العمل مع الشركاء.", [("نستمر", "PER")]),                        # a verb
    ("وكانت الرسالة واضحة للجميع.", [("واضحة", "ORG")]),                       # an adjective, no name
    ("وأوضح المتحدث أن العمليات مستمرة.", [("المتحدث", "PER")]),                # a bare post: an anaphor
    ("وقال إن شركائنا يواصلون العمل.", [("شركائنا", "ORG")]),                   # first person: the speaker's
    ("وشنت القوات هجوما على القرية.", [("هجوما", "EVT")]),                       # events are the attack rules'
    ("By continuing to browse you accept cookies and more.", [("cookies", "GRP")]),  # site furniture
    ("وأشاد بدور التحالف الدولي في المعركة.", [("التحالف الدولي", "ORG")]),      # the gazetteer's already
])
def test_ar_model_mentions_dropped(text: str, given: list[tuple[str, str]]) -> None:
    assert _adopted(text, given) == set()


def test_ar_model_mentions_title_of_a_named_person_is_no_person() -> None:
    text = "أكد السفير الأمريكي في بغداد دانيال هاريس أن بلاده تدعم العراق."
    assert _adopted(text, [("السفير الأمريكي", "PER"), ("دانيال هاريس", "PER")]) == set()


def test_ar_model_mentions_definite_and_indefinite_are_one_node() -> None:
    assert identity_name("القوات العراقية") == identity_name("قوات عراقية")
    assert identity_name("القوات العراقية") != identity_name("القوات الأمريكية")
