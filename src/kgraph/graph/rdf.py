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
    ontology_triples,
)
from kgraph.model import Assertion, Corpus
from kgraph.ontology import KGD, PREFIXES
from kgraph.schema import Schema


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True, replace=True)


def _rdflib_term(t: Term) -> URIRef | Literal:
    if isinstance(t, Lit):
        return Literal(t.value, lang=t.lang, datatype=None if t.datatype is None else URIRef(t.datatype))
    return URIRef(t)


def _add(g: Graph, triples: Iterable[Triple]) -> None:
    g.addN((URIRef(s), URIRef(p), _rdflib_term(o), g) for s, p, o in triples)


def corpus_graphs(corpus: Corpus, schema: Schema) -> Iterable[tuple[str, list[Triple]]]:
    """Every graph of ``corpus``: each document's, then the actors graph and the facts graph (with the
    declarations from ``schema`` of the terms they use)."""
    from kgraph.dedup import Stories

    used: set[str] = set()
    facts = FactTable(Stories(corpus.documents, corpus.duplicates, corpus.exact_copies))
    copies = {d.document: d for d in corpus.duplicates}
    by_doc: dict[str, list[Assertion]] = defaultdict(list)
    for a in corpus.assertions:
        by_doc[a.relation.doc_id].append(a)
    for doc in corpus.documents:
        assertions = by_doc.get(doc.id, [])
        facts.add(assertions, doc.date)
        yield KGD + doc.id, document_triples(doc, assertions, used, copies.get(doc.id))
    actors = actor_triples(corpus.actors, corpus.merges, used)
    fact_nodes = facts.triples(used)
    yield ACTORS_GRAPH, actors + ontology_triples(used, schema)
    yield FACTS_GRAPH, fact_nodes


def build_dataset(corpus: Corpus, *, schema: Schema | None = None) -> Dataset:
    """Build the RDF Dataset of ``corpus`` (see :mod:`kgraph.graph.triples` for its layout).

    ``schema`` (default: the shipped ontology) gives the declarations of the classes and properties the graph
    uses, which are written into it (so ``rdfs:subPropertyOf*`` works on a user's own properties too).
    """
    from kgraph.schema import load_schema

    ds = Dataset()
    bind_prefixes(ds)
    for name, triples in corpus_graphs(corpus, schema if schema is not None else load_schema()):
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


__all__ = ["bind_prefixes", "build_dataset", "corpus_graphs", "union_graph"]
