"""The storage of incremental builds and merges: a cache of per-document extractions kept next to the outputs.

Extraction is the expensive stage; resolution and graph building are cheap. So every build that writes an
output folder also keeps, in ``OUT/.kgraph/``:

* ``extractions/<document id>.json`` — the :class:`~kgraph.model.Extraction` of each document (plain JSON
  of the frozen dataclasses, with the fingerprint of the extractor that made it);
* ``current/state.json`` — the manifest of the build: the extractor fingerprint (kgraph version, language
  option, gazetteer, lexicon and extractor source files) and, per input file, its path, absolute path,
  content hash (SHA-256 of the bytes), encoding, and the documents and skipped entries it gave. It is a file
  of the output generation (:func:`kgraph.atomic.publish`), so the outputs and the state that made them
  switch together: a build killed at any moment leaves both of the old build or both of the new one.

``kgraph build PATH... --out OUT --update`` re-reads PATH and replays every earlier input file of OUT that
PATH does not cover: an unchanged file (same bytes) is replayed from the manifest without reading it, a
changed file is read again, a deleted file is dropped. Only documents without a cached extraction are
extracted; then everything is resolved and written again, so the result is the graph a full build over
all the inputs gives. ``kgraph merge --out OUT OUT1 OUT2 ...`` replays the manifests of several output
folders (no input file is needed) and writes the graph of their union.

Order of writing: new extraction files first, then the outputs and ``state.json`` as one generation
(atomically, by :func:`kgraph.output.write_outputs`), then unused extraction files are removed. An update that
fails before the switch leaves the previous outputs and manifest as they were.

Input files are read once, through :func:`kgraph.ingest.read.load_bytes` (a regular file under the size
limit, checked before anything is read); the recorded hash is that of the bytes that were read.

This module only stores: :func:`kgraph.build.build_graph` and :func:`kgraph.build.merge_outputs` drive it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from kgraph import settings
from kgraph._version import __version__
from kgraph.atomic import STATE_DIR, write_text
from kgraph.errors import OutputError
from kgraph.model import Document, Extraction, Mention, Relation, Skipped

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
EXTRACTIONS_DIR = "extractions"
#: version of the cache layout; a different one is ignored (everything is extracted again)
FORMAT = 1


# ------------------------------------------------------------------------------ (de)serialisation
def extraction_to_json(ex: Extraction, *, fingerprint: str = "") -> str:
    """Serialise an extraction as deterministic JSON (sorted keys, UTF-8 text).

    >>> from kgraph.model import Document
    >>> doc = Document(id="d1", text="t", lang="en", source="s", content_hash="h")
    >>> extraction_from_json(extraction_to_json(Extraction(doc, (), ()))) == Extraction(doc, (), ())
    True
    """
    data = {"format": FORMAT, "fingerprint": fingerprint, "extraction": asdict(ex)}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def _mention(d: dict[str, Any] | None) -> Mention | None:
    return None if d is None else Mention(**d)


def extraction_from_json(text: str) -> Extraction:
    """Rebuild the :class:`Extraction` that :func:`extraction_to_json` wrote.

    Raises:
        ValueError: not an extraction of this cache format.
    """
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("not a kgraph extraction of this format")
    ex = data["extraction"]
    relations = []
    for r in ex["relations"]:
        r = dict(r)
        for key in ("subject", "object", "speaker", "place"):
            r[key] = _mention(r.get(key))
        relations.append(Relation(**r))
    return Extraction(document=Document(**ex["document"]),
                      mentions=tuple(Mention(**m) for m in ex["mentions"]), relations=tuple(relations))


# ------------------------------------------------------------------------------ fingerprint
_EXTRACTION_FILES = frozenset({".py", ".json", ".jsonl", ".cfg", ".ttl", ".tsv"})


def extractor_fingerprint(*, lang: str, actors: Sequence[Path] = (), lexicons: Sequence[Path] = (),
                          spacy_model: str | None = None) -> str:
    """A hash of everything an extraction depends on besides the document: kgraph's version, the language
    option, the ``chunk_chars`` setting, the gazetteer and lexicon files (shipped and the user's) and the
    extractor's source files."""
    from kgraph.ontology import actor_files, lexicon_files, ontology_file

    package = Path(__file__).resolve().parent
    # the extraction code and its data (language configs, word lists, patterns), the schema and the ontology
    code = [*sorted(p for p in (package / "extract").rglob("*") if p.suffix in _EXTRACTION_FILES),
            package / "gazetteer.py", package / "schema.py", package / "ingest" / "normalize.py", ontology_file()]
    h = hashlib.sha256()
    head = (FORMAT, __version__, lang, settings.get("chunk_chars"), spacy_model or "")
    h.update(("\x1f".join(str(x) for x in head) + "\x1f").encode())
    for group in (actor_files(), list(actors), lexicon_files(), list(lexicons), code):
        h.update(b"\x1e")
        for path in group:
            h.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return h.hexdigest()


def _file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular input file within the size limit (None for anything else)."""
    from kgraph.errors import InputError
    from kgraph.ingest.read import load_bytes

    try:
        return hashlib.sha256(load_bytes(path)).hexdigest()
    except (OSError, InputError):
        return None


def _covered(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


# ------------------------------------------------------------------------------ the store
@dataclass
class _FileRecord:
    path: str
    abspath: str
    sha256: str | None
    documents: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    encoding: str | None = None


def _document_meta(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "source": doc.source, "lang": doc.lang, "title": doc.title, "date": doc.date,
            "content_hash": doc.content_hash}


def state_path(out: Path) -> Path:
    """Where the build state of the output folder ``out`` is: a file of its current generation."""
    return out / STATE_DIR / "current" / STATE_FILE


def load_state(out: Path) -> dict[str, Any] | None:
    """The manifest of the build in ``out`` (``None`` when there is none, or of another cache format)."""
    path = state_path(out)
    if not path.is_file() and (out / STATE_DIR / STATE_FILE).is_file():
        path = out / STATE_DIR / STATE_FILE  # written by a kgraph that kept it next to the generations
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s cannot be read (%s): building without the cache", path, exc)
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        log.warning("%s is of another cache format: building without the cache", path)
        return None
    return data


class ExtractionStore:
    """The extraction cache and input manifest of one output folder (see the module docstring).

    Args:
        out: the output folder.
        fingerprint: :func:`extractor_fingerprint` of the extractor in use.
        reuse: take extractions from the cache (``--update`` and merge); a plain build extracts everything.
    """

    def __init__(self, out: Path, *, fingerprint: str, reuse: bool = False) -> None:
        self.out = out
        self.fingerprint = fingerprint
        self.reuse = reuse
        self._warnings: list[str] | None = None
        self._encodings: dict[str, str] | None = None
        self.folder = out / STATE_DIR / EXTRACTIONS_DIR
        #: document id → cached extraction file, in this or another output folder
        self.known: dict[str, str] = {}
        self.files: list[_FileRecord] = []
        #: document id → extraction, for every document of this build
        self.used: dict[str, Extraction] = {}
        self._loaded: dict[str, Extraction] = {}  # read while replaying, handed to extract() next
        self.extracted = 0
        self.reused = 0
        self.previous = load_state(out)
        if reuse and self.previous is not None:
            self.add_cache(out, self.previous)

    def add_cache(self, folder: Path, state: dict[str, Any]) -> None:
        """Make the cached extractions of the build in ``folder`` (with manifest ``state``) available."""
        if state.get("fingerprint") != self.fingerprint:
            log.warning("%s was built with another extractor or gazetteer: its documents are extracted again",
                        folder)
            return
        cache = folder / STATE_DIR / EXTRACTIONS_DIR
        for doc_id in state.get("extractions", []):
            self.known.setdefault(doc_id, str(cache / f"{doc_id}.json"))

    # -------------------------------------------------------------------- inputs
    def read(self, paths: Iterable[Path | str], *, lang: str, warnings: list[str] | None = None,
             encodings: dict[str, str] | None = None, follow_symlinks: bool = False) -> Iterator[Document | Skipped]:
        """Read the input files under ``paths``, recording each in the manifest (see
        :func:`kgraph.ingest.read.read_inputs` for the arguments)."""
        self._warnings = warnings
        self._encodings = encodings
        from kgraph.errors import InputError
        from kgraph.ingest.read import display_path, iter_files, load_bytes, read_data

        for item in iter_files((Path(p) for p in paths), follow_symlinks=follow_symlinks, warnings=warnings):
            if isinstance(item, Skipped):
                yield item
                continue
            rec = _FileRecord(path=item.as_posix(), abspath=item.resolve().as_posix(), sha256=None)
            self.files.append(rec)
            source = display_path(item)
            try:
                data = load_bytes(item)  # type and size first: nothing is read from a pipe or a device
            except InputError as exc:
                yield from self._recorded(rec, [Skipped(source=source, reason=exc.message + (
                    f"; {exc.fix}" if exc.fix else ""), code=exc.code)])
                continue
            except OSError as exc:
                from kgraph.ingest.read import _os_fix

                yield from self._recorded(rec, [Skipped(source=source, code="E105", reason=(
                    f"{source}: cannot read ({exc.strerror or exc}); {_os_fix(exc)}"))])
                continue
            rec.sha256 = hashlib.sha256(data).hexdigest()
            seen: dict[str, str] = {}
            yield from self._recorded(rec, read_data(data, path=item, lang=lang, warnings=warnings, encodings=seen))
            rec.encoding = seen.get(source)
            if encodings is not None:
                encodings.update(seen)

    def _recorded(self, rec: _FileRecord, items: Iterable[Document | Skipped]) -> Iterator[Document | Skipped]:
        for it in items:
            n = len(rec.documents) + len(rec.skipped)
            if isinstance(it, Skipped):
                rec.skipped.append({"source": it.source, "reason": it.reason, "code": it.code, "n": n})
            else:
                rec.documents.append({**_document_meta(it), "n": n})
            yield it

    def replay_previous(self, paths: Sequence[Path | str], *, lang: str, warnings: list[str] | None = None,
                        encodings: dict[str, str] | None = None) -> Iterator[Document | Skipped]:
        """The earlier input files of this folder that ``paths`` does not cover: unchanged ones from the
        manifest, changed ones read again; deleted ones are dropped."""
        self._warnings = warnings
        self._encodings = encodings
        if self.previous is None:
            return
        roots = [Path(p).resolve() for p in paths]
        for raw in self.previous.get("files", []):
            rec = _FileRecord(**raw)
            if _covered(Path(rec.abspath), roots):
                continue  # read again from paths
            yield from self._replay(rec, lang=lang, check_disk=True)

    def replay(self, folder: Path, state: dict[str, Any]) -> Iterator[Document | Skipped]:
        """Every input file of the build in ``folder`` from its manifest, without reading any input file."""
        self.add_cache(folder, state)
        for raw in state.get("files", []):
            yield from self._replay(_FileRecord(**raw), lang="auto", check_disk=False)

    def _replay(self, rec: _FileRecord, *, lang: str, check_disk: bool) -> Iterator[Document | Skipped]:
        from kgraph.ingest.read import read_file

        if check_disk:
            path = Path(rec.abspath)
            digest = _file_sha256(path) if path.is_file() else None
            if digest is None:
                log.info("%s is gone: its documents are dropped", rec.path)
                return
            if digest != rec.sha256:
                log.info("%s changed: reading it again", rec.path)
                fresh = _FileRecord(path=rec.path, abspath=rec.abspath, sha256=digest)
                self.files.append(fresh)
                yield from self._recorded(fresh, (_with_source(it, rec) for it in read_file(
                    path, lang=lang, warnings=self._warnings, encodings=self._encodings)))
                return
        cached = {meta["id"]: self._cached(meta["id"]) for meta in rec.documents}
        if any(ex is None for ex in cached.values()):
            if not check_disk:
                raise OutputError(f"the cached extractions of {rec.path} are missing or stale",
                                  fix="rebuild that output folder with `kgraph build`")
            log.info("%s: cached extraction missing, reading it again", rec.path)
            fresh = _FileRecord(path=rec.path, abspath=rec.abspath, sha256=rec.sha256)
            self.files.append(fresh)
            yield from self._recorded(fresh, (_with_source(it, rec) for it in read_file(
                Path(rec.abspath), lang=lang, warnings=self._warnings, encodings=self._encodings)))
            return
        new = _FileRecord(path=rec.path, abspath=rec.abspath, sha256=rec.sha256, encoding=rec.encoding)
        self.files.append(new)
        if rec.encoding and self._encodings is not None:
            self._encodings[rec.path] = rec.encoding
        # documents and skipped entries in the order the file gave them
        entries = sorted([(d.get("n", 0), 0, d) for d in rec.documents]
                         + [(k.get("n", 0), 1, k) for k in rec.skipped], key=lambda t: (t[0], t[1]))
        for _, kind, meta in entries:
            if kind == 1:
                new.skipped.append(meta)
                yield Skipped(source=meta["source"], reason=meta["reason"], code=meta["code"])
                continue
            ex = cached[meta["id"]]
            if ex is None:  # not reached: checked above
                continue
            doc = replace(ex.document, source=meta["source"], lang=meta["lang"], title=meta["title"],
                          date=meta["date"])
            self._loaded[doc.id] = ex
            new.documents.append(meta)
            yield doc

    # -------------------------------------------------------------------- extractions
    def _cached(self, doc_id: str) -> Extraction | None:
        if doc_id in self._loaded:
            return self._loaded.pop(doc_id)
        path = self.known.get(doc_id)
        if path is None:
            return None
        try:
            text = Path(path).read_text(encoding="utf-8")
            if json.loads(text).get("fingerprint") != self.fingerprint:
                return None
            return extraction_from_json(text)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            log.warning("cached extraction %s unusable (%s): extracting again", path, exc)
            return None

    def extract(self, doc: Document, extract: Callable[[Document], Extraction]) -> Extraction:
        """The extraction of ``doc``: from the cache when allowed and valid, else ``extract(doc)``, cached."""
        if self.reuse:
            ex = self._cached(doc.id)
            if ex is not None and ex.document.text == doc.text and ex.document.lang == doc.lang:
                self.reused += 1
                self.ensure_local(ex)
                self.used[doc.id] = ex
                return ex if ex.document == doc else replace(ex, document=doc)
        ex = extract(doc)
        self.extracted += 1
        self._save(ex)
        self.used[doc.id] = ex
        return ex

    def _save(self, ex: Extraction) -> None:
        target = self.folder / f"{ex.document.id}.json"
        try:
            write_text(target, extraction_to_json(ex, fingerprint=self.fingerprint))
        except OSError as exc:
            raise OutputError(f"cannot write the extraction cache {target}: {exc.strerror}",
                              fix="check free space and permissions of the output folder") from exc
        self.known[ex.document.id] = str(target)

    def ensure_local(self, ex: Extraction) -> None:
        """Copy a cached extraction from another folder (a merge) into this folder's cache."""
        if Path(self.known.get(ex.document.id, "")).parent != self.folder:
            self._save(ex)

    # -------------------------------------------------------------------- commit
    def state_text(self) -> str:
        """The manifest of this build (``state.json``), to be published with the outputs.

        Paths are written with ``\\u`` escapes for anything but ASCII, so a file name that is not UTF-8
        survives the round trip.

        Raises:
            OutputError: an extraction file of this build cannot be written.
        """
        for doc_id, ex in self.used.items():
            # the manifest must never name a missing extraction file
            if not (self.folder / f"{doc_id}.json").is_file():
                self._save(ex)
        state = {
            "format": FORMAT,
            "kgraph_version": __version__,
            "fingerprint": self.fingerprint,
            "files": [asdict(r) for r in self.files],
            "extractions": sorted(self.used),
        }
        return json.dumps(state, ensure_ascii=True, sort_keys=True, indent=1) + "\n"

    def prune(self) -> None:
        """Remove extraction files this build does not use (after its outputs and state are published)."""
        keep = {f"{d}.json" for d in self.used}
        if self.folder.is_dir():
            for entry in os.scandir(self.folder):
                stale_tmp = entry.name.startswith(".") and entry.name.endswith(".tmp")
                if (entry.name.endswith(".json") and entry.name not in keep) or stale_tmp:
                    os.unlink(entry.path)
        legacy = self.out / STATE_DIR / STATE_FILE  # the state of a build before it moved into the generation
        if legacy.is_file():
            legacy.unlink()


def _with_source(item: Document | Skipped, rec: _FileRecord) -> Document | Skipped:
    """An item read from the absolute path of ``rec``, with the source as the first build wrote it."""
    for prefix in (rec.abspath,):
        if item.source.startswith(prefix):
            return replace(item, source=rec.path + item.source[len(prefix):])
    return item


__all__ = ["STATE_DIR", "STATE_FILE", "ExtractionStore", "extraction_from_json", "extraction_to_json",
           "extractor_fingerprint", "load_state", "state_path"]
