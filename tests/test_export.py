from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.export import canonical_turtle


@pytest.mark.parametrize("label", ["داعش", 'quote " and \\ backslash', "line\nbreak", "emoji 🙂", "<script>"])
def test_export_canonical_turtle_round_trips(label: str) -> None:
    g = Graph()
    s = URIRef("https://w3id.org/kgraph/actor/x")
    g.add((s, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), Literal(label, lang="ar")))
    g.add((s, URIRef("https://w3id.org/kgraph/ns#mentionCount"), Literal(3)))
    text = canonical_turtle(g)
    back = Graph().parse(data=text, format="turtle")
    assert isomorphic(g, back)
    assert canonical_turtle(back) == text
