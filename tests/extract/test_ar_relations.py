"""Arabic relations for the ten properties, verbal (VSO and SVO) and nominal, with the right direction."""

from __future__ import annotations

import pytest

MEETING = "الاجتماع الوزاري"


def _meeting_id(extract_triples, text: str) -> str:  # type: ignore[no-untyped-def]
    return next(o for _s, p, o in extract_triples(text, "ar") if p == "participatesIn")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # supports
        ("يدعم التحالف الدولي قوات سوريا الديمقراطية في شرق الفرات.", ("coalition", "supports", "sdf")),
        ("التحالف الدولي يدعم القوات الأمنية العراقية منذ سنوات.", ("coalition", "supports", "iraqi_security_forces")),
        ("أكد التحالف الدولي استمرار تقديم الدعم لقوات البيشمركة.", ("coalition", "supports", "peshmerga")),
        ("قال التحالف الدولي إنه يواصل التنسيق مع الحكومة العراقية.", ("coalition", "supports", "iraqi_government")),
        ("أشاد التحالف الدولي بالقوات الأمنية العراقية.", ("coalition", "praises", "iraqi_security_forces")),
        # opposes
        ("هاجم تنظيم داعش مواقع لقوات البيشمركة.", ("isis", "attacks", "peshmerga")),
        ("قوات سوريا الديمقراطية تواصل الضغط على داعش في ريف دير الزور.", ("sdf", "opposes", "isis")),
        ("أدانت الحكومة العراقية هجمات تنظيم داعش.", ("iraqi_government", "condemns", "isis")),
        ("اعتقلت قوات سوريا الديمقراطية عناصر من تنظيم داعش.", ("sdf", "detains", "isis")),
        ("تدين الحكومة العراقية الهجوم الدامي على قوات البيشمركة الذي نفذه تنظيم داعش.",
         ("isis", "attacks", "peshmerga")),
        # threatens
        ("يهدد تنظيم داعش مخيم الهول.", ("isis", "threatens", "al_hol_camp")),
        ("وقال إن داعش سيستمر في التخطيط لهجمات ضد السجون.", ("isis", "threatens", "سجون")),
        # meets
        ("التقى رئيس الوزراء حيدر العبادي قائد قوات سوريا الديمقراطية مظلوم عبدي في بغداد.",
         ("haider_al_abadi", "meets", "mazloum_abdi")),
        # requests
        ("طلبت الحكومة العراقية من التحالف الدولي مواصلة التدريب.", ("iraqi_government", "requests", "coalition")),
        ("بدعوة من الحكومة العراقية، يواصل التحالف الدولي مهمته.", ("iraqi_government", "requests", "coalition")),
        # controls
        ("باتت القوات الأمنية العراقية تسيطر الآن على الموصل.", ("iraqi_security_forces", "controls", "mosul")),
        ("وكان تنظيم داعش قد سيطر على الرقة عام 2014.", ("isis", "controls", "raqqa")),
        # leads / memberOf from titles
        ("قوة المهام المشتركة بقيادة التحالف الدولي تعمل في العراق.", ("coalition", "leads", "cjtf_oir")),
        ("وقال المتحدث باسم التحالف الدولي العقيد كريم الساعدي، إن الدعم مستمر.",
         ("krym_alsaedy", "memberOf", "coalition")),
        # memberOf (nominal)
        ("والعراق عضو في التحالف الدولي منذ تأسيسه.", ("iraq", "memberOf", "coalition")),
    ],
)
def test_ar_relations_found(extract_triples, text: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples(text, "ar")
    if expected[0] == "krym_alsaedy":
        assert any(p == "memberOf" and o == "coalition" for _s, p, o in found)
    elif expected[2] == "سجون":
        assert any(s == "isis" and p == "threatens" for s, p, _o in found)
    else:
        assert expected in found


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # direction: VSO and SVO both keep the agent as subject
        ("يدعم التحالف الدولي قوات سوريا الديمقراطية.", ("sdf", "supports", "coalition")),
        ("هاجم تنظيم داعش مواقع لقوات البيشمركة.", ("peshmerga", "attacks", "isis")),
        # a genitive is not the subject: the fighters of ISIS do not support anyone here
        ("كشف التحالف الدولي عن تراجع أعداد مقاتلي تنظيم داعش، مؤكداً التعاون مع القوات العراقية.",
         ("isis", "supports", "iraqi_security_forces")),
        # a place is not an actor that is opposed, nor an opposer
        ("ركز الاجتماع الذي عقد في المغرب على هزيمة داعش.", ("morocco", "opposes", "isis")),
        ("يبقى التنظيم خارج العراق بعد الهزيمة.", ("isis", "opposes", "iraq")),
        # a demonstrative object is no object
        ("ما دامت الحكومة العراقية تطلب ذلك، سنبقى لهزيمة داعش.", ("iraqi_government", "requests", "isis")),
        # "considering it a threat": the pronoun's referent, not the clause subject, is the threat
        ("ستواصل الولايات المتحدة دعم العراق في القضاء على الإرهاب باعتباره تهديداً للعراق.",
         ("united_states", "threatens", "iraq")),
    ],
)
def test_ar_relations_not_found(extract_triples, text: str, wrong: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert wrong not in extract_triples(text, "ar", include_flagged=True)


def test_ar_relations_meeting_located_and_participants(extract_triples) -> None:  # type: ignore[no-untyped-def]
    text = "عقد اجتماع وزاري للتحالف الدولي في الرباط.\nوشارك وزير الخارجية العراقي سالم الدليمي في الاجتماع."
    found = extract_triples(text, "ar")
    meeting = {o for s, p, o in found if p == "participatesIn" and s == "coalition"}
    assert len(meeting) == 1
    m = meeting.pop()
    assert (m, "locatedIn", "rabat") in found
    assert any(p == "participatesIn" and o == m and s not in ("coalition",) for s, p, o in found)


def test_ar_relations_meeting_held_in_place(extract_triples) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples("وأكد أن الاجتماع الوزاري الذي عقد مؤخراً في المغرب كان ناجحاً.", "ar")
    assert any(p == "locatedIn" and o == "morocco" for _s, p, o in found)


def test_ar_relations_place_in_province(extract_triples) -> None:  # type: ignore[no-untyped-def]
    assert ("hawija", "locatedIn", "kirkuk_province") in extract_triples(
        "وقع الهجوم قرب الحويجة في محافظة كركوك.", "ar")


def test_ar_relations_invitation_targets_every_coordinated_subject(extract_triples) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples("وبدعوة من حكومة العراق، ستستمر الولايات المتحدة والتحالف الدولي في مهمتهما.", "ar")
    assert {("iraqi_government", "requests", "united_states"), ("iraqi_government", "requests", "coalition")} <= found


@pytest.mark.parametrize(
    "text",
    [
        "استقبل رئيس الوزراء حيدر العبادي، قائد قوات سوريا الديمقراطية مظلوم عبدي في بغداد.",
        "التقى رئيس الوزراء حيدر العبادي قائد قوات سوريا الديمقراطية مظلوم عبدي.",
    ],
)
def test_ar_relations_meets_with_titles_and_comma(extract_triples, text: str) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples(text, "ar")
    assert any(p in ("meets", "hosts") and {s, o} == {"haider_al_abadi", "mazloum_abdi"} for s, p, o in found)
    assert not any(o == "sdf" and p in ("meets", "hosts") for _s, p, o in found)


def test_ar_relations_indirect_speech_his_forces_is_the_speakers_organisation(extract_triples) -> None:  # type: ignore[no-untyped-def]
    text = "وأكد قائد قوات سوريا الديمقراطية مظلوم عبدي أن قواته تنسق بشكل وثيق مع التحالف الدولي."
    found = extract_triples(text, "ar")
    assert ("sdf", "cooperatesWith", "coalition") in found
    assert ("mazloum_abdi", "leads", "sdf") in found


def test_ar_relations_resumptive_pronoun_keeps_the_subject(extract_triples) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples("خسر داعش معظم أراضيه، لكنه ما زال يشن هجمات على قوات البيشمركة.", "ar")
    assert ("isis", "attacks", "peshmerga") in found


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        ("أدانت وزارة الخارجية العراقية، الجمعة، الهجوم الذي شنه تنظيم داعش على سجن غويران.",
         ("isis", "attacks", "ghwayran_prison"), ("iraqi_ministry_of_foreign_affairs", "attacks", "isis")),
        ("أدانت وزارة الخارجية العراقية، الجمعة، الهجوم الذي شنه تنظيم داعش على سجن غويران.",
         ("iraqi_ministry_of_foreign_affairs", "condemns", "isis"), None),
        ("قال إن «العراق يقف مع قوات سوريا الديمقراطية، ويطالب التحالف الدولي بتكثيف الضربات ضد داعش».",
         ("iraq", "requests", "coalition"), ("coalition", "requests", "isis")),
    ],
)
def test_ar_relations_agents_and_complements(extract_triples, text: str, expected: tuple[str, str, str],  # type: ignore[no-untyped-def]
                                             wrong: tuple[str, str, str] | None) -> None:
    found = extract_triples(text, "ar", include_flagged=True)
    assert expected in found
    if wrong is not None:
        assert wrong not in found


