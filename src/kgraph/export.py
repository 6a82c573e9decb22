"""Serialising outputs: canonical Turtle/TriG/N-Quads, JSON-LD, GraphML, CSV; deterministic.

Turtle, TriG, N-Quads and JSON-LD are written by kgraph's own canonical writers (sorted subjects, predicates
and objects; literals always on one line), so the same input gives byte-identical files. Each has a
``*_chunks``/``*_lines`` form that yields the text in pieces, for writing large graphs without holding the whole
text. Writing them to disk, crash-safely, is :mod:`kgraph.atomic`'s job.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

import networkx as nx
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef

from kgraph.errors import OutputError
from kgraph.ontology import PREFIXES

# ---------------------------------------------------------------- canonical Turtle / TriG / N-Quads
_PREFIX_ORDER = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
Triple = tuple[Any, Any, Any]
_TYPE = RDF.type


def _iri(term: URIRef) -> str:
    s = str(term)
    for prefix, ns in _PREFIX_ORDER:
        if s.startswith(ns):
            local = s[len(ns):]
            if local and _safe_local(local):
                return f"{prefix}:{local}"
    return term.n3()


def _safe_local(local: str) -> bool:
    """A local name written as ``prefix:local`` only when it is plain ASCII letters, digits, ``_`` and ``-``."""
    return bool(_SAFE_LOCAL.match(local))


def _term(t: Any) -> str:
    if isinstance(t, URIRef):
        if t == _TYPE:
            return "a"
        return _iri(t)
    if isinstance(t, Literal):
        return _literal(t, _iri(t.datatype) if t.datatype is not None else "")
    if isinstance(t, BNode):
        raise OutputError("blank nodes are not allowed in kgraph output", fix="report this as a bug")
    return str(t.n3())


# Escapes for a one-line string literal, valid in Turtle, TriG, N-Triples and N-Quads. Besides the required
# ones, every character Python's str.splitlines() breaks at is written as \uXXXX: line-based readers
# (rdflib's N-Quads parser among them) would otherwise cut the line inside the literal.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                          **{c: f"\\u{ord(c):04X}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}})


def _literal(t: Literal, datatype: str) -> str:
    body = '"' + str(t).translate(_ESCAPES) + '"'
    if t.language:
        return f"{body}@{t.language}"
    if datatype:
        return f"{body}^^{datatype}"
    return body


def _nt_term(t: Any) -> str:
    """A term in N-Triples/N-Quads syntax (full IRIs, one-line literals)."""
    if isinstance(t, Literal):
        return _literal(t, f"<{t.datatype}>" if t.datatype is not None else "")
    if isinstance(t, BNode):
        raise OutputError("blank nodes are not allowed in kgraph output", fix="report this as a bug")
    return str(t.n3())


class _Terms(dict):  # type: ignore[type-arg]
    """Memo of term → Turtle text (actors, properties and classes repeat thousands of times)."""

    def __missing__(self, t: Any) -> str:
        text = self[t] = _term(t)
        return text


def _sort_key(t: Any) -> tuple[int, str]:
    if isinstance(t, URIRef):
        return (0, str(t))
    if isinstance(t, Literal):
        return (1, f"{t}\x00{t.language or ''}\x00{t.datatype or ''}")
    return (2, str(t))


def _block(triples: Iterable[Triple], indent: str = "", terms: _Terms | None = None) -> list[str]:
    terms = _Terms() if terms is None else terms
    by_s: dict[Any, dict[Any, set[Any]]] = {}
    for s, p, o in triples:
        by_s.setdefault(s, {}).setdefault(p, set()).add(o)
    lines: list[str] = []
    sep = f" ,\n{indent}        "
    for s in sorted(by_s, key=_sort_key):
        preds = by_s[s]
        order = sorted(preds, key=lambda p: (p != _TYPE, str(p)))
        parts = []
        for p in order:
            objs = sorted(preds[p], key=_sort_key)
            parts.append(f"{indent}    {terms[p]} " + sep.join([terms[o] for o in objs]))
        lines.append(f"{indent}{terms[s]}\n" + " ;\n".join(parts) + " .\n")
    return lines


def canonical_turtle(g: Graph | Iterable[Triple]) -> str:
    """Serialise ``g`` (a Graph or any iterable of triples) as sorted Turtle: same graph, same bytes."""
    return "".join(turtle_chunks(g))


def turtle_chunks(g: Graph | Iterable[Triple]) -> Iterator[str]:
    """:func:`canonical_turtle` in pieces (one per subject), to write without building the whole text."""
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    for block in _block(g):
        yield "\n"
        yield block


Graphs = list[tuple[URIRef, list[Triple]]]


def dataset_graphs(ds: Dataset | Graphs) -> Graphs:
    """The non-empty graphs of ``ds`` with their triples, sorted by name (one pass over the store).

    The serialisers below accept this list instead of the Dataset, so a caller writing several formats
    reads the (slow) rdflib store once.
    """
    if isinstance(ds, list):
        return ds
    out = []
    for g in ds.graphs():
        triples = list(g)
        if triples:
            out.append((URIRef(str(g.identifier)), triples))
    return sorted(out, key=lambda gt: str(gt[0]))


def canonical_trig(ds: Dataset | Graphs) -> str:
    """Serialise ``ds`` as sorted TriG, one block per named graph."""
    return "".join(trig_chunks(ds))


def trig_chunks(ds: Dataset | Graphs) -> Iterator[str]:
    """:func:`canonical_trig` in pieces (one per named graph)."""
    yield "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    terms = _Terms()
    for gid, triples in dataset_graphs(ds):
        body = "\n".join(_block(triples, indent="    ", terms=terms))
        yield f"\n{_iri(gid)} {{\n{body}}}\n"


def nquads_lines(ds: Dataset | Graphs) -> list[str]:
    """The sorted lines of :func:`canonical_nquads`."""
    n3: dict[Any, str] = {}

    def term(t: Any) -> str:
        text = n3.get(t)
        if text is None:
            text = n3[t] = _nt_term(t)
        return text

    lines = set()
    for gid, triples in dataset_graphs(ds):
        ctx = gid.n3()
        for s, p, o in triples:
            lines.add(f"{term(s)} {term(p)} {term(o)} {ctx} .\n")
    return sorted(lines)


def canonical_nquads(ds: Dataset | Graphs) -> str:
    """Serialise ``ds`` as sorted N-Quads (one line per quad, no prefixes)."""
    return "".join(nquads_lines(ds))


def union_triples(ds: Dataset | Graphs) -> set[Triple]:
    """Every triple of every graph of ``ds`` (what ``graph.ttl`` and ``graph.jsonld`` hold)."""
    return {t for _, triples in dataset_graphs(ds) for t in triples}


# ---------------------------------------------------------------- other formats
def graphml_text(g: nx.MultiDiGraph[str]) -> str:
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def edges_csv(g: nx.MultiDiGraph[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject", "subject_label", "predicate", "object", "object_label", "assertions", "documents",
                "speakers", "first_date", "last_date", "evidence"])
    for s, o, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        w.writerow([s, g.nodes[s].get("label", s), key, o, g.nodes[o].get("label", o), data.get("assertions", 0),
                    data.get("documents", 0), data.get("speakers", ""), data.get("first_date", ""),
                    data.get("last_date", ""), data.get("evidence", "")])
    return buf.getvalue()


def jsonld_text(g: Graph | Iterable[Triple]) -> str:
    """Serialise ``g`` as compact, sorted JSON-LD 1.0 (``@context`` with kgraph's prefixes, one ``@graph``).

    kgraph's own writer: deterministic and an order of magnitude faster than rdflib's.
    """
    return "".join(jsonld_chunks(g))


def jsonld_chunks(g: Graph | Iterable[Triple]) -> Iterator[str]:
    """:func:`jsonld_text` in pieces (one per node)."""
    terms = _Terms()
    context: dict[str, Any] = {p: ns for p, ns in sorted(PREFIXES.items())}

    def iri(t: Any) -> str:
        text: str = terms[t]
        return text[1:-1] if text.startswith("<") else text

    def obj(o: Any) -> dict[str, str]:
        if isinstance(o, URIRef):
            return {"@id": iri(o)}
        if isinstance(o, BNode):
            raise OutputError("blank nodes are not allowed in kgraph output", fix="report this as a bug")
        value: dict[str, str] = {"@value": str(o)}
        if o.language:
            value["@language"] = o.language
        elif o.datatype is not None:
            value["@type"] = iri(o.datatype)
        return value

    by_s: dict[Any, dict[Any, set[Any]]] = {}
    for s, p, o in g:
        by_s.setdefault(s, {}).setdefault(p, set()).add(o)
    yield '{"@context": ' + json.dumps(context, ensure_ascii=False, indent=1, sort_keys=True) + ',\n"@graph": [\n'
    for n, s in enumerate(sorted(by_s, key=_sort_key)):
        node: dict[str, Any] = {"@id": iri(s)}
        for p in sorted(by_s[s], key=str):
            objs = sorted(by_s[s][p], key=_sort_key)
            if p == _TYPE:
                node["@type"] = [iri(o) for o in objs]
            else:
                node[iri(p)] = [obj(o) for o in objs]
        yield (",\n" if n else "") + json.dumps(node, ensure_ascii=False)  # one node a line
    yield "\n]}\n"


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
