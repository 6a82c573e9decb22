"""Result writers (checked by parsing them back with Oxigraph and rdflib), negotiation, tables, examples."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.query.examples import get_example, list_examples
from kgraph.query.results import negotiate, serialize
from kgraph.query.sparql import QueryResult, run_query
from kgraph.query.table import cell_width, render_table

XSD = "http://www.w3.org/2001/XMLSchema#"
TERMS = [
    ox.NamedNode("https://w3id.org/kgraph/actor/river_guard"),
    ox.Literal("حرس النهر", language="ar"),
    ox.Literal('quote " and, comma\nnew line\ttab'),
    ox.Literal("42", datatype=ox.NamedNode(XSD + "integer")),
    ox.BlankNode("b0"),
    None,
]


def _rows() -> QueryResult:
    return QueryResult(kind="select", variables=["x", "y"], rows=[[t, TERMS[1]] for t in TERMS])


@pytest.mark.parametrize(("fmt", "oxfmt"), [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                             ("tsv", ox.QueryResultsFormat.TSV)])
def test_results_select_round_trip_through_oxigraph(fmt: str, oxfmt: ox.QueryResultsFormat) -> None:
    parsed = ox.parse_query_results(serialize(_rows(), fmt), oxfmt)
    assert [v.value for v in parsed.variables] == ["x", "y"]
    got = [[sol["x"], sol["y"]] for sol in parsed]
    assert got == [[t, TERMS[1]] for t in TERMS]


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_results_select_round_trip_through_rdflib(fmt: str) -> None:
    from rdflib.query import Result

    parsed = Result.parse(io.BytesIO(serialize(_rows(), fmt)), format=fmt)
    values = [str(row[0]) if row[0] is not None else None for row in parsed]
    assert values[0] == "https://w3id.org/kgraph/actor/river_guard"
    assert values[2] == 'quote " and, comma\nnew line\ttab'


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("value", [True, False])
def test_results_ask_round_trip(fmt: str, value: bool) -> None:
    res = QueryResult(kind="ask", boolean=value)
    oxfmt = ox.QueryResultsFormat.JSON if fmt == "json" else ox.QueryResultsFormat.XML
    assert bool(ox.parse_query_results(serialize(res, fmt), oxfmt)) is value


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30),
       st.sampled_from(["en", "ar", None]))
@settings(max_examples=60, deadline=None)
def test_results_json_and_tsv_round_trip_any_text(text: str, lang: str | None) -> None:
    lit = ox.Literal(text, language=lang) if lang else ox.Literal(text)
    res = QueryResult(kind="select", variables=["v"], rows=[[lit]])
    for fmt, oxfmt in (("json", ox.QueryResultsFormat.JSON), ("tsv", ox.QueryResultsFormat.TSV)):
        assert [s["v"] for s in ox.parse_query_results(serialize(res, fmt), oxfmt)] == [lit]


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld"])
def test_results_graph_formats_parse(fmt: str) -> None:
    from rdflib import Graph

    triples = [(TERMS[0], ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), TERMS[1])]
    body = serialize(QueryResult(kind="graph", triples=triples), fmt)
    graph = Graph().parse(data=body, format={"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml",
                                             "jsonld": "json-ld"}[fmt])
    assert len(graph) == 1 and "حرس النهر" in {str(o) for o in graph.objects()}


@pytest.mark.parametrize(("accept", "kind", "expected"), [
    (None, "select", "json"), ("", "graph", "turtle"), ("*/*", "select", "json"),
    ("application/sparql-results+xml", "select", "xml"), ("text/*", "select", "csv"),
    ("text/csv;q=0.1, text/tab-separated-values;q=0.5", "select", "tsv"),
    ("application/json", "graph", "jsonld"), ("application/rdf+xml, */*;q=0.1", "graph", "rdfxml"),
    ("text/turtle;q=0", "graph", None), ("image/png", "select", None),
])
def test_results_negotiate(accept: str | None, kind: str, expected: str | None) -> None:
    assert negotiate(accept, kind=kind) == expected


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("مَرحَبًا", 5), ("\u200fx\u200d", 1), ("中文", 4)])
def test_table_cell_width(text: str, width: int) -> None:
    assert cell_width(text) == width


def test_table_keeps_columns_with_arabic() -> None:
    rows = [["kga:isis", "داعش", "7"], ["kga:river_guard", "حرس النهر", "12"]]
    lines = render_table(["actor", "label", "n"], rows).splitlines()
    rows_shown = (lines[0], lines[2], lines[3])
    bars = {tuple(cell_width(line[:i]) for i, c in enumerate(line) if c == "|") for line in rows_shown}
    assert len(bars) == 1  # the column separators line up, counted in terminal cells
    assert "\u2068داعش\u2069" in lines[2] and "\u2068" not in lines[0]
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize("cell", ["a\x1b[31mred", "line\nbreak", "\u202eevil", "x" * 500])
def test_table_cells_cannot_break_the_terminal(cell: str) -> None:
    text = render_table(["c"], [[cell]])
    assert "\x1b" not in text and len(text.splitlines()) == 4
    assert max(cell_width(line) for line in text.splitlines()) <= 80


def test_examples_are_listed_with_titles() -> None:
    names = {e.name for e in list_examples()}
    assert names >= {"who-supports-whom", "who-threatens", "spokesperson-assertions", "actors-by-documents",
                     "meetings", "relations-over-time"}
    assert all(e.title and e.description for e in list_examples())


@pytest.mark.parametrize("name", ["../sparql", "nope"])
def test_examples_unknown_name(name: str) -> None:
    from kgraph.errors import QueryError

    with pytest.raises(QueryError, match="use one of"):
        get_example(name)


@pytest.mark.parametrize(("name", "first"), [
    ("who-supports-whom", ["kga:lake_council", "Lake Council", "kg:advises", "kga:river_guard", "River Guard", "2"]),
    ("who-threatens", ["kga:salt_town", "kga:hill_front", "kg:threatens", "2"]),
    ("actors-by-documents", ["kga:river_guard", "River Guard", "kg:Military", "2", "5"]),
    ("spokesperson-assertions", ["kga:nadia_karim", "kga:nadia_karim", "kga:lake_council", "kg:advises"]),
    ("meetings", ["kgx:m1", "kga:salt_town", ""]),
    ("relations-over-time", ["kga:hill_front", "kga:salt_town", "2024-03-01", "kg:threatens", "false"]),
])
def test_examples_answer_on_a_small_graph(sparql_out: Path, name: str, first: list[str]) -> None:
    from kgraph.query.sparql import term_text

    res = run_query(sparql_out, get_example(name).text)
    assert res.rows, name
    assert [term_text(t) for t in res.rows[0]][: len(first)] == first


def test_examples_meetings_lists_participants(sparql_out: Path) -> None:
    res = run_query(sparql_out, get_example("meetings").text)
    column = res.variables.index("participants")
    assert sorted(res.rows[0][column].value.split(" ; ")) == ["Lake Council", "River Guard"]


@pytest.mark.parametrize("name", [e.name for e in list_examples()])
def test_examples_run_on_the_example_graph(example_out: Path, name: str) -> None:
    res = run_query(example_out, get_example(name).text)
    assert res.kind == "select" and res.variables


def test_results_turtle_is_deterministic() -> None:
    triples = [(TERMS[0], ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), TERMS[1])]
    bodies = {serialize(QueryResult(kind="graph", triples=triples), "turtle") for _ in range(5)}
    assert len(bodies) == 1
    head = [line for line in bodies.pop().decode("utf-8").splitlines() if line.startswith("@prefix")]
    assert head == sorted(head) and head