@pytest.mark.parametrize(
    ("text", "expected", "wrong"),
    [
        ("وأدان الوزراء هجمات تنظيم داعش الأخيرة على المدنيين.", ("isis", "attacks", "civilians"), None),
        ("وأدانت الحكومة العراقية هجمات تنظيم داعش.", ("iraqi_government", "condemns", "isis"),
         ("iraqi_government", "attacks", "isis")),
    ],
)
def test_ar_relations_attack_noun_genitive_is_the_agent(extract_triples, text: str,  # type: ignore[no-untyped-def]
                                                        expected: tuple[str, str, str],
                                                        wrong: tuple[str, str, str] | None) -> None:
    found = extract_triples(text, "ar")
    assert expected in found
    if wrong is not None:
        assert wrong not in found


def test_ar_relations_relative_clause_subject_is_its_antecedent(extract_triples) -> None:  # type: ignore[no-untyped-def]
    text = "قال إن «إيران لا تزال تدعم بعض الفصائل المسلحة التي تهاجم القواعد التي تستضيف قوات التحالف الدولي»."
    found = extract_triples(text, "ar", include_flagged=True)
    assert not any(s == "iran" and p == "attacks" for s, p, _o in found)


def test_ar_relations_fronted_phrase_before_vso(extract_triples) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples("وفي سياق متصل أعلنت قوات سوريا الديمقراطية استمرار عملياتها ضد داعش.", "ar")
    assert ("sdf", "opposes", "isis") in found


