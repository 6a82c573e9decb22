"""Bytes → :class:`~kgraph.model.Document`: finding files, decoding, size and binary checks.

:func:`read_inputs` walks the paths the user named and yields a ``Document`` for every article it
can read and a ``Skipped`` (path, reason, code) for every one it cannot: one bad file never stops a batch.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from kgraph import settings
from kgraph.errors import BinaryInput, DecodeError, EmptyInput, InputError, TooLarge
from kgraph.ingest.html import html_to_text
from kgraph.ingest.normalize import clean_text, detect_lang, strip_boilerplate
from kgraph.model import Document, Skipped

log = logging.getLogger(__name__)

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def decode_bytes(data: bytes, *, source: str = "<bytes>", warnings: list[str] | None = None) -> str:
    """Decode ``data`` as UTF-8 (with or without BOM), UTF-16 (with or without BOM) or Windows-1256.

    UTF-8 with a few broken byte sequences is decoded with U+FFFD in their place, and UTF-16 cut short
    loses its odd last byte; both are logged as warnings (and appended to ``warnings`` when given).

    Raises:
        EmptyInput: nothing but whitespace.
        BinaryInput: the bytes are not text in any of those encodings.
        DecodeError: text-like, but no supported encoding decodes it.

    >>> decode_bytes("داعش".encode("utf-16"))
    'داعش'
    """
    if not data.strip():
        raise EmptyInput(f"{source}: the file is empty", fix="remove it or give it some text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(_even(data, source, warnings), "utf-16", source)
    guess = _utf16_without_bom(data)
    if guess:
        return _strict(_even(data, source, warnings), guess, source)
    if b"\x00" in data[:65536]:
        raise BinaryInput(f"{source}: binary data (NUL bytes), not text",
                          fix="give kgraph .txt, .md, .html or .jsonl files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    mostly = _mostly_utf8(data)
    if mostly is not None:
        text, bad = mostly
        _warn(f"{source}: {bad} invalid UTF-8 byte sequence(s) (the first at byte {utf8_error.start}) replaced "
              "by U+FFFD; re-save the file as UTF-8 to keep those characters", warnings)
        return text
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        text = ""
    if text and _looks_like_text(text):
        return text
    raise DecodeError(
        f"{source}: not valid UTF-8 (byte {utf8_error.start}) and not Windows-1256 text "
        "(binary data, or an unsupported encoding)",
        fix="convert the file to UTF-8, e.g. `iconv -f ENCODING -t UTF-8 FILE`, or remove it",
    )


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """UTF-8 with a few broken sequences (a truncated download, a bad copy): the text and the number replaced.

    Only when valid multi-byte characters outnumber the broken sequences twenty to one; otherwise the bytes
    are more likely another encoding (Windows-1256 Arabic has almost no valid UTF-8 sequences).
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")  # non-ASCII characters
    if bad > 0 and good >= 20 * bad:
        return text, bad
    return None


def _warn(message: str, warnings: list[str] | None) -> None:
    log.warning("%s", message)
    if warnings is not None:
        warnings.append(message)


def _even(data: bytes, source: str, warnings: list[str] | None) -> bytes:
    """UTF-16 of an odd length was cut short: keep the whole characters."""
    if len(data) % 2:
        _warn(f"{source}: UTF-16 text with an odd number of bytes (cut short?); the last byte is ignored", warnings)
        return data[:-1]
    return data


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{source}: invalid {encoding} at byte {exc.start}",
                          fix="re-save the file as UTF-8") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess UTF-16 without BOM: one byte of most pairs is a constant page (0x00 Latin, 0x06 Arabic)."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]

    def pagey(seq: bytes) -> float:
        return sum(1 for b in seq if b in (0x00, 0x06, 0x20)) / len(seq)

    if pagey(odd) > 0.9 and pagey(even) < 0.5:
        return "utf-16-le"
    if pagey(even) > 0.9 and pagey(odd) < 0.5:
        return "utf-16-be"
    return None


def _looks_like_text(text: str) -> bool:
    letters = sum(1 for c in text[:20000] if c.isalpha() or c.isspace())
    return letters / max(1, len(text[:20000])) > 0.7


def _doc_id(text: str) -> tuple[str, str]:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return digest[:16], digest


def make_document(text: str, *, source: str, lang: str = "auto", title: str | None = None,
                  date: str | None = None, strip_furniture: bool = True) -> Document:
    """Build a :class:`Document` from already-decoded text (cleaning it as kgraph always does).

    Raises:
        EmptyInput: no text left after cleaning.
    """
    text = clean_text(text)
    if strip_furniture:
        text = strip_boilerplate(text)
    if not text.strip():
        raise EmptyInput(f"{source}: no text (only whitespace or site furniture)",
                         fix="check the file has the article text")
    if title is None:
        first = text.strip().split("\n", 1)[0].strip()
        if 0 < len(first) <= 200:
            title = first
    doc_lang = detect_lang(text) if lang in ("auto", "", None) else lang
    doc_id, digest = _doc_id(text)
    return Document(id=doc_id, text=text, lang=doc_lang, source=source, content_hash=digest,
                    title=title, date=date)


