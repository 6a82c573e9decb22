"""The graph stage: Corpus → rdflib Dataset (facts + provenance) and a networkx projection."""

from kgraph.graph.nx import to_networkx
from kgraph.graph.rdf import build_dataset, union_graph

__all__ = ["build_dataset", "to_networkx", "union_graph"]
