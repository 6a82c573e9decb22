from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kgraph.build import build_graph
from kgraph.model import CORE_PROPERTIES
from kgraph.ontology import ontology_file, shapes_file

KG = Namespace("https://w3id.org/kgraph/ns#")
KGA = Namespace("https://w3id.org/kgraph/actor/")

# Dated articles written for these tests: one fact in three documents (one of them negates it).
FEED = [
    {"text": "The Coalition supports the Iraqi Security Forces, Col. Colton Ryder, spokesman for CJTF-OIR, said.",
     "date": "2024-03-05", "lang": "en", "url": "https://example.org/1"},
    {"text": "يدعم التحالف الدولي القوات الأمنية العراقية.", "date": "2024-01-20", "lang": "ar",
     "url": "https://example.org/2"},
    {"text": "The Coalition does not support the Iraqi Security Forces in Syria.", "date": "2024-07-01", "lang": "en",
     "url": "https://example.org/3"},
    {"text": "ISIS attacked the Peshmerga near Kirkuk.", "lang": "en", "url": "https://example.org/4"},
]


def _relation_properties(onto: Graph) -> set[URIRef]:
    core = {KG[p] for p in CORE_PROPERTIES}
    out = set(core)
    for s, _, o in onto.triples((None, RDFS.subPropertyOf, None)):
        if o in core:
            out.add(s)
    return out


def _feed_build(folder: Path):  # type: ignore[no-untyped-def]
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in FEED) + "\n",
                                       encoding="utf-8")
    out = folder / "out"
    result = build_graph([folder / "feed.jsonl"], out=out)
    return result, Graph().parse(out / "graph.ttl", format="turtle")


def _fact(g: Graph, s: str, p: str, o: str) -> URIRef:
    nodes = [n for n in g.subjects(RDF.type, KG.Fact)
             if (g.value(n, RDF.subject), g.value(n, RDF.predicate), g.value(n, RDF.object)) == (KGA[s], KG[p], KGA[o])]
    assert len(nodes) == 1, (s, p, o, nodes)
    return nodes[0]


def test_rdf_fact_aggregate_counts_dates_and_speakers(tmp_path: Path) -> None:
    _, g = _feed_build(tmp_path)
    node = _fact(g, "coalition", "supports", "iraqi_security_forces")
    # the negated sentence of 2024-07-01 is an assertion, not support for the fact
    assert g.value(node, KG.assertionCount) == Literal(2)
    assert g.value(node, KG.documentCount) == Literal(2)
    assert str(g.value(node, KG.firstDate)) == "2024-01-20"
    assert str(g.value(node, KG.lastDate)) == "2024-03-05"
    speakers = set(g.objects(node, KG.speaker))
    assert speakers <= {KGA.colton_ryder, KGA.cjtf_oir}
    undated = _fact(g, "isis", "attacks", "peshmerga")
    assert g.value(undated, KG.firstDate) is None and g.value(undated, KG.assertionCount) == Literal(1)


def test_rdf_one_aggregate_per_fact_and_no_relation_triples_on_aggregates(tmp_path: Path) -> None:
    _, g = _feed_build(tmp_path)
    onto = Graph().parse(ontology_file(), format="turtle")
    relations = _relation_properties(onto)
    facts = {(s, p, o) for s, p, o in g if p in relations}
    aggregates = {(g.value(n, RDF.subject), g.value(n, RDF.predicate), g.value(n, RDF.object))
                  for n in g.subjects(RDF.type, KG.Fact)}
    assert facts == aggregates
    aggregate_nodes = set(g.subjects(RDF.type, KG.Fact)) | set(g.subjects(RDF.type, KG.MergeRecord))
    for s, p, o in g:
        if p in relations:
            assert s not in aggregate_nodes and o not in aggregate_nodes


def test_rdf_networkx_weight_is_the_assertion_count(tmp_path: Path) -> None:
    result, g = _feed_build(tmp_path)
    for u, v, key, data in result.graph.edges(keys=True, data=True):
        node = _fact(g, u, key, v)
        assert data["weight"] == int(g.value(node, KG.assertionCount))
        assert data["documents"] == int(g.value(node, KG.documentCount))
        assert data["first_date"] == str(g.value(node, KG.firstDate) or "")


def test_rdf_aggregates_and_merge_records_pass_shacl(articles, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pyshacl = pytest.importorskip("pyshacl")
    folder = articles({
        "en.txt": "Col. Colton Ryder, spokesman for CJTF-OIR, said the Coalition supports the Iraqi Security Forces.",
        "ar.txt": "قال المتحدث باسم قوة المهام المشتركة العقيد كولتون رايدر، إن التحالف الدولي يدعم القوات الأمنية"
                  " العراقية.",
    })
    build_graph([folder], out=tmp_path / "out")
    data = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert set(data.subjects(RDF.type, KG.MergeRecord)) and set(data.subjects(RDF.type, KG.Fact))
    conforms, _, text = pyshacl.validate(data, shacl_graph=Graph().parse(shapes_file(), format="turtle"),
                                         ont_graph=Graph().parse(ontology_file(), format="turtle"), inference="rdfs")
    assert conforms, text
    # a fact node with a broken count is caught by the shapes
    node = next(data.subjects(RDF.type, KG.Fact))
    data.set((node, KG.assertionCount, Literal(0)))
    conforms, _, _ = pyshacl.validate(data, shacl_graph=Graph().parse(shapes_file(), format="turtle"),
                                      ont_graph=Graph().parse(ontology_file(), format="turtle"), inference="rdfs")
    assert not conforms
