"""Explorer data from an existing output (a folder, ``graph.ttl``, ``graph.trig`` or ``graph.nq``).

What is read:

* **actors** — every ``kga:`` node with an ``rdf:type`` in ``kg:``: ``rdfs:label`` (@en, @ar),
  ``skos:altLabel``, ``kg:mentionCount``, ``kg:documentCount``;
* **facts** — every triple ``kga:X kg:p kga:Y`` (the relation properties);
* **evidence** — every ``kg:Assertion`` node (``rdf:subject/predicate/object``, ``kg:evidence``,
  ``kg:assertedBy``, ``dcterms:date``, ``prov:wasDerivedFrom``, ``kg:negated``, ``kg:hedged``);
* **documents** — ``kg:Document`` nodes (``dcterms:title``, ``dcterms:date``, ``dcterms:source``);
* **families** — ``rdfs:subPropertyOf`` declarations in the graph (a sub-property takes its core
  property's colour).

:func:`select` narrows the data to what a SPARQL query picks: the triples of a CONSTRUCT/DESCRIBE, or the
actors named in a SELECT's rows (and the facts among them).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from kgraph.dedup import Stories
from kgraph.errors import QueryError
from kgraph.ontology import KG, KGA, KGD, PREFIXES
from kgraph.render.html import ExplorerData, ExplorerEvidence, ExplorerNode, mark_copies
from kgraph.schema import Schema

_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_SKOS = PREFIXES["skos"]
_DCT = PREFIXES["dcterms"]
_PROV = PREFIXES["prov"]
_TYPE = _RDF + "type"


def _local(iri: str, ns: str) -> str:
    return iri[len(ns):] if iri.startswith(ns) else iri


def data_from_store(store: Any) -> ExplorerData:
    """Explorer data of everything in an Oxigraph store holding a kgraph output."""
    import pyoxigraph as ox

    types: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    aliases: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    facts: set[tuple[str, str, str]] = set()
    assertions: dict[str, dict[str, Any]] = defaultdict(dict)
    docs: dict[str, dict[str, str]] = defaultdict(dict)
    subprops: set[tuple[str, str]] = set()
    originals: dict[str, str] = {}
    for q in store.quads_for_pattern(None, None, None, None):
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        sv = s.value
        ov = o.value if isinstance(o, ox.NamedNode | ox.Literal) else ""
        if p == _RDFS + "subPropertyOf" and isinstance(o, ox.NamedNode):
            subprops.add((sv, ov))
        elif sv.startswith(KGA):
            aid = sv[len(KGA):]
            if p == _TYPE and ov.startswith(KG):
                types[aid] = ov[len(KG):]
            elif p == _RDFS + "label" and isinstance(o, ox.Literal):
                labels[aid].setdefault(o.language or "", o.value)
            elif p == _SKOS + "altLabel" and isinstance(o, ox.Literal):
                aliases[aid].add(o.value)
            elif p in (KG + "mentionCount", KG + "documentCount") and isinstance(o, ox.Literal):
                try:
                    counts[aid][p[len(KG):]] = int(o.value)
                except ValueError:
                    continue
            elif p.startswith(KG) and isinstance(o, ox.NamedNode) and ov.startswith(KGA):
                facts.add((aid, p[len(KG):], ov[len(KGA):]))
        elif sv.startswith(KGD):
            if p in (_DCT + "title", _DCT + "date", _DCT + "source") and isinstance(o, ox.Literal):
                docs[sv[len(KGD):]][p[len(_DCT):]] = o.value
            elif p == KG + "duplicateOf" and ov.startswith(KGD):
                originals[sv[len(KGD):]] = ov[len(KGD):]
        else:
            _assertion_field(assertions, sv, p, o, ov)
    evidence: dict[tuple[str, str, str], list[ExplorerEvidence]] = defaultdict(list)
    mentioned: dict[str, set[str]] = defaultdict(set)
    for a in sorted(assertions.values(), key=lambda a: (a.get("doc", ""), a.get("sentence", 0), a.get("text", ""))):
        if not {"s", "p", "o"} <= a.keys() or not a.get("is_assertion"):
            continue
        key = (a["s"], a["p"], a["o"])
        doc = a.get("doc", "")
        evidence[key].append(ExplorerEvidence(text=a.get("text", ""), doc=doc, speaker=a.get("speaker", ""),
                                              date=a.get("date", "") or docs.get(doc, {}).get("date", ""),
                                              negated=a.get("negated", False), hedged=a.get("hedged", False)))
        if doc:
            for actor in (a["s"], a["o"], a.get("speaker", "")):
                if actor:
                    mentioned[actor].add(doc)
    if originals:
        stories = Stories.from_table(originals, {d: meta.get("date") for d, meta in docs.items()})
        evidence = defaultdict(list, mark_copies(evidence, stories))
    nodes = {}
    for aid, cls in types.items():
        lab = labels.get(aid, {})
        en = lab.get("en", "")
        ar = lab.get("ar", "")
        if not en and not ar:
            en = next(iter(lab.values()), "")
        shown = {en, ar}
        nodes[aid] = ExplorerNode(id=aid, label_en=en, label_ar=ar, type=cls,
                                  mentions=counts[aid].get("mentionCount", 0),
                                  documents=tuple(sorted(mentioned.get(aid, ()))),
                                  document_count=counts[aid].get("documentCount", 0),
                                  aliases=tuple(sorted(aliases.get(aid, set()) - shown)))
    for s, _, o in facts:
        for aid in (s, o):
            nodes.setdefault(aid, ExplorerNode(id=aid, label_en=aid))
    documents = {d: {"title": meta.get("title", ""), "date": meta.get("date", ""), "source": meta.get("source", "")}
                 for d, meta in docs.items()}
    return ExplorerData(nodes=nodes, edges=sorted(facts), evidence=dict(evidence), documents=documents,
                        family=Schema.from_pairs(subprops, namespace=KG).families())


def _assertion_field(assertions: dict[str, dict[str, Any]], sv: str, p: str, o: Any, ov: str) -> None:
    a = assertions[sv] if sv in assertions or p in _ASSERTION_FIELDS else None
    if a is None:
        return
    if p == _TYPE and ov == KG + "Assertion":
        a["is_assertion"] = True
    elif p == _RDF + "subject" and ov.startswith(KGA):
        a["s"] = ov[len(KGA):]
    elif p == _RDF + "object" and ov.startswith(KGA):
        a["o"] = ov[len(KGA):]
    elif p == _RDF + "predicate" and ov.startswith(KG):
        a["p"] = ov[len(KG):]
    elif p == KG + "evidence":
        a["text"] = ov
    elif p == KG + "assertedBy" and ov.startswith(KGA):
        a["speaker"] = ov[len(KGA):]
    elif p == _DCT + "date":
        a.setdefault("date", ov)
    elif p == KG + "eventDate":  # the day the sentence says it happened, before the report date
        a["date"] = ov
    elif p == _PROV + "wasDerivedFrom" and ov.startswith(KGD):
        a["doc"] = ov[len(KGD):]
    elif p in (KG + "negated", KG + "hedged"):
        a[p[len(KG):]] = ov.strip().lower() in ("true", "1")
    elif p == KG + "sentenceIndex":
        try:
            a["sentence"] = int(ov)
        except ValueError:
            a["sentence"] = 0


_ASSERTION_FIELDS = frozenset({
    _TYPE, _RDF + "subject", _RDF + "object", _RDF + "predicate", KG + "evidence", KG + "assertedBy",
    _DCT + "date", KG + "eventDate", _PROV + "wasDerivedFrom", KG + "negated", KG + "hedged", KG + "sentenceIndex",
})


def data_from_rdf(path: Path | str) -> ExplorerData:
    """Explorer data of the output at ``path`` (a folder or a ``.ttl``/``.trig``/``.nq`` file).

    Raises:
        QueryError: no graph file there, or it does not parse.
    """
    from kgraph.query.sparql import open_store

    return data_from_store(open_store(Path(path)))


def select(data: ExplorerData, store: Any, query: str) -> ExplorerData:
    """The part of ``data`` that ``query`` picks.

    CONSTRUCT/DESCRIBE: the actors in the result triples and the relation triples among them (a relation
    triple that is not a fact of the graph is drawn too, with no evidence). SELECT: the actors whose IRIs
    appear in any cell (an assertion's IRI stands for its subject and object), and the facts among them.

    Raises:
        QueryError: the query does not parse, is an ASK, or picks no actor.
    """
    import pyoxigraph as ox

    from kgraph.query.sparql import run_query

    res = run_query(store, query)
    if res.kind == "ask":
        raise QueryError("an ASK query picks no part of the graph",
                         fix="use a CONSTRUCT (triples) or a SELECT whose rows name actors (kga: IRIs)")
    picked: set[str] = set()
    if res.kind == "graph":
        edges = set()
        for s, p, o in res.triples:
            for end in (s, o):
                if isinstance(end, ox.NamedNode) and end.value.startswith(KGA):
                    picked.add(end.value[len(KGA):])
            if (isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and s.value.startswith(KGA)
                    and o.value.startswith(KGA) and p.value.startswith(KG)):
                edges.add((s.value[len(KGA):], p.value[len(KG):], o.value[len(KGA):]))
        out = data.subgraph(picked, edges=edges)
    else:
        for row in res.rows:
            for t in row:
                if isinstance(t, ox.NamedNode) and t.value.startswith(KGA):
                    picked.add(t.value[len(KGA):])
                elif isinstance(t, ox.NamedNode):  # an assertion stands for its subject and object
                    for q in store.quads_for_pattern(t, None, None, None):
                        if q.predicate.value in (_RDF + "subject", _RDF + "object") and \
                                isinstance(q.object, ox.NamedNode) and q.object.value.startswith(KGA):
                            picked.add(q.object.value[len(KGA):])
        out = data.subgraph(picked)
    if not out.nodes:
        raise QueryError("the query picked no actor",
                         fix="return actor IRIs (kga:…) in a SELECT, or triples between actors in a CONSTRUCT")
    return out


__all__ = ["data_from_rdf", "data_from_store", "select"]
