"""An external sort: records added in any order, read back sorted, with bounded memory.

Records are tuples of strings whose first item is the key. They are kept in memory until they take about
``budget`` characters, then sorted and written to a *run* file (``marshal`` chunks); reading merges the runs
(:func:`heapq.merge`) with what is still in memory. The order is that of the tuples (key first), so it does
not depend on the order records came in: writers fed by several worker processes in any order write the
same bytes.

>>> import tempfile
>>> from pathlib import Path
>>> runs = SortedRuns(Path(tempfile.mkdtemp()), budget=10, unique=True)
>>> for word in ["pear", "apple", "fig", "apple", "kiwi"]:
...     runs.add((word,))
>>> [r[0] for r in runs]
['apple', 'fig', 'kiwi', 'pear']
>>> runs.close()
"""

from __future__ import annotations

import heapq
import marshal
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

#: Records per marshal chunk of a run file.
_CHUNK = 2048
#: What one record costs in memory besides its characters (tuple and string headers), in characters.
_OVERHEAD = 120


class SortedRuns:
    """Records (tuples of ``str``, key first) sorted on disk in runs, merged when read.

    Args:
        folder: where run files go (removed by :meth:`close`).
        budget: about how many characters to hold in memory before a run is written.
        unique: drop repeated records (equal tuples) when reading.
    """

    def __init__(self, folder: Path, *, budget: int = 64_000_000, unique: bool = False) -> None:
        self.folder = folder
        self.budget = budget
        self.unique = unique
        self._buffer: list[tuple[str, ...]] = []
        self._size = 0
        self._runs: list[Path] = []
        self.records = 0

    def add(self, record: tuple[str, ...]) -> None:
        """Add one record."""
        self._buffer.append(record)
        self._size += _OVERHEAD + sum(map(len, record))
        self.records += 1
        if self._size >= self.budget:
            self._spill()

    def extend(self, records: list[tuple[str, ...]]) -> None:
        """Add many records (cheaper than :meth:`add` one by one)."""
        self._buffer.extend(records)
        self._size += _OVERHEAD * len(records) + sum(len(x) for r in records for x in r)
        self.records += len(records)
        if self._size >= self.budget:
            self._spill()

    def _spill(self) -> None:
        self._buffer.sort()
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="run-", suffix=".bin", dir=self.folder)
        with os.fdopen(fd, "wb") as fh:
            buf = self._buffer
            for i in range(0, len(buf), _CHUNK):
                marshal.dump(buf[i:i + _CHUNK], fh)
        self._runs.append(Path(name))
        self._buffer = []
        self._size = 0

    @property
    def spilled(self) -> int:
        """How many runs went to disk."""
        return len(self._runs)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        """Every record, sorted (repeated ones once when ``unique``); may be iterated more than once."""
        self._buffer.sort()
        sources: list[Iterator[tuple[str, ...]]] = [_read_run(path) for path in self._runs]
        if self._buffer:
            sources.append(iter(self._buffer))
        if not sources:
            return
        merged = sources[0] if len(sources) == 1 else heapq.merge(*sources)
        if not self.unique:
            yield from merged
            return
        last = None
        for record in merged:
            if record != last:
                yield record
                last = record

    def close(self) -> None:
        """Remove the run files and forget the records."""
        for path in self._runs:
            path.unlink(missing_ok=True)
        self._runs = []
        self._buffer = []
        self._size = 0


def _read_run(path: Path) -> Iterator[tuple[str, ...]]:
    with path.open("rb") as fh:
        while True:
            try:
                chunk = marshal.load(fh)
            except EOFError:
                return
            yield from chunk


__all__ = ["SortedRuns"]
