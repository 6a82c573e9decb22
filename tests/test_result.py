"""BuildResult's accessors: query, facts, write, explore and the notebook summary."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kgraph
from kgraph.output import OUTPUT_FILES
from kgraph.result import SUMMARY_FACTS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"

QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf* kg:supports } ORDER BY ?s ?p ?o",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?label WHERE { kga:sdf rdfs:label ?label } ORDER BY ?label",
    "ASK { kga:sdf kg:attacks kga:isis }",
    "CONSTRUCT { ?a kg:opposes ?b } WHERE { ?a ?p ?b . ?p rdfs:subPropertyOf* kg:opposes }",
]


@pytest.fixture(scope="module")
def written(api_result: kgraph.BuildResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("api") / "out"
    api_result.write(out)
    return out


@pytest.mark.parametrize("query", QUERIES)
def test_result_query_answers_as_kgraph_query_over_the_written_folder(api_result: kgraph.BuildResult,
                                                                     written: Path, query: str) -> None:
    assert api_result.query(query).to_dicts() == kgraph.query(written, query).to_dicts()


def test_result_query_max_rows_and_bindings(api_result: kgraph.BuildResult,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    res = api_result.query(everything, max_rows=2)
    assert len(res.rows) == 2 and res.truncated
    monkeypatch.setenv("KGRAPH_QUERY_MAX_ROWS", "4")
    assert len(api_result.query(everything).rows) == 4
    bound = api_result.query("SELECT ?who ?whom WHERE { ?who kg:attacks ?whom }", bindings={"who": "kga:sdf"})
    assert bound.to_dicts(compact=True) == [{"who": "kga:sdf", "whom": "kga:isis"}]


def test_result_store_is_made_on_first_query_only() -> None:
    result = kgraph.build_graph(texts=["ISIS threatens the al-Hol camp."])
    result.facts()
    result._repr_html_()
    assert "_kgraph_store" not in vars(result)
    result.query("ASK {}")
    store = vars(result)["_kgraph_store"]
    result.query("ASK {}")
    assert vars(result)["_kgraph_store"] is store


def test_result_facts_are_the_rows_of_edges_csv(api_result: kgraph.BuildResult, written: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((written / "edges.csv").read_text(encoding="utf-8"))))
    facts = api_result.facts()
    assert [(f.subject, f.property, f.object) for f in facts] == \
        [(r["subject"], r["predicate"], r["object"]) for r in rows]
    for fact, row in zip(facts, rows, strict=True):
        assert (fact.subject_label, fact.object_label, str(fact.assertions), str(fact.documents), fact.evidence) == \
            (row["subject_label"], row["object_label"], row["assertions"], row["documents"], row["evidence"])
        assert (fact.first_date or "", fact.last_date or "") == (row["first_date"], row["last_date"])
    supports = next(f for f in facts if (f.subject, f.property, f.object) == ("coalition", "supports", "sdf"))
    assert (supports.support, supports.documents, supports.first_date, supports.last_date) == \
        (2, 2, "2024-03-09", "2024-03-12")


def test_result_write_gives_the_files_of_the_cli(example_out: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    hashes = kgraph.build_graph([EXAMPLES]).write(out)
    assert sorted(hashes) == sorted(OUTPUT_FILES)
    for name in OUTPUT_FILES:
        if name != "report.json":  # timings differ
            assert (out / name).read_bytes() == (example_out / name).read_bytes(), name
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"] == hashes


def test_result_summary_html_is_escaped_and_short(api_result: kgraph.BuildResult) -> None:
    page = api_result._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "3 documents read" in page and page.count("<tr>") <= SUMMARY_FACTS + 1


def _payload(page: str) -> dict[str, list[dict[str, object]]]:
    match = re.search(r'id="kgraph-data">(.*?)</script>', page, re.S)
    assert match
    data: dict[str, list[dict[str, object]]] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize(("query", "nodes"), [
    (None, {"al_hol_camp", "anbar", "coalition", "iraqi_security_forces", "isis", "sdf"}),
    ("CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b . ?p rdfs:subPropertyOf* kg:opposes }", {"isis", "sdf"}),
    ("SELECT ?who WHERE { ?who kg:trains ?whom }", {"coalition"}),
])
def test_result_explore_draws_the_graph_or_what_a_query_picks(api_result: kgraph.BuildResult, query: str | None,
                                                              nodes: set[str]) -> None:
    explorer = api_result.explore(query=query, title="briefs <1>")
    assert {str(n["id"]) for n in _payload(explorer.html)["nodes"]} >= nodes
    if query is not None:
        assert {str(n["id"]) for n in _payload(explorer.html)["nodes"]} == nodes
    frame = explorer._repr_html_()
    assert frame.startswith("<iframe") and frame.endswith("</iframe>") and frame.count("<") == 2
    assert 'title="briefs &lt;1&gt;"' in frame and "srcdoc=" in frame


def test_result_explore_page_is_the_html_of_the_build(api_result: kgraph.BuildResult, written: Path,
                                                      tmp_path: Path) -> None:
    explorer = api_result.explore()
    assert explorer.save(tmp_path / "page.html").read_text(encoding="utf-8") == explorer.html
    assert _payload(explorer.html)["nodes"] == _payload((written / "graph.html").read_text(encoding="utf-8"))["nodes"]


def test_result_issue_17_command_prints_a_count() -> None:  # issue 17, "done when"
    code = ("import kgraph; r = kgraph.build_graph(texts=['The Global Coalition to Defeat ISIS supports the Iraqi "
            "Security Forces.']); print(r.query('SELECT (COUNT(*) AS ?n) WHERE { ?s kg:supports ?o }').to_dicts())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert re.fullmatch(r"\[\{'n': ([1-9]\d*)\}\]\n", out), out


def test_result_kgraph_query_stays_the_function_after_the_subpackage_is_imported() -> None:
    import inspect

    from kgraph.query import sparql

    assert inspect.isfunction(kgraph.query) and kgraph.query.__module__ == "kgraph"
    assert sparql.QueryResult is kgraph.QueryResult
