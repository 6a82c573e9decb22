"""Docstring examples are tests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["kgraph.ingest.normalize", "kgraph.ingest.read", "kgraph.ingest.html", "kgraph.resolve",
           "kgraph.extract.lang.ar", "kgraph.extract.pipeline", "kgraph.incremental"]


@pytest.mark.parametrize("name", MODULES)
def test_docs_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
