"""Every tunable of kgraph in one table: (name, default, help).

Limits are named here, not written as literals elsewhere. ``tests/test_settings.py`` checks that every
setting is documented in README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("max_file_bytes", 200 * 1024 * 1024, "Largest input file read, in bytes; larger files are skipped."),
    Setting("chunk_chars", 200_000, "Long documents are processed in pieces of about this many characters."),
    Setting("input_suffixes", (".txt", ".md", ".html", ".htm", ".jsonl"), "File name endings read from folders."),
    Setting("default_lang", "auto", "Language of inputs: auto (detect per document), ar or en."),
    Setting("query_timeout", 10.0, "Wall-clock limit of one SPARQL query, in seconds."),
    Setting("query_max_rows", 10_000, "Most rows a SPARQL SELECT returns."),
    Setting("progress_every", 25, "Report progress on stderr every this many documents."),
    Setting("explorer_webgl_actors", 2000, "Above this many actors the explorer page draws with WebGL (sigma.js)."),
    Setting("explorer_webgl_relations", 8000, "Above this many relations the explorer page draws with WebGL."),
    Setting("lock_wait", 60.0, "Seconds a build waits for another build writing into the same --out folder."),
)

DEFAULTS: dict[str, Any] = {s.name: s.default for s in SETTINGS}


def get(name: str) -> Any:
    """Return the default of setting ``name``; raise ``KeyError`` for an unknown name."""
    return DEFAULTS[name]
