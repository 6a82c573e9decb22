""":class:`BuildResult`, what :func:`kgraph.build_graph` returns: the data of a build
(:class:`kgraph.model.BuildResult`) and what it can do: query itself, list its facts, write its files, draw
itself and show a summary in a notebook.

Everything here is made on first use: the in-memory Oxigraph store behind :meth:`BuildResult.query` is filled
from the result's graph on the first query and kept on the result (a build that is never queried never makes
it).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kgraph import model
from kgraph.model import Fact

if TYPE_CHECKING:
    from networkx import MultiDiGraph
    from rdflib import Dataset  # noqa: F401  (the names kgraph.model.BuildResult's fields are annotated with,

    #                                          so that typing.get_type_hints resolves them from this module)
    from kgraph.model import BuildReport, Corpus  # noqa: F401
    from kgraph.query.sparql import QueryResult
    from kgraph.render.embed import Explorer
    from kgraph.schema import Schema

_STORE = "_kgraph_store"


class BuildResult(model.BuildResult):
    """What :func:`kgraph.build_graph` returns.

    Attributes:
        corpus: the resolved documents, actors and assertions.
        dataset: the RDF dataset (facts, actors and provenance; one named graph per document).
        graph: the networkx projection (edge key = property).
        report: what the build did (the content of ``report.json``).
    """

    def query(self, sparql: str, *, max_rows: int | None = None,
              bindings: Mapping[str, str] | None = None) -> QueryResult:
        """Run a SPARQL query over this graph (an in-memory Oxigraph store made on the first query and kept).

        The graph and the prefixes are those of ``kgraph query`` over the output folder: the default graph is
        the union of every graph, ``kg:``, ``kga:``, ``rdfs:`` … are predeclared.

        Args:
            sparql: a SELECT, ASK, CONSTRUCT or DESCRIBE query.
            max_rows: keep at most this many rows (default: the ``query_max_rows`` setting, 10000);
                ``truncated`` on the result says whether more existed.
            bindings: values for variables of the query, ``{"actor": "kga:isis"}``.

        Raises:
            ForbiddenQuery: an update, or SERVICE.
            QueryError: the query does not parse or fails.

        >>> from kgraph.build import build_graph
        >>> result = build_graph(texts=["The Global Coalition to Defeat ISIS supports the Iraqi Security Forces."])
        >>> result.query("SELECT ?o WHERE { kga:coalition kg:supports ?o }").to_dicts(compact=True)
        [{'o': 'kga:iraqi_security_forces'}]
        """
        from kgraph import settings
        from kgraph.query.sparql import run_query

        limit = int(settings.get("query_max_rows")) if max_rows is None else max_rows
        return run_query(store(self), sparql, max_rows=limit, bindings=bindings)

    def facts(self) -> list[Fact]:
        """The facts of the graph, one :class:`~kgraph.model.Fact` per ``edges.csv`` row, in its order
        (subject, property, object). ``pandas.DataFrame(result.facts())`` makes a table of them."""
        return facts(self.graph)

    def write(self, out: str | os.PathLike[str]) -> dict[str, str]:
        """Write the files ``kgraph build --out`` writes (graph.ttl, graph.trig, graph.nq, graph.jsonld,
        graph.graphml, edges.csv, graph.html, report.json, manifest.json) into the folder ``out``, crash-safely.

        Returns:
            ``{file name: SHA-256}`` of the files written (what ``manifest.json`` lists).

        Raises:
            OutputError: ``out`` is not a folder, cannot be written, or another build holds it.
        """
        from pathlib import Path

        from kgraph.output import write_outputs

        return write_outputs(self, Path(out), schema=schema_of(self))

    def explore(self, *, query: str | None = None, title: str = "kgraph", height: int = 640) -> Explorer:
        """The interactive explorer of this graph (the page ``graph.html`` is), to show in Jupyter or save.

        Args:
            query: draw only what a SPARQL CONSTRUCT (its triples) or SELECT (the actors it names and the
                facts among them) picks, as ``kgraph viz --query`` does. Default: the whole graph.
            title: the page title.
            height: the height of the frame it is shown in, in pixels.

        Raises:
            QueryError: the query does not parse, fails, or picks no actor.
        """
        from kgraph.render import render_html
        from kgraph.render.embed import Explorer
        from kgraph.render.html import data_from_corpus
        from kgraph.render.rdf import select

        data = data_from_corpus(self.corpus, family=families(self))
        if query is not None:
            data = select(data, store(self), query)
        return Explorer(html=render_html(data, title=title), title=title, height=height)

    def _repr_html_(self) -> str:
        return summary_html(self)
#: Facts listed in a build result's notebook summary.
SUMMARY_FACTS = 10


def store(result: model.BuildResult) -> Any:
    """The in-memory Oxigraph store of ``result``'s graph (made on the first call, then kept on ``result``).

    It holds what ``graph.trig`` holds, one named graph per document, and in its default graph the union of
    all graphs, as the store ``kgraph query`` opens over an output folder does.
    """
    made = result.__dict__.get(_STORE)
    if made is None:
        made = _make_store(result)
        object.__setattr__(result, _STORE, made)
    return made


def _make_store(result: model.BuildResult) -> Any:
    import pyoxigraph as ox

    from kgraph import export
    from kgraph.graph.rdf import corpus_graphs
    from kgraph.schema import load_schema

    given = result.__dict__.get("_dataset")
    if given is not None and not callable(given):  # a Dataset given to the result (or already made): its quads
        text = "".join(export.nquads_lines(given))
    else:  # the triples the build wrote, without making the rdflib Dataset
        text = "".join(export.nquads_lines(list(corpus_graphs(result.corpus, schema_of(result) or load_schema()))))
    made = ox.Store()
    made.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    # the default graph is the RDF merge of all graphs (see kgraph.query.store), made by Oxigraph
    made.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return made


def schema_of(result: model.BuildResult) -> Schema | None:
    """The vocabulary the build of ``result`` used (its ontology and the user's files), when it said."""
    from kgraph.schema import Schema

    made = result.__dict__.get("_schema")
    return made if isinstance(made, Schema) else None


def facts(graph: MultiDiGraph[str]) -> list[Fact]:
    """The facts of a :func:`kgraph.graph.to_networkx` projection, in ``edges.csv`` order."""
    out = []
    for s, o, key, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        out.append(Fact(
            subject=str(s), property=str(key), object=str(o),
            subject_label=str(graph.nodes[s].get("label", s)), object_label=str(graph.nodes[o].get("label", o)),
            support=int(data.get("weight", 0)), assertions=int(data.get("assertions", 0)),
            documents=int(data.get("documents", 0)),
            speakers=tuple(x for x in str(data.get("speakers", "")).split(" | ") if x),
            first_date=str(data.get("first_date") or "") or None, last_date=str(data.get("last_date") or "") or None,
            evidence=str(data.get("evidence", "")), copies=int(data.get("copies", 0))))
    return out


def families(result: model.BuildResult) -> dict[str, str]:
    """Each sub-property ``result``'s graph declares → its core property (``attacks`` → ``opposes``)."""
    import pyoxigraph as ox

    from kgraph.ontology import PREFIXES
    from kgraph.schema import Schema

    sub = ox.NamedNode(PREFIXES["rdfs"] + "subPropertyOf")
    pairs = {(q.subject.value, q.object.value) for q in store(result).quads_for_pattern(None, sub, None, None)
             if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)}
    return Schema.from_pairs(pairs).families()


def summary_html(result: model.BuildResult) -> str:
    """A short HTML summary of ``result`` (counts, and the best-supported facts), every text escaped."""
    import html

    from kgraph.query.convert import html_table

    rep = result.report
    docs, rel = rep["documents"], rep["relations"]
    head = (f"kgraph graph: {_n(docs['read'], 'document')} read, {docs['skipped']} skipped; "
            f"{_n(rep['actors']['total'], 'actor')}; {_n(rel['facts'], 'fact')} from "
            f"{_n(rel['assertions'], 'assertion')}")
    top = sorted(facts(result.graph), key=lambda f: (-f.support, f.subject, f.property, f.object))[:SUMMARY_FACTS]
    rows = [[f.subject_label, f.property, f.object_label, f.support, f.evidence] for f in top]
    table = html_table(["subject", "property", "object", "support", "evidence"], rows, total=rel["facts"],
                       note="result.facts() lists them all, result.query(sparql) queries the graph")
    return f'<div class="kgraph-result"><p><strong>{html.escape(head)}</strong></p>{table}</div>'


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


__all__ = ["SUMMARY_FACTS", "BuildResult", "facts", "families", "schema_of", "store", "summary_html"]
