"""Docstring examples of the query package are tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["kgraph.query.guard", "kgraph.query.results", "kgraph.query.sparql", "kgraph.query.table",
           "kgraph.query.examples"]


@pytest.mark.parametrize("name", MODULES)
def test_query_docs_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
