"""The runners that extract shards in other processes: a process pool of the standard library, or Dask."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from kgraph.errors import ClusterError, MissingDependency
from kgraph.model import Document
from kgraph.parallel.worker import ExtractionJob, ShardResult, extract_shard

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from kgraph.extract import Extractor

#: Seconds to wait for a Dask scheduler to answer before saying it cannot be reached.
SCHEDULER_TIMEOUT = 20.0


class Pending(Protocol):
    """A shard sent to a worker: ``result()`` waits for its :class:`ShardResult` (or raises the worker's error)."""

    def result(self) -> Any: ...

    def done(self) -> bool: ...


class Runner(Protocol):
    """Extracts shards in worker processes (:class:`PoolRunner`, :class:`DaskRunner`)."""

    #: how many shards it extracts at the same time
    workers: int

    def submit(self, job: ExtractionJob, docs: Sequence[Document]) -> Pending:
        """Send one shard; the returned object's ``result()`` is its :class:`ShardResult`."""
        ...

    def close(self) -> None:
        """Stop the worker processes this runner started (a running cluster is left running)."""
        ...


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one, else the CPU count).

    >>> available_cores() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class PoolRunner:
    """Worker processes of the standard library (:class:`concurrent.futures.ProcessPoolExecutor`).

    When the building process runs a single thread (the command line), it loads the pipelines once and the
    workers are forked from it, sharing them (no start-up of their own); otherwise (a notebook, a program
    with threads, where forking is unsafe) they are started with ``spawn`` and each loads the pipelines once.

    Args:
        workers: the number of worker processes (at least 1).
        extractor: the build's own extractor, which forked workers inherit (default: one made for the job).
    """

    def __init__(self, workers: int, *, extractor: Extractor | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self._extractor = extractor
        self._pool: ProcessPoolExecutor | None = None
        #: how the workers were started: "fork" or "spawn" (once they are)
        self.start_method: str | None = None

    def submit(self, job: ExtractionJob, docs: Sequence[Document]) -> Pending:
        if self._pool is None:
            import multiprocessing
            import threading
            from concurrent.futures import ProcessPoolExecutor

            from kgraph.parallel.worker import preload

            fork = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
            self.start_method = "fork" if fork else "spawn"
            if fork:
                preload(job, self._extractor)
            self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                             mp_context=multiprocessing.get_context(self.start_method))
        return _PoolPending(self._pool.submit(extract_shard, job, list(docs)))

    def close(self) -> None:
        if self._pool is not None:
            from kgraph.parallel.worker import forget

            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            forget()


_DIED_FIX = ("build with fewer --workers or a smaller shard_documents setting (a worker's memory grows with its "
             "shard), and see the system log (dmesg) for what ended it")


class _Pending:
    """A shard being extracted (a future of the pool or of Dask): a worker that dies is a :class:`ClusterError`."""

    def __init__(self, future: Any) -> None:
        self._future = future

    def done(self) -> bool:
        return bool(self._future.done())

    def result(self) -> Any:
        try:
            return self._future.result()
        except Exception as exc:
            died = self._died(exc)
            if died is None:
                raise
            raise ClusterError(died, fix=_DIED_FIX) from exc

    def _died(self, exc: Exception) -> str | None:
        """What to tell the user when ``exc`` says a worker died, else ``None`` (the error is the shard's own)."""
        raise NotImplementedError


class _PoolPending(_Pending):
    """A shard in the standard library's process pool."""

    def _died(self, exc: Exception) -> str | None:
        from concurrent.futures.process import BrokenProcessPool

        if isinstance(exc, BrokenProcessPool):
            return "a worker process ended abruptly while extracting (killed, or out of memory)"
        return None


class _DaskPending(_Pending):
    """A shard on a Dask cluster (Dask gives up on a shard whose workers kept dying: ``KilledWorker``)."""

    def _died(self, exc: Exception) -> str | None:
        if type(exc).__name__ == "KilledWorker":
            return f"Dask workers died while extracting a shard ({exc})"
        return None


class DaskRunner:
    """Shards extracted by the workers of a ``dask.distributed`` cluster (the ``kgraph[dask]`` extra).

    Args:
        scheduler: the address of a running scheduler (``tcp://host:8786``), or ``"local"`` for a local
            cluster of ``workers`` processes (one thread each) started here and stopped by :meth:`close`.
        workers: the number of worker processes of a local cluster.

    Every worker needs kgraph installed (the same version) and, to write the extraction cache itself, the
    output folder at the same path; a worker that does not see it sends the extractions back.

    Raises:
        MissingDependency: dask or distributed is not installed.
        ClusterError: the scheduler cannot be reached, or has no worker.
    """

    def __init__(self, scheduler: str, *, workers: int = 1) -> None:
        import importlib

        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError as exc:
            raise MissingDependency("--scheduler needs Dask (dask and distributed), which is not installed",
                                    fix="pip install 'kgraph[dask]', or build with --workers N alone (a process "
                                        "pool of the standard library)") from exc
        self._cluster: Any = None
        try:
            if scheduler == "local":
                self._cluster = distributed.LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                                         processes=True, dashboard_address=None)
                self._client: Any = distributed.Client(self._cluster)
            else:
                self._client = distributed.Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({exc})",
                               fix="start it (`dask scheduler`, then `dask worker ADDRESS` on each machine) and "
                                   "give its address as --scheduler tcp://HOST:8786, or build with --workers N "
                                   "without --scheduler") from exc
        n = len(self._client.scheduler_info().get("workers", {}))
        if n == 0:
            try:
                self._client.wait_for_workers(1, timeout=SCHEDULER_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                self.close()
                raise ClusterError(f"the Dask scheduler at {scheduler} has no worker",
                                   fix="start workers with `dask worker ADDRESS`, then build again") from exc
            n = len(self._client.scheduler_info().get("workers", {}))
        self.workers = max(1, n)

    def submit(self, job: ExtractionJob, docs: Sequence[Document]) -> Pending:
        return _DaskPending(self._client.submit(extract_shard, job, list(docs), pure=False))

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


def make_runner(*, workers: int, scheduler: str | None = None, extractor: Extractor | None = None) -> Runner | None:
    """The runner of a build with ``workers`` processes (0: one per available core) or a Dask ``scheduler``;
    ``None`` when the build extracts in its own process (one worker, no scheduler). ``extractor`` is the
    build's, which forked workers share.

    Raises:
        MissingDependency: a ``scheduler`` without Dask installed.
        ClusterError: the scheduler cannot be reached.
    """
    count = workers or available_cores()
    if scheduler:
        return DaskRunner(scheduler, workers=count)
    if count <= 1:
        return None
    return PoolRunner(count, extractor=extractor)


__all__ = ["SCHEDULER_TIMEOUT", "DaskRunner", "Pending", "PoolRunner", "Runner", "ShardResult", "available_cores",
           "make_runner"]
