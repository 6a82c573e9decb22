"""kgraph: offline knowledge graphs of political actors and their relations from Arabic and English news.

The public API (``docs/python-api.md``)::

    >>> import kgraph
    >>> result = kgraph.build_graph(texts=["The Global Coalition supports the Iraqi Security Forces."])
    >>> result.query("SELECT ?s ?o WHERE { ?s kg:supports ?o }").to_dicts(compact=True)
    [{'s': 'kga:coalition', 'o': 'kga:iraqi_security_forces'}]
    >>> kgraph.query("outputs/example", "SELECT ?s ?o WHERE { ?s kg:supports ?o }")  # doctest: +SKIP

Importing kgraph is cheap: spaCy, rdflib and pyoxigraph are imported on first use.
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from kgraph._version import __version__

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from kgraph.build import build_graph
    from kgraph.errors import KGraphError
    from kgraph.extract.pipeline import load_pipeline
    from kgraph.model import Fact
    from kgraph.push import push_output
    from kgraph.query.sparql import QueryResult
    from kgraph.render.embed import Explorer
    from kgraph.result import BuildResult

__all__ = ["BuildResult", "Explorer", "Fact", "KGraphError", "QueryResult", "__version__", "build_graph",
           "load_graph", "load_pipeline", "push_output", "query"]

#: Public name → the module that defines it (imported on first use, so `import kgraph` stays light).
_LAZY = {
    "build_graph": "kgraph.build",
    "BuildResult": "kgraph.result",
    "Fact": "kgraph.model",
    "KGraphError": "kgraph.errors",
    "QueryResult": "kgraph.query.sparql",
    "Explorer": "kgraph.render.embed",
    "load_pipeline": "kgraph.extract.pipeline",
    "push_output": "kgraph.push",
}


def __getattr__(name: str) -> object:
    # heavy modules (spaCy, rdflib) are imported on first use, not on `import kgraph`
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
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


def query(path: str | os.PathLike[str], sparql: str, *, max_rows: int | None = None,
          bindings: Mapping[str, str] | None = None) -> QueryResult:
    """Run a SPARQL query over an output folder or graph file; returns a :class:`QueryResult`.

    Args:
        path: an output folder or a graph file.
        sparql: a SELECT, ASK, CONSTRUCT or DESCRIBE query; the prefixes ``kg:``, ``kga:``, ``rdfs:`` …
            are predeclared.
        max_rows: keep at most this many rows (default: the ``query_max_rows`` setting, 10000); the
            result's ``truncated`` says whether more existed.
        bindings: values for variables of the query, ``{"actor": "kga:isis"}``.

    Raises:
        QueryError: the query is malformed or forbidden, or nothing loadable is at ``path``.
        SettingError: a setting is unknown or ill-typed where it is set.
    """
    from pathlib import Path

    from kgraph import settings
    from kgraph.query.sparql import run_query

    limit = int(settings.get("query_max_rows")) if max_rows is None else max_rows
    return run_query(Path(path), sparql, max_rows=limit, bindings=bindings)


class _Package(types.ModuleType):
    """The class of the ``kgraph`` module object: ``kgraph.query`` stays the function :func:`query`.

    Importing the subpackage ``kgraph.query`` (which running any query does) makes the import system set the
    package's attribute ``query`` to the subpackage, and ``kgraph.query(...)`` would then fail. The attribute is
    a property of the module's class instead, which the import system cannot overwrite; the subpackage is
    still imported by name (``from kgraph.query import sparql``, ``sys.modules["kgraph.query"]``).
    """

    @property
    def query(self) -> Callable[..., QueryResult]:
        return query

    @query.setter
    def query(self, value: object) -> None:
        pass  # the import system telling the package about its subpackage kgraph.query: not needed


sys.modules[__name__].__class__ = _Package
