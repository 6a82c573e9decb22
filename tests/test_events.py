"""Event dates (kgraph.events) and event identity across documents and languages (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

from kgraph import build_graph
from kgraph.errors import LanguageDataError
from kgraph.events import DateWords, date_words, find_dates
from kgraph.graph.triples import FACTS_GRAPH
from kgraph.ontology import KG, KGA

DATA = Path(__file__).resolve().parent / "data" / "events"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ dates in the text
@pytest.mark.parametrize(("text", "lang", "report", "expected"), [
    ("The ministers met in Rome on Thursday.", "en", "2024-03-08", ["2024-03-07"]),  # a Friday report
    ("The ministers met in Rome on Friday.", "en", "2024-03-08", ["2024-03-08"]),
    ("They met last Friday.", "en", "2024-03-08", ["2024-03-01"]),
    ("They will meet next Monday.", "en", "2024-03-08", ["2024-03-11"]),
    ("Fighters attacked the camp yesterday.", "en", "2024-03-08", ["2024-03-07"]),
    ("The strike on 2 March 2024 killed two.", "en", None, ["2024-03-02"]),
    ("The strike on March 2, 2024 killed two.", "en", None, ["2024-03-02"]),
    ("The strike on March 2 killed two.", "en", "2024-03-08", ["2024-03-02"]),
    ("The talks of December 30 ended.", "en", "2024-01-02", ["2023-12-30"]),  # no year: the one before the report
    ("The talks on Thursday ended.", "en", None, []),  # relative, and no report date to resolve it against
    ("The group may attack again.", "en", "2024-03-08", []),
    ("عُقد الاجتماع يوم الثلاثاء الماضي في بغداد", "ar", "2024-03-08", ["2024-03-05"]),
    ("عُقد في الرباط، يوم الأربعاء، اجتماع وزاري", "ar", "2024-03-08", ["2024-03-06"]),
    ("هاجم مسلحون الموقع أمس", "ar", "2024-03-08", ["2024-03-07"]),
    ("وقع الهجوم في 3 آذار/مارس 2024", "ar", None, ["2024-03-03"]),
    ("وقع الهجوم في ٣ مارس ٢٠٢٤", "ar", None, ["2024-03-03"]),
    ("يعقد الاجتماع المقبل يوم الأحد المقبل", "ar", "2024-03-08", ["2024-03-10"]),
    ("يوم الخميس", "fr", "2024-03-08", []),  # a language without date words
])
def test_events_find_dates(text: str, lang: str, report: str | None, expected: list[str]) -> None:
    assert find_dates(text, lang, report) == expected


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_events_date_words_are_data(lang: str) -> None:
    words = date_words(lang)
    assert words is not None and len(set(words.weekdays.values())) == 7 and set(words.months.values()) == set(
        range(1, 13))


def test_events_bad_date_words_file_says_what_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "dates.json"
    path.write_text(json.dumps({"weekdays": {}}), encoding="utf-8")
    with pytest.raises(LanguageDataError, match="relative_days"):
        DateWords.from_file(path)


# ------------------------------------------------------------------ one meeting, two languages
@pytest.fixture(scope="module")
def baghdad() -> object:
    """Two reports of one meeting, written apart (Arabic, English), and a later meeting in the same city."""
    return build_graph(records=[
        {"text": _text("meeting-baghdad-en.txt"), "date": "2024-05-15", "url": "https://en.example/baghdad"},
        {"text": _text("meeting-baghdad-ar.txt"), "date": "2024-05-14", "url": "https://ar.example/baghdad"},
        {"text": _text("meeting-baghdad-later-en.txt"), "date": "2024-06-21", "url": "https://en.example/later"},
    ])


def _meetings(result: object) -> dict[str, object]:
    return {k: a for k, a in result.corpus.actors.items() if a.cls == "Meeting"}  # type: ignore[attr-defined]


def _participants(result: object, event: str) -> set[str]:
    return {f.subject for f in result.facts()  # type: ignore[attr-defined]
            if f.property == "participatesIn" and f.object == event}


def test_events_two_languages_one_meeting_with_both_participant_sets(baghdad: object) -> None:
    meetings = _meetings(baghdad)
    may = [k for k, a in meetings.items() if a.dates == ("2024-05-14",)]  # type: ignore[attr-defined]
    assert len(may) == 1, meetings
    node = meetings[may[0]]
    assert {"ar", "en"} <= set(node.labels)  # type: ignore[attr-defined]
    assert len(node.documents) == 2  # type: ignore[attr-defined]
    who = _participants(baghdad, may[0])
    assert {"coalition", "daniel_whitcombe"} <= who  # from the English report
    assert "shyar_aly" in who  # from the Arabic report
    located = {f.object for f in baghdad.facts() if f.subject == may[0] and f.property == "locatedIn"}  # type: ignore[attr-defined]
    assert located == {"baghdad"}


def test_events_same_city_other_day_stays_apart(baghdad: object) -> None:
    """Precision: the June meeting in Baghdad, with the same commander, is another meeting."""
    meetings = _meetings(baghdad)
    assert sorted(a.dates for a in meetings.values()) == [("2024-05-14",), ("2024-06-20",)]  # type: ignore[attr-defined]
    june = next(k for k, a in meetings.items() if a.dates == ("2024-06-20",))  # type: ignore[attr-defined]
    who = _participants(baghdad, june)
    assert "daniel_whitcombe" in who and "shyar_aly" not in who


def test_events_joins_are_explained_in_the_graph(baghdad: object) -> None:
    rules = {m.rule for m in baghdad.corpus.merges}  # type: ignore[attr-defined]
    assert "event:place+date" in rules
    ds = baghdad.dataset  # type: ignore[attr-defined]
    records = [(s, o) for s, _, o, _ in ds.quads((None, URIRef(KG + "identityEvidence"), None, None))
               if str(s).startswith(KGA + "ajtmaa") or "meeting" in str(s)]
    assert records
    reasons = {str(o) for _, _, o, _ in ds.quads((records[0][1], URIRef(KG + "reason"), None, None))}
    assert any("2024-05-14" in r and "baghdad" in r for r in reasons), reasons


def test_events_event_dates_apart_from_report_dates(baghdad: object) -> None:
    ds = baghdad.dataset  # type: ignore[attr-defined]
    event_days = {str(o) for _, _, o, _ in ds.quads((None, URIRef(KG + "eventDate"), None, None))}
    assert {"2024-05-14", "2024-06-20"} <= event_days
    # the English report of the May meeting is dated the 15th; the meeting's facts are dated the 14th
    fact = next(f for f in baghdad.facts() if f.property == "participatesIn" and f.subject == "coalition")  # type: ignore[attr-defined]
    assert (fact.first_date, fact.last_date) == ("2024-05-14", "2024-05-14")


def test_events_example_meetings_stay_apart() -> None:
    """Precision: the ministerials in Rome and in Rabat, the next one (in Baghdad, maybe) and a press
    conference stay apart: their places differ, or nothing else agrees."""
    result = build_graph([EXAMPLES])
    meetings = _meetings(result)
    assert len(meetings) == 5
    assert not [m for m in result.corpus.merges if m.rule.startswith("event:")]
    places = {f.subject: f.object for f in result.facts() if f.property == "locatedIn" and f.subject in meetings}
    assert sorted(places.values()) == ["rabat", "rome"]


# ------------------------------------------------------------------ N copies, one in the other language
ARTICLE = (EXAMPLES / "en-ministers-meeting.txt").read_text(encoding="utf-8")


def _facts_graph(result: object) -> Graph:
    g = Graph()
    for s, p, o in result.dataset.graph(URIRef(FACTS_GRAPH)):  # type: ignore[attr-defined]
        if str(p) != KG + "copyCount":
            g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def with_translation() -> tuple[object, object]:
    first = {"text": ARTICLE, "date": "2024-03-08", "url": "https://a.example/rome"}
    edited = ARTICLE.replace("to review the campaign", "to assess the campaign").replace(
        "told reporters after the session", "said after the session")
    alone = build_graph(records=[first])
    copies = build_graph(records=[
        first,
        {"text": ARTICLE, "date": "2024-03-08", "url": "https://mirror.example/rome"},
        {"text": edited, "date": "2024-03-09", "url": "https://wire.example/rome"},
        {"text": _text("ministers-rome-ar-translation.txt"), "date": "2024-03-08", "url": "https://ar.example/rome"},
    ])
    return alone, copies


def test_events_copies_and_a_translation_give_the_article_alone(with_translation: tuple[object, object]) -> None:
    alone, copies = with_translation
    assert set(copies.corpus.actors) == set(alone.corpus.actors)  # type: ignore[attr-defined]
    a, c = _facts_graph(alone), _facts_graph(copies)
    if not isomorphic(a, c):
        _, only_alone, only_copies = graph_diff(a, c)
        raise AssertionError(f"facts differ:\n{sorted(only_alone)[:6]}\n{sorted(only_copies)[:6]}")
    dup = copies.report["duplicates"]  # type: ignore[attr-defined]
    assert (dup["exact"], dup["near"], dup["translations"], dup["stories_copied"]) == (1, 1, 1, 1)
    # every fact the Arabic extractor also found was carried by all four copies; the others by three
    counts = {f.copies for f in copies.facts()}  # type: ignore[attr-defined]
    assert counts == {3, 4}
    four = {(f.subject, f.property, f.object) for f in copies.facts() if f.copies == 4}  # type: ignore[attr-defined]
    assert {("richard_calloway", "participatesIn", "meeting_in_rome_785e25de"),
            ("meeting_in_rome_785e25de", "locatedIn", "rome"), ("iraq", "memberOf", "coalition")} <= four


def test_events_translation_is_a_copy_of_the_earliest(with_translation: tuple[object, object]) -> None:
    _, copies = with_translation
    ds = copies.dataset  # type: ignore[attr-defined]
    methods = sorted(str(o) for _, _, o, _ in ds.quads((None, URIRef(KG + "duplicateMethod"), None, None)))
    assert methods == ["near", "translation"]
    similarity = [o for _, _, o, _ in ds.quads((None, URIRef(KG + "similarity"), None, None))]
    assert all(isinstance(o, Literal) and 0.5 <= float(o) <= 1 for o in similarity)


def test_events_two_languages_independent_reports_are_not_copies(baghdad: object) -> None:
    """Precision: two reports of one meeting written apart are one event but two stories."""
    assert baghdad.report["duplicates"]["translations"] == 0  # type: ignore[attr-defined]
    assert baghdad.report["duplicates"]["near"] == 0  # type: ignore[attr-defined]


# ------------------------------------------------------------------ the join rules, without the extractor
def _attack_report(doc_id: str, lang: str, sentence_text: str, date: str, *, place: str | None,
                   actor: str | None, name: str = "the attack") -> object:
    """A report whose one sentence names an attack (``name``), its place and its attacker, dated ``date``."""
    from kgraph.model import Document, Extraction, Mention, Relation

    text = sentence_text
    attack = Mention(doc_id=doc_id, start=0, end=len(text), text=name, name=name, cls="Attack", lang=lang, sentence=0,
                     rule="test")
    mentions, relations = [attack], []
    for key, predicate, cls, subject_is_attack in ((place, "locatedIn", "City", True),
                                                   (actor, "participatesIn", "ArmedGroup", False)):
        if key is None:
            continue
        m = Mention(doc_id=doc_id, start=0, end=1, text=key, name=key, cls=cls, lang=lang, sentence=0, key=key)
        mentions.append(m)
        s, o = (attack, m) if subject_is_attack else (m, attack)
        relations.append(Relation(doc_id=doc_id, subject=s, predicate=predicate, object=o, sentence=0,
                                  sent_start=0, sent_end=len(text), evidence=text, trigger="", rule="test"))
    doc = Document(id=doc_id, text=text, lang=lang, source=f"{doc_id}.txt", content_hash=doc_id, date=date)
    return Extraction(document=doc, mentions=tuple(mentions), relations=tuple(relations))


@pytest.mark.parametrize(("second", "joined", "rule"), [
    # same place, same day (one in Arabic): one attack
    (("b", "ar", "هاجم مسلحون الموقع في الحسكة يوم الاثنين", "2024-03-05", "hasakah", None), True,
     "event:place+date"),
    # same place, the day before the report, the same attacker, no day in the text: one attack
    (("b", "en", "ISIS fighters attacked a checkpoint in Hasakah.", "2024-03-05", "hasakah", "isis"), True,
     "event:place+participants"),
    # same place, another day: two attacks
    (("b", "en", "Fighters attacked a checkpoint in Hasakah on Thursday.", "2024-03-08", "hasakah", "isis"), False,
     None),
    # same day, another place, same attacker: two attacks
    (("b", "en", "ISIS attacked a post in Ramadi on Monday.", "2024-03-05", "ramadi", "isis"), False, None),
    # same day and attacker, no place: one attack
    (("b", "en", "ISIS attacked a post on Monday.", "2024-03-05", None, "isis"), True, "event:date+participants"),
    # same day, no place, no shared attacker: nothing agrees enough, two attacks
    (("b", "en", "Gunmen attacked a post on Monday.", "2024-03-05", None, None), False, None),
])
def test_events_attack_identity_rules(second: tuple[str, str, str, str, str | None, str | None], joined: bool,
                                      rule: str | None) -> None:
    from kgraph.gazetteer import load_gazetteer
    from kgraph.resolve import resolve

    first = _attack_report("a", "en", "ISIS fighters attacked a checkpoint in Hasakah on Monday.", "2024-03-05",
                           place="hasakah", actor="isis")
    doc_id, lang, text, date, place, actor = second
    other = _attack_report(doc_id, lang, text, date, place=place, actor=actor,
                           name="الهجوم" if lang == "ar" else "the attack")
    corpus = resolve([first, other], load_gazetteer())  # type: ignore[list-item]
    attacks = [a for a in corpus.actors.values() if a.cls == "Attack"]
    assert len(attacks) == (1 if joined else 2)
    rules = {m.rule for m in corpus.merges}
    assert rules == ({rule} if rule else set())
