from __future__ import annotations

import kgraph


def test_init_exported_members() -> None:
    assert sorted(kgraph.__all__) == ["BuildResult", "KGraphError", "QueryResult", "__version__", "build_graph",
                                      "load_graph", "query"]
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None


def test_init_import_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, kgraph; print('spacy' in sys.modules, 'rdflib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
