"""Arabic actors outside the gazetteer: titled persons, surnames, organisations, meetings, facilities, places."""

from __future__ import annotations

import pytest

from kgraph.ingest import make_document


def _mentions(extractor, text: str):  # type: ignore[no-untyped-def]
    return extractor.extract(make_document(text, source="t", lang="ar")).mentions


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("وقال المتحدث باسم التحالف الدولي العقيد كريم الساعدي، إن العمليات مستمرة.", "كريم الساعدي"),
        ("وقال رئيس أركان قوة المهام المشتركة بقيادة التحالف الدولي ضد داعش جيمس ويلسون، إن الوضع مستقر.",
         "جيمس ويلسون"),
        ("التقى وزير الخارجية العراقي سالم الدليمي نظيره الفرنسي في باريس.", "سالم الدليمي"),
        ("أكد السفير الأمريكي في بغداد دانيال هاريس أن بلاده تدعم العراق.", "دانيال هاريس"),
        ("صرح اللواء ماجد الزبيدي بأن الوضع الأمني مستقر.", "ماجد الزبيدي"),
        ("صرّح الفريق روبرت ج. ميلر القائد العام للقوة بأن المهمة مستمرة.", "روبرت ج. ميلر"),
    ],
)
def test_ar_actors_person_after_title_chain(extractor, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    persons = [m.name for m in _mentions(extractor, text) if m.cls == "Person"]
    assert persons == [name]


@pytest.mark.parametrize(
    "text",
    [
        "وقال المتحدث إن المعركة استمرت نحو ساعتين قبل انسحاب المهاجمين.",
        "وأوضح المتحدث أن التحالف ينسق مع الحكومة العراقية في جميع أنشطته، مشيراً إلى التقدم.",
        "ولم يحدد العقيد موعداً لانتهاء المهمة.",
        "ناقش رئيس حكومة المنطقة خطة الإعمار.",
        "وقال مدير استخبارات الشرطة الوطنية إن التحقيق مستمر.",
    ],
)
def test_ar_actors_no_person_from_ordinary_words(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [m.name for m in _mentions(extractor, text) if m.cls == "Person"] == []


def test_ar_actors_surname_is_the_same_person(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "وقال المتحدث باسم التحالف الدولي العقيد مايكل تورنر، إن العمليات مستمرة.\nوأضاف تورنر أن الدعم مستمر."
    persons = [m for m in _mentions(extractor, text) if m.cls == "Person"]
    assert [m.name for m in persons] == ["مايكل تورنر", "مايكل تورنر"]
    assert persons[1].text == "تورنر"


@pytest.mark.parametrize(
    ("text", "name", "cls"),
    [
        ("أعلنت وزارة الدفاع البريطانية إرسال مدربين.", "وزارة الدفاع البريطانية", "Organization"),
        ("أصدرت هيئة النزاهة الاتحادية بياناً.", "هيئة النزاهة الاتحادية", "Organization"),
        ("وقع الانفجار في بلدة الرشاد جنوب المدينة.", "بلدة الرشاد", "Place"),
        ("نقل المعتقلون إلى سجن الرصافة.", "سجن الرصافة", "Facility"),
        ("يهدد التنظيم السجون في المنطقة.", "السجون", "Facility"),
        ("ركز الاجتماع الوزاري على الاستقرار.", "الاجتماع الوزاري", "Meeting"),
        ("انطلق مؤتمر دولي لإعادة الإعمار.", "مؤتمر دولي", "Meeting"),
    ],
)
def test_ar_actors_head_noun_phrases(extractor, text: str, name: str, cls: str) -> None:  # type: ignore[no-untyped-def]
    assert (name, cls) in {(m.name, m.cls) for m in _mentions(extractor, text)}


def test_ar_actors_press_conference_is_a_meeting(extractor) -> None:  # type: ignore[no-untyped-def]
    # corpus/README.md ruling (2026-12-02): press conferences, briefings and calls are MEET
    ms = _mentions(extractor, "وقال الوزير في مؤتمر صحفي إن الوضع مستقر.")
    assert ("مؤتمر صحفي", "Meeting") in {(m.name, m.cls) for m in ms}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("اعتقلت القوات عناصر في مخيم الهول قرب الحسكة.", {"al_hol_camp", "hasakah"}),
        ("وصل الوفد إلى الموصل في محافظة نينوى.", {"mosul", "nineveh"}),
    ],
)
def test_ar_actors_places_and_camps(extractor, text: str, places: set[str]) -> None:  # type: ignore[no-untyped-def]
    keys = {m.key for m in _mentions(extractor, text)}
    assert places <= keys


def test_ar_actors_anaphor_is_the_last_armed_group(extractor) -> None:  # type: ignore[no-untyped-def]
    text = "هاجم تنظيم داعش قرية نائية.\nوقالت القوات الأمنية العراقية إنها تلاحق التنظيم الإرهابي."
    anaphors = [m for m in _mentions(extractor, text) if m.rule == "ar.anaphor"]
    assert [m.key for m in anaphors] == ["isis"]


def test_ar_actors_head_with_prepositional_phrase_is_not_a_name(extractor) -> None:  # type: ignore[no-untyped-def]
    ms = _mentions(extractor, "استهدف هجوم انتحاري قاعدة للشرطة في المدينة.")
    # the rules make no name of it (a generic facility the mention model finds is a mention, corpus/README.md)
    assert all(m.cls != "Facility" for m in ms if m.rule != "model")
    assert all(m.name != "قاعدة للشرطة في المدينة" for m in ms)


def test_ar_actors_quoted_group_name_is_one_organisation(extractor) -> None:  # type: ignore[no-untyped-def]
    ms = _mentions(extractor, "قصفت الطائرات موقعاً لـ«كتائب نينوى الحرة» شمال المدينة.")
    assert ("كتائب نينوى الحرة", "ArmedGroup") in {(m.name, m.cls) for m in ms}
    assert "nineveh" not in {m.key for m in ms}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("نقلت العائلات إلى الهول.", "al_hol_camp"),
        ("وصلت التعزيزات إلى الحسكة.", "hasakah"),
        ("انطلقت القوات من الموصل.", "mosul"),
        ("وقع الانفجار قرب الرقة.", "raqqa"),
    ],
)
def test_ar_actors_places_after_prepositions(extractor, text: str, key: str) -> None:  # type: ignore[no-untyped-def]
    assert key in {m.key for m in _mentions(extractor, text)}


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("وشارك وزير الخارجية العراقي سالم الدليمي في الاجتماع.", ("slm_aldlymy", "memberOf", "iraqi_government")),
        ("وقال السفير الأمريكي في بغداد دانيال هاريس إن الدعم مستمر.", ("danyal_haris", "memberOf", "united_states")),
    ],
)
def test_ar_actors_post_in_the_government_of_a_nationality(extract_triples, text: str,  # type: ignore[no-untyped-def]
                                                           triple: tuple[str, str, str]) -> None:
    found = extract_triples(text, "ar")
    assert any(p == triple[1] and o == triple[2] for _s, p, o in found)
