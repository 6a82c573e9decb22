"""Registries: extension points referred to by versioned string names, never by import paths.

* ``languages`` — language plug-ins of the extraction pipeline (``"kgraph.lang.ar.v1"``): objects matching
  :class:`kgraph.extract.plugin.LanguagePlugin` (or zero-argument functions that return one).

Third-party packages add entries through the entry-point group of the same name::

    [project.entry-points.kgraph_languages]
    "kgraph.lang.fr.v1" = "my_package.lang_fr:plugin"

The pipeline's components are spaCy factories (``kgraph_normalizer``, ``kgraph_gazetteer``, …) and its setup
callback is in spaCy's ``callbacks`` registry (``kgraph.language_setup.v1``). ``tests/data/registrations.json``
is the golden list of the names kgraph itself registers; a test fails when one is renamed or removed silently.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import catalogue

from kgraph.errors import UnknownLanguage

if TYPE_CHECKING:
    from kgraph.extract.plugin import LanguagePlugin

languages = catalogue.create("kgraph", "languages", entry_points=True)

_NAME = re.compile(r"^kgraph\.lang\.(?P<code>[A-Za-z_-]+)\.v(?P<version>\d+)$")


def _lazy_plugin(module: str) -> Callable[[], LanguagePlugin]:
    def load() -> LanguagePlugin:
        plugin: LanguagePlugin = importlib.import_module(module).plugin
        return plugin

    return load


languages.register("kgraph.lang.ar.v1", func=_lazy_plugin("kgraph.extract.lang.ar"))
languages.register("kgraph.lang.en.v1", func=_lazy_plugin("kgraph.extract.lang.en"))


def language_codes() -> list[str]:
    """The codes of every registered language (``["ar", "en"]`` with the shipped plug-ins)."""
    return sorted({m["code"] for name in languages.get_all() if (m := _NAME.match(name))})


@functools.lru_cache(maxsize=64)
def language(code: str) -> LanguagePlugin:
    """The plug-in registered as ``kgraph.lang.<code>.v<N>`` (the highest version).

    Looked up once per language and process (entry points are scanned on the first look-up only).

    Raises:
        UnknownLanguage: no plug-in is registered for ``code``; the message names the registered ones.
    """
    from kgraph.extract.plugin import LanguagePlugin

    versions = sorted((int(m["version"]), name) for name in languages.get_all()
                      if (m := _NAME.match(name)) and m["code"] == code)
    if not versions:
        raise UnknownLanguage(f"no language plug-in for {code!r}; registered: {', '.join(language_codes())}",
                              fix="use one of the registered languages, or install or register a plug-in for it "
                                  "(docs/extraction.md, 'Adding a language')")
    loaded = languages.get(versions[-1][1])
    plugin = loaded if isinstance(loaded, LanguagePlugin) else loaded()
    if not isinstance(plugin, LanguagePlugin):
        raise UnknownLanguage(f"{versions[-1][1]} is registered but is no language plug-in ({plugin!r})",
                              fix="register an object with the LanguagePlugin methods (kgraph.extract.plugin)")
    return plugin


def registered() -> dict[str, list[str]]:
    """Every name registered in kgraph's own registries (what the golden file lists, with
    :func:`kgraph.extract.components.registered`)."""
    return {"languages": sorted(languages.get_all())}
