from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.runs import SortedRuns


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.tuples(st.text(max_size=8), st.text(max_size=3)), max_size=200),
       budget=st.sampled_from([1, 50, 400, 10**9]), unique=st.booleans())
def test_runs_read_back_sorted(tmp_path: Path, records: list[tuple[str, str]], budget: int, unique: bool) -> None:
    runs = SortedRuns(tmp_path / f"runs-{budget}-{unique}", budget=budget, unique=unique)
    for r in records:
        runs.add(r)
    expected = sorted(set(records)) if unique else sorted(records)
    assert list(runs) == expected
    assert list(runs) == expected  # read twice
    runs.close()
    assert not list(tmp_path.glob(f"runs-{budget}-{unique}/run-*"))


@pytest.mark.parametrize("budget", [1, 10**9])
def test_runs_close_removes_the_run_files(tmp_path: Path, budget: int) -> None:
    runs = SortedRuns(tmp_path, budget=budget)
    for word in ("b", "a", "c"):
        runs.add((word,))
    assert runs.spilled == (3 if budget == 1 else 0)
    runs.close()
    assert not list(tmp_path.glob("run-*"))
