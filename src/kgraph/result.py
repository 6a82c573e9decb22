"""What a :class:`~kgraph.model.BuildResult` can do besides holding data: query itself, list its facts, draw
itself and show a summary in a notebook.

Everything here is made on first use: the in-memory Oxigraph store behind ``result.query`` is filled from the
result's graph on the first query and kept on the result (a build that is never queried never makes it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kgraph.model import BuildResult, Fact

if TYPE_CHECKING:
    from networkx import MultiDiGraph

    from kgraph.query.sparql import QueryResult
    from kgraph.render.embed import Explorer

_STORE = "_kgraph_store"
#: Facts listed in a build result's notebook summary.
SUMMARY_FACTS = 10


def store(result: BuildResult) -> Any:
    """The in-memory Oxigraph store of ``result``'s graph (made on the first call, then kept on ``result``).

    It holds what ``graph.trig`` holds, one named graph per document, and in its default graph the union of
    all graphs, as the store ``kgraph query`` opens over an output folder does.
    """
    made = result.__dict__.get(_STORE)
    if made is None:
        made = _make_store(result)
        object.__setattr__(result, _STORE, made)
    return made


def _make_store(result: BuildResult) -> Any:
    import pyoxigraph as ox

    from kgraph import export

    text = "".join(export.nquads_lines(result.dataset))
    made = ox.Store()
    made.load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    # the default graph is the RDF merge of all graphs (see kgraph.query.store)
    made.extend({ox.Quad(q.subject, q.predicate, q.object) for q in made.quads_for_pattern(None, None, None, None)
                 if not isinstance(q.graph_name, ox.DefaultGraph)})
    return made


def query_result(result: BuildResult, sparql: str, *, max_rows: int | None = None,
                 bindings: Mapping[str, str] | None = None) -> QueryResult:
    """``sparql`` run over ``result``'s graph (see :meth:`BuildResult.query`)."""
    from kgraph import settings
    from kgraph.query.sparql import run_query

    limit = int(settings.get("query_max_rows")) if max_rows is None else max_rows
    return run_query(store(result), sparql, max_rows=limit, bindings=bindings)


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
            evidence=str(data.get("evidence", ""))))
    return out


def explorer(result: BuildResult, *, query: str | None, title: str, height: int) -> Explorer:
    """The explorer page of ``result`` (what ``graph.html`` shows), or of the part ``query`` picks."""
    from kgraph.render import render_html
    from kgraph.render.embed import Explorer
    from kgraph.render.html import data_from_corpus
    from kgraph.render.rdf import select

    data = data_from_corpus(result.corpus, family=families(result))
    if query is not None:
        data = select(data, store(result), query)
    return Explorer(html=render_html(data, title=title), title=title, height=height)


def families(result: BuildResult) -> dict[str, str]:
    """Each sub-property ``result``'s graph declares → its core property (``attacks`` → ``opposes``)."""
    import pyoxigraph as ox

    from kgraph.ontology import PREFIXES
    from kgraph.schema import Schema

    sub = ox.NamedNode(PREFIXES["rdfs"] + "subPropertyOf")
    pairs = {(q.subject.value, q.object.value) for q in store(result).quads_for_pattern(None, sub, None, None)
             if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)}
    return Schema.from_pairs(pairs).families()


def summary_html(result: BuildResult) -> str:
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


__all__ = ["SUMMARY_FACTS", "explorer", "facts", "families", "query_result", "store", "summary_html"]
