"""A persistent Oxigraph store kept next to a graph, so repeated queries start fast.

The first query over an output folder loads its graph (``graph.trig``, else ``graph.ttl``/``graph.nq``) into
an Oxigraph (RocksDB) store under ``OUTPUT_DIR/.store/<key>/``; later queries open that store read-only in
milliseconds. The key is derived from the graph file's hash in ``manifest.json`` (or the file's own bytes),
its size and modification time, and the pyoxigraph version, so a rebuilt graph gets a fresh store and the
stale one is removed. Building happens in a private temporary folder that is renamed into place, so two
processes that build at once never see a half-built store. If the folder cannot be written, the graph is
loaded into memory instead (and a warning logged).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from kgraph.errors import QueryError

log = logging.getLogger(__name__)

#: Name of the store folder inside an output folder.
STORE_DIR = ".store"
_READY = "READY"
_STALE_BUILD_SECONDS = 3600


def store_key(graph: Path) -> str:
    """A key that changes whenever ``graph`` (a graph file in an output folder) changes."""
    import pyoxigraph

    stat = graph.stat()
    content = None
    manifest = graph.parent / "manifest.json"
    if manifest.exists():
        try:
            content = json.loads(manifest.read_text(encoding="utf-8")).get("files", {}).get(graph.name)
        except (OSError, ValueError, AttributeError):
            content = None
    if not content:
        h = hashlib.sha256()
        with graph.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        content = h.hexdigest()
    text = f"{graph.name}|{content}|{stat.st_size}|{stat.st_mtime_ns}|{pyoxigraph.__version__}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def cached_store_path(graph: Path) -> Path:
    """The folder of the persistent store for ``graph`` (which may not exist yet)."""
    return graph.parent / STORE_DIR / store_key(graph)


def load_in_memory(graph: Path) -> Any:
    """An in-memory Oxigraph store holding ``graph``."""
    import pyoxigraph as ox

    store = ox.Store()
    _load(store, graph)
    return store


def open_cached(graph: Path) -> Any:
    """Open (building it first if needed) the persistent store of ``graph``, read-only.

    Falls back to an in-memory store when the output folder cannot be written.

    Raises:
        QueryError: the graph file cannot be parsed.
    """
    import pyoxigraph as ox

    target = cached_store_path(graph)
    if not (target / _READY).exists():
        try:
            _build(graph, target)
        except OSError as exc:
            log.warning("cannot keep a query store in %s (%s); loading the graph into memory", target.parent, exc)
            return load_in_memory(graph)
    try:
        return ox.Store.read_only(str(target / "db"))
    except OSError as exc:
        log.warning("cannot open the query store %s (%s); loading the graph into memory", target, exc)
        return load_in_memory(graph)


def _build(graph: Path, target: Path) -> None:
    import pyoxigraph as ox

    root = target.parent
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="tmp-", dir=root))
    try:
        store = ox.Store(str(tmp / "db"))
        _load(store, graph, bulk=True)
        store.flush()
        store.optimize()
        del store
        (tmp / _READY).write_text(graph.name, encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:
            if not (target / _READY).exists():  # not "someone else was quicker"
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    now = time.time()
    for old in root.iterdir():  # stores of earlier builds, and builds interrupted more than an hour ago
        if old.name == target.name:
            continue
        if not old.name.startswith("tmp-") or now - old.stat().st_mtime > _STALE_BUILD_SECONDS:
            shutil.rmtree(old, ignore_errors=True)


def _load(store: Any, graph: Path, *, bulk: bool = False) -> None:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_extension(graph.suffix.lstrip("."))
    if fmt is None:
        raise QueryError(f"{graph}: unknown graph format {graph.suffix!r}", fix="use .ttl, .trig, .nq, .nt or .jsonld")
    try:
        if bulk:
            store.bulk_load(path=str(graph), format=fmt)
        else:
            store.load(path=str(graph), format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{graph}: cannot load the graph: {exc}", fix="rebuild the output folder") from exc
    if fmt.supports_datasets:
        # the default graph is the RDF merge of all graphs (a set: a fact asserted by several documents is
        # one triple), the per-document graphs stay available to GRAPH, FROM and FROM NAMED
        merged = {ox.Quad(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
                  if not isinstance(q.graph_name, ox.DefaultGraph)}
        if bulk:
            store.bulk_extend(merged)
        else:
            store.extend(merged)
