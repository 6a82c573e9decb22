"""SPARQL over kgraph outputs (Oxigraph via pyoxigraph)."""

from kgraph.query.sparql import QueryResult, open_store, run_query

__all__ = ["QueryResult", "open_store", "run_query"]
