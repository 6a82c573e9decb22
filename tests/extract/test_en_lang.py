"""English language data: docstring examples and the word lists the shared components read."""

from __future__ import annotations

import doctest
import importlib

import pytest

from kgraph.registry import language


@pytest.mark.parametrize("name", ["kgraph.extract.lang.en"])
def test_en_lang_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    "name",
    ["speech_verbs", "continue_verbs", "negated_speech", "titles", "member_roles", "lead_roles", "first_person",
     "negations", "hedges", "stop", "org_heads", "role_complements"],
)
def test_en_lang_defines_language_data(name: str) -> None:
    value = language("en").data.word_set(name)
    assert value and all(isinstance(w, str) and w == w.casefold() for w in value)


def test_en_lang_double_negation_phrases() -> None:
    assert "not only" in language("en").data.double_negation


@pytest.mark.parametrize(
    ("token", "expected"),
    [("u.s.", ("u.s.", "u s")), ("isis", ("isis",)), ("cjtf-oir", ("cjtf-oir", "cjtf oir"))],
)
def test_en_lang_variants_drop_inner_punctuation(token: str, expected: tuple[str, ...]) -> None:
    assert language("en").variants(token) == expected
