"""Property-based round trips: arbitrary Unicode actor names survive every output format, every IRI is valid,
and every graph file read back equals the graph written."""

from __future__ import annotations

import csv
import io
import itertools
import json
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.export import canonical_nquads, canonical_trig, canonical_turtle, jsonld_text
from kgraph.gazetteer import load_gazetteer
from kgraph.graph import build_dataset, to_networkx
from kgraph.ingest.normalize import clean_text
from kgraph.model import BuildResult, Document, Extraction, Mention, Relation
from kgraph.output import write_outputs
from kgraph.resolve import resolve

# What a name can hold once it is in a Document: anything but C0/C1 controls (ingest turns them into spaces),
# surrogates and non-characters. Weighted towards the hard parts: Arabic, bidi marks, quotes, emoji, markup.
HARD = list("\"'«»“”‘’\\<>&;:#%{}[]@^`|~ \t\n\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202e\u2066\u2069\u061c"
            "\ufeff\u00a0\u2028\u2029🙂👍🏽🇮🇶ﷺ")
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
ANY = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff\x85")
NAME = st.text(st.one_of(ARABIC, st.sampled_from(HARD), ANY, st.characters(min_codepoint=0x41, max_codepoint=0x7A)),
               min_size=1, max_size=24).filter(lambda s: s.strip() != "")
CLASSES = st.sampled_from(["Person", "Organization", "ArmedGroup", "Government", "City"])
PREDICATES = st.sampled_from(["supports", "opposes", "attacks", "meets", "leads", "requests"])

PROPS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: A whole build's outputs per example (the HTML page inlines vis-network): fewer examples.
BUILDS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _corpus(names: list[str], classes: list[str], predicate: str, lang: str):  # type: ignore[no-untyped-def]
    """One document naming every actor, with a relation between each consecutive pair."""
    text = " ".join(f"«{n}» ." for n in names)
    doc = Document(id="d" + str(abs(hash(text)) % 10**6), text=text, lang=lang, source="test://x",
                   content_hash="0" * 64, title=names[0], date="2024-01-02")
    mentions, pos = [], 0
    for k, (name, cls) in enumerate(zip(names, classes, strict=True)):
        start = text.index(name, pos)
        pos = start + len(name)
        mentions.append(Mention(doc_id=doc.id, start=start, end=pos, text=name, name=name, cls=cls, lang=lang,
                                sentence=k, rule="title"))
    relations = tuple(
        Relation(doc_id=doc.id, subject=a, predicate=predicate, object=b, sentence=a.sentence, sent_start=a.start,
                 sent_end=b.end, evidence=text[a.start:b.end], trigger=predicate, rule="test", speaker=mentions[0])
        for a, b in itertools.pairwise(mentions))
    ex = Extraction(document=doc, mentions=tuple(mentions), relations=relations)
    return resolve([ex], load_gazetteer())


def _quads(ds: Dataset) -> set[tuple[object, ...]]:
    return {(s, p, o, URIRef(str(c.identifier if isinstance(c, Graph) else c))) for s, p, o, c in ds.quads()}


@BUILDS
@given(names=st.lists(NAME, min_size=2, max_size=4, unique=True), data=st.data(), predicate=PREDICATES,
       lang=st.sampled_from(["ar", "en"]))
def test_roundtrip_names_survive_every_output_format(names: list[str], data: st.DataObject, predicate: str,
                                                     lang: str) -> None:
    classes = data.draw(st.lists(CLASSES, min_size=len(names), max_size=len(names)))
    corpus = _corpus(names, classes, predicate, lang)
    dataset = build_dataset(corpus)
    graph = to_networkx(corpus)
    result = BuildResult(corpus=corpus, dataset=dataset, graph=graph, report={"names": names})
    written = Graph()
    for s, p, o, _ in dataset.quads():
        written.add((s, p, o))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_outputs(result, out)
        files = {p.name: (out / p.name).read_bytes() for p in out.iterdir() if not p.name.startswith(".")}

    # every IRI is valid: Oxigraph's strict parsers accept every RDF file, and every IRI parses as a NamedNode
    for name, fmt in [("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG),
                      ("graph.nq", ox.RdfFormat.N_QUADS), ("graph.jsonld", ox.RdfFormat.JSON_LD)]:
        quads = list(ox.parse(files[name], format=fmt))
        assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(written), name
    for term in {t for triple in written for t in triple if isinstance(t, URIRef)}:
        ox.NamedNode(str(term))
        assert " " not in str(term) and "\u200f" not in str(term)

    # graphs re-read equal the graph written
    for name, fmt in [("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")]:
        back = Graph().parse(data=files[name].decode("utf-8"), format=fmt)
        assert isomorphic(back, written), name
    for name, fmt in [("graph.trig", "trig"), ("graph.nq", "nquads")]:
        back_ds = Dataset()
        back_ds.parse(data=files[name].decode("utf-8"), format=fmt)
        assert _quads(back_ds) == _quads(dataset), name

    # the names themselves survive, character for character
    labels = {str(o) for o in written.objects(None, RDFS.label)} | {
        str(o) for o in written.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))}
    assert set(names) <= labels
    assert all(Literal(n, lang=lang) in set(written.objects()) for n in names)
    ml = nx.read_graphml(io.BytesIO(files["graph.graphml"]))
    graphml_text = {str(v) for _, d in ml.nodes(data=True) for v in d.values()}
    assert all(any(n in v for v in graphml_text) for n in names)
    rows = list(csv.DictReader(io.StringIO(files["edges.csv"].decode("utf-8"))))
    assert {r["subject_label"] for r in rows} | {r["object_label"] for r in rows} <= labels
    page = files["graph.html"].decode("utf-8")
    start = page.index('id="kgraph-data">') + len('id="kgraph-data">')
    payload = json.loads(page[start:page.index("</script>", start)])
    assert {n[k] for n in payload["nodes"] for k in ("en", "ar") if n[k]} <= labels
    assert json.loads(files["report.json"])["names"] == names


@PROPS
@given(triples=st.lists(st.tuples(NAME, PREDICATES, NAME, st.sampled_from(["ar", "en", None])), min_size=1,
                        max_size=8))
def test_roundtrip_canonical_writers_are_stable(triples: list[tuple[str, str, str, str | None]]) -> None:
    from kgraph.resolve import mint_id

    ds = Dataset()
    g = ds.graph(URIRef("https://w3id.org/kgraph/doc/d1"))
    for s, p, o, lang in triples:
        g.add((URIRef("https://w3id.org/kgraph/actor/" + mint_id(s)), URIRef("https://w3id.org/kgraph/ns#" + p),
               Literal(clean_text(o), lang=lang)))
    union = Graph()
    for t in g:
        union.add(t)
    ttl = canonical_turtle(union)
    assert canonical_turtle(Graph().parse(data=ttl, format="turtle")) == ttl  # same graph, same bytes
    assert isomorphic(Graph().parse(data=jsonld_text(union), format="json-ld"), union)
    back = Dataset()
    back.parse(data=canonical_trig(ds), format="trig")
    assert canonical_trig(back) == canonical_trig(ds)
    back = Dataset()
    back.parse(data=canonical_nquads(ds), format="nquads")
    assert canonical_nquads(back) == canonical_nquads(ds)
