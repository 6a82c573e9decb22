"""The graph's content as plain triples, one graph at a time: no rdflib store in the way.

A term is an IRI (a plain ``str``) or a :class:`Lit`; a triple is ``(subject IRI, predicate IRI, term)``.
The graphs of a build:

* ``kgg:actors`` — actors (type, labels, altLabels, counts), the merge records that say why names were joined
  into one actor (``kg:identityEvidence`` → ``kg:MergeRecord``), and the ontology terms used
  (:func:`actor_triples`, :func:`ontology_triples`);
* ``kgg:facts`` — one ``kg:Fact`` aggregate per fact triple: ``rdf:subject/predicate/object``, ``kg:copyCount``,
  ``kg:assertionCount``, ``kg:documentCount``, ``kg:firstDate``/``kg:lastDate`` (the days the sentences say
  things happened, else the report dates) and
  ``kg:speaker`` (:class:`FactTable`). It uses no relation property, so it adds no relation triple;
* one graph per document (``kgd:<id>``) — the document node, its assertion nodes and the facts it asserts
  (:func:`document_triples`).

Negated or hedged assertions are kept as assertion nodes (``kg:negated true``) but add no fact triple.
:mod:`kgraph.graph.rdf` turns these triples into an rdflib Dataset; :mod:`kgraph.graph.writer` writes them.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from kgraph.model import Actor, Assertion, Document, Duplicate, Merge
from kgraph.ontology import KG, KGA, KGD, KGX

if TYPE_CHECKING:
    from kgraph.dedup import Stories
    from kgraph.schema import Declaration, Schema

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
TYPE = RDF + "type"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
XSD_DECIMAL = XSD + "decimal"
XSD_DATE = XSD + "date"
ACTORS_GRAPH = "https://w3id.org/kgraph/graph/actors"
FACTS_GRAPH = "https://w3id.org/kgraph/graph/facts"


class Lit(NamedTuple):
    """A literal: its lexical form, language tag or datatype IRI (never both)."""

    value: str
    lang: str | None = None
    datatype: str | None = None


#: An RDF term: an IRI (``str``) or a literal.
Term = str | Lit
#: ``(subject IRI, predicate IRI, object)``.
Triple = tuple[str, str, Term]

_TRUE = Lit("true", None, XSD_BOOLEAN)
_FALSE = Lit("false", None, XSD_BOOLEAN)


def integer(n: int) -> Lit:
    return Lit(str(n), None, XSD_INTEGER)


@functools.lru_cache(maxsize=4096)
def date_literal(value: str) -> Lit:
    """An ``xsd:date`` literal for a calendar date (``YYYY-MM-DD``), a plain literal for anything else."""
    import datetime

    try:
        if len(value) == 10 and datetime.date.fromisoformat(value).isoformat() == value:
            return Lit(value, None, XSD_DATE)
    except ValueError:
        pass
    return Lit(value)


_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def lang_tag(tag: str) -> str | None:
    """``tag`` when it is a valid language tag, else None (a plain literal rather than an invalid one)."""
    return tag if _LANG_TAG.fullmatch(tag or "") else None


def assertion_iri(a: Assertion) -> str:
    """The IRI of the node of one assertion (a hash of document, sentence, subject, property, object, trigger
    and rule)."""
    r = a.relation
    raw = "\x1f".join((r.doc_id, str(r.sentence), a.subject, a.predicate, a.object, r.trigger, r.rule))
    return KGX + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def fact_iri(subject: str, predicate: str, obj: str) -> str:
    """The IRI of the aggregate node of the fact ``(subject, predicate, obj)`` (actor ids, property name)."""
    raw = "\x1f".join((subject, predicate, obj))
    return KGX + "fact-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def merge_iri(m: Merge) -> str:
    """The IRI of the record of one identity merge."""
    raw = "\x1f".join((m.actor, *m.merged, m.rule))
    return KGX + "merge-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def duplicate_iri(d: Duplicate) -> str:
    """The IRI of the record of why one document is a copy of another."""
    raw = "\x1f".join((d.document, d.original, d.method))
    return KGX + "copy-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


def is_fact(a: Assertion) -> bool:
    """Whether ``a`` makes a fact triple (neither negated nor hedged)."""
    return not a.relation.negated and not a.relation.hedged


def document_triples(doc: Document, assertions: Iterable[Assertion], used: set[str],
                     duplicate: Duplicate | None = None) -> list[Triple]:
    """The triples of the graph of ``doc``: the document node, one node per assertion, the facts it asserts,
    and when it copies another document (``duplicate``), ``kg:duplicateOf`` that one with the record of why.

    The ontology terms it uses are added to ``used``.
    """
    return document_node_triples(doc, used, duplicate) + assertion_triples(doc, assertions, used)


def document_node_triples(doc: Document, used: set[str], duplicate: Duplicate | None = None) -> list[Triple]:
    """The triples of the node of ``doc`` itself (type, hash, source, language, title, date) and, when it
    copies another document, the record of why (see :func:`document_triples`)."""
    dnode = KGD + doc.id
    out: list[Triple] = [(dnode, TYPE, KG + "Document"), (dnode, KG + "contentHash", Lit(doc.content_hash)),
                         (dnode, DCTERMS + "source", Lit(doc.source)), (dnode, DCTERMS + "language", Lit(doc.lang))]
    used.add(KG + "Document")
    if doc.title:
        out.append((dnode, DCTERMS + "title", Lit(doc.title, lang_tag(doc.lang))))
    date = date_literal(doc.date) if doc.date else None
    if date is not None:
        out.append((dnode, DCTERMS + "date", date))
    add = out.append
    if duplicate is not None:
        node = duplicate_iri(duplicate)
        used.update(KG + t for t in ("duplicateOf", "DuplicateRecord", "duplicateEvidence", "duplicateMethod",
                                     "similarity"))
        add((dnode, KG + "duplicateOf", KGD + duplicate.original))
        add((dnode, KG + "duplicateEvidence", node))
        add((node, TYPE, KG + "DuplicateRecord"))
        add((node, KG + "duplicateMethod", Lit(duplicate.method)))
        add((node, KG + "similarity", Lit(f"{duplicate.similarity:.3f}", None, XSD_DECIMAL)))
    return out


def assertion_triples(doc: Document, assertions: Iterable[Assertion], used: set[str]) -> list[Triple]:
    """The triples of the assertion nodes of ``assertions`` (of ``doc``) and of the facts they assert; the
    graph of ``doc`` is :func:`document_node_triples` and these for all its assertions."""
    dnode = KGD + doc.id
    lang = lang_tag(doc.lang)
    date = date_literal(doc.date) if doc.date else None
    out: list[Triple] = []
    add = out.append
    for a in assertions:
        r = a.relation
        node = assertion_iri(a)
        prop = KG + a.predicate
        subject, obj = KGA + a.subject, KGA + a.object
        used.add(prop)
        used.add(KG + "Assertion")
        add((node, TYPE, KG + "Assertion"))
        add((node, RDF + "subject", subject))
        add((node, RDF + "predicate", prop))
        add((node, RDF + "object", obj))
        add((node, PROV + "wasDerivedFrom", dnode))
        add((node, KG + "evidence", Lit(r.evidence, lang)))
        add((node, KG + "sentenceIndex", integer(r.sentence)))
        add((node, KG + "charStart", integer(r.sent_start)))
        add((node, KG + "charEnd", integer(r.sent_end)))
        if r.trigger:
            add((node, KG + "trigger", Lit(r.trigger, lang)))
        add((node, KG + "rule", Lit(r.rule)))
        add((node, KG + "negated", _TRUE if r.negated else _FALSE))
        add((node, KG + "hedged", _TRUE if r.hedged else _FALSE))
        add((node, KG + "confidence", Lit(f"{r.confidence:.2f}", None, XSD_DECIMAL)))
        if a.speaker:
            add((node, KG + "assertedBy", KGA + a.speaker))
        if a.place:
            add((node, KG + "place", KGA + a.place))
        if date is not None:
            add((node, DCTERMS + "date", date))
        if a.when:
            used.add(KG + "eventDate")
            add((node, KG + "eventDate", date_literal(a.when)))
        if not r.negated and not r.hedged:
            add((subject, prop, obj))
    return out


def actor_triples(actors: Mapping[str, Actor], merges: Sequence[Merge], used: set[str]) -> list[Triple]:
    """The actors and merge records of the actors graph (without the ontology terms, see
    :func:`ontology_triples`)."""
    out: list[Triple] = []
    add = out.append
    if actors:
        used.add(KG + "copyCount")
    for aid, actor in sorted(actors.items()):
        node = KGA + aid
        cls = KG + actor.cls
        used.add(cls)
        add((node, TYPE, cls))
        for lang, label in sorted(actor.labels.items()):
            add((node, RDFS + "label", Lit(label, lang)))
        for text, lang in sorted(actor.alt_labels):
            if actor.labels.get(lang) != text:
                add((node, SKOS + "altLabel", Lit(text, lang)))
        add((node, KG + "mentionCount", integer(actor.mention_count)))
        add((node, KG + "documentCount", integer(actor.stories or len(actor.documents))))
        add((node, KG + "copyCount", integer(actor.copies or len(actor.documents))))
        if actor.code:
            add((node, KG + "cameoCode", Lit(actor.code)))
        for day in actor.dates:
            used.add(KG + "eventDate")
            add((node, KG + "eventDate", date_literal(day)))
    for m in merges:
        node = merge_iri(m)
        used.update(KG + t for t in ("MergeRecord", "identityEvidence", "mergedName", "mergeRule", "reason",
                                     "sharedContext", "provisionalId"))
        add((KGA + m.actor, KG + "identityEvidence", node))
        add((node, TYPE, KG + "MergeRecord"))
        add((node, KG + "mergeRule", Lit(m.rule)))
        add((node, KG + "reason", Lit(m.reason)))
        for text, lang in m.names:
            add((node, KG + "mergedName", Lit(text, lang)))
        for pid in m.merged:
            add((node, KG + "provisionalId", Lit(pid)))
        for aid in m.shared:
            add((node, KG + "sharedContext", KGA + aid))
    return out


class _Fact:
    __slots__ = ("dates", "per_doc", "speakers")

    def __init__(self) -> None:
        self.per_doc: dict[str, int] = {}
        self.dates: dict[str, tuple[str, str]] = {}  # document → first and last date of its assertions
        self.speakers: set[str] = set()


class FactTable:
    """The facts of a build, aggregated as documents come in any order: per ``(subject, property, object)``
    the assertions of each document, their first and last date, and the speakers.

    Counts follow ``stories`` (:class:`kgraph.dedup.Stories`): a story and its copies count once
    (``kg:assertionCount``, ``kg:documentCount``), ``kg:copyCount`` counts every document that carried the fact.
    """

    def __init__(self, stories: Stories | None = None) -> None:
        from kgraph.dedup import Stories

        self._facts: dict[tuple[str, str, str], _Fact] = {}
        self.stories = stories if stories is not None else Stories(())

    def add(self, assertions: Iterable[Assertion], date: str | None) -> None:
        """Count the asserted (not negated, not hedged) ``assertions`` of one document dated ``date`` (each
        dated by the day its sentence gives, ``Assertion.when``, else by ``date``)."""
        for a in assertions:
            if not is_fact(a):
                continue
            key = (a.subject, a.predicate, a.object)
            fact = self._facts.get(key)
            if fact is None:
                fact = self._facts[key] = _Fact()
            doc = a.relation.doc_id
            fact.per_doc[doc] = fact.per_doc.get(doc, 0) + 1
            if a.speaker:
                fact.speakers.add(a.speaker)
            day = a.when or date
            if day:
                first, last = fact.dates.get(doc, (day, day))
                fact.dates[doc] = (min(first, day), max(last, day))

    def __len__(self) -> int:
        return len(self._facts)

    def fact_triples(self) -> Iterable[Triple]:
        """The fact triples themselves (``kga:s kg:p kga:o``), as the document graphs assert them."""
        for s, p, o in self._facts:
            yield (KGA + s, KG + p, KGA + o)

    def triples(self, used: set[str]) -> list[Triple]:
        """The facts graph: one ``kg:Fact`` node per fact."""
        out: list[Triple] = []
        if self._facts:
            used.update(KG + t for t in ("Fact", "assertionCount", "documentCount", "copyCount", "firstDate",
                                         "lastDate", "speaker"))
        add = out.append
        stories = self.stories
        for (s, p, o), fact in self._facts.items():
            node = fact_iri(s, p, o)
            chosen = stories.chosen(fact.per_doc)
            n, docs = sum(fact.per_doc[d] for d in chosen), len(chosen)
            copies = sum(stories.copies(d) for d in fact.per_doc)
            dates = [day for d in chosen if d in fact.dates for day in fact.dates[d]]
            add((node, TYPE, KG + "Fact"))
            add((node, RDF + "subject", KGA + s))
            add((node, RDF + "predicate", KG + p))
            add((node, RDF + "object", KGA + o))
            add((node, KG + "assertionCount", integer(n)))
            add((node, KG + "documentCount", integer(docs)))
            add((node, KG + "copyCount", integer(copies)))
            if dates:
                add((node, KG + "firstDate", date_literal(min(dates))))
                add((node, KG + "lastDate", date_literal(max(dates))))
            for speaker in fact.speakers:
                add((node, KG + "speaker", KGA + speaker))
        return out


_FOLLOWED = (RDFS + "subPropertyOf", RDFS + "subClassOf")


def ontology_triples(used: Iterable[str], schema: Schema) -> list[Triple]:
    """The declarations (type, label, super-property, super-class, comment) of every ontology term in ``used``,
    and of the terms those declarations lead to, from ``schema`` (the shipped ontology and the user's files)."""
    by_term: dict[str, list[Declaration]] = {}
    for d in schema.declarations:
        by_term.setdefault(d.term, []).append(d)
    out: list[Triple] = []
    todo = list(used)
    seen: set[str] = set()
    while todo:
        term = todo.pop()
        if term in seen:
            continue
        seen.add(term)
        for d in by_term.get(term, ()):
            if d.kind == "literal":
                out.append((term, d.predicate, Lit(d.value, d.lang or None, d.datatype or None)))
                continue
            out.append((term, d.predicate, d.value))
            if d.predicate in _FOLLOWED and d.value.startswith(KG):
                todo.append(d.value)
    return out


def families(triples: Iterable[Triple]) -> dict[str, str]:
    """Each sub-property that ``triples`` declare → its core property (``attacks`` → ``opposes``)."""
    from kgraph.schema import Schema

    pairs = {(s, o) for s, p, o in triples if p == RDFS + "subPropertyOf" and isinstance(o, str)}
    return Schema.from_pairs(pairs).families()


__all__ = ["ACTORS_GRAPH", "FACTS_GRAPH", "FactTable", "Lit", "Term", "Triple", "actor_triples", "assertion_iri",
           "assertion_triples", "date_literal", "document_node_triples", "document_triples", "duplicate_iri",
           "fact_iri", "families", "is_fact", "merge_iri", "ontology_triples"]
