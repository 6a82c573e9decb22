"""English language data: docstring examples and the shape every language module shares."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("name", ["kgraph.extract.lang.en"])
def test_en_lang_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    "attr",
    ["SPEECH_VERBS", "CONTINUE_VERBS", "NEGATED_SPEECH", "TITLES", "MEMBER_ROLES", "LEAD_ROLES", "FIRST_PERSON",
     "NEGATIONS", "DOUBLE_NEGATION", "HEDGES", "ORG_HEADS", "PLACE_PREPS", "STOP", "ROLE_COMPLEMENTS"],
)
def test_en_lang_defines_language_data(attr: str) -> None:
    from kgraph.extract.lang import en

    value = getattr(en, attr)
    assert value and all(isinstance(w, str) and w == w.casefold() for w in value)


@pytest.mark.parametrize(
    ("token", "expected"),
    [("u.s.", ["u.s.", "u s"]), ("isis", ["isis"]), ("cjtf-oir", ["cjtf-oir", "cjtf oir"])],
)
def test_en_lang_variants_drop_inner_punctuation(token: str, expected: list[str]) -> None:
    from kgraph.extract.lang import en

    assert en.variants(token) == expected
