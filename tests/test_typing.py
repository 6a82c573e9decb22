"""The public API is typed for its users: a script using all of it passes ``mypy --strict`` (issue 17).

``tests/data/typed_user_script.py`` calls every public function and method and pins each type it gets back with
``typing.assert_type``; ``--disallow-any-expr`` makes any ``Any`` that reaches the script an error.
``tests/test_init.py`` checks the annotations themselves for ``Any``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "data" / "typed_user_script.py"
#: A script with one type error, checked in the same run: the check can fail.
WRONG = "import kgraph\n\nlabel: str = kgraph.build_graph(texts=['x']).facts()[0].support\n"


def test_typing_user_script_passes_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed: pip install -e '.[test]'")
    wrong = tmp_path / "wrong.py"
    wrong.write_text(WRONG, encoding="utf-8")
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    run = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--disallow-any-expr", "--follow-imports=silent",
                          "--cache-dir", str(tmp_path / "cache"), "--no-error-summary", str(SCRIPT), str(wrong)],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=600)
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert [e for e in errors if SCRIPT.name in e] == [], run.stdout + run.stderr
    assert len(errors) == 1 and "wrong.py:3" in errors[0] and 'expression has type "int"' in errors[0], run.stdout
