"""A persistent Oxigraph store kept next to a graph, so repeated queries start fast.

The first query over an output folder loads its graph (``graph.trig``, else ``graph.ttl``/``graph.nq``) into
an Oxigraph (RocksDB) store under ``OUTPUT_DIR/.store/<key>/``; later queries open that store read-only in
milliseconds. The key is derived from the graph file's hash in ``manifest.json`` (or the file's own bytes),
its size and modification time, and the pyoxigraph version, so a rebuilt graph gets a fresh store and the
stale one is removed. Building happens in a private temporary folder that is renamed into place, so two
processes that build at once never see a half-built store. If the folder cannot be written, the graph is
loaded into memory instead (and a warning logged).

A store in use is never removed: a process that opens one holds a shared ``fcntl`` lock on its ``LOCK`` file
(:func:`hold`) until it opens a newer store of the same folder or ends, and the clean-up of stale stores skips
any store it cannot lock exclusively. So ``kgraph serve`` can keep answering from the store of the graph it
started on while new builds and queries go on in the same folder.
"""

from __future__ import annotations

import fcntl
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
_LOCK = "LOCK"
_STALE_BUILD_SECONDS = 3600
#: Lock files this process holds: store folder → [open file descriptor, number of holders].
_HELD: dict[Path, list[int]] = {}
#: The store :func:`open_cached` last opened under each ``.store`` folder (it keeps one hold on it).
_LATEST: dict[Path, Path] = {}


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

    The store stays held (:func:`hold`) until this process opens a newer store of the same folder, so a
    concurrent clean-up never removes it while it is queried. Falls back to an in-memory store when the output
    folder cannot be written.

    Raises:
        QueryError: the graph file cannot be parsed.
    """
    import pyoxigraph as ox

    wanted = cached_store_path(graph)
    previous = _LATEST.pop(wanted.parent, None)
    if previous is not None:
        release(previous)  # before building, so the clean-up after the build may remove it
    target = ensure_store(graph)
    if target is None:
        return load_in_memory(graph)
    _LATEST[target.parent] = target  # keeps ensure_store's hold
    try:
        return ox.Store.read_only(str(target / "db"))
    except OSError as exc:
        log.warning("cannot open the query store %s (%s); loading the graph into memory", target, exc)
        return load_in_memory(graph)


def ensure_store(graph: Path) -> Path | None:
    """The folder of the persistent store of ``graph``, built if needed and held once (:func:`release` it).

    Returns None when no store can be kept next to ``graph`` (a read-only folder): load it into memory then.

    Raises:
        QueryError: the graph file cannot be parsed.
    """
    target = cached_store_path(graph)
    for _ in range(3):
        if not (target / _READY).exists():
            try:
                _build(graph, target)
            except OSError as exc:
                log.warning("cannot keep a query store in %s (%s); loading the graph into memory", target.parent,
                            exc)
                return None
        try:
            hold(target)
        except OSError:
            continue  # removed between the check and the lock: build it again
        return target
    return None


def open_store_dir(target: Path) -> Any:
    """Open the persistent store in ``target`` (a folder made by :func:`ensure_store`) read-only.

    The store is held (:func:`hold`) until :func:`release` or the end of the process.

    Raises:
        QueryError: the store is gone (removed as stale) or cannot be opened.
    """
    import pyoxigraph as ox

    try:
        hold(target)
    except OSError as exc:
        raise QueryError(f"cannot open the query store {target}: {exc}",
                         fix="restart the server (or reload it) so it builds a fresh store") from exc
    try:
        return ox.Store.read_only(str(target / "db"))
    except OSError as exc:
        release(target)
        raise QueryError(f"cannot open the query store {target}: {exc}",
                         fix="restart the server (or reload it) so it builds a fresh store") from exc


def hold(target: Path) -> None:
    """Take (one more) shared lock on the store in ``target``; :func:`release` gives it back.

    Raises:
        OSError: the store is not there (or not complete).
    """
    target = Path(target)
    if target in _HELD:
        _HELD[target][1] += 1
        return
    fd = os.open(target / _LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        if not (target / _READY).exists():  # removed by a clean-up that locked it just before us
            raise FileNotFoundError(f"{target} was removed")
    except OSError:
        os.close(fd)
        raise
    _HELD[target] = [fd, 1]


def release(target: Path) -> None:
    """Give back one :func:`hold` of the store in ``target``; with the last one, a clean-up may remove it."""
    held = _HELD.get(Path(target))
    if held is None:
        return
    held[1] -= 1
    if held[1] <= 0:
        del _HELD[Path(target)]
        os.close(held[0])


def _remove_if_unused(folder: Path) -> None:
    """Remove a stale store folder unless some process holds it."""
    lock = folder / _LOCK
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CLOEXEC) if lock.exists() else None
    except OSError:
        return
    try:
        if fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return  # a process still answers queries from it
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if fd is not None:
            os.close(fd)


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
        if old.name == target.name or old in _HELD:
            continue
        if not old.name.startswith("tmp-"):
            _remove_if_unused(old)
        elif now - old.stat().st_mtime > _STALE_BUILD_SECONDS:
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
