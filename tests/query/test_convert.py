"""Query results as plain Python values, DataFrames and HTML tables."""

from __future__ import annotations

import datetime as dt
import sys

import pyoxigraph as ox
import pytest

from kgraph.errors import MissingDependency
from kgraph.query.convert import HTML_ROWS, compact_iri, plain
from kgraph.query.sparql import QueryResult, run_query

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(("term", "value"), [
    (None, None),
    (ox.NamedNode("https://w3id.org/kgraph/actor/isis"), "https://w3id.org/kgraph/actor/isis"),
    (ox.BlankNode("b0"), "_:b0"),
    (ox.Literal("داعش", language="ar"), "داعش"),
    (ox.Literal("plain"), "plain"),
    (ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")), 42),
    (ox.Literal("-3", datatype=ox.NamedNode(XSD + "long")), -3),
    (ox.Literal("0.70", datatype=ox.NamedNode(XSD + "decimal")), 0.7),
    (ox.Literal("1.5E2", datatype=ox.NamedNode(XSD + "double")), 150.0),
    (ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), True),
    (ox.Literal("0", datatype=ox.NamedNode(XSD + "boolean")), False),
    (ox.Literal("2024-03-04", datatype=ox.NamedNode(XSD + "date")), dt.date(2024, 3, 4)),
    (ox.Literal("2024-03-04T10:30:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
     dt.datetime(2024, 3, 4, 10, 30, tzinfo=dt.UTC)),
    (ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear")), "2024"),
    (ox.Literal("not a date", datatype=ox.NamedNode(XSD + "date")), "not a date"),
])
def test_convert_plain_values(term: object, value: object) -> None:
    got = plain(term)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize(("iri", "compact"), [
    ("https://w3id.org/kgraph/actor/isis", "kga:isis"),
    ("https://w3id.org/kgraph/ns#supports", "kg:supports"),
    ("http://www.w3.org/2000/01/rdf-schema#label", "rdfs:label"),
    ("https://example.org/x", "https://example.org/x"),
])
def test_convert_compact_iri(iri: str, compact: str) -> None:
    assert compact_iri(iri) == compact


def _store() -> ox.Store:
    store = ox.Store()
    kga, kg = "https://w3id.org/kgraph/actor/", "https://w3id.org/kgraph/ns#"
    for s, o in [("coalition", "sdf"), ("coalition", "isf"), ("sdf", "%3Cscript%3E")]:
        store.add(ox.Quad(ox.NamedNode(kga + s), ox.NamedNode(kg + "supports"), ox.NamedNode(kga + o)))
    store.add(ox.Quad(ox.NamedNode(kga + "sdf"), ox.NamedNode(kg + "label"), ox.Literal("<b>SDF</b> & co")))
    return store


@pytest.mark.parametrize(("query", "dicts"), [
    ("SELECT ?o WHERE { kga:coalition kg:supports ?o } ORDER BY ?o", [{"o": "kga:isf"}, {"o": "kga:sdf"}]),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s kg:supports ?o }", [{"n": 3}]),
    ("SELECT ?s ?l WHERE { ?s kg:supports ?o OPTIONAL { ?s kg:label ?l } } ORDER BY ?s LIMIT 1",
     [{"s": "kga:coalition", "l": None}]),
    ("ASK { kga:coalition kg:supports kga:sdf }", [{"boolean": True}]),
    ("CONSTRUCT { ?s kg:backs ?o } WHERE { kga:sdf kg:supports ?o . BIND(kga:sdf AS ?s) }",
     [{"subject": "kga:sdf", "predicate": "kg:backs", "object": "kga:%3Cscript%3E"}]),
])
def test_convert_to_dicts(query: str, dicts: list[dict[str, object]]) -> None:
    assert run_query(_store(), query).to_dicts(compact=True) == dicts


def test_convert_to_dataframe_has_a_column_per_variable_even_when_empty() -> None:
    pandas = pytest.importorskip("pandas", reason="pandas is not installed: pip install 'kgraph[pandas]'")
    res = run_query(_store(), "SELECT ?s ?o WHERE { ?s kg:supports ?o } ORDER BY ?s ?o")
    df = res.to_dataframe(compact=True)
    assert isinstance(df, pandas.DataFrame) and list(df.columns) == ["s", "o"] and len(df) == 3
    assert df.iloc[0].to_dict() == {"s": "kga:coalition", "o": "kga:isf"}
    empty = run_query(_store(), "SELECT ?s ?nothing WHERE { ?s kg:nothing ?nothing }").to_dataframe()
    assert list(empty.columns) == ["s", "nothing"] and len(empty) == 0
    counts = run_query(_store(), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").to_dataframe()
    assert int(counts["n"][0]) == 4


def test_convert_to_dataframe_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    res = QueryResult(kind="select", variables=["x"], rows=[[ox.Literal("1")]])
    with pytest.raises(MissingDependency, match="pandas") as info:
        res.to_dataframe()
    assert "kgraph[pandas]" in str(info.value) and isinstance(info.value, ImportError)


def test_convert_html_escapes_every_cell_and_is_short() -> None:
    res = run_query(_store(), "SELECT ?s ?l WHERE { ?s kg:label ?l }")
    page = res._repr_html_()
    assert "&lt;b&gt;SDF&lt;/b&gt; &amp; co" in page and "<b>SDF" not in page
    many = QueryResult(kind="select", variables=["n"], rows=[[ox.Literal(str(i))] for i in range(HTML_ROWS * 3)],
                       truncated=True)
    page = many._repr_html_()
    assert page.count("<tr>") == HTML_ROWS + 1 and f"first {HTML_ROWS} of {HTML_ROWS * 3} rows" in page
    assert "KGRAPH_QUERY_MAX_ROWS" in page
    assert "true" in QueryResult(kind="ask", boolean=True)._repr_html_()
