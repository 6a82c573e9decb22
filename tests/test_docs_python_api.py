"""docs/python-api.md runs: its Python blocks, in order, in one namespace, as the cells of a notebook, each
printing what the ``text`` block after it shows (issue 17)."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "python-api.md"


def cells(text: str) -> list[tuple[int, str, str | None]]:
    """(line, code, expected output or None) of each ``python`` block; the output is the ``text`` block that
    follows it before any other block."""
    blocks = [(text.count("\n", 0, m.start()) + 2, m.group(1), m.group(2))
              for m in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.S | re.M)]
    out: list[tuple[int, str, str | None]] = []
    for (line, info, body), after in zip(blocks, [*blocks[1:], None], strict=True):
        if info == "python":
            out.append((line, body, after[2] if after is not None and after[1] == "text" else None))
    return out


def test_docs_python_api_cells_are_found() -> None:
    found = cells(PAGE.read_text(encoding="utf-8"))
    assert len(found) >= 8 and sum(1 for _, _, expected in found if expected is not None) >= 6
    assert cells("```python\nprint(1)\n```\nprose\n```text\n1\n```\n```python\nx\n```\n") == \
        [(2, "print(1)\n", "1\n"), (9, "x\n", None)]


def test_docs_python_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas", reason="the example makes DataFrames: pip install 'kgraph[pandas]'")
    for var in list(os.environ):
        if var.startswith("KGRAPH_"):
            monkeypatch.delenv(var)
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    for line, code, expected in cells(PAGE.read_text(encoding="utf-8")):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(code, f"{PAGE}:{line}", "exec"), namespace)
        if expected is not None:
            assert printed.getvalue().rstrip() == expected.rstrip(), f"{PAGE.name}, block at line {line}"
    assert (tmp_path / "opposes.html").is_file() and (tmp_path / "outputs" / "briefs" / "graph.ttl").is_file()


#: Modules of the Python API whose docstring examples run here (the rest are in tests/test_docs.py).
API_MODULES = ["kgraph", "kgraph.build", "kgraph.result", "kgraph.settings", "kgraph.ingest.memory",
               "kgraph.query.convert", "kgraph.query.sparql", "kgraph.render.embed"]


@pytest.mark.parametrize("name", API_MODULES)
def test_docs_python_api_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest
    import importlib

    for var in list(os.environ):
        if var.startswith("KGRAPH_"):
            monkeypatch.delenv(var)
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
