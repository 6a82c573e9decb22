"""Serialising outputs: canonical Turtle/TriG/N-Quads, JSON-LD, GraphML, CSV; deterministic.

Turtle, TriG, N-Quads and JSON-LD are written by kgraph's own canonical writers (sorted subjects, predicates
and objects; literals always on one line), so the same input gives byte-identical files. Each has a
``*_chunks``/``*_lines`` form that yields the text in pieces, for writing large graphs without holding the whole
text. Writing them to disk, crash-safely, is :mod:`kgraph.atomic`'s job.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _json_string
from typing import TYPE_CHECKING, Any

from kgraph.errors import OutputError
from kgraph.graph.triples import TYPE, Lit, Term, Triple
from kgraph.ontology import PREFIXES

if TYPE_CHECKING:
    import networkx as nx

# ---------------------------------------------------------------- canonical Turtle / TriG / N-Quads
_PREFIX_ORDER = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*\Z")
_INVALID_IRI = re.compile(r'[<>" {}|\\^`]')
_TYPE = TYPE
#: The first line(s) of every Turtle and TriG file kgraph writes.
TURTLE_HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
#: Subject → property → objects: the triples of one graph, grouped as the writers write them.
Grouped = dict[str, dict[str, set[Term]]]


def _iri(s: str) -> str:
    for prefix, ns in _PREFIX_ORDER:
        if s.startswith(ns):
            local = s[len(ns):]
            if local and _safe_local(local):
                return f"{prefix}:{local}"
    return _full_iri(s)


def _full_iri(s: str) -> str:
    if _INVALID_IRI.search(s):
        raise OutputError(f"{s!r} is not a valid IRI", fix="report this as a bug")
    return f"<{s}>"


def _safe_local(local: str) -> bool:
    """A local name written as ``prefix:local`` only when it is plain ASCII letters, digits, ``_`` and ``-``."""
    return bool(_SAFE_LOCAL.match(local))


def _term(t: Term) -> str:
    """A term in Turtle syntax (prefixed names where safe, ``a`` for ``rdf:type``)."""
    if isinstance(t, Lit):
        return _literal(t, "" if t.datatype is None else _iri(t.datatype))
    if t == _TYPE:
        return "a"
    return _iri(t)


# Escapes for a one-line string literal, valid in Turtle, TriG, N-Triples and N-Quads. Besides the required
# ones, every character Python's str.splitlines() breaks at is written as \uXXXX: line-based readers
# (rdflib's N-Quads parser among them) would otherwise cut the line inside the literal.
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r",
                          **{c: f"\\u{ord(c):04X}" for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}})


def _literal(t: Lit, datatype: str) -> str:
    body = '"' + t.value.translate(_ESCAPES) + '"'
    if t.lang:
        return f"{body}@{t.lang}"
    if datatype:
        return f"{body}^^{datatype}"
    return body


def nt_term(t: Term) -> str:
    """A term in N-Triples/N-Quads syntax (full IRIs, one-line literals)."""
    if isinstance(t, Lit):
        return _literal(t, "" if t.datatype is None else f"<{t.datatype}>")
    return _full_iri(t)


class Terms(dict[Term, str]):
    """Memo of term → Turtle text (actors, properties and classes repeat thousands of times); it forgets
    everything when it holds ``limit`` terms, so that unique terms (assertion nodes) do not pile up."""

    def __init__(self, limit: int = 200_000) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, t: Term) -> str:
        if len(self) >= self.limit:
            self.clear()
        text = self[t] = _term(t)
        return text


def sort_key(t: Term) -> tuple[int, str]:
    """The canonical order of terms: IRIs (by their text), then literals (by text, language, datatype)."""
    if isinstance(t, Lit):
        return (1, f"{t.value}\x00{t.lang or ''}\x00{t.datatype or ''}")
    return (0, t)


def light_triples(g: Any) -> Iterator[Triple]:
    """The triples of ``g`` (an rdflib Graph, or triples of rdflib terms or of :mod:`kgraph.graph.triples`
    terms) as :mod:`kgraph.graph.triples` terms.

    Raises:
        OutputError: a blank node (kgraph output has none).
    """
    for s, p, o in g:
        yield str(_light(s)), str(_light(p)), _light(o)


def _light(t: Any) -> Term:
    if type(t) is str or type(t) is Lit:
        return t
    from rdflib import BNode, Literal

    if isinstance(t, Literal):
        return Lit(str(t), t.language, None if t.datatype is None else str(t.datatype))
    if isinstance(t, BNode):
        raise OutputError("blank nodes are not allowed in kgraph output", fix="report this as a bug")
    return str(t)


def group(triples: Iterable[Triple], into: Grouped | None = None) -> Grouped:
    """``triples`` grouped by subject and property (sets: a triple given twice is one triple)."""
    by_s: Grouped = {} if into is None else into
    for s, p, o in triples:
        preds = by_s.get(s)
        if preds is None:
            preds = by_s[s] = {}
        objs = preds.get(p)
        if objs is None:
            preds[p] = {o}
        else:
            objs.add(o)
    return by_s


def turtle_block(s: str, preds: dict[str, set[Term]], terms: Terms, indent: str = "") -> str:
    """The Turtle of one subject: ``rdf:type`` first, then properties and objects in canonical order."""
    sep = f" ,\n{indent}        "
    parts = []
    for p in _turtle_order(tuple(preds)):
        objs = preds[p]
        if len(objs) == 1:
            for o in objs:
                parts.append(f"{indent}    {terms[p]} {terms[o]}")
        else:
            parts.append(f"{indent}    {terms[p]} " + sep.join([terms[o] for o in sorted(objs, key=sort_key)]))
    return f"{indent}{terms[s]}\n" + " ;\n".join(parts) + " .\n"


def _predicate_key(p: str) -> tuple[bool, str]:
    return (p != _TYPE, p)


@functools.lru_cache(maxsize=4096)
def _turtle_order(preds: tuple[str, ...]) -> list[str]:
    """The properties of a node in the order Turtle writes them (``rdf:type`` first); cached, as thousands of
    nodes (assertions, actors) have the same properties."""
    return sorted(preds, key=_predicate_key)


@functools.lru_cache(maxsize=4096)
def _json_order(preds: tuple[str, ...]) -> list[str]:
    return sorted(preds)


def indented(block: str, indent: str = "    ") -> str:
    """A :func:`turtle_block` (made without indent) as it is written inside a TriG graph: every line indented.
    Literals never hold a line break (they are escaped), so the lines are the block's lines."""
    return indent + block[:-1].replace("\n", "\n" + indent) + "\n"


