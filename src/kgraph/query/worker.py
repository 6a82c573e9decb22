"""Queries with a wall-clock limit that really stops them: each runs in a worker subprocess.

An Oxigraph query cannot be interrupted from another Python thread, so :class:`QueryRunner` keeps a small
pool of worker processes (``python -m kgraph.query.worker GRAPH``), each holding the graph's store open
read-only. A query is sent to an idle worker; if no answer comes within the timeout the worker is killed
(which stops the query and frees its memory), a fresh one is started in its place, and the caller gets
:class:`~kgraph.errors.QueryTimeout`. Other workers, and the next query, are not affected.

The protocol on the worker's stdin/stdout: one JSON line per request; per answer one JSON header line
(``status``, ``length`` and metadata) followed by ``length`` bytes of body. The runner passes a body on in
pieces (:meth:`QueryRunner.open_answer`), so the calling process never holds a whole answer.

**One generation.** The first worker opens the output folder's persistent store (building it if needed) and
says which store folder it opened; the runner holds that store (:func:`kgraph.query.store.hold`) and starts
every later worker, including those that replace a killed one, on that same store. A rebuild of the folder
does not change what the runner answers from until :meth:`QueryRunner.reload`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kgraph import settings
from kgraph.errors import ForbiddenQuery, KGraphError, QueryError, QueryTimeout

log = logging.getLogger(__name__)

#: Worker processes a runner keeps by default (queries that run at the same time).
DEFAULT_WORKERS = 2
#: Longest wait for a worker process to start and open the store, in seconds.
WORKER_START_TIMEOUT = 120.0
#: Most memory (heap, RLIMIT_DATA) one worker process may take, in bytes; a query that needs more ends its
#: worker (the caller gets a QueryError and a fresh worker takes its place) instead of the machine's memory.
WORKER_MAX_MEMORY = 4 * 1024**3
#: Size of the pieces an answer body is passed on in, in bytes.
CHUNK_BYTES = 1 << 16


@dataclass(frozen=True)
class Answer:
    """A finished query: the ``body`` in ``media_type`` (format name ``fmt``), the result ``kind``
    ("select", "ask" or "graph"), ``rows`` written, whether ``max_rows`` ``truncated`` it, and ``seconds``."""

    body: bytes
    media_type: str
    fmt: str
    kind: str
    rows: int
    truncated: bool
    seconds: float


class NotAcceptable(QueryError):
    """No format the client accepts fits this kind of result (HTTP 406)."""

    code = "E403"


def answer_query(store: Any, query: str, *, accept: str | None = None, fmt: str | None = None,
                 max_rows: int | None = None) -> Answer:
    """Run ``query`` on ``store`` and write the result in ``fmt`` or, if None, the best format for ``accept``.

    Raises:
        ForbiddenQuery, QueryError: as :func:`kgraph.query.sparql.run_query`.
        NotAcceptable: no acceptable format fits the result.
    """
    from kgraph.query.results import format_name, formats_for, negotiate, serialize
    from kgraph.query.sparql import run_query

    start = time.perf_counter()
    res = run_query(store, query, max_rows=max_rows)
    # an explicit format that fits the result wins; otherwise (absent or unknown) the Accept header decides
    name = (format_name(fmt, kind=res.kind) if fmt else None) or negotiate(accept, kind=res.kind)
    if name is None:
        offered = ", ".join(formats_for(res.kind).values())
        kind = {"select": "SELECT", "ask": "ASK"}.get(res.kind, "CONSTRUCT/DESCRIBE")
        raise NotAcceptable(f"cannot write a {kind} result as {fmt or accept!r}",
                            fix=f"ask for one of: {offered}")
    body = serialize(res, name)
    rows = len(res.triples) if res.kind == "graph" else len(res.rows)
    return Answer(body=body, media_type=formats_for(res.kind)[name], fmt=name, kind=res.kind, rows=rows,
                  truncated=res.truncated, seconds=time.perf_counter() - start)


@dataclass(frozen=True)
class Head:
    """What is known of an answer before its body: as :class:`Answer`, with the body's ``length`` in bytes."""

    media_type: str
    fmt: str
    kind: str
    rows: int
    truncated: bool
    seconds: float
    length: int


