"""Registries: extension points referred to by versioned string names, never by import paths.

* ``languages`` — language data modules for the rule-based extractor (``"kgraph.lang.ar.v1"``). A module
  defines the names listed in :mod:`kgraph.extract.lang` (speech verbs, titles, negation cues, …).

Third-party packages add entries through the entry-point group of the same name::

    [project.entry-points.kgraph_languages]
    "kgraph.lang.fr.v1" = "my_package.lang_fr"

``tests/data/registrations.json`` is the golden list of the names kgraph itself registers; a test fails
when one is renamed or removed silently.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import Any

import catalogue

languages = catalogue.create("kgraph", "languages", entry_points=True)


def _lazy_module(path: str) -> Any:
    def load() -> ModuleType:
        return importlib.import_module(path)

    return load


languages.register("kgraph.lang.ar.v1", func=_lazy_module("kgraph.extract.lang.ar"))
languages.register("kgraph.lang.en.v1", func=_lazy_module("kgraph.extract.lang.en"))


@functools.lru_cache(maxsize=64)
def language(lang: str) -> ModuleType:
    """The language module registered as ``kgraph.lang.<lang>.v1``, or English rules for unknown languages.

    Looked up once per language and process (entry points are scanned on the first look-up only).
    """
    name = f"kgraph.lang.{lang}.v1"
    try:
        loaded = languages.get(name)
    except catalogue.RegistryError:
        loaded = languages.get("kgraph.lang.en.v1")
    return loaded() if callable(loaded) else loaded  # type: ignore[no-any-return]


def registered() -> dict[str, list[str]]:
    """Every registered name, per registry (what the golden file lists)."""
    return {"languages": sorted(languages.get_all())}