def read_file(path: Path, *, lang: str = "auto", warnings: list[str] | None = None) -> Iterator[Document | Skipped]:
    """Read one file: ``.jsonl`` gives one document per line, anything else one document.

    ``warnings`` (when given) collects what was read anyway but not perfectly (see :func:`decode_bytes`).
    """
    source = path.as_posix()
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            yield Skipped(source=source, reason=f"{source}: not a regular file (a pipe, socket or device); "
                          "leave it out", code="E105")
            return
        size = st.st_size
        limit = settings.get("max_file_bytes")
        if size > limit:
            raise TooLarge(f"{source}: {size} bytes is over the {limit}-byte limit",
                           fix="split the file, or raise the max_file_bytes setting: "
                               + settings.how_to_set("max_file_bytes", max(2 * limit, size + 1)))
        with path.open("rb") as fh:
            data = fh.read()
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(data, source=source, lang=lang, warnings=warnings)
            return
        text = decode_bytes(data, source=source, warnings=warnings)
        if path.suffix.lower() in _HTML_SUFFIXES:
            page = html_to_text(text)
            yield make_document(page.text, source=source, lang=lang, title=page.title, date=page.date)
        else:
            yield make_document(text, source=source, lang=lang)
    except InputError as exc:
        yield Skipped(source=source, reason=exc.message + (f"; {exc.fix}" if exc.fix else ""), code=exc.code)
    except OSError as exc:
        yield Skipped(source=source, reason=f"{source}: cannot read ({exc.strerror or exc}); {_os_fix(exc)}",
                      code="E105")


def _os_fix(exc: OSError) -> str:
    """What to do about an OS error when reading an input."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "give your user read permission (chmod u+r) or leave the file out"
    if exc.errno == errno.ELOOP:
        return "the path is a symlink loop: fix or remove the link"
    if exc.errno == errno.ENOENT:
        return "the path is a broken symlink or was removed while reading: fix the link or leave it out"
    if exc.errno == errno.EISDIR:
        return "name the folder itself, not a file inside it"
    return "check the file and the disk, then build again"


def _read_jsonl(data: bytes, *, source: str, lang: str, warnings: list[str] | None) -> Iterator[Document | Skipped]:
    text = decode_bytes(data, source=source, warnings=warnings)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Skipped(source=where, reason=f"{where}: broken JSON ({exc.msg} at column {exc.colno}); "
                          "fix or remove this line (one JSON object per line)", code="E106")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skipped(source=where, reason=f"{where}: not an object with a \"text\" string; "
                          "give each line {\"text\": ..., optional \"title\", \"date\", \"url\", \"lang\"}",
                          code="E106")
            continue
        body = record["text"]
        if record.get("html") or str(record.get("format", "")).lower() == "html":
            body = html_to_text(body).text
        try:
            yield make_document(
                body,
                source=str(record.get("url") or where),
                lang=str(record.get("lang") or lang),
                title=record.get("title") if isinstance(record.get("title"), str) else None,
                date=str(record["date"])[:10] if record.get("date") else None,
            )
        except InputError as exc:
            yield Skipped(source=where, reason=exc.message + (f"; {exc.fix}" if exc.fix else ""), code=exc.code)


def iter_files(paths: Iterable[Path]) -> Iterator[Path | Skipped]:
    """Expand folders recursively (sorted, symlink loops and unreadable folders reported, not fatal)."""
    suffixes = settings.get("input_suffixes")
    for path in paths:
        if not path.exists():
            why = "a broken symlink" if path.is_symlink() else "no such file or folder"
            yield Skipped(source=path.as_posix(), reason=f"{path}: {why}; check the path", code="E107")
            continue
        if not path.is_dir():
            yield path
            continue
        errors: list[OSError] = []
        seen: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(path, followlinks=True, onerror=errors.append):
            while errors:
                yield _unreadable_folder(errors.pop(0))
            try:
                st = os.stat(root)
            except OSError as exc:
                yield _unreadable_folder(exc)
                dirs[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                yield Skipped(source=root, reason=f"{root}: symlink loop (this folder was already read), "
                              "not followed again; remove the link if it is a mistake", code="E108")
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or not name.lower().endswith(suffixes):
                    continue
                yield Path(root) / name
        while errors:
            yield _unreadable_folder(errors.pop(0))


def _unreadable_folder(exc: OSError) -> Skipped:
    where = Path(exc.filename).as_posix() if exc.filename else "?"
    return Skipped(source=where, reason=f"{where}: cannot list this folder ({exc.strerror or exc}); {_os_fix(exc)}",
                   code="E105")


def read_inputs(paths: Iterable[Path | str], *, lang: str = "auto",
                warnings: list[str] | None = None) -> Iterator[Document | Skipped]:
    """Yield a Document for each readable article under ``paths``, a Skipped for each that is not.

    Args:
        paths: files and folders (folders are read recursively; only known suffixes).
        lang: ``"auto"`` to detect the language of each document, or ``"ar"``/``"en"``.
        warnings: when given, every warning about an input that was read anyway (bytes replaced in a
            broken UTF-8 file, a cut-short UTF-16 file) is appended to it, as well as logged.
    """
    for item in iter_files(Path(p) for p in paths):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item, lang=lang, warnings=warnings)
