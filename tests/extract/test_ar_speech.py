"""Arabic reported speech: speakers, continued speakers, first person inside quotes."""

from __future__ import annotations

import pytest

from kgraph.ingest import make_document

INTRO = "وقال المتحدث باسم التحالف الدولي العقيد مايكل تورنر، إن «التحالف يدعم القوات العراقية»."


def _rels(extractor, text: str):  # type: ignore[no-untyped-def]
    ex = extractor.extract(make_document(text, source="t", lang="ar"))
    return {(r.subject.key or r.subject.name, r.predicate, r.object.key or r.object.name): r for r in ex.relations}


@pytest.mark.parametrize(
    ("follow", "triple"),
    [
        ("وأضاف، أن «قواتنا تواصل الضغط على داعش».", ("coalition", "opposes", "isis")),
        ("وأوضح تورنر، أن «دورنا هو تقديم الدعم للقوات الأمنية العراقية».",
         ("coalition", "supports", "iraqi_security_forces")),
        ("وتابع، أن «نحن هنا لهزيمة داعش».", ("coalition", "opposes", "isis")),
        ("وأكد أن «الحكومة العراقية تطلب من التحالف الاستمرار».", ("iraqi_government", "requests", "coalition")),
    ],
)
def test_ar_speech_continued_speaker_and_first_person(extractor, follow: str,  # type: ignore[no-untyped-def]
                                                      triple: tuple[str, str, str]) -> None:
    rels = _rels(extractor, INTRO + "\n" + follow)
    r = rels[triple]
    assert r.speaker is not None and r.speaker.name == "مايكل تورنر"


def test_ar_speech_intro_sentence_has_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    r = _rels(extractor, INTRO)[("coalition", "supports", "iraqi_security_forces")]
    assert r.speaker is not None and r.speaker.name == "مايكل تورنر"


def test_ar_speech_we_of_a_task_force_led_by_the_coalition(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("وقال رئيس أركان قوة المهام المشتركة بقيادة التحالف الدولي ضد داعش جيمس ويلسون، إن «التهديد قائم».\n"
            "وأضاف ويلسون، أن «دورنا مستمر في هزيمة داعش».")
    rels = _rels(extractor, text)
    assert ("coalition", "opposes", "isis") in rels
    assert ("جيمس ويلسون", "memberOf", "cjtf_oir") in rels


def test_ar_speech_narration_after_a_quote_has_no_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    text = INTRO + "\nوهاجم تنظيم داعش مواقع لقوات البيشمركة."
    r = _rels(extractor, text)[("isis", "attacks", "peshmerga")]
    assert r.speaker is None


def test_ar_speech_speaker_is_recorded_in_the_graph(extractor, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from kgraph.build import build_graph

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(INTRO + "\nوأضاف، أن «قواتنا تواصل الضغط على داعش».", encoding="utf-8")
    out = tmp_path / "out"
    build_graph([tmp_path / "in"], out=out)
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert "kg:assertedBy" in ttl


def test_ar_speech_quote_running_over_sentences_keeps_its_speaker(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("وقال المتحدث باسم التحالف الدولي العقيد مايكل تورنر: «العمليات مستمرة. "
            "والتحالف يدعم قوات البيشمركة في كل المناطق.»")
    r = _rels(extractor, text)[("coalition", "supports", "peshmerga")]
    assert r.speaker is not None and r.speaker.name == "مايكل تورنر"


@pytest.mark.parametrize(
    "text",
    [
        "وقال رئيس الوزراء حيدر العبادي، إن «القوات الأمنية العراقية تلاحق داعش».",
        "وقال رئيس الوزراء حيدر العبادي إن «القوات الأمنية العراقية تلاحق داعش».",
    ],
)
def test_ar_speech_known_person_after_title(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _rels(extractor, text)[("haider_al_abadi", "leads", "iraqi_government")]
    assert r.speaker is None
    doc = extractor.extract(make_document(text + "\nوأضاف أن «الحكومة العراقية تدعم القوات الأمنية العراقية».",
                                          source="t", lang="ar"))
    support = [x for x in doc.relations if x.predicate == "supports"]
    assert support and support[0].speaker is not None and support[0].speaker.key == "haider_al_abadi"


def test_ar_speech_we_of_an_ambassador_is_his_country(extractor) -> None:  # type: ignore[no-untyped-def]
    text = ("صرح السفير البريطاني لدى العراق جون مارتن، بأن التعاون مستمر.\n"
            "وقال مارتن إن «نحن نقدم التدريب للقوات العراقية».")
    rels = _rels(extractor, text)
    assert ("united_kingdom", "supports", "iraqi_security_forces") in rels


def test_ar_speech_single_word_after_title_chain_needs_a_boundary(extractor) -> None:  # type: ignore[no-untyped-def]
    ex = extractor.extract(make_document("وأشار إلى أن وزير الدفاع البريطاني سيزور بغداد قريباً.", source="t",
                                         lang="ar"))
    # "سيزور" is no one-word name; the post alone may be a person (corpus/README.md: a person named only by post)
    assert [m.name for m in ex.mentions if m.cls == "Person" and "سيزور" in m.text] == []
    assert all(m.name == "وزير الدفاع البريطاني" for m in ex.mentions if m.cls == "Person")


@pytest.mark.parametrize(
    "text",
    [
        "واعتقلت قوات سوريا الديمقراطية عناصر من داعش، بحسب بيان للتحالف الدولي.",
        "واعتقلت قوات سوريا الديمقراطية عناصر من داعش، وفقاً للتحالف الدولي.",
    ],
)
def test_ar_speech_according_to(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    r = _rels(extractor, text)[("sdf", "detains", "isis")]
    assert r.speaker is not None and r.speaker.key == "coalition"
