"""The whole flow: read → extract → resolve → graph → write, with a report of what happened.

:func:`build_graph` builds from input files, :func:`merge_outputs` from the extraction caches of earlier
builds (:mod:`kgraph.incremental` stores them); both end in :func:`run_build`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import settings
from kgraph._version import __version__
from kgraph.dedup import near_duplicates
from kgraph.errors import ArgumentError, ConfigError, OutputError, UnsupportedLanguage
from kgraph.extract import Extractor
from kgraph.incremental import STATE_DIR, STATE_FILE, ExtractionStore, extractor_fingerprint, load_state
from kgraph.ingest import read_inputs
from kgraph.model import BuildReport, Corpus, Document, DuplicateCounts, Extraction, Skipped, Timings
from kgraph.output import write_outputs
from kgraph.parallel.worker import ExtractionJob, ShardResult
from kgraph.resolve import resolve
from kgraph.result import BuildResult

if TYPE_CHECKING:
    from rdflib import Dataset

    from kgraph.parallel import Pending, Runner
    from kgraph.schema import Schema

log = logging.getLogger(__name__)
_WORD_RUN = re.compile(r"\S+")


def build_graph(paths: Sequence[Path | str] | Path | str = (), *, texts: Iterable[str] | None = None,
                records: Iterable[Mapping[str, object]] | None = None, out: Path | str | None = None,
                lang: str | None = None, actors: Sequence[Path | str] = (), lexicons: Sequence[Path | str] = (),
                progress: Callable[[str], None] | None = None, update: bool = False,
                spacy_model: str | None = None, follow_symlinks: bool = False, force: bool = False,
                workers: int | None = None, scheduler: str | None = None) -> BuildResult:
    """Build the knowledge graph of the articles under ``paths``, in ``texts`` and in ``records``.

    Args:
        paths: files and folders (.txt, .md, .html/.htm, .jsonl), read recursively; one path may be given
            alone. A path that does not exist is skipped and reported (``report["skipped"]``) unless none of
            them exists.
        texts: article texts, each read as a ``.txt`` file holding it would be (reported as ``texts[i]``).
        records: articles as mappings with ``text`` and optional ``title``, ``date`` (``"YYYY-MM-DD"``),
            ``url``, ``lang`` and ``id``, each read as a line of a ``.jsonl`` file would be (reported under its
            ``url``, else its ``id``, else ``records[i]``).
        out: output folder; when given, every output file is written there (atomically), with the
            extraction cache and input manifest in ``out/.kgraph/`` (see :mod:`kgraph.incremental`).
        lang: ``"auto"`` (detect per document) or the code of a registered language plug-in (``"ar"``,
            ``"en"``); default: the ``default_lang`` setting (``auto``).
        actors: extra gazetteer Turtle files (see ``ontologies/README.md``).
        lexicons: extra trigger Turtle files.
        progress: called with a one-line message now and then (the CLI prints it on stderr).
        update: add ``paths`` to the build already in ``out``: earlier inputs that ``paths`` does not
            cover are kept (re-read if changed, dropped if deleted), unchanged documents are not extracted
            again, and the result is the graph of a full build over all the inputs. Default ``False``;
            for files only (not ``texts`` or ``records``).
        spacy_model: name or path of an installed English spaCy pipeline whose entities are added to the
            gazetteer and rules for English documents (default ``None``: rules only).
        follow_symlinks: follow symlinks that lead out of the named folders (default False: they are
            reported, E111, and not read).
        force: write the outputs even when no document was read (an empty graph replaces the one in
            ``out``). Default False: a build that read no document leaves ``out`` untouched and says so in
            ``report["output"]``.
        workers: processes that extract the documents, in shards of the ``shard_documents`` setting (default:
            the ``workers`` setting, 0: one per available core; 1: extract in this process). A build of fewer
            documents than one shard extracts in this process. The outputs are the same whatever the number.
        scheduler: the address of a running ``dask.distributed`` scheduler whose workers extract the
            shards (``"local"``: a local Dask cluster of ``workers`` processes); needs ``kgraph[dask]``.

    Returns:
        A :class:`BuildResult`. Inputs that cannot be read are listed in ``report["skipped"]``, warnings (with
        codes) in ``report["warnings"]``, the encoding of every input that was not UTF-8 in
        ``report["encodings"]``.

    Raises:
        ArgumentError: nothing to read, none of ``paths`` exists, an argument of the wrong type, a record
            of the wrong shape, or ``update`` with ``texts``/``records`` or without ``out``.
        ClusterError: ``scheduler`` cannot be reached or has no worker.
        MissingDependency: ``scheduler`` without Dask installed.
        OntologyError: a user actor or lexicon file that does not parse.
        OutputError: the output folder cannot be written.
        SettingError: a setting is unknown or ill-typed where it is set.
        UnknownLanguage: ``lang`` is neither ``"auto"`` nor a registered language (the message names them).

    >>> result = build_graph(texts=["The Global Coalition supports the Iraqi Security Forces."])
    >>> [(f.subject, f.property, f.object) for f in result.facts()]
    [('coalition', 'supports', 'iraqi_security_forces')]
    """
    from itertools import chain

    from kgraph.ingest.memory import a_type, read_records, read_texts

    if lang is None:
        lang = str(settings.get("default_lang"))
    if not isinstance(lang, str):
        raise ArgumentError(f"lang is {a_type(lang)}, not a string",
                            fix='give "auto" (detect the language of each document) or a code such as "ar", "en"')
    path_list = _paths(paths)
    if update and out is None:
        raise ArgumentError("an update needs the output folder of the build to update",
                            fix="give out=DIR (--out DIR on the command line): the folder of the earlier build")
    if update and (texts is not None or records is not None):
        raise ArgumentError("update=True adds files to a build; texts and records are not files",
                            fix="build texts and records without update, or write them to files first")
    warnings: list[str] = []
    in_memory: list[Document | Skipped] = []
    if texts is not None:
        in_memory += read_texts(texts, lang=lang, warnings=warnings)
    if records is not None:
        in_memory += read_records(records, lang=lang, warnings=warnings)
    if not path_list and texts is None and records is None:
        raise ArgumentError("nothing to build: no paths, texts or records given",
                            fix='give files or folders, texts=["..."] or records=[{"text": "..."}]')
    if path_list and not update and not any(os.path.lexists(p) for p in path_list) and texts is None \
            and records is None:
        shown = ", ".join(repr(str(p))[:80] for p in path_list[:3]) + (" ..." if len(path_list) > 3 else "")
        raise ArgumentError(f"no such file or folder: {shown}",
                            fix="check the paths; to build from text strings, pass texts=[...] instead")
    with settings.using(options={"workers": workers}):
        n_workers = int(settings.get("workers"))
    t0 = time.perf_counter()
    encodings: dict[str, str] = {}
    extractor = Extractor(actors=[Path(a) for a in actors], lexicons=[Path(x) for x in lexicons], lang=lang,
                          spacy_model=spacy_model)
    store = None
    items: Iterable[Document | Skipped]
    fp = ""
    if out is not None:
        fp = extractor_fingerprint(lang=lang, actors=[Path(a) for a in actors], lexicons=[Path(x) for x in lexicons],
                                   spacy_model=spacy_model)
        store = ExtractionStore(Path(out), fingerprint=fp, reuse=update)
        items = chain(store.replay_previous(path_list, lang=lang, warnings=warnings, encodings=encodings)
                      if update else (),
                      store.read(path_list, lang=lang, warnings=warnings, encodings=encodings,
                                 follow_symlinks=follow_symlinks), in_memory)
    else:
        items = chain(read_inputs(path_list, lang=lang, warnings=warnings, encodings=encodings,
                                  follow_symlinks=follow_symlinks), in_memory)
    parallel = None
    if n_workers != 1 or scheduler:
        parallel = _Parallel(workers=n_workers, scheduler=scheduler, job=ExtractionJob.of_build(
            lang=lang, actors=extractor.actors, lexicons=extractor.lexicons, spacy_model=spacy_model, fingerprint=fp,
            cache=None if store is None else store.folder))
    return run_build(items, extractor=extractor, out=None if out is None else Path(out), progress=progress,
                     warnings=warnings, encodings=encodings, store=store, started=t0, force=force, parallel=parallel)


def _paths(paths: Sequence[Path | str] | Path | str) -> list[Path]:
    """``paths`` as a list of paths (one path may be given alone)."""
    from kgraph.ingest.memory import a_type

    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    if isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise ArgumentError(f"paths must be a list of files and folders, not {a_type(paths)}",
                            fix='give build_graph(["articles/"]), or texts=[...] for text strings')
    out = []
    for i, p in enumerate(paths):
        if not isinstance(p, str | os.PathLike):
            raise ArgumentError(f"paths[{i}] is {a_type(p)}, not a path",
                                fix="give paths as strings or pathlib.Path; records as records=[...]")
        out.append(Path(p))
    return out


def run_build(items: Iterable[Document | Skipped], *, extractor: Extractor, out: Path | None = None,
              progress: Callable[[str], None] | None = None, store: ExtractionStore | None = None,
              started: float | None = None, warnings: list[str] | None = None,
              encodings: dict[str, str] | None = None, force: bool = False,
              parallel: _Parallel | None = None) -> BuildResult:
    """Extract (or take from ``store``), resolve, build and write the graph of ``items``.

    The shared back half of :func:`build_graph` and :func:`merge_outputs`. Documents
    with the same text as an earlier one are skipped (E109). When no document was read, ``out`` is left as
    it is unless ``force``. With ``parallel``, the documents ``store`` does not hold are extracted in
    worker processes, in shards, and taken back in input order (the same outputs as in one process).
    """
    with _fewer_gc_passes():
        return _run_build(items, extractor=extractor, out=out, progress=progress, store=store, started=started,
                          warnings=warnings, encodings=encodings, force=force, parallel=parallel)


@contextlib.contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a build allocates millions of small objects
    (about 13 % less CPU on 1,000 articles, benchmarks/throughput.py); the old thresholds come back after."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], 50_000), max(old[1], 20), max(old[2], 100))
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _run_build(items: Iterable[Document | Skipped], *, extractor: Extractor, out: Path | None,
               progress: Callable[[str], None] | None, store: ExtractionStore | None,
               started: float | None, warnings: list[str] | None, encodings: dict[str, str] | None,
               force: bool, parallel: _Parallel | None) -> BuildResult:
    from kgraph.graph import to_networkx

    t0 = time.perf_counter() if started is None else started
    cpu = [time.process_time()]
    t_load = time.perf_counter()
    extractions: list[Extraction] = []
    skipped: list[Skipped] = []
    exact: dict[str, set[str]] = {}  # other sources of each document's exact text: skipped (E109), counted
    every = settings.get("progress_every")
    words = 0
    for item in _extracted(items, extractor=extractor, store=store, parallel=parallel, progress=progress,
                           exact=exact):
        if isinstance(item, Skipped):
            skipped.append(item)
            if item.code != "E109":
                log.warning("skipped %s: %s", item.source, item.reason)
            continue
        extractions.append(item)
        words += _word_count(item.document.text)
        if progress and len(extractions) % every == 0:
            rate = len(extractions) / max(1e-9, time.perf_counter() - t_load)
            progress(f"{len(extractions)} documents ({rate:.1f}/s), {len(skipped)} skipped")
    if store is not None:
        store.flush()
    t_extract = time.perf_counter()
    cpu.append(time.process_time())
    duplicates = near_duplicates([e.document for e in extractions])
    t_dedup = time.perf_counter()
    cpu_dedup = time.process_time()
    corpus = resolve(extractions, extractor.gazetteer, skipped=skipped, schema=extractor.schema,
                     duplicates=duplicates, exact_copies={i: len(s) for i, s in exact.items()})
    t_resolve = time.perf_counter()
    cpu.append(time.process_time())
    graph = to_networkx(corpus)
    t_graph = time.perf_counter()
    cpu.append(time.process_time())
    timings: Timings = {"load_seconds": round(t_load - t0, 3), "extract_seconds": round(t_extract - t_load, 3),
                        "dedup_seconds": round(t_dedup - t_extract, 3),
                        "resolve_seconds": round(t_resolve - t_dedup, 3),
                        "graph_seconds": round(t_graph - t_resolve, 3),
                        "cpu_seconds": {stage: round(b - a, 3) for stage, a, b in
                                        zip(("extract", "resolve", "graph"), cpu, cpu[1:], strict=False)}}
    timings["cpu_seconds"]["dedup"] = round(cpu_dedup - cpu[1], 3)
    timings["cpu_seconds"]["resolve"] = round(cpu[2] - cpu_dedup, 3)
    if store is not None:
        timings["cache_seconds"] = round(store.seconds, 3)
    report = _report(corpus, words=words, warnings=warnings or [], encodings=encodings or {}, timings=timings)
    if store is not None:
        report["incremental"] = {"extracted": store.extracted, "from_cache": store.reused}
    result = BuildResult(corpus=corpus, dataset=functools.partial(_dataset, corpus, extractor.schema), graph=graph,
                         report=report, schema=extractor.schema)
    if out is not None and not corpus.documents and not force:
        # a typo in the path, an empty folder, a folder of unreadable files: the graph in `out` stays
        report["output"] = {"written": False,
                            "reason": "no document was read, so the output folder was left as it was "
                                      "(--force writes an empty graph)"}
    elif out is not None:
        report["output"] = {"written": True}
        if progress:
            progress(f"writing {out}")
        write_outputs(result, out, timings=report["timings"], schema=extractor.schema,
                      internal={STATE_FILE: store.state_text} if store is not None else None)
        if store is not None:
            store.prune()
    if progress:
        dup = report["duplicates"]
        n_copies, n_stories = dup["near"] + dup["translations"] + dup["exact"], dup["stories_copied"]
        copies = (f", {n_copies} {'copy' if n_copies == 1 else 'copies'} of {n_stories} "
                  f"{'story' if n_stories == 1 else 'stories'} counted once" if n_stories else "")
        progress(f"{len(corpus.documents)} documents, {len(corpus.actors)} actors, "
                 f"{len(corpus.assertions)} assertions, {len(skipped)} skipped{copies}")
    return result


@dataclasses.dataclass(frozen=True)
class _Parallel:
    """How a build extracts in other processes: ``workers`` (0: one per core) or a Dask ``scheduler``."""

    workers: int
    scheduler: str | None
    job: ExtractionJob


class _Shard:
    """Documents sent (or to be sent) to a worker together, in input order."""

    def __init__(self) -> None:
        self.docs: list[Document] = []
        self.pending: Pending | None = None


def _extracted(items: Iterable[Document | Skipped], *, extractor: Extractor, store: ExtractionStore | None,
               parallel: _Parallel | None, progress: Callable[[str], None] | None,
               exact: dict[str, set[str]] | None = None) -> Iterator[Extraction | Skipped]:
    """The extraction of every document of ``items`` (from ``store`` when it holds it), or why it was skipped,
    in input order; with ``parallel``, documents are extracted by worker processes, at most two shards per
    worker at a time (memory stays bounded by the shards in flight, whatever the corpus). The other sources of
    a text seen before are added to ``exact`` (the same file read twice, as a merge of overlapping builds
    may, is no copy)."""
    seen: dict[str, str] = {}

    def first_look(item: Document | Skipped) -> Document | Extraction | Skipped:
        """A skipped item, a document seen before (E109), a cached extraction, or a document to extract."""
        if isinstance(item, Skipped):
            return item
        if item.id in seen:
            if exact is not None and item.source != seen[item.id]:
                exact.setdefault(item.id, set()).add(item.source)
            return Skipped(source=item.source, reason=f"same text as {seen[item.id]}", code="E109")
        seen[item.id] = item.source
        cached = store.lookup(item) if store is not None else None
        return item if cached is None else cached

    def here(doc: Document) -> Extraction | Skipped:
        try:
            return store.extract(doc, extractor.extract) if store is not None else extractor.extract(doc)
        except UnsupportedLanguage as exc:  # no plug-in reads this document's language: skip it, build the rest
            return Skipped(source=doc.source, reason=exc.message, code=exc.code)

    if parallel is None:
        for item in items:
            entry = first_look(item)
            yield here(entry) if isinstance(entry, Document) else entry
        return
    from collections import deque

    from kgraph.parallel import make_runner

    size = int(settings.get("shard_documents"))
    runner: Runner | None = None
    started = False
    window: deque[Extraction | Skipped | _Shard] = deque()
    shard: _Shard | None = None
    in_flight = 0

    def send(s: _Shard) -> None:
        nonlocal runner, started, in_flight
        if not started:
            started = True
            runner = make_runner(workers=parallel.workers, scheduler=parallel.scheduler, extractor=extractor)
            if runner is not None and parallel.job.cache is not None:  # the workers write their packs there
                Path(parallel.job.cache).mkdir(parents=True, exist_ok=True)
            if runner is not None:
                s.pending = runner.submit(parallel.job, s.docs)
                in_flight += 1
                if progress:
                    how = getattr(runner, "start_method", None)
                    how = f" ({'forked from this one' if how == 'fork' else 'spawned'})" if how else " (Dask)"
                    progress(f"extracting with {runner.workers} worker processes{how}, {size} documents a shard")
                return
        if runner is not None:
            s.pending = runner.submit(parallel.job, s.docs)
            in_flight += 1

    def ready(*, block: bool) -> Iterator[Extraction | Skipped]:
        nonlocal in_flight
        while window:
            front = window[0]
            if isinstance(front, _Shard):
                if front.pending is None:
                    if block:  # no runner (one core): this process extracts it
                        window.popleft()
                        yield from (here(doc) for doc in front.docs)
                        continue
                    return
                if not (block or in_flight > 2 * (runner.workers if runner else 1) or front.pending.done()):
                    return
                result = front.pending.result()
                in_flight -= 1
                window.popleft()
                yield from _taken(front.docs, result, store)
            else:
                window.popleft()
                yield front

    try:
        for item in items:
            entry = first_look(item)
            if isinstance(entry, Document):
                if shard is None:
                    shard = _Shard()
                    window.append(shard)
                shard.docs.append(entry)
                if len(shard.docs) >= size:
                    send(shard)
                    shard = None
            else:
                window.append(entry)
            yield from ready(block=False)
        if shard is not None and started:  # fewer documents than one shard in all: extracted here
            send(shard)
        yield from ready(block=True)
    finally:
        if runner is not None:
            runner.close()


def _taken(docs: list[Document], result: ShardResult, store: ExtractionStore | None) -> Iterator[Extraction | Skipped]:
    """The extractions (or skipped entries) of a shard a worker extracted, recorded in ``store``."""
    from kgraph.incremental import extraction_from_json

    why = {i: (reason, code) for i, reason, code in result.skipped}
    offset = 0
    for i, (doc, raw) in enumerate(zip(docs, result.lines, strict=True)):
        if i in why:
            yield Skipped(source=doc.source, reason=why[i][0], code=why[i][1])
            continue
        ex = extraction_from_json(raw)
        if ex.document != doc:
            ex = dataclasses.replace(ex, document=doc)
        if store is not None:
            store.adopt(ex, raw, (result.pack, offset, len(raw)) if result.pack is not None else None)
        offset += len(raw)
        yield ex


def _word_count(text: str) -> int:
    """``len(text.split())`` without the list of every word (a 50 MB article has eight million)."""
    return sum(1 for _ in _WORD_RUN.finditer(text))


def _dataset(corpus: Corpus, schema: Schema) -> Dataset:
    from kgraph.graph import build_dataset

    return build_dataset(corpus, schema=schema)


def _report(corpus: Corpus, *, words: int, warnings: list[str], encodings: dict[str, str],
            timings: Timings) -> BuildReport:
    facts = {(a.subject, a.predicate, a.object) for a in corpus.assertions
             if not a.relation.negated and not a.relation.hedged}
    return {
        "kgraph_version": __version__,
        "documents": {"read": len(corpus.documents), "skipped": len(corpus.skipped), "words": words,
                      "by_language": dict(sorted(Counter(d.lang for d in corpus.documents).items()))},
        "skipped": [{"source": s.source, "reason": s.reason, "code": s.code} for s in corpus.skipped],
        "actors": {"total": len(corpus.actors),
                   "by_type": dict(sorted(Counter(a.cls for a in corpus.actors.values()).items()))},
        "relations": {
            "assertions": len(corpus.assertions),
            "negated": sum(1 for a in corpus.assertions if a.relation.negated),
            "hedged": sum(1 for a in corpus.assertions if a.relation.hedged),
            "facts": len(facts),
            "facts_by_property": dict(sorted(Counter(p for _, p, _ in facts).items())),
        },
        "duplicates": _duplicates(corpus),
        "timings": timings,
        "warnings": list(warnings),
        "encodings": dict(sorted(encodings.items())),
    }


def _duplicates(corpus: Corpus) -> DuplicateCounts:
    """``report["duplicates"]``: the copies found, and each copy with its original (sources)."""
    source = {d.id: d.source for d in corpus.documents}
    methods = Counter(d.method for d in corpus.duplicates)
    original = {d.document: d.original for d in corpus.duplicates}
    stories = set(original.values()) | {original.get(i, i) for i, n in corpus.exact_copies.items() if n}
    return {"near": methods["near"], "translations": methods["translation"],
            "exact": sum(corpus.exact_copies.values()), "stories_copied": len(stories),
            "copies": [{"source": source.get(d.document, d.document), "original": source.get(d.original, d.original),
                        "method": d.method, "similarity": d.similarity} for d in corpus.duplicates]}


def merge_outputs(folders: Sequence[Path | str], *, out: Path | str, lang: str | None = None,
                  actors: Sequence[Path | str] = (), lexicons: Sequence[Path | str] = (),
                  progress: Callable[[str], None] | None = None) -> BuildResult:
    """Merge the outputs of separate builds into ``out``: the graph one build over all their inputs gives.

    No input file is read again and no document is extracted again: the documents come from each
    folder's extraction cache (:mod:`kgraph.incremental`).

    Args:
        folders: output folders written by ``kgraph build`` (each has ``.kgraph/current/state.json``).
        out: the folder to write the merged outputs into (may be one of ``folders``).
        lang: the ``lang`` the builds used (default: the ``default_lang`` setting).
        actors: the extra gazetteer files the builds used.
        lexicons: the extra trigger files the builds used.
        progress: called with a one-line message now and then.

    Raises:
        OutputError: a folder without a kgraph manifest, or whose cached extractions are missing.
        ConfigError: a folder built with other options (language, ``--actors``, ``--lexicon``) or
            another version of the extractor.
    """
    if lang is None:
        lang = str(settings.get("default_lang"))
    states = []
    extractor = Extractor(actors=[Path(a) for a in actors], lexicons=[Path(x) for x in lexicons], lang=lang)
    fp = extractor_fingerprint(lang=lang, actors=[Path(a) for a in actors], lexicons=[Path(x) for x in lexicons])
    for f in folders:
        folder = Path(f)
        state = load_state(folder)
        if state is None:
            raise OutputError(f"{folder} holds no kgraph build manifest ({STATE_DIR}/{STATE_FILE})",
                              fix="give output folders written by `kgraph build --out`")
        if state.get("fingerprint") != fp:
            raise ConfigError(f"{folder} was built with other options or another kgraph version than this merge",
                              fix="pass the same --lang, --actors and --lexicon as the builds, or rebuild it")
        states.append((folder, state))
    store = ExtractionStore(Path(out), fingerprint=fp, reuse=True)
    store.previous = None

    def items() -> Iterator[Document | Skipped]:
        for folder, state in states:
            yield from store.replay(folder, state)

    return run_build(items(), extractor=extractor, out=Path(out), progress=progress, store=store)


__all__ = ["BuildResult", "build_graph", "merge_outputs", "run_build"]
