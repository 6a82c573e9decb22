"""Explorer data read back from RDF outputs, SPARQL selections, and the ``kgraph viz`` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import cli
from kgraph.errors import QueryError
from kgraph.query.sparql import open_store
from kgraph.render.html import data_from_corpus, default_families, explorer_payload
from kgraph.render.rdf import data_from_rdf, select


def _payload(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="kgraph-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


def test_rdf_output_gives_the_same_edges_and_evidence_as_the_corpus(example_out: Path) -> None:
    from kgraph.build import build_graph

    corpus = build_graph([Path(__file__).resolve().parents[2] / "examples" / "articles"]).corpus
    want = explorer_payload(data_from_corpus(corpus, family=default_families()))
    for name in ("", "graph.ttl", "graph.trig", "graph.nq"):
        got = explorer_payload(data_from_rdf(example_out / name if name else example_out))
        assert got["edges"] == want["edges"], name
        assert got["properties"] == want["properties"], name
        assert got["details"]["ev"] == want["details"]["ev"], name
        assert got["details"]["documents"] == want["details"]["documents"], name
        keys = ("id", "en", "ar", "type", "mentions", "ndocs", "aliases")
        assert [[n[k] for k in keys] for n in got["nodes"]] == [[n[k] for k in keys] for n in want["nodes"]], name


def test_rdf_select_construct_picks_its_triples(example_out: Path) -> None:
    store = open_store(example_out)
    data = data_from_rdf(example_out)
    sub = select(data, store, "CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b . ?p rdfs:subPropertyOf* kg:opposes }")
    assert sub.edges, "the example has opposes-family facts"
    fam = default_families()
    assert all(fam.get(p, p) == "opposes" for _, p, _ in sub.edges)
    assert set(sub.nodes) == {n for s, _, o in sub.edges for n in (s, o)}
    assert all(sub.evidence.get(e) for e in sub.edges)


def test_rdf_select_rows_pick_actors_and_the_facts_among_them(example_out: Path) -> None:
    store = open_store(example_out)
    data = data_from_rdf(example_out)
    sub = select(data, store, "SELECT ?a ?b WHERE { ?a kg:supports ?b }")
    picked = set(sub.nodes)
    assert picked and all(s in picked and o in picked for s, _, o in sub.edges)
    expected = {e for e in data.edges if e[0] in picked and e[2] in picked}
    assert set(sub.edges) == expected
    # an assertion IRI stands for its subject and object
    via = select(data, store, "SELECT ?x WHERE { ?x a kg:Assertion ; rdf:predicate kg:supports }")
    assert set(via.nodes) >= {s for s, p, _ in data.edges if p == "supports"}


@pytest.mark.parametrize(("query", "message"), [
    ("ASK { ?a ?b ?c }", "ASK"),
    ("SELECT ?x WHERE { ?x a kg:Document }", "no actor"),
    ("SELECT ?x WHERE { ?x", "syntax"),
])
def test_rdf_select_refuses_queries_that_pick_nothing(example_out: Path, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        select(data_from_rdf(example_out), open_store(example_out), query)


def test_rdf_viz_command_writes_the_page(example_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    res = CliRunner().invoke(cli, ["viz", str(example_out), "--out", str(out)])
    assert res.exit_code == 0, res.output
    full = _payload(out.read_text(encoding="utf-8"))
    built = _payload((example_out / "graph.html").read_text(encoding="utf-8"))
    assert [(e["from"], e["p"], e["to"], e["support"]) for e in full["edges"]] == \
        [(e["from"], e["p"], e["to"], e["support"]) for e in built["edges"]]
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?a WHERE { ?a a kg:Person }", encoding="utf-8")
    res = CliRunner().invoke(cli, ["viz", str(example_out / "graph.trig"), "--out", str(out), "--query-file", str(q),
                                   "--title", "People"])
    assert res.exit_code == 0, res.output
    people = _payload(out.read_text(encoding="utf-8"))
    assert people["title"] == "People"
    assert people["nodes"] and {n["type"] for n in people["nodes"]} == {"Person"}


@pytest.mark.parametrize("args", [["viz", "{missing}", "--out", "{out}"],
                                  ["viz", "{graph}", "--out", "{out}", "--query", "ASK { ?s ?p ?o }"],
                                  ["viz", "{graph}", "--out", "{out}", "--query", "SELECT WHERE"]])
def test_rdf_viz_command_fails_with_a_fix(example_out: Path, tmp_path: Path, args: list[str]) -> None:
    out = tmp_path / "p.html"
    subs = {"{missing}": str(tmp_path / "nope"), "{graph}": str(example_out), "{out}": str(out)}
    argv = [subs.get(a, a) for a in args]
    res = CliRunner().invoke(cli, argv)
    assert res.exit_code == 1
    assert "fix:" in res.output and not out.exists()
