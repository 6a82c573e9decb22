"""Extraction over several processes: a build's documents in shards, each extracted by a worker process.

Extraction is most of a build's time, and one document's extraction does not depend on any other's, so
:func:`kgraph.build.build_graph` sends documents in shards (the ``shard_documents`` setting, 128) to worker
processes and takes the extractions back **in input order**; resolution and writing stay in the build's own
process, so the outputs are byte for byte those of a build in one process.

Two runners, one behaviour (:class:`Runner`):

* :class:`PoolRunner` — a :class:`concurrent.futures.ProcessPoolExecutor` of the standard library
  (``--workers N``; the default, one worker per available core);
* :class:`DaskRunner` — a ``dask.distributed`` cluster (``--scheduler ADDRESS``, with the ``kgraph[dask]``
  extra): the scheduler of a running cluster, or a local one of ``--workers`` processes.

Every worker process loads the spaCy pipelines and the gazetteer once (:mod:`kgraph.parallel.worker`), extracts
its shards with the settings of the build, and writes each shard's extractions as one pack of the output
folder's cache (``.kgraph/extractions``), where ``--update`` and ``kgraph merge`` read them. A worker that does
not see the output folder (a cluster on other machines without a shared file system) sends the extractions
back and the build writes the pack.
"""

from __future__ import annotations

from kgraph.parallel.runners import DaskRunner, Pending, PoolRunner, Runner, available_cores, make_runner
from kgraph.parallel.worker import ExtractionJob, ShardResult, extract_shard

__all__ = ["DaskRunner", "ExtractionJob", "Pending", "PoolRunner", "Runner", "ShardResult", "available_cores",
           "extract_shard", "make_runner"]
