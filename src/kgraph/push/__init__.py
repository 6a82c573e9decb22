"""``kgraph push``: send an output folder's graph into a SPARQL store over the SPARQL 1.1 Graph Store HTTP
Protocol.

What is sent, read from the folder's current output set (``.kgraph/current/``), never holding more than one
batch in memory:

* every named graph of ``graph.trig`` under its own IRI — one graph per document
  (``https://w3id.org/kgraph/doc/…``), the actors graph and the facts graph — each **replaced** (``PUT``,
  then ``POST`` for the rest of a graph larger than a batch): these IRIs are kgraph's, so a graph pushed
  again holds this build's triples only;
* the union of those graphs (``graph.ttl``, what ``kgraph query`` sees as the default graph) into the store's
  default graph, or the graph ``graph`` names: **added to** it (``POST``), or replacing it with ``replace``.

Graphs are sent in batches of about ``push_batch_quads`` quads (setting). After each batch the folder's
record ``.kgraph/push.json`` (written atomically) notes how many batches this store has taken, so a push that
was stopped (a crash, Ctrl-C, the store gone) resumes at the first batch not recorded when it is run again
with the same arguments. Sending a batch twice is harmless: ``PUT`` replaces and kgraph's graphs hold no blank
node, so a ``POST`` sent twice adds nothing. A request that fails in a way that may pass (no connection, a
reset, HTTP 5xx or 429) is tried again ``push_retries`` times with growing waits. With ``replace``, the graphs
an earlier complete push of this folder sent to the same store that this build no longer has (documents
removed since) are deleted at the end.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from kgraph import settings
from kgraph.atomic import MANIFEST, STATE_DIR, write_text
from kgraph.errors import OutputError, StoreError
from kgraph.push.client import GraphStore, Target

log = logging.getLogger(__name__)

#: The record of what was sent, in the output folder's ``.kgraph/``.
RECORD_FILE = "push.json"
_FORMAT = 1


class PushReport(TypedDict):
    """What :func:`push_output` did."""

    store: str
    graph: str | None
    graphs: int
    quads: int
    batches: int
    resumed_at: int
    deleted: int
    requests: int
    seconds: float


@dataclass
class _Part:
    target: Target
    replace: bool  # PUT (the graph's first part) or POST
    triples: list[Any] = field(default_factory=list)


def push_output(folder: Path | str, *, store: str, graph: str | None = None, replace: bool = False,
                progress: Callable[[str], None] | None = None, client: GraphStore | None = None) -> PushReport:
    """Send the graph of the output folder ``folder`` to the Graph Store endpoint ``store`` (module docstring).

    Args:
        folder: an output folder of ``kgraph build``.
        store: the store's Graph Store HTTP Protocol endpoint (``http://127.0.0.1:7878/store`` for
            ``oxigraph serve``; credentials, if any, in the URL).
        graph: the IRI of the graph that receives the union of the folder's graphs (default ``None``: the
            store's default graph).
        replace: replace that graph instead of adding to it, and delete the graphs an earlier push of this
            folder sent that this build no longer has. Default ``False``.
        progress: called with a one-line message after each batch.
        client: the :class:`~kgraph.push.client.GraphStore` to send with (default: one for ``store``).

    Returns:
        A :class:`PushReport`.

    Raises:
        OutputError: ``folder`` holds no kgraph output set, or its record cannot be written.
        StoreError: the store cannot be reached or refuses a request (the message gives its status and words).
    """
    import pyoxigraph as ox

    t0 = time.perf_counter()
    out = Path(folder)
    files = _current_files(out)
    batch_quads = int(settings.get("push_batch_quads"))
    client = client or GraphStore(store, retries=int(settings.get("push_retries")))
    union = Target(graph)
    key = client.shown + (f" {graph}" if graph else "")
    record_path = out / STATE_DIR / RECORD_FILE
    record = _load_record(record_path)
    source = {name: _digest(files, name) for name in ("graph.trig", "graph.ttl")}
    mine = {"source": source, "batch_quads": batch_quads, "replace": replace}
    entry = record["pushes"].get(key) or {}
    resume = not entry.get("complete") and all(entry.get(k) == v for k, v in mine.items())
    done = int(entry.get("batches_done", 0)) if resume else 0
    previous = entry.get("previous_graphs", []) if resume else (entry.get("graphs", []) if entry.get("complete")
                                                                  else entry.get("previous_graphs", []))
    entry = {**mine, "batches_done": done, "complete": False, "previous_graphs": previous}
    record["pushes"][key] = entry

    def save() -> None:
        try:
            write_text(record_path, json.dumps(record, ensure_ascii=True, indent=1, sort_keys=True) + "\n")
        except OSError as exc:
            raise OutputError(f"cannot write the push record {record_path}: {exc.strerror}",
                              fix="check free space and permissions of the output folder") from exc

    save()
    if resume and done:
        log.info("resuming the push to %s at batch %d", client.shown, done + 1)
        if progress:
            progress(f"resuming: {done} batches were sent to {client.shown} before")
    names: list[str] = []
    quads = 0
    batches = 0
    try:
        for batch in _batches(_parts(files, union=union, replace=replace, size=batch_quads, names=names),
                              size=batch_quads):
            batches += 1
            n = sum(len(p.triples) for p in batch)
            quads += n
            if batches <= done:
                continue
            for part in batch:
                body = ox.serialize(part.triples, format=ox.RdfFormat.N_TRIPLES) or b""
                (client.put if part.replace else client.post)(part.target, body)
            entry["batches_done"] = batches
            save()
            if progress:
                rate = quads / max(1e-9, time.perf_counter() - t0)
                progress(f"{batches} batches, {quads} quads sent to {client.shown} ({rate:.0f} quads/s)")
        deleted = 0
        if replace:
            now = set(names)
            for stale in previous:
                if stale not in now:
                    client.delete(Target(stale))
                    deleted += 1
    finally:
        client.close()
    entry.update(complete=True, graphs=names, previous_graphs=[])
    save()
    return {"store": client.shown, "graph": graph, "graphs": len(names), "quads": quads, "batches": batches,
            "resumed_at": done, "deleted": deleted, "requests": client.requests,
            "seconds": round(time.perf_counter() - t0, 3)}


def _current_files(out: Path) -> Path:
    """The folder holding the current output set of ``out`` (one generation: its files belong together)."""
    current = out / STATE_DIR / "current"
    folder = current.resolve() if current.is_dir() else out
    if not (folder / "graph.trig").is_file() or not (folder / "graph.ttl").is_file():
        raise OutputError(f"{out} holds no kgraph output set (graph.trig and graph.ttl)",
                          fix="give an output folder of `kgraph build --out`")
    return folder


def _digest(folder: Path, name: str) -> str:
    """The hash of ``name`` in the manifest of its output set (its size and time when there is none)."""
    try:
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        if isinstance(files, dict) and isinstance(files.get(name), str):
            return str(files[name])
    except (OSError, ValueError):
        pass
    st = (folder / name).stat()
    return f"{st.st_size}-{st.st_mtime_ns}"


def _load_record(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = None
    except (OSError, ValueError) as exc:
        log.warning("%s cannot be read (%s): pushing everything", path, exc)
        data = None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or not isinstance(data.get("pushes"), dict):
        data = {"format": _FORMAT, "pushes": {}}
    return data


def _parts(folder: Path, *, union: Target, replace: bool, size: int, names: list[str]) -> Iterator[_Part]:
    """The named graphs of graph.trig, then the union (graph.ttl), in parts of at most ``size`` triples;
    the IRI of every named graph is appended to ``names``."""
    import pyoxigraph as ox

    seen: set[str] = set()
    part: _Part | None = None
    try:
        for quad in ox.parse(path=str(folder / "graph.trig"), format=ox.RdfFormat.TRIG):
            g = quad.graph_name
            if not isinstance(g, ox.NamedNode):
                continue  # the default graph's triples are in graph.ttl, sent to the union's graph
            if part is None or part.target.graph != g.value or len(part.triples) >= size:
                if part is not None:
                    yield part
                first = g.value not in seen
                if first:
                    seen.add(g.value)
                    names.append(g.value)
                part = _Part(Target(g.value), replace=first)
            part.triples.append(quad.triple)
        if part is not None:
            yield part
        part = _Part(union, replace=replace)
        for triple in ox.parse(path=str(folder / "graph.ttl"), format=ox.RdfFormat.TURTLE):
            if len(part.triples) >= size:
                yield part
                part = _Part(union, replace=False)
            part.triples.append(triple)
        if part.triples or replace:
            yield part
    except (SyntaxError, ValueError) as exc:
        raise OutputError(f"{folder}: the graph cannot be read ({exc})", fix="rebuild the output folder") from exc


def _batches(parts: Iterator[_Part], *, size: int) -> Iterator[list[_Part]]:
    batch: list[_Part] = []
    n = 0
    for part in parts:
        batch.append(part)
        n += len(part.triples)
        if n >= size:
            yield batch
            batch, n = [], 0
    if batch:
        yield batch


__all__ = ["RECORD_FILE", "GraphStore", "PushReport", "StoreError", "Target", "push_output"]
