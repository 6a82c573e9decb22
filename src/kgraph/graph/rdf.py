"""The graph as an rdflib Dataset (the Python API's ``BuildResult.dataset``), from :mod:`kgraph.graph.triples`.

A build does not need it: the output files are written from the same triples by :mod:`kgraph.graph.writer`,
without an rdflib store. See :mod:`kgraph.graph.triples` for the layout of the graphs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Dataset, Graph, Literal, Namespace, URIRef

from kgraph.graph.triples import (
    ACTORS_GRAPH,
    FACTS_GRAPH,
    FactTable,
    Lit,
    Term,
    Triple,
    actor_triples,
    document_triples,
    ontology_graph,
    ontology_triples,
)
from kgraph.model import Assertion, Corpus
from kgraph.ontology import KGD, PREFIXES


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True, replace=True)


def _rdflib_term(t: Term) -> URIRef | Literal:
    if isinstance(t, Lit):
        return Literal(t.value, lang=t.lang, datatype=None if t.datatype is None else URIRef(t.datatype))
    return URIRef(t)


def _add(g: Graph, triples: Iterable[Triple]) -> None:
    g.addN((URIRef(s), URIRef(p), _rdflib_term(o), g) for s, p, o in triples)


def corpus_graphs(corpus: Corpus) -> Iterable[tuple[str, list[Triple]]]:
    """Every graph of ``corpus``: each document's, then the actors graph and the facts graph."""
    used: set[str] = set()
    facts = FactTable()
    by_doc: dict[str, list[Assertion]] = defaultdict(list)
    for a in corpus.assertions:
        by_doc[a.relation.doc_id].append(a)
    for doc in corpus.documents:
        assertions = by_doc.get(doc.id, [])
        facts.add(assertions, doc.date)
        yield KGD + doc.id, document_triples(doc, assertions, used)
    actors = actor_triples(corpus.actors, corpus.merges, used)
    fact_nodes = facts.triples(used)
    yield ACTORS_GRAPH, actors + ontology_triples(used)
    yield FACTS_GRAPH, fact_nodes


def build_dataset(corpus: Corpus) -> Dataset:
    """Build the RDF Dataset of ``corpus`` (see :mod:`kgraph.graph.triples` for its layout)."""
    ds = Dataset()
    bind_prefixes(ds)
    for name, triples in corpus_graphs(corpus):
        if triples:
            _add(ds.graph(URIRef(name)), triples)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All triples of every graph of ``ds`` in one Graph (what ``graph.ttl`` holds)."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


__all__ = ["bind_prefixes", "build_dataset", "corpus_graphs", "ontology_graph", "union_graph"]
