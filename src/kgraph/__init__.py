"""kgraph: offline knowledge graphs of political actors and their relations from Arabic and English news.

The public API::

    >>> import kgraph
    >>> result = kgraph.build_graph(["examples"], out="outputs/example")   # doctest: +SKIP
    >>> kgraph.query("outputs/example", "SELECT ?s ?o WHERE { ?s kg:supports ?o }")  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.build import BuildResult, build_graph
    from kgraph.errors import KGraphError
    from kgraph.query.sparql import QueryResult

__all__ = ["BuildResult", "KGraphError", "QueryResult", "__version__", "build_graph", "load_graph", "query"]


def __getattr__(name: str) -> Any:
    # heavy modules (spaCy, rdflib) are imported on first use, not on `import kgraph`
    if name in ("build_graph", "BuildResult"):
        from kgraph import build

        return getattr(build, name)
    if name == "KGraphError":
        from kgraph.errors import KGraphError

        return KGraphError
    if name == "QueryResult":
        from kgraph.query.sparql import QueryResult

        return QueryResult
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")


def load_graph(path: Any) -> Any:
    """Load an output folder or graph file as an rdflib ``Dataset`` (TriG/N-Quads) or ``Graph``.

    Raises:
        QueryError: nothing loadable at ``path``.
    """
    from pathlib import Path

    import rdflib

    from kgraph.query.sparql import graph_file

    file = graph_file(Path(path))
    fmt = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}[file.suffix]
    g: Any = rdflib.Dataset() if fmt in ("trig", "nquads") else rdflib.Graph()
    g.parse(file, format=fmt)
    return g


def query(path: Any, sparql: str) -> Any:
    """Run a SPARQL query over an output folder or graph file; returns a :class:`QueryResult`."""
    from pathlib import Path

    from kgraph.query.sparql import run_query

    return run_query(Path(path), sparql)
