"""A selection of the W3C SPARQL test suite run through kgraph's query path (tests/data/w3c-sparql/).

Each test loads its data into an Oxigraph store, runs the query with :func:`kgraph.query.sparql.run_query`
(guard, predeclared prefixes, Oxigraph) and compares the answer with the expected result as a multiset of
solutions: blank nodes match under one consistent renaming, and numeric literals of the same datatype
family match by value (``"1050"^^xsd:double`` equals ``"1.05E3"^^xsd:double``).
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kgraph.query.sparql import run_query

SUITE = Path(__file__).resolve().parents[1] / "data" / "w3c-sparql"
BASE = "https://w3c.github.io/rdf-tests/sparql/"
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + "integer": "decimal", XSD + "decimal": "decimal", XSD + "double": "double", XSD + "float": "double"}
TESTS = json.loads((SUITE / "selection.json").read_text(encoding="utf-8"))["tests"]
#: Tests Oxigraph (pyoxigraph 0.5.13) does not pass today; strict, so a fixed Oxigraph shows up as XPASS → failure.
KNOWN_FAILURES = {
    "negation/graph-minus": "Oxigraph binds ?g on both sides of MINUS inside GRAPH ?g; the shared ?g drops the row",
    "property-path/zero_or_more_set_start": "Oxigraph gives no zero-length match for a constant absent from the data",
    "property-path/zero_or_one_set_end": "Oxigraph gives no zero-length match for a constant absent from the data",
}


def _key(term: Any) -> Any:
    """A comparable form of a term; blank nodes become a marker handled by the matcher."""
    if isinstance(term, ox.Literal) and term.datatype.value in NUMERIC:
        family = NUMERIC[term.datatype.value]
        try:
            value: Any = Decimal(term.value) if family == "decimal" else float(term.value)
        except (InvalidOperation, ValueError):
            value = term.value
        return ("num", family, value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    return ("term", str(term))


def _solutions(results: Any, variables: list[str]) -> list[dict[str, Any]]:
    return [{v: sol[v] for v in variables if sol[v] is not None} for sol in results]


def _match(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> bool:
    """Multiset equality of solutions, with one consistent blank node renaming."""
    if len(got) != len(want):
        return False
    shape = lambda rows: Counter(tuple(sorted((k, _key(t)) for k, t in r.items())) for r in rows)  # noqa: E731
    if shape(got) != shape(want):
        return False
    if not any(isinstance(t, ox.BlankNode) for r in want for t in r.values()):
        return True

    def search(i: int, used: set[int], mapping: dict[str, str]) -> bool:
        if i == len(want):
            return True
        for j, row in enumerate(got):
            if j in used or row.keys() != want[i].keys():
                continue
            new = dict(mapping)
            ok = True
            for var, term in want[i].items():
                other = row[var]
                if isinstance(term, ox.BlankNode):
                    if not isinstance(other, ox.BlankNode) or new.setdefault(term.value, other.value) != other.value \
                            or list(new.values()).count(other.value) > 1:  # the renaming is one to one
                        ok = False
                        break
                elif _key(term) != _key(other):
                    ok = False
                    break
            if ok and search(i + 1, used | {j}, new):
                return True
        return False

    return search(0, set(), {})


def _store(test: dict[str, Any]) -> Any:
    store = ox.Store()
    for rel in test["data"]:
        store.load(path=str(SUITE / rel), format=ox.RdfFormat.TURTLE, base_iri=BASE + rel)
    for rel in test["graph_data"]:
        store.load(path=str(SUITE / rel), format=ox.RdfFormat.TURTLE, base_iri=BASE + rel,
                   to_graph=ox.NamedNode(BASE + rel))
    return store


@pytest.mark.parametrize("test", [
    pytest.param(t, marks=pytest.mark.xfail(reason=KNOWN_FAILURES[t["id"]], strict=True))
    if t["id"] in KNOWN_FAILURES else t for t in TESTS], ids=[t["id"] for t in TESTS])
def test_w3c_query_evaluation(test: dict[str, Any]) -> None:
    query = (SUITE / test["query"]).read_text(encoding="utf-8")
    got = run_query(_store(test), query)
    expected = ox.parse_query_results(path=str(SUITE / test["result"]))
    if isinstance(expected, ox.QueryBoolean):
        assert got.kind == "ask" and got.boolean == bool(expected)
        return
    variables = [v.value for v in expected.variables]
    want = _solutions(expected, variables)
    assert got.kind == "select" and set(got.variables) == set(variables)
    rows = [{v: t for v, t in zip(got.variables, row, strict=True) if t is not None} for row in got.rows]
    assert _match(rows, want), f"got {rows}\nwant {want}"


def test_w3c_selection_is_complete() -> None:
    assert len(TESTS) >= 30
    for test in TESTS:
        for rel in [test["query"], test["result"], *test["data"], *test["graph_data"]]:
            assert (SUITE / rel).is_file(), rel
    assert (SUITE / "README.md").read_text(encoding="utf-8").count("Licence") >= 2


@pytest.mark.parametrize(("got", "want", "same"), [
    ([{"x": ox.BlankNode("a")}, {"x": ox.BlankNode("b")}], [{"x": ox.BlankNode("q")}, {"x": ox.BlankNode("r")}], True),
    ([{"x": ox.BlankNode("a"), "y": ox.BlankNode("a")}], [{"x": ox.BlankNode("q"), "y": ox.BlankNode("r")}], False),
    ([{"x": ox.Literal("1.05E3", datatype=ox.NamedNode(XSD + "double"))}],
     [{"x": ox.Literal("1050", datatype=ox.NamedNode(XSD + "double"))}], True),
    ([{"x": ox.Literal("1")}], [{"x": ox.Literal("1"), "y": ox.Literal("2")}], False),
    ([{"x": ox.Literal("1")}, {"x": ox.Literal("1")}], [{"x": ox.Literal("1")}], False),
])
def test_w3c_matcher(got: list[dict[str, Any]], want: list[dict[str, Any]], same: bool) -> None:
    assert _match(got, want) is same
