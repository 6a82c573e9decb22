"""The first extractor on sentences written for these tests (both languages)."""

from __future__ import annotations

import pytest

from kgraph.ingest import make_document


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The Coalition supports the Iraqi Security Forces.", "en",
         ("coalition", "supports", "iraqi_security_forces")),
        ("ISIS fighters attacked the SDF near Hasakah.", "en", ("isis", "attacks", "sdf")),
        ("The SDF was attacked by ISIS.", "en", ("isis", "attacks", "sdf")),
        ("ISIS threatens the al-Hol camp.", "en", ("isis", "threatens", "al_hol_camp")),
        ("يدعم التحالف الدولي القوات الأمنية العراقية في حربها.", "ar",
         ("coalition", "supports", "iraqi_security_forces")),
        ("وهاجم تنظيم داعش مواقع لقوات سوريا الديمقراطية.", "ar", ("isis", "attacks", "sdf")),
        ("تستمر القوات العراقية في الضغط على داعش.", "ar", ("iraqi_security_forces", "opposes", "isis")),
        ("قوة المهام المشتركة بقيادة التحالف الدولي تعمل في العراق.", "ar", ("coalition", "leads", "cjtf_oir")),
    ],
)
def test_pipeline_finds_relation(extract_triples, text: str, lang: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in extract_triples(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "triple"),
    [
        ("Coalition aircraft did not attack the SDF.", "en", ("coalition", "attacks", "sdf")),
        ("التحالف الدولي لن يدعم الحشد الشعبي.", "ar", ("coalition", "supports", "pmf")),
    ],
)
def test_pipeline_negated_relation_is_not_a_fact(extract_triples, text: str, lang: str,  # type: ignore[no-untyped-def]
                                                 triple: tuple[str, str, str]) -> None:
    assert triple not in extract_triples(text, lang)
    assert triple in extract_triples(text, lang, include_flagged=True)


def test_pipeline_clitics_resolve_to_gazetteer_actors(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = make_document("وقدم الدعم للتحالف وبالحكومة العراقية ولداعش.", source="t", lang="ar")
    keys = {m.key for m in extractor.extract(doc).mentions}
    assert {"coalition", "iraqi_government", "isis"} <= keys


def test_pipeline_speaker_and_first_person(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("وقال المتحدث باسم التحالف الدولي العقيد فارس الحمداني، إن «التحالف يدعم القوات العراقية».\n\n"
            "وأضاف، أن «قواتنا تواصل الضغط على داعش».")
    ex = extractor.extract(make_document(text, source="t", lang="ar"))
    rels = {(r.subject.key or r.subject.name, r.predicate, r.object.key or r.object.name): r for r in ex.relations}
    support = rels[("coalition", "supports", "iraqi_security_forces")]
    assert support.speaker is not None and support.speaker.name == "فارس الحمداني"
    pressure = rels[("coalition", "opposes", "isis")]
    assert pressure.speaker is not None and pressure.speaker.name == "فارس الحمداني"
    assert ("فارس الحمداني", "memberOf", "coalition") in rels


def test_pipeline_boilerplate_yields_nothing(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "By continuing to use the site, you agree to the use of cookies from ISIS and the Coalition."
    doc = make_document(text + "\nThe Coalition supports the SDF.", source="t", lang="en")
    ex = extractor.extract(doc)
    assert all(m.start >= len(text) for m in ex.mentions)


def test_pipeline_offsets_point_at_the_sentence(extractor) -> None:  # type: ignore[no-untyped-def]
    doc = make_document("Headline\n\nThe Coalition supports the SDF. ISIS threatens the SDF.", source="t", lang="en")
    for r in extractor.extract(doc).relations:
        assert doc.text[r.sent_start:r.sent_end] == r.evidence
        assert r.subject.text == doc.text[r.subject.start:r.subject.end]
