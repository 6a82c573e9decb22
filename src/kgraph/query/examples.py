"""The saved example queries shipped with kgraph (``kgraph/query/examples/*.rq``).

Each file starts with comment lines: ``# title: …`` and a description. ``kgraph query --examples`` lists
them; ``kgraph query OUT --example NAME`` runs one.

>>> [e.name for e in list_examples()][:2]
['actors-by-documents', 'meetings']
>>> get_example("who-supports-whom").title
'Who supports whom'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kgraph.errors import QueryError

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"


@dataclass(frozen=True)
class Example:
    """A saved query: file stem ``name``, ``title``, ``description`` and SPARQL ``text``."""

    name: str
    title: str
    description: str
    text: str


def _read(path: Path) -> Example:
    text = path.read_text(encoding="utf-8")
    title, notes = path.stem, []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("title:"):
            title = body.split(":", 1)[1].strip()
        else:
            notes.append(body)
    return Example(name=path.stem, title=title, description=" ".join(notes), text=text)


def list_examples() -> list[Example]:
    """All shipped example queries, sorted by name."""
    return [_read(p) for p in sorted(EXAMPLES_DIR.glob("*.rq"))]


def get_example(name: str) -> Example:
    """The example called ``name`` (the file stem).

    Raises:
        QueryError: no example has that name.
    """
    path = EXAMPLES_DIR / f"{name}.rq"
    if "/" in name or "\\" in name or not path.is_file():
        names = ", ".join(e.name for e in list_examples())
        raise QueryError(f"no example query named {name!r}", fix=f"use one of: {names}")
    return _read(path)
