from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph import registry
from kgraph.errors import UnknownLanguage
from kgraph.extract.plugin import DataLanguage, LanguagePlugin

GOLDEN = Path(__file__).resolve().parent / "data" / "registrations.json"


def test_registry_names_match_the_golden_file() -> None:
    from kgraph.extract import components

    assert {**registry.registered(), **components.registered()} == json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("lang", "cls"), [("ar", "Arabic"), ("en", "English")])
def test_registry_language_lookup(lang: str, cls: str) -> None:
    plugin = registry.language(lang)
    assert isinstance(plugin, LanguagePlugin) and plugin.code == lang and type(plugin).__name__ == cls


@pytest.mark.parametrize("lang", ["fr", "xx", ""])
def test_registry_unknown_language_names_the_registered_ones(lang: str) -> None:
    with pytest.raises(UnknownLanguage, match="registered: ar, en"):
        registry.language(lang)


def test_registry_a_registered_language_is_used(tmp_path: Path) -> None:
    from catalogue import REGISTRY

    (tmp_path / "language.json").write_text("{}", encoding="utf-8")
    plugin = DataLanguage("xx", tmp_path)
    registry.languages.register("kgraph.lang.xx.v1", func=lambda: plugin)
    registry.language.cache_clear()
    try:
        assert registry.language("xx") is plugin
        assert "xx" in registry.language_codes()
    finally:
        REGISTRY.pop(("kgraph", "languages", "kgraph.lang.xx.v1"), None)
        registry.language.cache_clear()
    with pytest.raises(UnknownLanguage):
        registry.language("xx")


def test_registry_a_registered_object_must_be_a_plugin() -> None:
    from catalogue import REGISTRY

    registry.languages.register("kgraph.lang.zz.v1", func=lambda: object())
    registry.language.cache_clear()
    try:
        with pytest.raises(UnknownLanguage, match="no language plug-in"):
            registry.language("zz")
    finally:
        REGISTRY.pop(("kgraph", "languages", "kgraph.lang.zz.v1"), None)
        registry.language.cache_clear()