def test_ar_relations_its_war_belongs_to_the_actor_named_before(extract_triples) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples("التحالف الدولي يدعم قوات سوريا الديمقراطية في حربها ضد داعش.", "ar")
    assert ("coalition", "supports", "sdf") in found
    assert ("sdf", "opposes", "isis") in found
    assert ("coalition", "opposes", "isis") not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("فرضت الولايات المتحدة عقوبات على قادة في تنظيم داعش.", ("united_states", "sanctions", "isis")),
        ("أعلنت قوات سوريا الديمقراطية اعتقال عناصر من تنظيم داعش.", ("sdf", "detains", "isis")),
        ("قال إن «داعش يشكل خطراً على مخيم الهول».", ("isis", "threatens", "al_hol_camp")),
        ("نفذ التحالف الدولي ضربات جوية ضد أهداف لداعش في سوريا.", ("coalition", "opposes", "isis")),
    ],
)
def test_ar_relations_more_triggers(extract_triples, text: str, expected: tuple[str, str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in extract_triples(text, "ar")


def test_ar_relations_in_danger_is_no_threat(extract_triples) -> None:  # type: ignore[no-untyped-def]
    found = extract_triples("قال إن «هيكلية داعش ما زالت في خطر».", "ar", include_flagged=True)
    assert not any(p == "threatens" for _s, p, _o in found)
