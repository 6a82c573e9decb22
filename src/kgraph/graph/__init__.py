"""The graph stage: Corpus → plain triples (triples.py), written without a store (writer.py), an rdflib
Dataset for the Python API (rdf.py) and a networkx projection (nx.py). Imported lazily: rdflib and networkx
load only when used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kgraph.graph.nx import to_networkx
    from kgraph.graph.rdf import build_dataset, union_graph

__all__ = ["build_dataset", "to_networkx", "union_graph"]


def __getattr__(name: str) -> Any:
    if name == "to_networkx":
        from kgraph.graph.nx import to_networkx

        return to_networkx
    if name in ("build_dataset", "union_graph"):
        from kgraph.graph import rdf

        return getattr(rdf, name)
    raise AttributeError(f"module 'kgraph.graph' has no attribute {name!r}")
