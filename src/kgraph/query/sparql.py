"""SPARQL queries over a kgraph output folder or graph file, with Oxigraph (pyoxigraph).

The usual prefixes (kg:, kga:, kgd:, kgx:, rdf, rdfs, owl, xsd, skos, prov, dcterms) are predeclared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import QueryError
from kgraph.ontology import PREFIXES

_FORMATS = {".ttl": "text/turtle", ".trig": "application/trig", ".nq": "application/n-quads",
            ".nt": "application/n-triples", ".jsonld": "application/ld+json"}


@dataclass
class QueryResult:
    """A SELECT (``variables`` + ``rows``), ASK (``boolean``) or CONSTRUCT/DESCRIBE (``triples``) result."""

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Any, Any, Any]] = field(default_factory=list)


def graph_file(path: Path) -> Path:
    """The file to load for ``path``: a graph file, or ``graph.trig``/``graph.ttl`` in an output folder."""
    path = Path(path)
    if path.is_dir():
        for name in ("graph.trig", "graph.ttl", "graph.nq"):
            if (path / name).exists():
                return path / name
        raise QueryError(f"{path}: no graph.trig or graph.ttl in this folder",
                         fix="build one first: kgraph build ARTICLES --out " + str(path))
    if not path.exists():
        raise QueryError(f"{path}: no such file or folder", fix="give an output folder or a .ttl/.trig file")
    if path.suffix not in _FORMATS:
        raise QueryError(f"{path}: unknown graph format {path.suffix!r}",
                         fix="use .ttl, .trig, .nq, .nt or .jsonld")
    return path


def open_store(path: Path) -> Any:
    """An in-memory Oxigraph store holding the graph at ``path`` (default graph = union of all graphs)."""
    import pyoxigraph as ox

    file = graph_file(path)
    store = ox.Store()
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS,
           ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}[file.suffix]
    try:
        with file.open("rb") as fh:
            store.bulk_load(fh, format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{file}: cannot load the graph: {exc}", fix="rebuild the output folder") from exc
    return store


def with_prefixes(query: str) -> str:
    declared = {line.split()[1].rstrip(":").lower() for line in query.splitlines()
                if line.strip().upper().startswith("PREFIX") and len(line.split()) > 1}
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return head + query


def run_query(path: Path | Any, query: str) -> QueryResult:
    """Run ``query`` over the graph at ``path`` (or an already opened store).

    Raises:
        QueryError: the query does not parse or the graph cannot be loaded.
    """
    import pyoxigraph as ox

    store = path if isinstance(path, ox.Store) else open_store(Path(path))
    try:
        result = store.query(with_prefixes(query), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}", fix="check the query; prefixes kg:, kga:, rdfs: … "
                         "are predeclared") from exc
    if isinstance(result, bool | ox.QueryBoolean):
        return QueryResult(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = [[sol[v] for v in variables] for sol in result]
        return QueryResult(kind="select", variables=variables, rows=rows)
    return QueryResult(kind="graph", triples=[(t.subject, t.predicate, t.object) for t in result])


def term_text(term: Any) -> str:
    """A short human form of an Oxigraph term (prefixed IRI, literal value)."""
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for p, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{p}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)
