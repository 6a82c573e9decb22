from __future__ import annotations

import re

import pytest

from kgraph.model import Document, Extraction, Mention, Relation
from kgraph.resolve import full_name_match, mint_id, name_skeleton, resolve


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Brandon Parker", "brandon_parker"), ("براندون باركر", "brandwn_barkr"),
     ("  Dr. Jane  O'Neil ", "dr_jane_o_neil"),
     ("الجنرال أحمد", "aljnral_ahmd")],
)
def test_resolve_mint_id(name: str, expected: str) -> None:
    assert mint_id(name) == expected


@pytest.mark.parametrize("name", ["<script>", "🙂 🙂", "a b\tc", "؟؟", "x" * 300])
def test_resolve_mint_id_is_always_a_safe_local_name(name: str) -> None:
    assert re.fullmatch(r"[a-z0-9_]+", mint_id(name))


# ------------------------------------------------------------------ name skeletons
@pytest.mark.parametrize(
    ("arabic", "english"),
    [("براندون باركر", "Brandon Parker"), ("أنتوني بلينكن", "Antony Blinken"), ("أنتوني بلينكن", "Antony J. Blinken"),
     ("كولتون رايدر", "Colton Ryder"), ("ميغان أشفورد", "Megan Ashford"), ("ثامر الحسناوي", "Thamer al-Hasnawi"),
     ("دانيال ويتكومب", "Daniel Whitcombe"), ("جورج فيكتور", "George Victor")],
)
def test_resolve_name_skeleton_same_across_scripts(arabic: str, english: str) -> None:
    assert name_skeleton(arabic) == name_skeleton(english)
    assert full_name_match(name_skeleton(arabic), name_skeleton(english))


@pytest.mark.parametrize(
    ("a", "b"),
    [("براندون باركر", "John Parker"), ("Brandon Parker", "Brandon Walker"), ("علي حسن", "Ali Hassan"),
     ("Parker", "Brandon Parker"), ("سامر القيسي", "Samer Khalil")],
)
def test_resolve_full_name_match_refuses(a: str, b: str) -> None:
    # different first or last names, too short to be safe, or a bare surname
    assert not full_name_match(name_skeleton(a), name_skeleton(b))


# ------------------------------------------------------------------ identity over hand-made extractions
def _doc(doc_id: str, lang: str) -> Document:
    return Document(id=doc_id, text="-", lang=lang, source=f"{doc_id}.txt", content_hash=doc_id)


def _person(doc_id: str, name: str, lang: str, sentence: int = 0) -> Mention:
    return Mention(doc_id=doc_id, start=0, end=1, text=name, name=name, cls="Person", lang=lang,
                   sentence=sentence, key=None, rule="title")


def _org(doc_id: str, key: str, lang: str, sentence: int = 0, cls: str = "Military") -> Mention:
    return Mention(doc_id=doc_id, start=0, end=1, text=key, name=key, cls=cls, lang=lang, sentence=sentence, key=key)


def _rel(doc_id: str, s: Mention, p: str, o: Mention) -> Relation:
    return Relation(doc_id=doc_id, subject=s, predicate=p, object=o, sentence=s.sentence, sent_start=0, sent_end=1,
                    evidence="-", trigger="", rule="test")


def _extraction(doc_id: str, lang: str, name: str, org: str | None, *, near: tuple[str, ...] = ()) -> Extraction:
    """One document naming person ``name`` (with a post in ``org``, if given) next to actors ``near``."""
    person = _person(doc_id, name, lang)
    mentions = [person, *(_org(doc_id, k, lang, cls="ArmedGroup") for k in near)]
    relations = []
    if org is not None:
        o = _org(doc_id, org, lang)
        mentions.append(o)
        relations.append(_rel(doc_id, person, "memberOf", o))
    return Extraction(document=_doc(doc_id, lang), mentions=tuple(mentions), relations=tuple(relations))


