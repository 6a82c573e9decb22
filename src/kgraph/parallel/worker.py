"""What runs in a worker process: :func:`extract_shard` extracts a shard of documents with an extractor
loaded once per process and the settings of the build that sent it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kgraph import settings
from kgraph.errors import ConfigError, UnsupportedLanguage
from kgraph.incremental import extraction_to_json_bytes, write_pack
from kgraph.model import Document

if TYPE_CHECKING:
    from kgraph.extract import Extractor


@dataclass(frozen=True)
class ExtractionJob:
    """Everything a worker needs besides the documents: how to make the extractor, the settings of the
    build (name → value) and where the extraction cache is.

    Attributes:
        lang: the build's ``lang`` (``"auto"`` or a language code).
        actors: extra gazetteer files (absolute paths).
        lexicons: extra trigger files (absolute paths).
        spacy_model: the ``--spacy-model`` or ``None``.
        fingerprint: :func:`kgraph.incremental.extractor_fingerprint` of the build, written with each extraction.
        settings: every setting of the build as (name, value) pairs.
        cache: the output folder's extraction folder, or ``None`` (a build without an output folder).
        languages: the language plug-ins registered in the build's process (a worker must have them all).
    """

    lang: str
    actors: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()
    spacy_model: str | None = None
    fingerprint: str = ""
    settings: tuple[tuple[str, settings.SettingValue], ...] = ()
    cache: str | None = None
    languages: tuple[str, ...] = ()

    @classmethod
    def of_build(cls, *, lang: str, actors: tuple[Path, ...] = (), lexicons: tuple[Path, ...] = (),
                 spacy_model: str | None = None, fingerprint: str = "", cache: Path | None = None) -> ExtractionJob:
        """The job of a build in this process (its settings as they resolve here and now)."""
        from kgraph.registry import language_codes

        return cls(lang=lang, actors=tuple(str(Path(a).resolve()) for a in actors),
                   lexicons=tuple(str(Path(x).resolve()) for x in lexicons), spacy_model=spacy_model,
                   fingerprint=fingerprint,
                   settings=tuple((name, src.value) for name, src in settings.resolve().items()),
                   cache=None if cache is None else str(cache.resolve()), languages=tuple(language_codes()))


@dataclass(frozen=True)
class ShardResult:
    """The outcome of one shard, document by document in the order sent.

    Attributes:
        lines: each document's extraction as :func:`~kgraph.incremental.extraction_to_json` wrote it (UTF-8),
            or ``b""`` for a document that was skipped.
        skipped: (index in the shard, reason, code) of each document no plug-in reads (E110).
        pack: the pack file the worker wrote the non-empty lines into, one after the other from offset 0,
            or ``None`` when it wrote none.
    """

    lines: tuple[bytes, ...]
    skipped: tuple[tuple[int, str, str], ...] = ()
    pack: str | None = None


#: the extractors of this process, one per job shape (loaded once: the pipelines are the slow part)
_EXTRACTORS: dict[tuple[object, ...], Extractor] = {}


def _extractor(job: ExtractionJob) -> Extractor:
    from kgraph.extract import Extractor
    from kgraph.registry import language_codes

    missing = sorted(set(job.languages) - set(language_codes()))
    if missing:  # registered in the build's process only: this worker would skip (or misread) those documents
        raise ConfigError(f"the language plug-in(s) {', '.join(missing)} are registered in the building process "
                          "but not in its worker processes",
                          fix="register them through the kgraph languages entry point of an installed package, "
                              "or build with workers=1 (--workers 1)")

    key = _key(job)
    found = _EXTRACTORS.get(key)
    if found is None:
        _EXTRACTORS.clear()  # one build's extractor at a time: a long-lived worker does not pile them up
        found = _EXTRACTORS[key] = Extractor(actors=[Path(a) for a in job.actors],
                                             lexicons=[Path(x) for x in job.lexicons], lang=job.lang,
                                             spacy_model=job.spacy_model)
    return found


def preload(job: ExtractionJob, extractor: Extractor | None = None) -> None:
    """Make ``extractor`` (default: a new one) this process's extractor for ``job`` and load the pipelines of
    the languages it may meet, so that worker processes forked from this one start with them loaded.

    A pipeline that cannot be loaded is left to fail where a document needs it, as in a build without workers.
    """
    from kgraph.errors import KGraphError
    from kgraph.registry import language_codes

    with settings.using(options=dict(job.settings)):
        if extractor is None:
            extractor = _extractor(job)
        else:
            _EXTRACTORS.clear()
            _EXTRACTORS[_key(job)] = extractor
        for code in [extractor.forced] if extractor.forced else language_codes():
            try:
                extractor.nlp(code)
            except KGraphError:
                continue


def forget() -> None:
    """Drop this process's extractors (the build's process, once its forked workers are gone)."""
    _EXTRACTORS.clear()


def _key(job: ExtractionJob) -> tuple[object, ...]:
    return job.lang, job.actors, job.lexicons, job.spacy_model, job.settings


def extract_shard(job: ExtractionJob, docs: list[Document]) -> ShardResult:
    """Extract ``docs`` with the extractor of ``job`` (loaded once per process) and, when ``job.cache`` is a
    folder this process sees, write their extractions as one pack file there.

    Raises:
        KGraphError: the extractor cannot be made (a lexicon that does not parse), or the pack cannot be written.
    """
    lines: list[bytes] = []
    skipped: list[tuple[int, str, str]] = []
    with settings.using(options=dict(job.settings)):
        extractor = _extractor(job)
        for i, doc in enumerate(docs):
            try:
                ex = extractor.extract(doc)
            except UnsupportedLanguage as exc:
                skipped.append((i, exc.message, exc.code))
                lines.append(b"")
                continue
            lines.append(extraction_to_json_bytes(ex, fingerprint=job.fingerprint))
    pack = None
    if job.cache is not None and Path(job.cache).is_dir() and any(lines):
        written = write_pack(Path(job.cache), {docs[i].id: raw for i, raw in enumerate(lines) if raw})
        pack = next(iter(written.values()))[0]
    return ShardResult(lines=tuple(lines), skipped=tuple(skipped), pack=pack)


__all__ = ["ExtractionJob", "ShardResult", "extract_shard", "forget", "preload"]
