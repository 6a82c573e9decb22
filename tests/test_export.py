from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kgraph.export import atomic_writer, canonical_turtle


def test_export_atomic_writer_keeps_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("half-written")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_export_atomic_writer_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    with atomic_writer(target) as fh:
        fh.write("new")
    assert target.read_text(encoding="utf-8") == "new"


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
