from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph import registry

GOLDEN = Path(__file__).resolve().parent / "data" / "registrations.json"


def test_registry_names_match_the_golden_file() -> None:
    assert registry.registered() == json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("lang", "module"), [("ar", "kgraph.extract.lang.ar"), ("en", "kgraph.extract.lang.en"),
                                              ("fr", "kgraph.extract.lang.en")])
def test_registry_language_lookup(lang: str, module: str) -> None:
    assert registry.language(lang).__name__ == module


def test_registry_a_registered_language_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    fake = types.ModuleType("fake_lang")
    registry.languages.register("kgraph.lang.xx.v1", func=lambda: fake)
    registry.language.cache_clear()
    try:
        assert registry.language("xx") is fake
    finally:
        from catalogue import REGISTRY

        REGISTRY.pop(("kgraph", "languages", "kgraph.lang.xx.v1"), None)
        registry.language.cache_clear()
    assert registry.language("xx").__name__ == "kgraph.extract.lang.en"
