"""The package as a whole: its modules import each other without a cycle, and it ships its type information."""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def import_graph(src: Path, package: str) -> nx.DiGraph[str]:
    """Module → modules it imports, for every module of ``package`` under ``src``.

    Every import statement counts, wherever it is: module level, inside functions (lazy imports) and under
    ``if TYPE_CHECKING:``. ``from a import b`` is an import of ``a.b`` when that is a module, else of ``a``;
    relative imports are resolved; imports from outside the package are left out.
    """
    modules: dict[str, tuple[Path, bool]] = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    graph: nx.DiGraph[str] = nx.DiGraph()
    for name, (path, is_package) in modules.items():
        graph.add_node(name)
        here = name if is_package else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here.split(".")[: len(here.split(".")) - node.level + 1]
                    origin = ".".join([*base, node.module] if node.module else base)
                else:
                    origin = node.module or ""
                targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in modules else origin for a in node.names]
            for target in targets:
                while target and target not in modules:  # kgraph.x.function → kgraph.x
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph.add_edge(name, target)
    return graph


def cycles(graph: nx.DiGraph[str]) -> list[str]:
    """Each import cycle of ``graph`` as ``a → b → a``, shortest first."""
    found = []
    for cycle in nx.simple_cycles(graph):
        start = cycle.index(min(cycle))
        found.append(cycle[start:] + cycle[:start])  # each cycle written from its first name
    return [" → ".join([*c, c[0]]) for c in sorted(found, key=lambda c: (len(c), c))]


def test_package_imports_have_no_cycle() -> None:
    found = cycles(import_graph(SRC, "kgraph"))
    assert not found, "import cycles in src/kgraph:\n  " + "\n  ".join(found[:20])


@pytest.mark.parametrize(("files", "cycle"), [
    ({"a.py": "def f():\n    from pkg import b\n", "b.py": "import pkg.a\n"}, "pkg.a → pkg.b → pkg.a"),
    ({"a.py": "from . import b\n", "b.py": "from .c import x\n", "c.py": "from .a import y\n"},
     "pkg.a → pkg.b → pkg.c → pkg.a"),
    ({"__init__.py": "def g():\n    from pkg.sub.m import h\n", "sub/__init__.py": "",
      "sub/m.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .. import VERSION\n"},
     "pkg → pkg.sub.m → pkg"),
    ({"a.py": "from pkg.b import thing\n", "b.py": "import os\nthing = 1\n"}, None),
])
def test_package_import_graph_finds_cycles(tmp_path: Path, files: dict[str, str], cycle: str | None) -> None:
    for name, text in {"__init__.py": "", **files}.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert cycles(import_graph(tmp_path, "pkg")) == ([cycle] if cycle else [])


def test_package_ships_py_typed() -> None:
    assert (SRC / "kgraph" / "py.typed").is_file()


def test_package_wheel_holds_py_typed_and_ontologies(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = SRC.parent
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(root)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("kgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"kgraph/py.typed", "kgraph/_version.py", "kgraph/ontologies/kgraph.ttl"} <= names
    # the training configs and every file of the shipped mention models (kgraph/models/mentions-*/)
    shipped = {p.relative_to(SRC).as_posix() for p in (SRC / "kgraph" / "models").rglob("*") if p.is_file()}
    assert {"kgraph/train/configs/ner-ar.cfg", "kgraph/train/configs/ner-en.cfg", *shipped} <= names
    # spaCy finds the mention model component by its name through the wheel's entry points
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode("utf-8")
    assert "[spacy_factories]\nkgraph_mention_model = kgraph.extract.mention_model:make_mention_model" in text
