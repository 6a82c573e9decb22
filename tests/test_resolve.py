from __future__ import annotations

import re

import pytest

from kgraph.resolve import mint_id


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Brandon Parker", "brandon_parker"), ("براندون باركر", "brandwn_barkr"),
     ("  Dr. Jane  O'Neil ", "dr_jane_o_neil"),
     ("الجنرال أحمد", "aljnral_ahmd")],
)
def test_resolve_mint_id(name: str, expected: str) -> None:
    assert mint_id(name) == expected


@pytest.mark.parametrize("name", ["<script>", "🙂 🙂", "a b\tc", "؟؟", "x" * 300])
def test_resolve_mint_id_is_always_a_safe_local_name(name: str) -> None:
    assert re.fullmatch(r"[a-z0-9_]+", mint_id(name))