@pytest.mark.parametrize(
    ("docs", "persons"),
    [
        # same person in both scripts, same organisation → one node
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ()), ("d2", "ar", "براندون باركر", "cjtf_oir", ())], 1),
        # organisation widened by the gazetteer's partOf: CJTF-OIR is part of the coalition
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ()), ("d2", "ar", "براندون باركر", "coalition", ())], 1),
        # no post on one side, but an actor named next to both → one node
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ("isis",)), ("d2", "ar", "براندون باركر", None, ("isis",))], 1),
        # same spelling of the name, posts in different organisations → two people
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ()), ("d2", "ar", "براندون باركر", "unami", ())], 2),
        # same surname and organisation, another first name → two people
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ()), ("d2", "ar", "جون باركر", "cjtf_oir", ())], 2),
        # same name, nothing in common around them → two nodes (conservative)
        ([("d1", "en", "Brandon Parker", None, ("isis",)), ("d2", "ar", "براندون باركر", None, ("pkk",))], 2),
        # a bare surname joins the one full name holding a post in the same organisation ...
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ()), ("d2", "ar", "باركر", "cjtf_oir", ())], 1),
        # ... but not when two people fit
        ([("d1", "en", "Brandon Parker", "cjtf_oir", ()), ("d3", "en", "Peter Parker", "cjtf_oir", ()),
          ("d2", "ar", "باركر", "cjtf_oir", ())], 3),
    ],
)
def test_resolve_persons_across_documents_and_scripts(extractor, docs, persons: int) -> None:  # type: ignore[no-untyped-def]
    exs = [_extraction(*d[:4], near=d[4]) for d in docs]
    corpus = resolve(exs, extractor.gazetteer)
    people = [a for a in corpus.actors.values() if a.cls == "Person"]
    assert len(people) == persons, [(a.id, a.labels) for a in people]
    # every join is recorded, and the record names both sides
    joined = len(docs) - persons
    assert len(corpus.merges) == joined
    for m in corpus.merges:
        assert m.actor in corpus.actors and m.rule and m.reason
        assert {lang for _, lang in m.names} <= {"ar", "en"} and len(m.names) == 2


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_resolve_does_not_depend_on_document_order(extractor, order: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    exs = [_extraction("d1", "en", "Brandon Parker", "cjtf_oir"), _extraction("d2", "ar", "براندون باركر", "cjtf_oir"),
           _extraction("d3", "ar", "باركر", "cjtf_oir")]
    reference = resolve(exs, extractor.gazetteer)
    corpus = resolve([exs[i] for i in order], extractor.gazetteer)
    assert corpus.actors == reference.actors
    assert corpus.merges == reference.merges
    assert sorted(map(repr, corpus.assertions)) == sorted(map(repr, reference.assertions))


def test_resolve_prefers_the_latin_id_and_keeps_both_labels(extractor) -> None:  # type: ignore[no-untyped-def]
    corpus = resolve([_extraction("d2", "ar", "براندون باركر", "cjtf_oir"),
                      _extraction("d1", "en", "Brandon Parker", "cjtf_oir")], extractor.gazetteer)
    actor = corpus.actors["brandon_parker"]
    assert actor.labels == {"ar": "براندون باركر", "en": "Brandon Parker"}
    assert actor.documents == {"d1", "d2"} and actor.mention_count == 2
    assert actor.merged_because == ("transliteration+organisation",)
    assert {a.subject for a in corpus.assertions} == {"brandon_parker"}


def test_resolve_never_joins_two_gazetteer_persons(extractor) -> None:  # type: ignore[no-untyped-def]
    gaz = extractor.gazetteer
    people = sorted(k for k, e in gaz.entries.items() if e.cls == "Person")[:2]
    exs = []
    for n, key in enumerate(people):
        m = Mention(doc_id=f"d{n}", start=0, end=1, text=key, name=key, cls="Person", lang="en", sentence=0, key=key)
        o = _org(f"d{n}", "cjtf_oir", "en")
        exs.append(Extraction(_doc(f"d{n}", "en"), (m, o), (_rel(f"d{n}", m, "memberOf", o),)))
    corpus = resolve(exs, gaz)
    assert set(people) <= set(corpus.actors) and not corpus.merges


# ------------------------------------------------------------------ one story in two languages (issue 5)
STORY_AR = "\n\n".join([
    "التحالف الدولي يعلن مقتل قياديين في داعش بغارة في الأنبار",
    "بغداد – قال المتحدث باسم قوة المهام المشتركة العقيد كولتون رايدر، يوم الخميس، إن طائرات التحالف الدولي"
    " نفذت غارة استهدفت مخبأ لتنظيم داعش في صحراء الأنبار.",
    "وأضاف رايدر أن التحالف الدولي يدعم القوات الأمنية العراقية في ملاحقة خلايا داعش.",
    "من جهته، قال المتحدث باسم قيادة العمليات المشتركة العميد ثامر الحسناوي، إن القوات الأمنية العراقية"
    " تقاتل داعش بدعم من التحالف الدولي.",
]) + "\n"

STORY_EN = "\n\n".join([
    "Coalition says strike in Anbar killed two ISIS leaders",
    "BAGHDAD — Col. Colton Ryder, spokesman for CJTF-OIR, said on Thursday that Coalition aircraft struck"
    " an ISIS hideout in the Anbar desert.",
    "Ryder said the Coalition supports the Iraqi Security Forces in hunting down ISIS cells.",
    "Brig. Gen. Thamer al-Hasnawi, spokesman for the Joint Operations Command, said the Iraqi Security Forces"
    " fight ISIS with Coalition support.",
]) + "\n"


def test_resolve_issue_5_one_node_per_actor_across_languages(articles, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from rdflib import RDFS, SKOS, Graph, Literal, Namespace

    from kgraph.build import build_graph

    folder = articles({"ar.txt": STORY_AR, "en.txt": STORY_EN})
    build_graph([folder], out=tmp_path / "out")
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    kg, kga = Namespace("https://w3id.org/kgraph/ns#"), Namespace("https://w3id.org/kgraph/actor/")
    # the two articles are one story in two languages (issue 14: a translation, counted once, two copies)
    assert len(set(g.subject_objects(kg.duplicateOf))) == 1
    # the gazetteer actors: one node each, named in both articles
    for key in ("coalition", "isis", "cjtf_oir", "iraqi_security_forces"):
        node = kga[key]
        assert int(g.value(node, kg.copyCount)) == 2, key
        assert int(g.value(node, kg.documentCount)) == 1, key
        assert {lit.language for lit in g.objects(node, RDFS.label)} == {"ar", "en"}, key
    # the surface forms of both articles are kept as labels
    alt = {(str(lit), lit.language) for key in ("cjtf_oir", "isis") for lit in g.objects(kga[key], SKOS.altLabel)}
    assert {("CJTF-OIR", "en"), ("قوة المهام المشتركة", "ar"), ("لتنظيم داعش", "ar")} <= alt
    # the two officials: one Person node each, labelled in both languages, with a merge record
    persons = set(g.subjects(predicate=None, object=kg.Person))
    assert persons == {kga.colton_ryder, kga.thamer_al_hasnawi}
    labels = {p: {lit.language: str(lit) for lit in g.objects(p, RDFS.label)} for p in persons}
    assert labels[kga.colton_ryder] == {"ar": "كولتون رايدر", "en": "Colton Ryder"}
    assert labels[kga.thamer_al_hasnawi] == {"ar": "ثامر الحسناوي", "en": "Thamer al-Hasnawi"}
    for p in persons:
        assert int(g.value(p, kg.copyCount)) == 2
        record = g.value(p, kg.identityEvidence)
        assert record is not None and g.value(record, kg.mergeRule) == Literal("transliteration+organisation")
        assert {lit.language for lit in g.objects(record, kg.mergedName)} == {"ar", "en"}
    # no node was minted from the Arabic spelling
    assert not any(str(s).endswith(("kwltwn_raydr", "thamr_alhsnawy")) for s in g.subjects())


PARKER_CJTF_EN = "Col. Brandon Parker, spokesman for CJTF-OIR, said the Coalition supports the Iraqi Security Forces."
PARKER_CJTF_AR = ("قال المتحدث باسم قوة المهام المشتركة العقيد براندون باركر، إن التحالف الدولي يدعم"
                  " القوات الأمنية العراقية.")
PARKER_UN_AR = ("قال المتحدث باسم بعثة الأمم المتحدة لمساعدة العراق براندون باركر، يوم الأحد، إن الحكومة"
                " العراقية تدعم النازحين.")
JOHN_PARKER_AR = ("قال المتحدث باسم قوة المهام المشتركة العقيد جون باركر، إن التحالف الدولي يدعم"
                  " القوات الأمنية العراقية.")


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ({"en.txt": PARKER_CJTF_EN, "ar.txt": PARKER_CJTF_AR}, {"brandon_parker"}),
        ({"en.txt": PARKER_CJTF_EN, "ar.txt": PARKER_UN_AR}, {"brandon_parker", "brandwn_barkr"}),
        ({"en.txt": PARKER_CJTF_EN, "ar.txt": JOHN_PARKER_AR}, {"brandon_parker", "jwn_barkr"}),
        ({"en.txt": PARKER_CJTF_EN, "un.txt": PARKER_UN_AR, "john.txt": JOHN_PARKER_AR},
         {"brandon_parker", "brandwn_barkr", "jwn_barkr"}),
    ],
)
def test_resolve_people_sharing_a_surname_stay_apart(articles, texts: dict[str, str],  # type: ignore[no-untyped-def]
                                                     expected: set[str]) -> None:
    from kgraph.build import build_graph

    corpus = build_graph([articles(texts)]).corpus
    assert {a.id for a in corpus.actors.values() if a.cls == "Person"} == expected
    # the CJTF-OIR spokesman is the only one tied to CJTF-OIR
    members = {a.subject for a in corpus.assertions if a.predicate == "memberOf" and a.object == "cjtf_oir"}
    assert "brandon_parker" in members and "brandwn_barkr" not in members


def test_resolve_discovered_meetings_are_one_node_per_document(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import kgraph

    for name, city in (("a.txt", "Rome"), ("b.txt", "Paris")):
        text = f"The foreign ministers of the Coalition met in {city}. The meeting was held in {city}."
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = kgraph.build_graph([tmp_path], lang="en")
    meetings = [a for a in result.corpus.actors.values() if a.cls == "Meeting"]
    places = {(a.subject, a.object) for a in result.corpus.assertions if a.predicate == "locatedIn"}
    assert len(meetings) == 2
    assert all(sum(1 for s, _ in places if s == m.id) == 1 for m in meetings)
