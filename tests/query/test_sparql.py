"""The query path: persistent store, predeclared prefixes, bindings, dataset clauses, row cap, guard."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from kgraph.errors import ForbiddenQuery, QueryError
from kgraph.query.guard import canonical_text, check_query
from kgraph.query.sparql import open_store, parse_term, run_query, term_text
from kgraph.query.store import STORE_DIR, cached_store_path


def test_sparql_store_is_built_once_and_reused(sparql_out: Path) -> None:
    res = run_query(sparql_out, "SELECT ?who WHERE { ?who kg:advises kga:river_guard }")
    assert [term_text(r[0]) for r in res.rows] == ["kga:lake_council"]
    stores = [p for p in (sparql_out / STORE_DIR).iterdir() if not p.name.startswith("tmp-")]
    assert stores == [cached_store_path(sparql_out / "graph.trig")]
    marker = stores[0] / "READY"
    built = marker.stat().st_mtime_ns
    run_query(sparql_out, "ASK { ?s ?p ?o }")
    assert marker.stat().st_mtime_ns == built
    assert not any(p.name.startswith("tmp-") for p in (sparql_out / STORE_DIR).iterdir())


def test_sparql_rebuilt_graph_invalidates_the_store(sparql_out: Path) -> None:
    run_query(sparql_out, "ASK { ?s ?p ?o }")
    old = cached_store_path(sparql_out / "graph.trig")
    trig = sparql_out / "graph.trig"
    text = trig.read_text(encoding="utf-8") + "\nkgd:doc3 { kga:lake_council kg:opposes kga:hill_front . }\n"
    time.sleep(0.01)
    trig.write_text(text, encoding="utf-8")
    (sparql_out / "manifest.json").write_text(json.dumps({"files": {"graph.trig": "changed"}}), encoding="utf-8")
    assert run_query(sparql_out, "ASK { kga:lake_council kg:opposes kga:hill_front }").boolean
    assert cached_store_path(trig) != old and not old.exists()


def test_sparql_store_is_read_only(sparql_out: Path) -> None:
    import pyoxigraph as ox

    store = open_store(sparql_out)
    with pytest.raises((OSError, RuntimeError)):
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert isinstance(store, ox.Store)


def test_sparql_default_graph_is_a_set_union(sparql_out: Path) -> None:
    # the advises fact is in two document graphs: the default graph holds it once
    res = run_query(sparql_out, "SELECT ?s WHERE { ?s kg:advises kga:river_guard }")
    assert len(res.rows) == 1
    res = run_query(sparql_out, "SELECT ?g WHERE { GRAPH ?g { ?s kg:advises kga:river_guard } } ORDER BY ?g")
    assert [term_text(r[0]) for r in res.rows] == ["kgd:doc1", "kgd:doc2"]


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT ?o WHERE { GRAPH ?g { ?s kg:opposes ?o } }", ["kga:hill_front"]),
    ("SELECT ?o FROM kgd:doc1 WHERE { ?s kg:threatens ?o }", ["kga:salt_town"]),
    ("SELECT ?o FROM kgd:doc1 WHERE { ?s kg:opposes ?o }", []),
    ("SELECT ?o FROM NAMED kgd:doc2 WHERE { GRAPH ?g { ?s kg:opposes ?o } }", ["kga:hill_front"]),
    ("SELECT ?o FROM <https://w3id.org/kgraph/doc/none> WHERE { ?s ?p ?o }", []),
])
def test_sparql_dataset_clauses_name_graphs_of_the_store(sparql_out: Path, query: str, expected: list[str]) -> None:
    assert [term_text(r[0]) for r in run_query(sparql_out, query).rows] == expected


def test_sparql_own_prefix_overrides_predeclared(sparql_out: Path) -> None:
    res = run_query(sparql_out, "PREFIX kg: <urn:other#> ASK { ?s kg:advises ?o }")
    assert res.boolean is False


@pytest.mark.parametrize(("binding", "expected"), [
    ({"actor": "kga:salt_town"}, ["kga:hill_front"]),
    ({"actor": "<https://w3id.org/kgraph/actor/river_guard>"}, []),
])
def test_sparql_bindings_substitute_variables(sparql_out: Path, binding: dict[str, str], expected: list[str]) -> None:
    res = run_query(sparql_out, "SELECT ?who ?actor WHERE { ?who kg:threatens ?actor }", bindings=binding)
    assert [term_text(r[0]) for r in res.rows] == expected


def test_sparql_binding_needs_a_selected_variable(sparql_out: Path) -> None:
    with pytest.raises(QueryError, match="SELECT list"):
        run_query(sparql_out, "SELECT ?who WHERE { ?who kg:threatens ?actor }", bindings={"actor": "kga:salt_town"})


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("kga:isis", "NamedNode", "https://w3id.org/kgraph/actor/isis"),
    ("<urn:x>", "NamedNode", "urn:x"),
    ('"حرس النهر"@ar', "Literal", "حرس النهر"),
    ("42", "Literal", "42"),
    ("plain words", "Literal", "plain words"),
])
def test_sparql_parse_term(text: str, kind: str, value: str) -> None:
    term = parse_term(text)
    assert type(term).__name__ == kind and term.value == value


@pytest.mark.parametrize("max_rows", [0, 1, 3])
def test_sparql_max_rows_truncates(sparql_out: Path, max_rows: int) -> None:
    res = run_query(sparql_out, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=max_rows)
    assert len(res.rows) == max_rows and res.truncated
    full = run_query(sparql_out, "SELECT ?s WHERE { ?s a kg:Document }", max_rows=10)
    assert len(full.rows) == 2 and not full.truncated


@pytest.mark.parametrize("query", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "PREFIX ex: <urn:x#>\nINSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
])
def test_guard_refuses_updates(sparql_out: Path, query: str) -> None:
    with pytest.raises(ForbiddenQuery, match="read-only"):
        run_query(sparql_out, query)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z . SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 'a>') SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o<'a>')SERVICE<http://127.0.0.1:9/>{?s ?p ?o} }",
])
def test_guard_refuses_service(query: str) -> None:
    with pytest.raises(ForbiddenQuery, match="SERVICE"):
        check_query(query)


@pytest.mark.parametrize("query", [
    'SELECT ?s WHERE { ?s kg:evidence ?e FILTER(CONTAINS(?e, "security service")) }',
    "PREFIX service: <urn:service#> SELECT ?service WHERE { ?service service:of <urn:service> }",
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/>",
])
def test_guard_allows_the_word_service_outside_keywords(query: str) -> None:
    assert check_query(query).has_dataset is False


@pytest.mark.parametrize(("text", "expected"), [
    ('SELECT ("caf\\u00e9" AS ?x) {}', 'SELECT ("café" AS ?x) {}'),
    ("ASK {}\r\n# c\rASK", "ASK {}\n# c\nASK"),
    ("SELECT ?x\\U0001F600 {}", "SELECT ?x\U0001F600 {}"),
])
def test_guard_canonical_text(text: str, expected: str) -> None:
    assert canonical_text(text) == expected


@pytest.mark.parametrize("text", ["ASK { ?s ?p '\\uD800' }", "ASK { ?s ?p '\\u005Cu0041' }"])
def test_guard_canonical_text_refuses_what_readers_could_read_twice(text: str) -> None:
    with pytest.raises(ForbiddenQuery):
        canonical_text(text)


@pytest.mark.parametrize("query", ["SELEKT ?x", "SELECT ?x WHERE { ?x ", "ASK { ?s unknown:p ?o }"])
def test_sparql_syntax_errors_are_query_errors(sparql_out: Path, query: str) -> None:
    with pytest.raises(QueryError, match="syntax"):
        run_query(sparql_out, query)


#: The red-team queries of issue 13: Oxigraph and a hand-written lexer (or rdflib on the raw text) disagree on
#: where a string or a comment ends, so SERVICE looked like text to the guard and ran in Oxigraph.
ISSUE13_BYPASSES = [
    'SELECT * WHERE { VALUES ?i { <http://a/\\u0041\'> } VALUES ?v { "x\\u0022\\u0020" } '
    'SERVICE <http://127.0.0.1:PORT/> { ?a ?b ?c } VALUES ?w { "\\u0020\\u0022 " } }',
    "SELECT * WHERE { # a comment ends at a carriage return\rSERVICE <http://127.0.0.1:PORT/> { ?a ?b ?c } \n}",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:PORT/> { ?a ?b ?c } }",
    "SELECT * WHERE { SERVICE <http\\u003A//127.0.0.1:PORT/> { ?a ?b ?c } }",
]


def wait_for_hits(listener: Any) -> list[Any]:
    time.sleep(0.5)  # the listener polls accept() every 0.2 s
    return list(listener.hits)


@pytest.mark.parametrize("template", ISSUE13_BYPASSES)
def test_sparql_issue13_service_bypass_never_contacts_a_listener(sparql_out: Path, listening_port: Any,
                                                                  template: str) -> None:
    query = template.replace("PORT", str(listening_port.port))
    try:
        run_query(sparql_out, query)
    except QueryError:
        pass
    assert wait_for_hits(listening_port) == []


def test_sparql_issue13_syntax_errors_say_where_and_what(sparql_out: Path) -> None:
    with pytest.raises(QueryError) as info:
        run_query(sparql_out, "SELECT ?s\nWHERE { ?s foo:bar ?o }")
    assert info.value.message == "SPARQL syntax error at line 2, column 12: unknown prefix foo:"
    with pytest.raises(QueryError) as info:
        run_query(sparql_out, "SELECT ?s WHERE { ?s ?p ?o ")
    message = info.value.message
    assert "line 1, column 28" in message and "\\u{" not in message and "..=" not in message