def _block(triples: Iterable[Triple], indent: str = "", terms: Terms | None = None) -> list[str]:
    terms = Terms() if terms is None else terms
    by_s = group(triples)
    return [turtle_block(s, by_s[s], terms, indent) for s in sorted(by_s)]


def canonical_turtle(g: Any) -> str:
    """Serialise ``g`` (a Graph or any iterable of triples) as sorted Turtle: same graph, same bytes."""
    return "".join(turtle_chunks(g))


def turtle_chunks(g: Any) -> Iterator[str]:
    """:func:`canonical_turtle` in pieces (one per subject), to write without building the whole text."""
    yield TURTLE_HEADER
    for block in _block(light_triples(g)):
        yield "\n"
        yield block


Graphs = list[tuple[str, list[Triple]]]


def dataset_graphs(ds: Any) -> Graphs:
    """The non-empty graphs of ``ds`` (an rdflib Dataset, or a list of ``(name, triples)``) with their
    triples, sorted by name (one pass over the store)."""
    if isinstance(ds, list):
        return sorted(((str(name), list(light_triples(triples))) for name, triples in ds if triples),
                      key=lambda gt: gt[0])
    by_graph: dict[str, list[Triple]] = {}
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = str(getattr(c, "identifier", c))
        by_graph.setdefault(name, []).append((str(_light(s)), str(_light(p)), _light(o)))
    return sorted(by_graph.items())


def trig_block(name: str, by_s: Grouped, terms: Terms, blocks: dict[str, str] | None = None) -> str:
    """The TriG of one named graph (its triples :func:`group`-ed; ``blocks``: the :func:`turtle_block` of some
    subjects, already made)."""
    parts = []
    for s in sorted(by_s):
        block = None if blocks is None else blocks.get(s)
        parts.append(turtle_block(s, by_s[s], terms, "    ") if block is None else indented(block))
    body = "\n".join(parts)
    return f"{trig_head(name)}{body}{TRIG_TAIL}"


def trig_head(name: str) -> str:
    """What opens named graph ``name`` in TriG; its subjects' blocks follow, one blank line apart, then
    :data:`TRIG_TAIL`."""
    return f"\n{_iri(name)} {{\n"


#: What closes a named graph in TriG.
TRIG_TAIL = "}\n"


def canonical_trig(ds: Any) -> str:
    """Serialise ``ds`` as sorted TriG, one block per named graph."""
    return "".join(trig_chunks(ds))


def trig_chunks(ds: Any) -> Iterator[str]:
    """:func:`canonical_trig` in pieces (one per named graph)."""
    yield TURTLE_HEADER
    terms = Terms()
    for gid, triples in dataset_graphs(ds):
        yield trig_block(gid, group(triples), terms)


class NTerms(dict[Term, str]):
    """Memo of term → N-Triples text (forgets everything at ``limit`` terms, as :class:`Terms`)."""

    def __init__(self, limit: int = 200_000) -> None:
        super().__init__()
        self.limit = limit

    def __missing__(self, t: Term) -> str:
        if len(self) >= self.limit:
            self.clear()
        text = self[t] = nt_term(t)
        return text


