from __future__ import annotations

import ast
import inspect
import sys
import types
from types import ModuleType
from typing import Any, Generic, TypeVar, get_args, get_type_hints

import pytest

import kgraph


def test_init_exported_members() -> None:
    assert sorted(kgraph.__all__) == ["BuildResult", "Explorer", "Fact", "KGraphError", "QueryResult", "__version__",
                                      "build_graph", "load_graph", "load_pipeline", "push_output", "query"]
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None


def test_init_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, kgraph; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def _type_namespace(module: ModuleType) -> dict[str, object]:
    """The names an annotation in ``module`` may use: its globals and what its ``if TYPE_CHECKING:`` blocks
    import or define. Classes that cannot be subscripted at run time (``networkx.MultiDiGraph[str]``) are
    replaced by an opaque generic stand-in: classes from outside kgraph are leaves of the walk anyway."""
    ns = dict(vars(module))
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):  # no source: nothing under TYPE_CHECKING to add
        tree = ast.Module(body=[], type_ignores=[])
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            exec(compile(ast.Module(body=node.body, type_ignores=[]), str(module.__file__), "exec"), ns)
    for name, value in list(ns.items()):
        if isinstance(value, type) and not value.__module__.startswith(("kgraph", "typing")) and \
                not hasattr(value, "__class_getitem__"):
            stand_in = types.new_class(name, (Generic[_T],))
            stand_in.__module__ = value.__module__
            ns[name] = stand_in
    return ns


_T = TypeVar("_T")


def _hints(obj: object) -> dict[str, object]:
    module = sys.modules[obj.__module__]  # type: ignore[attr-defined]
    return get_type_hints(obj, globalns=_type_namespace(module))


def _anys(tp: object, where: str, seen: set[object]) -> list[str]:
    """Where ``Any`` occurs in type ``tp``, following kgraph's own classes (fields, methods) and aliases."""
    if tp is Any:
        return [where]
    found = [w for arg in get_args(tp) for w in _anys(arg, f"{where}[]", seen)]
    if isinstance(tp, type) and tp.__module__.startswith("kgraph") and tp not in seen:
        seen.add(tp)
        found += [w for name, hint in _hints(tp).items() for w in _anys(hint, f"{where}.{name}", seen)]
        for name, member in vars(tp).items():
            if inspect.isfunction(member) and (not name.startswith("_") or name == "__init__"):
                found += _function_anys(member, f"{where}.{name}", seen)
    return found


def _function_anys(func: object, where: str, seen: set[object]) -> list[str]:
    return [w for name, hint in _hints(func).items() for w in _anys(hint, f"{where}({name})", seen)]


def test_init_public_api_has_no_any() -> None:
    seen: set[object] = set()
    found: list[str] = []
    for name in kgraph.__all__:
        obj = getattr(kgraph, name)
        if inspect.isfunction(obj):
            found += _function_anys(obj, name, seen)
        elif isinstance(obj, type):
            found += _anys(obj, name, seen)
    assert not found, f"Any in the public API: {found}"
    assert {"BuildResult", "Corpus", "BuildReport", "QueryResult", "KGraphError", "Fact", "Explorer"} <= {
        t.__name__ for t in seen if isinstance(t, type)}


@pytest.mark.parametrize(("annotation", "where"), [
    ("Any", ["x.field"]), ("list[dict[str, Any]]", ["x.field[][]"]), ("dict[str, int] | None", []),
])
def test_init_any_finder_sees_nested_any(annotation: str, where: list[str]) -> None:
    module = types.ModuleType("kgraph._any_probe")
    sys.modules[module.__name__] = module
    try:
        exec(f"from __future__ import annotations\nfrom typing import Any\nclass x:\n    field: {annotation}\n",
             vars(module))
        assert _anys(vars(module)["x"], "x", set()) == where
    finally:
        del sys.modules[module.__name__]
