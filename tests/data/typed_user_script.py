"""A user's script over the whole public API, type-checked by tests/test_typing.py with ``mypy --strict
--disallow-any-expr``: every value it takes from kgraph has a type, and none of them is ``Any``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import assert_type

import networkx as nx
import pandas as pd
from rdflib import Dataset, Graph
from spacy.language import Language

import kgraph

Value = str | int | float | bool | dt.date | dt.datetime | None


def build(out: Path) -> kgraph.BuildResult:
    kgraph.build_graph(texts=["The Global Coalition supports the Iraqi Security Forces."], lang="en")
    kgraph.build_graph(["examples/articles"], out=out, progress=None, actors=[], lexicons=[Path("mine.ttl")])
    kgraph.build_graph(Path("examples/articles"), update=True, out=out, spacy_model=None)
    return kgraph.build_graph(records=[{"text": "ISIS threatens the al-Hol camp.", "date": dt.date(2024, 3, 4),
                                        "title": "Camp", "url": "https://example.org/1", "lang": "en", "id": "1"}])


def use(result: kgraph.BuildResult, out: Path) -> None:
    assert_type(result.dataset, Dataset)
    # networkx types node and edge attributes as dict[str, Any]: the one Any, and it is networkx's
    assert_type(result.graph, nx.MultiDiGraph[str])  # type: ignore[misc]
    assert_type(result.report["documents"]["read"], int)
    assert_type(result.report["relations"]["facts_by_property"], dict[str, int])
    assert_type(result.corpus.actors["isis"].labels, dict[str, str])

    facts = result.facts()
    assert_type(facts, list[kgraph.Fact])
    assert_type(facts[0].support, int)
    assert_type(facts[0].first_date, str | None)
    assert_type(facts[0].speakers, tuple[str, ...])

    answer = result.query("SELECT ?s ?o WHERE { ?s kg:supports ?o }", max_rows=10, bindings={"s": "kga:isis"})
    assert_type(answer, kgraph.QueryResult)
    assert_type(answer.variables, list[str])
    assert_type(answer.truncated, bool)
    assert_type(answer.to_dicts(compact=True), list[dict[str, Value]])
    frame = answer.to_dataframe()
    assert_type(frame, pd.DataFrame)
    assert_type(answer._repr_html_(), str)

    assert_type(result.write(out), dict[str, str])
    page = result.explore(query="CONSTRUCT { ?a ?p ?b } WHERE { ?a ?p ?b }", title="t", height=400)
    assert_type(page, kgraph.Explorer)
    assert_type(page.html, str)
    assert_type(page.save(out / "page.html"), Path)
    assert_type(result._repr_html_(), str)

    assert_type(kgraph.load_graph(out), Dataset | Graph)
    again = kgraph.query(out, "ASK { ?s ?p ?o }", max_rows=5)
    assert_type(again.boolean, bool | None)
    assert_type(kgraph.__version__, str)

    nlp = kgraph.load_pipeline("en", actors=[], lexicons=[])
    assert_type(nlp, Language)
    assert_type(nlp.pipe_names, list[str])


def main() -> int:
    out = Path("outputs/typed")
    try:
        use(build(out), out)
    except kgraph.KGraphError as exc:
        assert_type(exc.fix, str | None)
        return 1
    return 0