class _Worker:
    """One worker process and the thread that reads its answer headers."""

    def __init__(self, mode: str, target: Path, max_memory: int, generation: int) -> None:
        self.generation = generation
        self.answers: queue.Queue[tuple[dict[str, Any], bytes] | None] = queue.Queue()
        self._drained = threading.Event()
        import kgraph

        env = dict(os.environ)
        src = str(Path(kgraph.__file__).resolve().parents[1])  # the same kgraph code as this process
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen([sys.executable, "-m", "kgraph.query.worker", mode, str(target),
                                      str(max_memory)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.ready: dict[str, Any] | None = None
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()

    def _read(self, stream: IO[bytes] | None) -> None:
        """Read headers; an answer's body is left in the pipe for :meth:`body`, which says when it is read."""
        try:
            while stream is not None:
                line = stream.readline()
                if not line:
                    break
                header = json.loads(line)
                if header.get("status") == "ok" and int(header.get("length", 0)):
                    self._drained.clear()
                    self.answers.put((header, b""))
                    self._drained.wait()
                else:
                    self.answers.put((header, stream.read(int(header.get("length", 0)))))
        except (OSError, ValueError):
            pass
        self.answers.put(None)

    def body(self, length: int) -> Generator[bytes, None, None]:
        """The ``length`` bytes of the body of the answer just received, in pieces of at most CHUNK_BYTES."""
        stream = self.proc.stdout
        left = length
        try:
            while left > 0 and stream is not None:
                chunk = stream.read(min(CHUNK_BYTES, left))
                if not chunk:
                    raise QueryError("the query worker stopped while sending the answer", fix="try again")
                left -= len(chunk)
                yield chunk
        finally:
            if left == 0:
                self._drained.set()

    def wait_ready(self) -> dict[str, Any]:
        if self.ready is not None:
            return self.ready
        got = self._get(WORKER_START_TIMEOUT)
        if got is None or got[0].get("status") != "ready":
            message = got[0].get("message", "the worker stopped") if got else "the worker did not start"
            self.kill()
            raise QueryError(f"cannot start a query worker: {message}", fix="check the graph with `kgraph query`")
        self.ready = got[0]
        return self.ready

    def _get(self, timeout: float) -> tuple[dict[str, Any], bytes] | None:
        try:
            return self.answers.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError from None

    def ask(self, request: dict[str, Any], timeout: float) -> tuple[dict[str, Any], bytes]:
        self.wait_ready()
        stdin = self.proc.stdin
        if stdin is None:
            raise QueryError("the query worker has no input pipe", fix="try again")
        stdin.write(json.dumps(request).encode("utf-8") + b"\n")
        stdin.flush()
        got = self._get(timeout)
        if got is None:
            raise QueryError("the query worker stopped while running the query (out of memory?)",
                             fix="simplify the query or add a LIMIT")
        return got

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            log.warning("query worker %s did not exit", self.proc.pid)
        self._drained.set()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass


class QueryRunner:
    """Run queries over one graph in worker processes, each stopped at ``timeout`` seconds.

    Args:
        path: an output folder or a graph file.
        timeout: wall-clock limit of one query in seconds (default: setting ``query_timeout``).
        max_rows: most rows (or triples) of one answer (default: setting ``query_max_rows``).
        workers: worker processes, i.e. queries that may run at once (default :data:`DEFAULT_WORKERS`).
        max_memory: most heap memory of one worker process in bytes (default :data:`WORKER_MAX_MEMORY`).

    Raises:
        QueryError: nothing loadable at ``path``.

    The runner answers from the graph ``path`` held when it started (its *generation*) until :meth:`reload`.
    Use it as a context manager, or call :meth:`close`, so the worker processes end.
    """

    def __init__(self, path: Path | str, *, timeout: float | None = None, max_rows: int | None = None,
                 workers: int = DEFAULT_WORKERS, max_memory: int = WORKER_MAX_MEMORY) -> None:
        from kgraph.query.sparql import graph_file

        self.path = Path(path)
        self.timeout = float(settings.get("query_timeout") if timeout is None else timeout)
        self.max_rows = int(settings.get("query_max_rows") if max_rows is None else max_rows)
        if self.timeout <= 0 or self.max_rows < 0 or workers < 1:
            raise QueryError("timeout, max_rows and workers must be positive",
                             fix="e.g. --timeout 10 --max-rows 10000")
        graph_file(self.path)  # fail here, in the caller, if there is no graph
        self.max_memory = int(max_memory)
        self.size = workers
        self._lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._closed = False
        self._generation = 0
        self._target: tuple[str, Path] = ("open", self.path)
        self.store: Path | None = None
        self._start_generation()

    def _start_generation(self) -> None:
        """Open ``path`` as it is now in a first worker, pin what it opened, and fill the pool on it."""
        from kgraph.query import store as stores

        generation = self._generation + 1
        first = self._spawn("open", self.path, generation)
        try:
            ready = first.wait_ready()  # builds the persistent store before the others open it
        except TimeoutError:
            self._retire(first)
            raise QueryError("a query worker did not start in time", fix="try again") from None
        old_store = self.store
        if ready.get("store"):
            self.store = Path(ready["store"])
            stores.hold(self.store)
            target: tuple[str, Path] = ("store", self.store)
        else:
            self.store = None
            target = ("file", Path(ready.get("file") or self.path))
        with self._lock:
            self._generation, self._target = generation, target
        stale = []
        while True:  # idle workers of the old generation end now; busy ones when they come back
            try:
                stale.append(self._idle.get_nowait())
            except queue.Empty:
                break
        for worker in stale:
            self._retire(worker)
        self._idle.put(first)
        for _ in range(self.size - 1):
            self._idle.put(self._spawn(*target, generation))
        if old_store is not None and old_store != self.store:
            stores.release(old_store)

    def reload(self) -> None:
        """Answer from the graph as it is now in ``path`` (after a rebuild); queries running now finish first.

        Raises:
            QueryError: the new graph cannot be opened (the runner goes on answering from the old one).
        """
        with self._reload_lock:
            self._start_generation()

    @property
    def generation(self) -> int:
        """How many times the runner has opened its graph (1 at the start, +1 per :meth:`reload`)."""
        return self._generation

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the live worker processes."""
        with self._lock:
            return [w.proc.pid for w in self._all if w.alive()]

    def _spawn(self, mode: str, target: Path, generation: int) -> _Worker:
        worker = _Worker(mode, target, self.max_memory, generation)
        with self._lock:
            self._all.append(worker)
        return worker

    def _fresh(self) -> _Worker:
        with self._lock:
            mode, target, generation = *self._target, self._generation
        return self._spawn(mode, target, generation)

    def _retire(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def _give_back(self, worker: _Worker, *, broken: bool) -> None:
        """Put ``worker`` back in the pool; replace it if it is broken, dead or of an older generation."""
        if self._closed:
            self._retire(worker)
            return
        if not broken and worker.generation == self._generation and worker.alive():
            self._idle.put(worker)
            return
        self._retire(worker)
        with self._lock:
            current = sum(1 for w in self._all if w.generation == self._generation)
        if current < self.size:  # after a reload the new generation may already be complete
            self._idle.put(self._fresh())

    @contextlib.contextmanager
    def open_answer(self, query: str, *, accept: str | None = None, fmt: str | None = None) -> Iterator[
            tuple[Head, Iterator[bytes]]]:
        """Run ``query``; yield its :class:`Head` and an iterator over its body in pieces.

        The body must be read to its end inside the ``with`` block; if it is not (the client went away), the
        worker is replaced.

        Raises:
            QueryTimeout: the query ran longer than ``timeout`` (it was stopped), or every worker stayed busy.
            ForbiddenQuery: an update or SERVICE.
            NotAcceptable: no acceptable format.
            QueryError: a syntax error or a failed query.
        """
        if self._closed:
            raise QueryError("this query runner is closed", fix="start a new one")
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"every query worker stayed busy for {self.timeout:g} s",
                               fix="try again later, or start the server with more --workers") from None
        request = {"query": query, "accept": accept, "format": fmt, "max_rows": self.max_rows}
        broken = True
        try:
            header = self._ask(worker, request)
            broken = False
            if header.get("status") != "ok":
                error = {"E401": ForbiddenQuery, "E402": QueryTimeout, "E403": NotAcceptable}.get(
                    header.get("code", ""), QueryError)
                raise error(header.get("message", "the query failed"), fix=header.get("fix"))
            head = Head(media_type=header["media_type"], fmt=header["fmt"], kind=header["kind"],
                        rows=header["rows"], truncated=header["truncated"], seconds=header["seconds"],
                        length=int(header["length"]))
            broken = True  # until the body has been read to its end
            chunks = worker.body(head.length)
            read = 0

            def counted() -> Iterator[bytes]:
                nonlocal read
                for chunk in chunks:
                    read += len(chunk)
                    yield chunk

            yield head, counted()
            broken = read != head.length
            if broken:
                chunks.close()
        finally:
            self._give_back(worker, broken=broken)

    def _ask(self, worker: _Worker, request: dict[str, Any]) -> dict[str, Any]:
        """Send ``request`` to ``worker`` and return the answer's header (its body stays in the pipe)."""
        try:
            if not worker.alive():
                raise QueryError("the query worker had stopped", fix="try again")
            try:
                worker.wait_ready()
            except TimeoutError:
                raise QueryError("a query worker did not start in time", fix="try again") from None
            header, _ = worker.ask(request, self.timeout)
            return header
        except TimeoutError:
            raise QueryTimeout(f"the query was stopped after {self.timeout:g} s",
                               fix="narrow it (add a LIMIT, bind a variable), or give the server more time: "
                                   + settings.how_to_set("query_timeout", max(30.0, 3 * self.timeout))) from None
        except OSError as exc:
            raise QueryError(f"the query worker failed: {exc}", fix="try again") from exc

    def answer(self, query: str, *, accept: str | None = None, fmt: str | None = None) -> Answer:
        """Run ``query`` and return its :class:`Answer` (format from ``fmt``, else negotiated from ``accept``).

        Raises:
            as :meth:`open_answer`.
        """
        with self.open_answer(query, accept=accept, fmt=fmt) as (head, chunks):
            body = b"".join(chunks)
        return Answer(body=body, media_type=head.media_type, fmt=head.fmt, kind=head.kind, rows=head.rows,
                      truncated=head.truncated, seconds=head.seconds)

    def close(self) -> None:
        """End every worker process."""
        from kgraph.query import store as stores

        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        if self.store is not None:
            stores.release(self.store)

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve_stdio(mode: str, target: str, max_memory: int) -> int:
    """The worker process: open the graph, then answer requests from stdin until it closes.

    ``mode`` "open": ``target`` is an output folder or graph file, opened as :func:`~kgraph.query.sparql.open_store`
    does (the store folder it used is reported); "store": ``target`` is a store folder; "file": a graph file
    loaded into memory.
    """
    from kgraph.query import nonet

    nonet.install()  # the whole worker process (it talks through pipes only) can never open a network socket
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))
    except (ImportError, ValueError, OSError) as exc:  # not on this platform, or above the hard limit
        log.warning("cannot limit the query worker's memory: %s", exc)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by libraries goes to stderr, never into the protocol
    inp = sys.stdin.buffer

    def send(header: dict[str, Any], body: bytes = b"") -> None:
        out.write(json.dumps({**header, "length": len(body)}).encode("utf-8") + b"\n")
        for start in range(0, len(body), CHUNK_BYTES):
            out.write(body[start:start + CHUNK_BYTES])
        out.flush()

    from kgraph.query import store as stores
    from kgraph.query.guard import load_parser
    from kgraph.query.sparql import graph_file

    load_parser()  # now, not inside the time limit of the first query that needs it

    ready: dict[str, Any] = {"status": "ready"}
    try:
        if mode == "store":
            store = stores.open_store_dir(Path(target))
            ready["store"] = target
        elif mode == "file":
            store = stores.load_in_memory(Path(target))
            ready["file"] = target
        else:
            path = Path(target)
            file = graph_file(path)
            kept = stores.ensure_store(file) if path.is_dir() else None
            if kept is not None:
                store = stores.open_store_dir(kept)
                ready["store"] = str(kept)
            else:
                store = stores.load_in_memory(file)
                ready["file"] = str(file.resolve())
    except KGraphError as exc:
        send({"status": "error", "code": exc.code, "message": exc.message, "fix": exc.fix})
        return 1
    send(ready)
    for line in inp:
        request = json.loads(line)
        try:
            ans = answer_query(store, request["query"], accept=request.get("accept"), fmt=request.get("format"),
                               max_rows=request.get("max_rows"))
        except KGraphError as exc:
            send({"status": "error", "code": exc.code, "message": exc.message, "fix": exc.fix})
            continue
        except Exception as exc:  # a bug must not end the worker: report it and go on
            log.exception("query failed")
            send({"status": "error", "code": QueryError.code, "message": f"the query failed: {exc}",
                  "fix": "report this with the query"})
            continue
        send({"status": "ok", "media_type": ans.media_type, "fmt": ans.fmt, "kind": ans.kind, "rows": ans.rows,
              "truncated": ans.truncated, "seconds": ans.seconds}, ans.body)
        del ans
    return 0


if __name__ == "__main__":
    sys.exit(_serve_stdio(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else WORKER_MAX_MEMORY))
