"""Words per second of a pipeline component on one core (CPU time of this process).

Used by ``kgraph train`` to record the trained model's speed in ``training.json``; the build's own speed is
measured by ``benchmarks/``. A figure, not a test: it depends on the machine and on what else runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any


def words_per_second(run: Callable[[list[Any]], None], docs: Sequence[Any], *, min_seconds: float = 2.0,
                     max_rounds: int = 50) -> float:
    """Words (non-space tokens) per CPU second of ``run(docs)``, repeated until ``min_seconds`` of CPU time.

    ``run`` gets the same docs every round: it must not depend on what an earlier round left on them.

    Raises:
        ValueError: ``docs`` has no word.
    """
    words = sum(1 for doc in docs for t in doc if not t.is_space)
    if not words:
        raise ValueError("no word to time")
    batch = list(docs)
    spent = 0.0
    rounds = 0
    while spent < min_seconds and rounds < max_rounds:
        start = time.process_time()
        run(batch)
        spent += time.process_time() - start
        rounds += 1
    return words * rounds / spent if spent else float("inf")
