from __future__ import annotations

from pathlib import Path

import pytest

from kgraph.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "docs" / "settings.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_settings_documented_in_readme(setting) -> None:  # type: ignore[no-untyped-def]
    assert f"`{setting.name}`" in README
