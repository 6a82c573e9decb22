"""Extraction: Documents → mentions and relations, by gazetteer, rules and patterns (no model downloads)."""

from kgraph.extract.pipeline import Extractor

__all__ = ["Extractor"]
