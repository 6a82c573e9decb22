"""Extraction: Documents → mentions and relations, by one spaCy pipeline per language (see ``docs/extraction.md``).

:func:`load_pipeline` builds a language's pipeline (every step a registered component, configured from the
language plug-in's ``config.cfg``); :class:`Extractor` runs it over :class:`kgraph.model.Document` objects.
"""

from kgraph.extract.pipeline import Extractor, load_pipeline

__all__ = ["Extractor", "load_pipeline"]
