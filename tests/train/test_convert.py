"""Annotations → Doc/DocBin with the runtime tokenizer and pre-model steps (kgraph.train.convert, .reader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.ingest.normalize import fold
from kgraph.train.convert import PreModel, clean_with_offsets, convert, to_docbin
from kgraph.train.corpus import Annotation, Mention
from kgraph.train.reader import PreAnnotatedCorpus, predicted_doc


@pytest.fixture(scope="module")
def pre_models() -> dict[str, PreModel]:
    return {"ar": PreModel("ar"), "en": PreModel("en")}


def _annotation(text: str, lang: str, *mentions: tuple[str, int, str]) -> Annotation:
    """mentions: (surface, occurrence, label); offsets found in the text."""
    found = []
    for surface, nth, label in mentions:
        start = -1
        for _ in range(nth + 1):
            start = text.index(surface, start + 1)
        found.append(Mention(start, start + len(surface), label))
    return Annotation(path=Path(f"{lang}-test.json"), doc_id=f"{lang}-test", lang=lang, source="t", sha256="",
                      text=text, mentions=tuple(sorted(found, key=lambda m: m.start)))


def _ents(converted) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(e.text, e.label_) for e in converted.doc.ents]


@pytest.mark.parametrize(("text", "lang", "mentions", "ents", "issues"), [
    # a word with proclitics annotated whole: on token boundaries, nothing to report
    ("وأكد أن وللتحالف دورا كبيرا.", "ar", [("وللتحالف", 0, "ORG")], [("وللتحالف", "ORG")], []),
    ("قال إن بداعش صلة.", "ar", [("بداعش", 0, "ORG")], [("بداعش", "ORG")], []),
    # a span cut inside a clitic-carrying word: widened to the whole token, reported
    ("وقال إن والتحالف قوي.", "ar", [("التحالف", 0, "ORG")], [("والتحالف", "ORG")], ["expanded"]),
    # guillemets glued to a proclitic are split by kgraph's tokenizer: exact
    ("وانضم لـ«داعش» مقاتلون.", "ar", [("داعش", 0, "ORG"), ("مقاتلون", 0, "GRP")],
     [("داعش", "ORG"), ("مقاتلون", "GRP")], []),
    ("CENTCOM's forces struck ISIS near Raqqa.", "en",
     [("CENTCOM", 0, "ORG"), ("ISIS", 0, "ORG"), ("Raqqa", 0, "LOC")],
     [("CENTCOM", "ORG"), ("ISIS", "ORG"), ("Raqqa", "LOC")], []),
    # REF is not a model label
    ("We support the Iraqi Security Forces.", "en", [("We", 0, "REF"), ("Iraqi Security Forces", 0, "ORG")],
     [("Iraqi Security Forces", "ORG")], []),
    # two mentions inside one token: the second cannot be placed once the first is widened
    ("جيشوشرطة المدينة", "ar", [("جيش", 0, "ORG"), ("شرطة", 0, "ORG")], [("جيشوشرطة", "ORG")],
     ["expanded", "overlap"]),
    # a span over white space only
    ("Mosul  and Erbil", "en", [(" ", 1, "LOC"), ("Erbil", 0, "LOC")], [("Erbil", "LOC")], ["unaligned"]),
])
def test_convert_aligns_spans_to_tokens(pre_models, text: str, lang: str, mentions, ents, issues) -> None:  # type: ignore[no-untyped-def]
    converted = convert(_annotation(text, lang, *mentions), pre_models[lang])
    assert _ents(converted) == ents
    assert [i.kind for i in converted.issues] == issues
    assert converted.mentions == sum(1 for m in mentions if m[2] != "REF")


def test_convert_every_other_token_is_outside(pre_models) -> None:  # type: ignore[no-untyped-def]
    converted = convert(_annotation("The Lake Council met civilians.", "en", ("Lake Council", 0, "ORG")),
                        pre_models["en"])
    assert [t.ent_iob_ for t in converted.doc] == ["O", "B", "I", "O", "O", "O"]
    assert converted.words == 6


@pytest.mark.parametrize(("lang", "text"), [
    ("ar", "أعلنت الإدارةُ الأمريكية دعمها لقوّات «سوريا الديمقراطية»، وقال المتحدث: «نحن ملتزمون»."),
    ("en", "The U.S. Embassy in Baghdad said: \"ISIS can't hold Raqqa.\" We don't doubt it, Maj. Gen. Lee added."),
])
def test_convert_pre_model_is_what_the_runtime_pipeline_gives_the_model(pre_models, lang: str, text: str) -> None:  # type: ignore[no-untyped-def]
    from kgraph.extract import load_pipeline

    doc = pre_models[lang](text)
    runtime = load_pipeline(lang)(text)
    assert [t.text for t in doc] == [t.text for t in runtime]
    assert [t.norm_ for t in doc] == [t.norm_ for t in runtime] == [fold(t.text) for t in doc]


@pytest.mark.parametrize(("raw", "surface"), [
    ("Troops\u200f of the River\u200b Guard\r\nleft Salt Town.", "Salt Town"),
    ("قال\u200f المتحدث\r\nإن حرس النهر انسحب.", "حرس النهر"),
    ("plain text with Salt Town", "Salt Town"),
])
def test_convert_offsets_survive_text_cleaning(pre_models, raw: str, surface: str) -> None:  # type: ignore[no-untyped-def]
    cleaned, offsets = clean_with_offsets(raw)
    assert "\u200f" not in cleaned and "\r" not in cleaned
    assert all(raw[o] == c or c == "\n" for c, o in zip(cleaned, offsets, strict=True))
    lang = "ar" if "ق" in raw else "en"
    converted = convert(_annotation(raw, lang, (surface, 0, "ORG")), pre_models[lang])
    assert _ents(converted) == [(surface, "ORG")] and not converted.issues


def test_convert_docbin_keeps_norms_and_entities(tmp_path: Path, pre_models) -> None:  # type: ignore[no-untyped-def]
    import spacy

    converted = convert(_annotation("أعلن حرس النهر انسحابه من بلدة الملح.", "ar", ("حرس النهر", 0, "ORG"),
                                    ("بلدة الملح", 0, "LOC")), pre_models["ar"])
    to_docbin([converted.doc]).to_disk(tmp_path / "x.spacy")
    nlp = spacy.blank("ar")
    [example] = list(PreAnnotatedCorpus(tmp_path / "x.spacy")(nlp))
    assert [t.norm_ for t in example.reference] == [t.norm_ for t in converted.doc]
    assert [t.norm_ for t in example.predicted] == [t.norm_ for t in converted.doc]
    assert [t.text for t in example.predicted] == [t.text for t in converted.doc]
    assert [(e.text, e.label_) for e in example.reference.ents] == [("حرس النهر", "ORG"), ("بلدة الملح", "LOC")]
    assert not example.predicted.has_annotation("ENT_IOB")
    assert predicted_doc(converted.doc).text == converted.doc.text
    assert list(PreAnnotatedCorpus(None)(nlp)) == []
