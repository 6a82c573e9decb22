"""kgraph: offline knowledge graphs of political actors and their relations from Arabic and English news.

The public API::

    >>> import kgraph
    >>> result = kgraph.build_graph(["examples"], out="outputs/example")   # doctest: +SKIP
    >>> kgraph.query("outputs/example", "SELECT ?s ?o WHERE { ?s kg:supports ?o }")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from kgraph._version import __version__

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from kgraph.build import build_graph
    from kgraph.errors import KGraphError
    from kgraph.model import BuildResult
    from kgraph.query.sparql import QueryResult

__all__ = ["BuildResult", "KGraphError", "QueryResult", "__version__", "build_graph", "load_graph", "query"]


def __getattr__(name: str) -> object:
    # heavy modules (spaCy, rdflib) are imported on first use, not on `import kgraph`
    if name == "build_graph":
        from kgraph.build import build_graph

        return build_graph
    if name == "BuildResult":
        from kgraph.model import BuildResult

        return BuildResult
    if name == "KGraphError":
        from kgraph.errors import KGraphError

        return KGraphError
    if name == "QueryResult":
        from kgraph.query.sparql import QueryResult

        return QueryResult
    raise AttributeError(f"module 'kgraph' has no attribute {name!r}")


def load_graph(path: str | os.PathLike[str]) -> Dataset | Graph:
    """Load an output folder or graph file as an rdflib ``Dataset`` (TriG/N-Quads) or ``Graph``.

    Args:
        path: an output folder (its ``graph.trig`` is read) or a ``.ttl``/``.trig``/``.nq``/``.nt``/``.jsonld``
            file.

    Raises:
        QueryError: nothing loadable at ``path``.
    """
    from pathlib import Path

    import rdflib

    from kgraph.query.sparql import graph_file

    file = graph_file(Path(path))
    fmt = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}[file.suffix]
    g = rdflib.Dataset() if fmt in ("trig", "nquads") else rdflib.Graph()
    g.parse(file, format=fmt)
    return g


def query(path: str | os.PathLike[str], sparql: str) -> QueryResult:
    """Run a SPARQL query over an output folder or graph file; returns a :class:`QueryResult`.

    Args:
        path: an output folder or a graph file.
        sparql: a SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes ``kg:``, ``kga:``, ``rdfs:`` …
            are predeclared.

    Raises:
        QueryError: the query is malformed or forbidden, or nothing loadable is at ``path``.
    """
    from pathlib import Path

    from kgraph.query.sparql import run_query

    return run_query(Path(path), sparql)
