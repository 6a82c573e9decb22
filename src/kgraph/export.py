"""Writing outputs: canonical Turtle/TriG/N-Quads, JSON-LD, GraphML, CSV; atomic, deterministic.

Every file is written to a temporary file in the output folder, flushed and fsynced, then renamed over
the old one; ``manifest.json`` is written last. Turtle, TriG and N-Quads are written by kgraph's own
canonical writer (sorted subjects, predicates and objects), so the same input gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import networkx as nx
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef

from kgraph.errors import OutputError
from kgraph.ontology import PREFIXES


@contextlib.contextmanager
def atomic_writer(path: Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file next to ``path``; on success fsync and rename it over ``path``.

    On any exception the temporary file is removed and ``path`` is left as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": "\n"})) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text(path: Path, text: str) -> None:
    with atomic_writer(path) as fh:
        fh.write(text)


# ---------------------------------------------------------------- canonical Turtle / TriG / N-Quads
_PREFIX_ORDER = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def _iri(term: URIRef) -> str:
    s = str(term)
    for prefix, ns in _PREFIX_ORDER:
        if s.startswith(ns):
            local = s[len(ns):]
            if local and _safe_local(local):
                return f"{prefix}:{local}"
    return term.n3()


def _safe_local(local: str) -> bool:
    if local[0] in "-." or local[-1] == ".":
        return False
    return all((c.isalnum() and c.isascii()) or c in "_-" for c in local)


def _term(t: Any) -> str:
    if isinstance(t, URIRef):
        if t == RDF.type:
            return "a"
        return _iri(t)
    if isinstance(t, Literal):
        if t.datatype is not None:
            return t.n3().replace(f"^^<{t.datatype}>", f"^^{_iri(URIRef(t.datatype))}")
        return t.n3()
    if isinstance(t, BNode):
        raise OutputError("blank nodes are not allowed in kgraph output", fix="report this as a bug")
    return str(t.n3())


def _sort_key(t: Any) -> tuple[int, str]:
    if isinstance(t, URIRef):
        return (0, str(t))
    if isinstance(t, Literal):
        return (1, f"{t}\x00{t.language or ''}\x00{t.datatype or ''}")
    return (2, str(t))


def _block(triples: list[tuple[Any, Any, Any]], indent: str = "") -> list[str]:
    by_s: dict[Any, dict[Any, list[Any]]] = {}
    for s, p, o in triples:
        by_s.setdefault(s, {}).setdefault(p, []).append(o)
    lines: list[str] = []
    for s in sorted(by_s, key=_sort_key):
        preds = by_s[s]
        order = sorted(preds, key=lambda p: (p != RDF.type, str(p)))
        parts = []
        for p in order:
            objs = sorted(set(preds[p]), key=_sort_key)
            parts.append(f"{indent}    {_term(p)} " + f" ,\n{indent}        ".join(_term(o) for o in objs))
        lines.append(f"{indent}{_term(s)}\n" + " ;\n".join(parts) + " .\n")
    return lines


def canonical_turtle(g: Graph) -> str:
    """Serialise ``g`` as sorted Turtle: same graph, same bytes."""
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    return head + "\n" + "\n".join(_block(list(g)))


def canonical_trig(ds: Dataset) -> str:
    """Serialise ``ds`` as sorted TriG, one block per named graph."""
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items()))
    chunks = [head]
    graphs = sorted((g for g in ds.graphs() if len(g)), key=lambda g: str(g.identifier))
    for g in graphs:
        body = "\n".join(_block(list(g), indent="    "))
        chunks.append(f"\n{_iri(URIRef(g.identifier))} {{\n{body}}}\n")
    return "".join(chunks)


def canonical_nquads(ds: Dataset) -> str:
    lines = set()
    for s, p, o, c in ds.quads((None, None, None, None)):
        ctx = c.identifier if isinstance(c, Graph) else c
        lines.add(f"{s.n3()} {p.n3()} {o.n3()} {URIRef(str(ctx)).n3()} .\n")
    return "".join(sorted(lines))


# ---------------------------------------------------------------- other formats
def graphml_text(g: nx.MultiDiGraph) -> str:
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue().decode("utf-8")


def edges_csv(g: nx.MultiDiGraph) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject", "subject_label", "predicate", "object", "object_label", "assertions", "documents",
                "speakers", "first_date", "last_date", "evidence"])
    for s, o, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        w.writerow([s, g.nodes[s].get("label", s), key, o, g.nodes[o].get("label", o), data.get("assertions", 0),
                    data.get("documents", 0), data.get("speakers", ""), data.get("first_date", ""),
                    data.get("last_date", ""), data.get("evidence", "")])
    return buf.getvalue()


def jsonld_text(g: Graph) -> str:
    context = {p: ns for p, ns in sorted(PREFIXES.items())}
    data = g.serialize(format="json-ld", context=context, sort_keys=True, indent=1, ensure_ascii=False)
    return data if isinstance(data, str) else data.decode("utf-8")


def json_text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
