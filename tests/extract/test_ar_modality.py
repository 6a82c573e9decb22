"""Arabic negation and modality: negated or hedged assertions make no fact."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("لن يدعم التحالف الدولي قوات الحشد الشعبي.", ("coalition", "supports", "pmf")),
        ("لم يهاجم تنظيم داعش قوات البيشمركة.", ("isis", "attacks", "peshmerga")),
        ("التحالف الدولي لا يدعم قوات الحشد الشعبي.", ("coalition", "supports", "pmf")),
        ("ربما يهاجم تنظيم داعش قوات البيشمركة.", ("isis", "attacks", "peshmerga")),
        ("قد يهاجم تنظيم داعش قوات البيشمركة.", ("isis", "attacks", "peshmerga")),
        ("من المتوقع أن يهاجم تنظيم داعش قوات البيشمركة.", ("isis", "attacks", "peshmerga")),
        ("ونفى المتحدث باسم الحكومة العراقية سعد الحديثي، أن «الحكومة العراقية تدعم قوات الحشد الشعبي».",
         ("iraqi_government", "supports", "pmf")),
    ],
)
def test_ar_modality_flagged_not_a_fact(extract_triples, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple not in extract_triples(text, "ar")
    assert triple in extract_triples(text, "ar", include_flagged=True)


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        # double negation: "this does not mean that it will not" → it will
        ("هذا لا يعني أنه لن يهاجم تنظيم داعش قوات البيشمركة.", ("isis", "attacks", "peshmerga")),
        # قد before a past verb is not a hedge
        ("وكان تنظيم داعش قد سيطر على الرقة.", ("isis", "controls", "raqqa")),
        # لا يزال = still
        ("تنظيم داعش لا يزال يهدد مخيم الهول.", ("isis", "threatens", "al_hol_camp")),
        ("ما زالت قوات سوريا الديمقراطية تواصل الضغط على داعش.", ("sdf", "opposes", "isis")),
    ],
)
def test_ar_modality_not_negated(extract_triples, text: str, triple: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert triple in extract_triples(text, "ar")


def test_ar_modality_boilerplate_yields_nothing(extractor) -> None:  # type: ignore[no-untyped-def]
    from kgraph.ingest import make_document

    furniture = ("تنويه: جميع المقالات تمثل رأي كتابها والتحالف الدولي يدعم داعش\n"
                 "اقرأ المزيد عن التحالف الدولي والحكومة العراقية\n"
                 "By continuing to use the site, you agree to the use of cookies.")
    doc = make_document("يدعم التحالف الدولي القوات الأمنية العراقية.\n" + furniture, source="t", lang="ar")
    ex = extractor.extract(doc)
    body_end = doc.text.index("\n")
    assert all(m.start < body_end for m in ex.mentions)
    assert all(r.sent_start < body_end for r in ex.relations)


@pytest.mark.parametrize(
    ("text", "fact", "not_fact"),
    [
        ("ولا تزال تركيا تهدد بشن عملية عسكرية ضد قوات سوريا الديمقراطية.",
         ("turkey", "threatens", "sdf"), ("turkey", "opposes", "sdf")),
    ],
)
def test_ar_modality_threatened_act_is_not_a_fact(extract_triples, text: str, fact: tuple[str, str, str],  # type: ignore[no-untyped-def]
                                                  not_fact: tuple[str, str, str]) -> None:
    found = extract_triples(text, "ar")
    assert fact in found
    assert not_fact not in found
