"""Corpus → rdflib Dataset: actor descriptions, direct fact triples and one assertion node per occurrence.

Layout of the Dataset:

* graph ``kgg:actors`` — actors (type, labels, altLabels, counts), the merge records that say why names
  were joined into one actor (``kg:identityEvidence`` → ``kg:MergeRecord``), and the ontology terms used;
* graph ``kgg:facts`` — one ``kg:Fact`` aggregate per fact triple: ``rdf:subject/predicate/object``,
  ``kg:assertionCount``, ``kg:documentCount``, ``kg:firstDate``/``kg:lastDate`` (document dates) and
  ``kg:speaker``. It uses no relation property, so it adds no relation triple to the graph;
* one graph per document (``kgd:<id>``) — the document node, its assertion nodes and the facts it asserts.

Negated or hedged assertions are kept as assertion nodes (``kg:negated true``) but add no fact triple.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from kgraph.model import Assertion, Corpus, Merge
from kgraph.ontology import KG, KGA, KGD, KGX, PREFIXES
from kgraph.schema import Declaration, Schema, load_schema

KGN = Namespace(KG)
KGAN = Namespace(KGA)
KGDN = Namespace(KGD)
KGXN = Namespace(KGX)
ACTORS_GRAPH = URIRef("https://w3id.org/kgraph/graph/actors")
FACTS_GRAPH = URIRef("https://w3id.org/kgraph/graph/facts")


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True, replace=True)


def assertion_iri(a: Assertion) -> URIRef:
    r = a.relation
    raw = "\x1f".join((r.doc_id, str(r.sentence), a.subject, a.predicate, a.object, r.trigger, r.rule))
    return KGXN[hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]]


def fact_iri(subject: str, predicate: str, obj: str) -> URIRef:
    """The IRI of the aggregate node of the fact ``(subject, predicate, obj)`` (actor ids, property name)."""
    raw = "\x1f".join((subject, predicate, obj))
    return KGXN["fact-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]]


def merge_iri(m: Merge) -> URIRef:
    """The IRI of the record of one identity merge."""
    raw = "\x1f".join((m.actor, *m.merged, m.rule))
    return KGXN["merge-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]]


def _date(value: str) -> Literal:
    """An ``xsd:date`` literal for a calendar date (YYYY-MM-DD), a plain literal for anything else."""
    import datetime

    try:
        if len(value) == 10 and datetime.date.fromisoformat(value).isoformat() == value:
            return Literal(value, datatype=XSD.date)
    except ValueError:
        pass
    return Literal(value)


def _lang(tag: str) -> str | None:
    """``tag`` when it is a valid language tag, else None (a plain literal rather than an invalid one)."""
    return tag if re.fullmatch(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", tag or "") else None


def _add_merges(g: Graph, corpus: Corpus, used: set[URIRef]) -> None:
    for m in corpus.merges:
        node = merge_iri(m)
        used.update((KGN.MergeRecord, KGN.identityEvidence, KGN.mergedName, KGN.mergeRule, KGN.reason,
                     KGN.sharedContext, KGN.provisionalId))
        g.add((KGAN[m.actor], KGN.identityEvidence, node))
        g.add((node, RDF.type, KGN.MergeRecord))
        g.add((node, KGN.mergeRule, Literal(m.rule)))
        g.add((node, KGN.reason, Literal(m.reason)))
        for text, lang in m.names:
            g.add((node, KGN.mergedName, Literal(text, lang=lang)))
        for pid in m.merged:
            g.add((node, KGN.provisionalId, Literal(pid)))
        for aid in m.shared:
            g.add((node, KGN.sharedContext, KGAN[aid]))


def _add_facts(g: Graph, corpus: Corpus, used: set[URIRef]) -> None:
    dates = {d.id: d.date for d in corpus.documents}
    groups: dict[tuple[str, str, str], list[Assertion]] = defaultdict(list)
    for a in corpus.assertions:
        if not a.relation.negated and not a.relation.hedged:
            groups[(a.subject, a.predicate, a.object)].append(a)
    if groups:
        used.update((KGN.Fact, KGN.assertionCount, KGN.documentCount, KGN.firstDate, KGN.lastDate,
                     KGN.speaker))
    for (s, p, o), items in groups.items():
        node = fact_iri(s, p, o)
        g.add((node, RDF.type, KGN.Fact))
        g.add((node, RDF.subject, KGAN[s]))
        g.add((node, RDF.predicate, KGN[p]))
        g.add((node, RDF.object, KGAN[o]))
        g.add((node, KGN.assertionCount, Literal(len(items), datatype=XSD.integer)))
        docs = {a.relation.doc_id for a in items}
        g.add((node, KGN.documentCount, Literal(len(docs), datatype=XSD.integer)))
        known = sorted(d for d in (dates.get(doc) for doc in docs) if d)
        if known:
            g.add((node, KGN.firstDate, _date(known[0])))
            g.add((node, KGN.lastDate, _date(known[-1])))
        for speaker in {a.speaker for a in items if a.speaker}:
            g.add((node, KGN.speaker, KGAN[speaker]))


def _ontology_terms(used: set[URIRef], schema: Schema) -> Graph:
    """The declarations (type, label, super-property, super-class, comment) of every ontology term in ``used``,
    and of the terms those declarations lead to, from ``schema`` (the shipped ontology and the user's files)."""
    by_term: dict[str, list[Declaration]] = defaultdict(list)
    for d in schema.declarations:
        by_term[d.term].append(d)
    out = Graph()
    todo = [str(t) for t in used]
    seen: set[str] = set()
    while todo:
        term = todo.pop()
        if term in seen:
            continue
        seen.add(term)
        for d in by_term.get(term, ()):
            if d.kind == "literal":
                out.add((URIRef(term), URIRef(d.predicate),
                         Literal(d.value, lang=d.lang, datatype=URIRef(d.datatype) if d.datatype else None)))
                continue
            out.add((URIRef(term), URIRef(d.predicate), URIRef(d.value)))
            if d.predicate in _FOLLOWED and d.value.startswith(KG):
                todo.append(d.value)
    return out


_FOLLOWED = (str(RDFS.subPropertyOf), str(RDFS.subClassOf))


def build_dataset(corpus: Corpus, *, schema: Schema | None = None) -> Dataset:
    """Build the RDF Dataset of ``corpus`` (see the module docstring for its layout).

    ``schema`` (default: the shipped ontology) gives the declarations of the classes and properties the graph
    uses, which are written into it (so ``rdfs:subPropertyOf*`` works on a user's own properties too).
    """
    ds = Dataset()
    bind_prefixes(ds)
    actors_g = ds.graph(ACTORS_GRAPH)
    used: set[URIRef] = set()
    for aid, actor in sorted(corpus.actors.items()):
        node = KGAN[aid]
        cls = KGN[actor.cls]
        used.add(cls)
        actors_g.add((node, RDF.type, cls))
        for lang, label in sorted(actor.labels.items()):
            actors_g.add((node, RDFS.label, Literal(label, lang=lang)))
        for text, lang in sorted(actor.alt_labels):
            lit = Literal(text, lang=lang)
            if actor.labels.get(lang) != text:
                actors_g.add((node, SKOS.altLabel, lit))
        actors_g.add((node, KGN.mentionCount, Literal(actor.mention_count, datatype=XSD.integer)))
        actors_g.add((node, KGN.documentCount, Literal(len(actor.documents), datatype=XSD.integer)))
        if actor.code:
            actors_g.add((node, KGN.cameoCode, Literal(actor.code)))
    by_doc: dict[str, list[Assertion]] = defaultdict(list)
    for a in corpus.assertions:
        by_doc[a.relation.doc_id].append(a)
    for doc in corpus.documents:
        g = ds.graph(KGDN[doc.id])
        dnode = KGDN[doc.id]
        g.add((dnode, RDF.type, KGN.Document))
        used.add(KGN.Document)
        g.add((dnode, KGN.contentHash, Literal(doc.content_hash)))
        g.add((dnode, DCTERMS.source, Literal(doc.source)))
        g.add((dnode, DCTERMS.language, Literal(doc.lang)))
        if doc.title:
            g.add((dnode, DCTERMS.title, Literal(doc.title, lang=_lang(doc.lang))))
        if doc.date:
            g.add((dnode, DCTERMS.date, _date(doc.date)))
        for a in by_doc.get(doc.id, ()):
            r = a.relation
            node = assertion_iri(a)
            prop = KGN[a.predicate]
            used.add(prop)
            used.add(KGN.Assertion)
            g.add((node, RDF.type, KGN.Assertion))
            g.add((node, RDF.subject, KGAN[a.subject]))
            g.add((node, RDF.predicate, prop))
            g.add((node, RDF.object, KGAN[a.object]))
            g.add((node, PROV.wasDerivedFrom, dnode))
            g.add((node, KGN.evidence, Literal(r.evidence, lang=_lang(doc.lang))))
            g.add((node, KGN.sentenceIndex, Literal(r.sentence, datatype=XSD.integer)))
            g.add((node, KGN.charStart, Literal(r.sent_start, datatype=XSD.integer)))
            g.add((node, KGN.charEnd, Literal(r.sent_end, datatype=XSD.integer)))
            if r.trigger:
                g.add((node, KGN.trigger, Literal(r.trigger, lang=_lang(doc.lang))))
            g.add((node, KGN.rule, Literal(r.rule)))
            g.add((node, KGN.negated, Literal(r.negated)))
            g.add((node, KGN.hedged, Literal(r.hedged)))
            g.add((node, KGN.confidence, Literal(f"{r.confidence:.2f}", datatype=XSD.decimal)))
            if a.speaker:
                g.add((node, KGN.assertedBy, KGAN[a.speaker]))
            if a.place:
                g.add((node, KGN.place, KGAN[a.place]))
            if doc.date:
                g.add((node, DCTERMS.date, _date(doc.date)))
            if not r.negated and not r.hedged:
                g.add((KGAN[a.subject], prop, KGAN[a.object]))
    _add_merges(actors_g, corpus, used)
    _add_facts(ds.graph(FACTS_GRAPH), corpus, used)
    for triple in _ontology_terms(used, schema if schema is not None else load_schema()):
        actors_g.add(triple)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All triples of every graph of ``ds`` in one Graph (what ``graph.ttl`` holds)."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
