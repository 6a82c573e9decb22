"""Near-duplicate documents (kgraph.dedup) and counting a story once (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic

from kgraph import build_graph
from kgraph.dedup import Stories, jaccard, near_duplicates, shingles, words
from kgraph.graph.triples import FACTS_GRAPH
from kgraph.model import Document
from kgraph.ontology import KG, KGD

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"
ARTICLE = (EXAMPLES / "en-ministers-meeting.txt").read_text(encoding="utf-8")
#: light edits a copy desk makes: words changed, a sentence dropped, a dateline and a credit line added;
#: none of them names an actor the article does not name
EDITS = [
    [("met in Rome on Thursday to review", "met in Rome on Thursday to assess"),
     ("The two discussed border security", "They discussed border security")],
    [("ROME — ", "ROME, March 7 — "), ("told reporters after the session", "said after the session"),
     ("Iraq is a member of the Coalition and has hosted several of its working groups.\n", ""),
     ("before the next ministerial meeting", "before the next ministerial meeting (reporting by our staff)")],
]


def _edited(edits: list[tuple[str, str]]) -> str:
    text = ARTICLE
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    return text


def _doc(doc_id: str, text: str, date: str | None = None) -> Document:
    return Document(id=doc_id, text=text, lang="en", source=doc_id + ".txt", content_hash="", date=date)


def _facts_graph(result: object, *, drop: tuple[str, ...] = ("copyCount",)) -> Graph:
    ds = result.dataset  # type: ignore[attr-defined]
    g = Graph()
    for s, p, o in ds.graph(URIRef(FACTS_GRAPH)):
        if not any(str(p) == KG + d for d in drop):
            g.add((s, p, o))
    return g


# ------------------------------------------------------------------ shingles and MinHash
def test_dedup_words_fold_case_and_arabic_letters() -> None:
    assert words("أكد الوزير") == words("اكد الوزیر".replace("ی", "ي"))
    assert words("ROME, Rome") == ["rome", "rome"]


@pytest.mark.parametrize("edits", EDITS)
def test_dedup_edited_copy_is_a_near_duplicate(edits: list[tuple[str, str]]) -> None:
    copy = _edited(edits)
    assert 0.7 <= jaccard(shingles(ARTICLE), shingles(copy)) < 1
    dups = near_duplicates([_doc("copy", copy, "2024-03-08"), _doc("orig", ARTICLE, "2024-03-07")])
    assert [(d.document, d.original, d.method) for d in dups] == [("copy", "orig", "near")]


def test_dedup_rewritten_headline_is_compared_without_it() -> None:
    body = ("The SDF said its fighters repelled an attack by ISIS cells on a checkpoint near the al-Hol camp late "
            "on Tuesday, and that two guards were wounded before the attackers fled toward the desert, a "
            "spokesman said in a statement.")
    a = Document(id="a", text="SDF repels ISIS attack near al-Hol\n\n" + body, lang="en", source="a",
                 content_hash="", title="SDF repels ISIS attack near al-Hol", date="2024-03-06")
    b = Document(id="b", text="Guards wounded as Kurdish-led forces fight off militants at camp checkpoint\n\n" + body,
                 lang="en", source="b", content_hash="",
                 title="Guards wounded as Kurdish-led forces fight off militants at camp checkpoint")
    assert jaccard(shingles(a.text), shingles(b.text)) < 0.7
    assert [(d.document, d.original, d.similarity) for d in near_duplicates([a, b])] == [("b", "a", 1.0)]


def test_dedup_example_articles_are_not_copies_of_each_other() -> None:
    """Precision: two reports of similar ministerials, in one language and in two, stay apart."""
    docs = [_doc(p.stem, p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.txt"))]
    assert near_duplicates(docs, threshold=0.3) == []


def test_dedup_original_is_the_earliest_then_the_smallest_id() -> None:
    copy = _edited(EDITS[0])
    dated = near_duplicates([_doc("a", ARTICLE, "2024-03-09"), _doc("b", copy, "2024-03-07"), _doc("c", ARTICLE)])
    assert {(d.document, d.original) for d in dated} == {("a", "b"), ("c", "b")}
    undated = near_duplicates([_doc("z", ARTICLE), _doc("y", copy)])
    assert [(d.document, d.original) for d in undated] == [("z", "y")]


def test_dedup_result_does_not_depend_on_order() -> None:
    docs = [_doc(f"d{i}", _edited(e), f"2024-03-0{i + 1}") for i, e in enumerate(EDITS)]
    docs += [_doc("orig", ARTICLE, "2024-03-09"), _doc("other", (EXAMPLES / "en-detention-camp.txt").read_text())]
    assert near_duplicates(docs) == near_duplicates(docs[::-1]) != []


def test_dedup_threshold_above_one_turns_it_off() -> None:
    assert near_duplicates([_doc("a", ARTICLE), _doc("b", ARTICLE)], threshold=1.01) == []


def test_dedup_short_texts_are_never_copies() -> None:
    assert near_duplicates([_doc("a", "ISIS attacked the camp."), _doc("b", "ISIS attacked the camp!")]) == []


def test_dedup_stories_count_a_story_once() -> None:
    docs = [_doc("a", "", "2024-01-02"), _doc("b", "", "2024-01-01"), _doc("c", "", "2024-01-03")]
    from kgraph.model import Duplicate

    stories = Stories(docs, [Duplicate("a", "b", "near", 0.9)], exact={"a": 2})
    # the fact is said twice in a (a copy of b), once in c: b does not state it, so a's two count
    assert stories.count(["a", "a", "c"]) == (3, 2, 4)
    assert stories.count(["a", "b", "b", "c"]) == (3, 2, 5)
    assert stories.counted(["a", "b", "b", "c"]) == [False, True, True, True]


# ------------------------------------------------------------------ a build of copies
def _carried(key: tuple[str, str, str]) -> int:
    """How many of the four documents carry a fact: the article, its mirror, and the edited copies that keep its
    sentence (one copy drops the sentence on Iraq's membership)."""
    dropped = next(new == "" for old, new in EDITS[1] if old.startswith("Iraq is a member"))
    return 3 if dropped and key[0] == "iraq" and key[1] in ("memberOf", "meets") else 4


@pytest.fixture(scope="module")
def copies_built() -> tuple[object, object]:
    alone = build_graph(records=[{"text": ARTICLE, "date": "2024-03-07", "url": "https://a.example/story"}])
    records = [{"text": ARTICLE, "date": "2024-03-07", "url": "https://a.example/story"},
               {"text": ARTICLE, "date": "2024-03-08", "url": "https://mirror.example/story"},
               *({"text": _edited(e), "date": f"2024-03-1{i}", "url": f"https://wire{i}.example/story"}
                 for i, e in enumerate(EDITS))]
    return alone, build_graph(records=records)


def test_dedup_copies_give_the_graph_of_the_article_alone(copies_built: tuple[object, object]) -> None:
    alone, many = copies_built
    assert set(many.corpus.actors) == set(alone.corpus.actors)  # type: ignore[attr-defined]
    a, m = _facts_graph(alone), _facts_graph(many)
    if not isomorphic(a, m):
        _, only_alone, only_many = graph_diff(a, m)
        raise AssertionError(f"facts differ:\n{sorted(only_alone)[:5]}\n{sorted(only_many)[:5]}")
    copies = {(f.subject, f.property, f.object): f.copies for f in many.facts()}  # type: ignore[attr-defined]
    # the article, its byte-identical mirror and two edited wire copies; one copy dropped the membership sentence
    assert copies == {key: _carried(key) for key in copies}
    assert copies[("iraq", "memberOf", "coalition")] == 3
    graph_counts = {int(o) for o in many.dataset.graph(URIRef(FACTS_GRAPH)).objects(None, URIRef(KG + "copyCount"))}  # type: ignore[attr-defined]
    assert graph_counts == {3, 4}
    report = many.report  # type: ignore[attr-defined]
    assert report["duplicates"]["near"] == 2 and report["duplicates"]["exact"] == 1
    assert report["duplicates"]["stories_copied"] == 1
    assert {c["original"] for c in report["duplicates"]["copies"]} == {"https://a.example/story"}
    assert report["relations"]["facts"] == alone.report["relations"]["facts"]  # type: ignore[attr-defined]


def test_dedup_copies_keep_their_assertions_as_provenance(copies_built: tuple[object, object]) -> None:
    alone, many = copies_built
    ds = many.dataset  # type: ignore[attr-defined]
    copies = [(s, o) for s, _, o, _ in ds.quads((None, URIRef(KG + "duplicateOf"), None, None))]
    assert len(copies) == 2
    originals = {o for _, o in copies}
    assert len(originals) == 1
    for copy, _ in copies:
        assert len(list(ds.graph(copy).subjects(URIRef(KG + "rule"), None))) > 5
    assert len(many.corpus.assertions) > 2 * len(alone.corpus.assertions)  # type: ignore[attr-defined]
    methods = {str(o) for _, _, o, _ in ds.quads((None, URIRef(KG + "duplicateMethod"), None, None))}
    assert methods == {"near"}


def test_dedup_networkx_and_explorer_count_once(copies_built: tuple[object, object]) -> None:
    from kgraph.render.html import data_from_corpus, explorer_payload

    alone, many = copies_built
    ga, gm = alone.graph, many.graph  # type: ignore[attr-defined]
    for s, o, k, d in ga.edges(keys=True, data=True):
        e = gm.edges[s, o, k]
        assert (e["weight"], e["documents"], e["assertions"]) == (d["weight"], d["documents"], d["assertions"])
        assert e["copies"] == _carried((s, k, o))
    pa = explorer_payload(data_from_corpus(alone.corpus))  # type: ignore[attr-defined]
    pm = explorer_payload(data_from_corpus(many.corpus))  # type: ignore[attr-defined]
    assert [(e["from"], e["p"], e["to"], e["support"]) for e in pa["edges"]] == \
        [(e["from"], e["p"], e["to"], e["support"]) for e in pm["edges"]]
    assert [n["ndocs"] for n in pa["nodes"]] == [n["ndocs"] for n in pm["nodes"]]
    # the copies' evidence is shown, flagged, and left out of the dates the time filter counts
    copies = [v for ev in pm["details"]["ev"] for v in ev if v[6]]
    assert copies and len(copies) == sum(len(ev) for ev in pm["details"]["ev"]) - sum(
        len(ev) for ev in pa["details"]["ev"])
    assert all(len(e["t"]) == e["support"] for e in pm["edges"])


def test_dedup_explorer_from_the_written_graph_counts_once(copies_built: tuple[object, object],
                                                             tmp_path: Path) -> None:
    from kgraph.render.html import explorer_payload
    from kgraph.render.rdf import data_from_rdf

    _, many = copies_built
    (tmp_path / "graph.nq").write_text("".join(many.dataset.serialize(format="nquads")), encoding="utf-8")  # type: ignore[attr-defined]
    support = {(e["from"], e["p"], e["to"]): e["support"] for e in explorer_payload(data_from_rdf(tmp_path))["edges"]}
    assert support == {(s, k, o): d["weight"] for s, o, k, d in many.graph.edges(keys=True, data=True)}  # type: ignore[attr-defined]


def test_dedup_two_stories_on_one_event_count_twice() -> None:
    """Precision: two different articles asserting the same fact are two documents, not copies."""
    a = "The Global Coalition supports the Iraqi Security Forces. " * 1
    other = ("Officials in Baghdad said on Tuesday that the Global Coalition supports the Iraqi Security Forces "
             "with training and equipment, and that the programme will continue next year in several provinces.")
    r = build_graph(records=[{"text": a + ARTICLE}, {"text": other}])
    fact = [f for f in r.facts() if (f.subject, f.property, f.object) == ("coalition", "supports",
                                                                             "iraqi_security_forces")]
    assert fact and fact[0].documents == 2 and fact[0].copies == 2
    assert r.report["duplicates"]["near"] == 0


def test_dedup_copy_count_literal_type(copies_built: tuple[object, object]) -> None:
    _, many = copies_built
    for o in many.dataset.graph(URIRef(FACTS_GRAPH)).objects(None, URIRef(KG + "copyCount")):  # type: ignore[attr-defined]
        assert isinstance(o, Literal) and o.datatype is not None and str(o.datatype).endswith("#integer")
    assert str(KGD)


def test_dedup_issue13_signature_of_a_long_text_is_made_in_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long article's MinHash signature: the same values, without the PERMUTATIONS × shingles product in
    memory (8 GB for a 50 MB article)."""
    import tracemalloc

    import numpy as np

    from kgraph import dedup

    sh = np.unique(np.random.default_rng(13).integers(0, 2**63, size=200_000, dtype=np.uint64))
    a, b, _ = dedup._constants()
    whole = _whole_signature(sh, a, b)
    tracemalloc.start()
    try:
        got = dedup.signature(sh)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (got == whole).all()
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB"
    monkeypatch.setattr(dedup, "_SIGNATURE_SLICE", 7)
    assert (dedup.signature(sh[:1000]) == _whole_signature(sh[:1000], a, b)).all()
    assert (dedup.signature(sh[:0]) == np.iinfo(np.uint64).max).all()


def _whole_signature(sh, a, b):  # type: ignore[no-untyped-def]
    """The signature as one product (what :func:`kgraph.dedup.signature` computed before issue 13)."""
    import numpy as np

    with np.errstate(over="ignore"):
        return (np.multiply.outer(a, sh) + b[:, None]).min(axis=1)


def test_dedup_build_summary_says_how_many_copies() -> None:
    lines: list[str] = []
    build_graph(records=[{"text": ARTICLE, "url": "a"}, {"text": ARTICLE, "url": "b"},
                         {"text": _edited(EDITS[0]), "url": "c"}], progress=lines.append)
    assert lines[-1].endswith("2 copies of 1 story counted once"), lines[-1]
