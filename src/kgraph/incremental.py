"""The storage of incremental builds and merges: a cache of per-document extractions kept next to the outputs.

Extraction is the expensive stage; resolution and graph building are cheap. So every build that writes an
output folder also keeps, in ``OUT/.kgraph/``:

* ``extractions/pack-*.jsonl`` — the :class:`~kgraph.model.Extraction` of each document, one line of compact
  JSON each (:func:`extraction_to_json`: field values without names, with the fingerprint of the extractor
  that made it), written a batch at a time (256 documents or 8 MB per pack file, one fsync each; a pack is
  never changed once written);
* ``current/state.json`` — the manifest of the build: the extractor fingerprint (kgraph version, language
  option, gazetteer, lexicon and extractor source files) and, per input file, its path, absolute path,
  content hash (SHA-256 of the bytes), encoding, and the documents and skipped entries it gave, and where
  each document's extraction is (pack, byte offset, length). It is a file
  of the output generation (:func:`kgraph.atomic.publish`), so the outputs and the state that made them
  switch together: a build killed at any moment leaves both of the old build or both of the new one.

``kgraph build PATH... --out OUT --update`` re-reads PATH and replays every earlier input file of OUT that
PATH does not cover: an unchanged file (same bytes) is replayed from the manifest without reading it, a
changed file is read again, a deleted file is dropped. Only documents without a cached extraction are
extracted; then everything is resolved and written again, so the result is the graph a full build over
all the inputs gives. ``kgraph merge --out OUT OUT1 OUT2 ...`` replays the manifests of several output
folders (no input file is needed) and writes the graph of their union.

Order of writing: new pack files first, then the outputs and ``state.json`` as one generation
(atomically, by :func:`kgraph.output.write_outputs`), then pack files it does not name are removed. An update that
fails before the switch leaves the previous outputs and manifest as they were.

Input files are read once, through :func:`kgraph.ingest.read.load_bytes` (a regular file under the size
limit, checked before anything is read); the recorded hash is that of the bytes that were read.

This module only stores: :func:`kgraph.build.build_graph` and :func:`kgraph.build.merge_outputs` drive it.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, BinaryIO

from kgraph import settings
from kgraph._version import __version__
from kgraph.atomic import STATE_DIR, fsync_dir
from kgraph.errors import OutputError
from kgraph.model import Document, Extraction, Mention, Relation, Skipped

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
EXTRACTIONS_DIR = "extractions"
#: version of the cache layout; a different one is ignored (everything is extracted again)
FORMAT = 2
#: A pack of extractions is written (and fsynced once) every this many documents or bytes.
_BATCH_DOCUMENTS = 256
_BATCH_BYTES = 8 << 20
_PACK_PREFIX = "pack-"
_PACK_SUFFIX = ".jsonl"


# ------------------------------------------------------------------------------ (de)serialisation
_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_RELATION_FIELDS = tuple(f.name for f in fields(Relation))
_RELATION_MENTIONS = frozenset(("subject", "object", "speaker", "place"))
#: The field names the compact form relies on (part of the extractor fingerprint: a change re-extracts).
SCHEMA = "|".join(",".join(names) for names in (_DOCUMENT_FIELDS, _MENTION_FIELDS, _RELATION_FIELDS))


def _encoded_parts(ex: Extraction) -> tuple[list[Any], Iterator[list[Any]], Iterator[list[Any]]]:
    """The compact form of ``ex`` in three parts: the document's values, then its mentions and its relations
    one by one. Field values in declaration order (no names); a relation's mentions as indexes into the mention
    list when they are in it; an evidence sentence that is the text between the relation's offsets as ``null``;
    a mention's document id as ``null`` when it is the document's."""
    doc = ex.document
    index = {m: i for i, m in enumerate(ex.mentions)}

    def mention(m: Mention) -> list[Any]:
        values = list(vars(m).values())
        if values[0] == doc.id:
            values[0] = None
        return values

    def relation(r: Relation) -> list[Any]:
        values = []
        for name, value in vars(r).items():
            if name in _RELATION_MENTIONS and value is not None:
                at = index.get(value)
                value = at if at is not None else mention(value)
            elif name == "evidence" and value == doc.text[r.sent_start:r.sent_end]:
                value = None
            elif name == "doc_id" and value == doc.id:
                value = None
            values.append(value)
        return values

    return list(vars(doc).values()), map(mention, ex.mentions), map(relation, ex.relations)


#: Mentions or relations encoded at a time by :func:`_json_pieces`.
_JSON_BATCH = 1024


def _json_pieces(ex: Extraction, fingerprint: str) -> Iterator[str]:
    """:func:`extraction_to_json` in pieces of about :data:`_JSON_BATCH` mentions or relations: the same text,
    without the whole encoded extraction in memory at once (a 50 MB article has a million mentions)."""
    dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    doc_values, mentions, relations = _encoded_parts(ex)
    yield f"[{dumps(FORMAT)},{dumps(fingerprint)},[{dumps(doc_values)},["
    for i, items in enumerate((mentions, relations)):
        if i:
            yield "],["
        first = True
        while batch := list(itertools.islice(items, _JSON_BATCH)):
            yield ("" if first else ",") + dumps(batch)[1:-1]
            first = False
    yield "]]]\n"


def _decode(data: list[Any]) -> Extraction:
    doc = Document(*data[0])
    text = doc.text

    def mention(values: list[Any]) -> Mention:
        m = Mention(*values)
        return replace(m, doc_id=doc.id) if m.doc_id is None else m

    mentions = tuple(mention(v) for v in data[1])
    relations = []
    for values in data[2]:
        r = dict(zip(_RELATION_FIELDS, values, strict=True))
        for name in _RELATION_MENTIONS:
            value = r[name]
            if isinstance(value, int):
                r[name] = mentions[value]
            elif value is not None:
                r[name] = mention(value)
        if r["doc_id"] is None:
            r["doc_id"] = doc.id
        if r["evidence"] is None:
            r["evidence"] = text[r["sent_start"]:r["sent_end"]]
        relations.append(Relation(**r))
    return Extraction(document=doc, mentions=mentions, relations=tuple(relations))


def extraction_to_json(ex: Extraction, *, fingerprint: str = "") -> str:
    """Serialise an extraction as one line of compact, deterministic JSON (UTF-8 text).

    >>> from kgraph.model import Document
    >>> doc = Document(id="d1", text="t", lang="en", source="s", content_hash="h")
    >>> extraction_from_json(extraction_to_json(Extraction(doc, (), ()))) == Extraction(doc, (), ())
    True
    """
    return "".join(_json_pieces(ex, fingerprint))


def extraction_to_json_bytes(ex: Extraction, *, fingerprint: str = "") -> bytes:
    """:func:`extraction_to_json` as UTF-8 bytes, made in pieces (about twice the result's size in memory)."""
    return b"".join(piece.encode("utf-8") for piece in _json_pieces(ex, fingerprint))


def extraction_from_json(text: str | bytes) -> Extraction:
    """Rebuild the :class:`Extraction` that :func:`extraction_to_json` wrote.

    Raises:
        ValueError: not an extraction of this cache format.
    """
    data = json.loads(text)
    if not isinstance(data, list) or len(data) != 3 or data[0] != FORMAT:
        raise ValueError("not a kgraph extraction of this format")
    try:
        return _decode(data[2])
    except (TypeError, ValueError, IndexError, KeyError) as exc:
        raise ValueError(f"not a kgraph extraction of this format ({exc})") from exc


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
    head = (FORMAT, SCHEMA, __version__, lang, settings.get("chunk_chars"), spacy_model or "")
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
        #: document id → (pack file, offset, length) of its cached extraction, in this or another output folder
        self.known: dict[str, tuple[str, int, int]] = {}
        self._pending: dict[str, bytes] = {}  # saved, not yet written (see flush)
        self._pending_bytes = 0
        self._open: tuple[str, BinaryIO] | None = None
        self._packs: set[str] = set()  # the pack files the manifest of this build names (state_text)
        self.files: list[_FileRecord] = []
        #: document id → extraction, for every document of this build
        self.used: dict[str, Extraction] = {}
        self._loaded: dict[str, Extraction] = {}  # read while replaying, handed to extract() next
        self.extracted = 0
        self.reused = 0
        self.seconds = 0.0
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
        extractions = state.get("extractions")
        if not isinstance(extractions, dict):
            return
        for doc_id, where in extractions.items():
            if isinstance(where, list) and len(where) == 3:
                self.known.setdefault(doc_id, (str(cache / str(where[0])), int(where[1]), int(where[2])))

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
        raw = self._pending.get(doc_id)
        where = self.known.get(doc_id)
        try:
            if raw is None:
                if where is None:
                    return None
                raw = self._read(where)
            data = json.loads(raw)
            if not isinstance(data, list) or len(data) != 3 or data[0] != FORMAT or data[1] != self.fingerprint:
                return None
            return _decode(data[2])
        except (OSError, ValueError, TypeError, KeyError, IndexError) as exc:
            log.warning("cached extraction of %s in %s unusable (%s): extracting again", doc_id,
                        where[0] if where else "memory", exc)
            return None

    def _read(self, where: tuple[str, int, int]) -> bytes:
        path, offset, length = where
        if self._open is None or self._open[0] != path:
            if self._open is not None:
                self._open[1].close()
            self._open = (path, open(path, "rb"))
        fh = self._open[1]
        fh.seek(offset)
        raw = fh.read(length)
        if len(raw) != length:
            raise ValueError("the pack is shorter than its index says")
        return raw

    def extract(self, doc: Document, extract: Callable[[Document], Extraction]) -> Extraction:
        """The extraction of ``doc``: from the cache when allowed and valid, else ``extract(doc)``, cached."""
        ex = self.lookup(doc)
        if ex is not None:
            return ex
        ex = extract(doc)
        self.extracted += 1
        self._save(ex)
        self.used[doc.id] = ex
        return ex

    def lookup(self, doc: Document) -> Extraction | None:
        """The cached extraction of ``doc`` when the store may reuse one and holds a valid one (it is then
        part of this build), else ``None``."""
        if not self.reuse:
            return None
        ex = self._cached(doc.id)
        if ex is None or ex.document.text != doc.text or ex.document.lang != doc.lang:
            return None
        self.reused += 1
        self.ensure_local(ex)
        self.used[doc.id] = ex
        return ex if ex.document == doc else replace(ex, document=doc)

    def adopt(self, ex: Extraction, raw: bytes, where: tuple[str, int, int] | None) -> None:
        """Make ``ex``, extracted elsewhere (a worker process) and serialised as ``raw``
        (:func:`extraction_to_json` with this store's fingerprint), part of this build: ``where`` is the pack
        file, offset and length the worker wrote it at, or ``None`` when it wrote none (it is saved here)."""
        self.extracted += 1
        self.used[ex.document.id] = ex
        if where is None:
            t0 = time.perf_counter()
            self._pending[ex.document.id] = raw
            self._pending_bytes += len(raw)
            if len(self._pending) >= _BATCH_DOCUMENTS or self._pending_bytes >= _BATCH_BYTES:
                self.flush()
            self.seconds += time.perf_counter() - t0
        else:
            self.known[ex.document.id] = where

    def _save(self, ex: Extraction) -> None:
        t0 = time.perf_counter()
        raw = extraction_to_json_bytes(ex, fingerprint=self.fingerprint)
        self._pending[ex.document.id] = raw
        self._pending_bytes += len(raw)
        if len(self._pending) >= _BATCH_DOCUMENTS or self._pending_bytes >= _BATCH_BYTES:
            self.flush()
        self.seconds += time.perf_counter() - t0

    def flush(self) -> None:
        """Write the extractions saved since the last flush as one new pack file, with one fsync."""
        if not self._pending:
            return
        t0 = time.perf_counter()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.known.update(write_pack(self.folder, self._pending))
        self._pending = {}
        self._pending_bytes = 0
        self.seconds += time.perf_counter() - t0

    def ensure_local(self, ex: Extraction) -> None:
        """Copy a cached extraction from another folder (a merge) into this folder's cache."""
        where = self.known.get(ex.document.id)
        if ex.document.id not in self._pending and (where is None or Path(where[0]).parent != self.folder):
            self._save(ex)

    # -------------------------------------------------------------------- commit
    def state_text(self) -> str:
        """The manifest of this build (``state.json``), to be published with the outputs: every extraction of
        the build is first in a pack file (written and fsynced here when it is not), and named with its place.

        Paths are written with ``\\u`` escapes for anything but ASCII, so a file name that is not UTF-8
        survives the round trip.

        Raises:
            OutputError: an extraction file of this build cannot be written.
        """
        for doc_id, ex in self.used.items():
            # the manifest must never name a missing extraction file
            where = self.known.get(doc_id)
            if doc_id not in self._pending and (where is None or not Path(where[0]).is_file()):
                self._save(ex)
        self.flush()
        if self._open is not None:
            self._open[1].close()
            self._open = None
        extractions: dict[str, list[str | int]] = {}
        for doc_id in sorted(self.used):
            path, offset, length = self.known[doc_id]
            extractions[doc_id] = [Path(path).name, offset, length]
        if self.folder.is_dir():
            fsync_dir(self.folder)  # the new packs' names, before the manifest that names them
        self._packs = {Path(self.known[doc_id][0]).name for doc_id in self.used}
        state = {
            "format": FORMAT,
            "kgraph_version": __version__,
            "fingerprint": self.fingerprint,
            "files": [asdict(r) for r in self.files],
            "extractions": extractions,
        }
        return json.dumps(state, ensure_ascii=True, sort_keys=True, indent=1) + "\n"

    def prune(self) -> None:
        """Remove pack files this build's manifest does not name (after its outputs and state are published),
        and extraction files of an older cache format."""
        keep = self._packs
        if self.folder.is_dir():
            for entry in os.scandir(self.folder):
                stale_tmp = entry.name.startswith(".") and entry.name.endswith(".tmp")
                old_format = entry.name.endswith(".json")
                if (entry.name.startswith(_PACK_PREFIX) and entry.name not in keep) or stale_tmp or old_format:
                    os.unlink(entry.path)
        legacy = self.out / STATE_DIR / STATE_FILE  # the state of a build before it moved into the generation
        if legacy.is_file():
            legacy.unlink()


def write_pack(folder: Path, lines: Mapping[str, bytes]) -> dict[str, tuple[str, int, int]]:
    """Write ``lines`` (document id → its :func:`extraction_to_json` line) as one new pack file in ``folder``
    (which must exist), with one fsync; return where each line is: document id → (pack path, offset, length).

    The name is new (time and process id), so build processes and worker processes may write packs into the
    same folder at once; a pack is never changed once written.

    Raises:
        OutputError: the pack cannot be written.
    """
    path = folder / f"{_PACK_PREFIX}{time.time_ns()}-{os.getpid()}{_PACK_SUFFIX}"
    offset = 0
    index = {}
    try:
        with path.open("xb") as fh:
            for doc_id, raw in lines.items():
                index[doc_id] = (str(path), offset, len(raw))
                offset += len(raw)
            for raw in lines.values():  # one by one: a long document's line is not copied
                fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write the extraction cache {path}: {exc.strerror}",
                          fix="check free space and permissions of the output folder") from exc
    return index


def _with_source(item: Document | Skipped, rec: _FileRecord) -> Document | Skipped:
    """An item read from the absolute path of ``rec``, with the source as the first build wrote it."""
    for prefix in (rec.abspath,):
        if item.source.startswith(prefix):
            return replace(item, source=rec.path + item.source[len(prefix):])
    return item


__all__ = ["STATE_DIR", "STATE_FILE", "ExtractionStore", "extraction_from_json", "extraction_to_json",
           "extraction_to_json_bytes", "extractor_fingerprint", "load_state", "state_path", "write_pack"]