def nquad_lines(name: str, triples: Iterable[Triple], n3: NTerms | None = None) -> list[str]:
    """The N-Quads lines of the triples of graph ``name`` (unsorted)."""
    n3 = NTerms() if n3 is None else n3
    ctx = f" {_full_iri(name)} .\n"
    return [f"{n3[s]} {n3[p]} {n3[o]}{ctx}" for s, p, o in triples]


def nquads_lines(ds: Any) -> list[str]:
    """The sorted lines of :func:`canonical_nquads`."""
    n3 = NTerms()
    lines: set[str] = set()
    for gid, triples in dataset_graphs(ds):
        lines.update(nquad_lines(gid, triples, n3))
    return sorted(lines)


def canonical_nquads(ds: Any) -> str:
    """Serialise ``ds`` as sorted N-Quads (one line per quad, no prefixes)."""
    return "".join(nquads_lines(ds))


def union_triples(ds: Any) -> set[Triple]:
    """Every triple of every graph of ``ds`` (what ``graph.ttl`` and ``graph.jsonld`` hold)."""
    return {t for _, triples in dataset_graphs(ds) for t in triples}


# ---------------------------------------------------------------- other formats
def graphml_text(g: nx.MultiDiGraph[str]) -> str:
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def edges_csv(g: nx.MultiDiGraph[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject", "subject_label", "predicate", "object", "object_label", "assertions", "documents",
                "speakers", "first_date", "last_date", "evidence", "copies"])
    for s, o, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        w.writerow([s, g.nodes[s].get("label", s), key, o, g.nodes[o].get("label", o), data.get("assertions", 0),
                    data.get("documents", 0), data.get("speakers", ""), data.get("first_date", ""),
                    data.get("last_date", ""), data.get("evidence", ""), data.get("copies", 0)])
    return buf.getvalue()


def jsonld_text(g: Any) -> str:
    """Serialise ``g`` as compact, sorted JSON-LD 1.0 (``@context`` with kgraph's prefixes, one ``@graph``).

    kgraph's own writer: deterministic and an order of magnitude faster than rdflib's.
    """
    return "".join(jsonld_chunks(g))


#: The text before the first node of a JSON-LD file kgraph writes.
JSONLD_HEAD = ('{"@context": ' + json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False, indent=1,
                                            sort_keys=True) + ',\n"@graph": [\n')
#: The text after the last node.
JSONLD_TAIL = "\n]}\n"


class JsonTerms(dict[Term, str]):
    """Memo of term → its JSON-LD text as an object (``{"@id": …}`` or ``{"@value": …}``); see :class:`Terms`."""

    def __init__(self, limit: int = 200_000) -> None:
        super().__init__()
        self.limit = limit
        #: property → its JSON key (a JSON string)
        self.names: dict[str, str] = {}

    def __missing__(self, t: Term) -> str:
        if len(self) >= self.limit:
            self.clear()
        if isinstance(t, Lit):
            text = '{"@value": ' + _json_string(t.value)
            if t.lang:
                text += ', "@language": ' + _json_string(t.lang)
            elif t.datatype is not None:
                text += ', "@type": ' + _json_string(_json_iri(t.datatype))
            text += "}"
        else:
            text = '{"@id": ' + _json_string(_json_iri(t)) + "}"
        self[t] = text
        return text

    def key(self, p: str) -> str:
        text = self.names.get(p)
        if text is None:
            text = self.names[p] = _json_string(_json_iri(p))
        return text


def _json_iri(t: str) -> str:
    """An IRI as JSON-LD names it: a prefixed name where Turtle writes one, else the bare IRI."""
    text = _term(t)
    return text[1:-1] if text.startswith("<") else text


def jsonld_node(s: str, preds: dict[str, set[Term]], terms: JsonTerms) -> str:
    """The JSON-LD node object of one subject, on one line: ``@id``, then the properties in IRI order, each
    with its objects in canonical order (``rdf:type`` as ``@type``). The same text as ``json.dumps`` of the
    node, made from the memoised text of each term."""
    parts = ['{"@id": ', _json_string(_json_iri(s))]
    for p in _json_order(tuple(preds)):
        objs = preds[p]
        ordered = objs if len(objs) == 1 else sorted(objs, key=sort_key)
        if p == _TYPE:
            parts.append(', "@type": [' + ", ".join([_json_string(_json_iri(o)) for o in ordered  # type: ignore[arg-type]
                                                      ]) + "]")
        else:
            parts.append(", " + terms.key(p) + ": [" + ", ".join([terms[o] for o in ordered]) + "]")
    parts.append("}")
    return "".join(parts)


def jsonld_chunks(g: Any) -> Iterator[str]:
    """:func:`jsonld_text` in pieces (one per node)."""
    terms = JsonTerms()
    by_s = group(light_triples(g))
    yield JSONLD_HEAD
    for n, s in enumerate(sorted(by_s)):
        yield (",\n" if n else "") + jsonld_node(s, by_s[s], terms)  # one node a line
    yield JSONLD_TAIL


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
