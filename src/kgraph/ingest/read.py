"""Bytes → :class:`~kgraph.model.Document`: finding files, decoding, size and binary checks.

:func:`read_inputs` walks the paths the user named and yields a ``Document`` for every article it
can read and a ``Skipped`` (path, reason, code) for every one it cannot: one bad file never stops a batch.
What was read but repaired or guessed gives a warning with a code (:data:`kgraph.errors.WARNING_CODES`), and
the encoding of every file that was not UTF-8 is recorded (``encodings``).

Nothing is read before it is known to be a regular file under the size limit (:func:`load_bytes`), and
folders are walked without leaving the named roots through symlinks unless asked to (``follow_symlinks``).
"""

from __future__ import annotations

import codecs
import datetime
import errno
import hashlib
import json
import logging
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kgraph import settings
from kgraph.errors import WARNING_CODES, BinaryInput, DecodeError, EmptyInput, InputError, TooLarge
from kgraph.ingest.html import html_to_text
from kgraph.ingest.normalize import clean_text, detect_lang, strip_boilerplate
from kgraph.model import Document, Skipped

log = logging.getLogger(__name__)

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_SURROGATES = re.compile("[\ud800-\udfff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LANG_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
#: A .jsonl file with more NUL bytes than this share (in its first 64 KB) is binary, not lines of JSON.
_JSONL_NUL_SHARE = 0.01


class NotRegular(InputError):
    """A pipe, socket, device or folder where a file was expected."""

    code = "E105"


def warn(warnings: list[str] | None, code: str, message: str) -> None:
    """Log ``message`` as a warning ending with ``code`` (one of WARNING_CODES), and add it to ``warnings``."""
    if code not in WARNING_CODES:
        raise ValueError(f"unknown warning code {code}")
    _warn(f"{message} ({code})", warnings)


def display_path(path: Path | str) -> str:
    r"""``path`` as text that can always be written: bytes of a non-UTF-8 file name become ``\xNN``.

    >>> display_path(Path(os.fsdecode(b"caf\xe9.txt")))
    'caf\\xe9.txt'
    """
    raw = os.fsencode(Path(path).as_posix())
    return raw.decode("utf-8", errors="backslashreplace")


def decode_bytes(data: bytes, *, source: str = "<bytes>", warnings: list[str] | None = None,
                 encodings: dict[str, str] | None = None, allow_nul: bool = False) -> str:
    """Decode ``data``: UTF-8 (with or without BOM), UTF-16 (with or without BOM), Windows-1256 Arabic, or
    Windows-1252 as the last guess.

    UTF-8 with broken byte sequences is decoded with U+FFFD in their place (W101), UTF-16 cut short loses its
    odd last byte (W102), Windows-1256 is used only when the text it gives is plausibly Arabic, and
    Windows-1252 only for text that is plausibly Latin script (W103). Warnings are logged and appended to
    ``warnings``; the encoding of anything that is not plain UTF-8 is put in ``encodings[source]``.

    Args:
        allow_nul: do not call the bytes binary because of a few NUL bytes (for .jsonl, whose lines are
            checked one by one).

    Raises:
        EmptyInput: nothing but whitespace.
        BinaryInput: the bytes are not text in any of those encodings.
        DecodeError: text-like, but no supported encoding decodes it.

    >>> decode_bytes("داعش".encode("utf-16"))
    'داعش'
    >>> seen = {}
    >>> decode_bytes("قال المتحدث".encode("cp1256"), source="a.txt", encodings=seen), seen
    ('قال المتحدث', {'a.txt': 'windows-1256'})
    """

    def used(name: str) -> None:
        if encodings is not None:
            encodings[source] = name

    if not data.strip():
        raise EmptyInput(f"{source}: the file is empty", fix="remove it or give it some text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        used("utf-16")
        return _strict(_even(data, source, warnings), "utf-16", source)
    guess = _utf16_without_bom(data)
    if guess:
        used(guess)
        return _strict(_even(data, source, warnings), guess, source)
    head = data[:65536]
    if b"\x00" in head and not (allow_nul and head.count(b"\x00") <= _JSONL_NUL_SHARE * len(head)):
        raise BinaryInput(f"{source}: binary data (NUL bytes), not text",
                          fix="give kgraph .txt, .md, .html or .jsonl files")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text, bad, good = _utf8_replaced(data)
    if good >= 20 * bad:  # a few broken sequences in good UTF-8 (a truncated download, a bad copy)
        return _replaced(text, bad, utf8_error, source, warnings, used)
    try:
        arabic = data.decode("cp1256")
    except UnicodeDecodeError:
        arabic = ""
    if arabic and _looks_like_text(arabic) and _plausibly_arabic(arabic):
        used("windows-1256")
        return arabic
    if good >= bad:  # more valid multi-byte characters than broken ones: UTF-8 with some damage
        return _replaced(text, bad, utf8_error, source, warnings, used)
    latin = data.decode("cp1252", errors="replace")
    if _looks_like_text(latin) and _plausibly_latin(latin):
        used("windows-1252")
        warn(warnings, "W103", f"{source}: not UTF-8 and not Arabic; read as Windows-1252 (check accented "
                               "letters, or re-save the file as UTF-8)")
        return latin
    raise DecodeError(
        f"{source}: not valid UTF-8 (byte {utf8_error.start}) and not Windows-1256 Arabic or Windows-1252 text "
        "(binary data, or an unsupported encoding)",
        fix="convert the file to UTF-8, e.g. `iconv -f ENCODING -t UTF-8 FILE`, or remove it",
    )


def _utf8_replaced(data: bytes) -> tuple[str, int, int]:
    """``data`` decoded as UTF-8 with U+FFFD for broken sequences; the number of those, and of valid
    non-ASCII characters (Windows-1256 Arabic has almost no valid UTF-8 sequences)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")  # non-ASCII characters
    return text, bad, good


def _replaced(text: str, bad: int, error: UnicodeDecodeError, source: str, warnings: list[str] | None,
              used: Any) -> str:
    used(f"utf-8 ({bad} invalid sequence(s) replaced)")
    warn(warnings, "W101", f"{source}: {bad} invalid UTF-8 byte sequence(s) (the first at byte {error.start}) "
                           "replaced by U+FFFD; re-save the file as UTF-8 to keep those characters")
    return text


def _plausibly_arabic(text: str) -> bool:
    """Windows-1256 decodes any bytes; keep it only when Arabic letters are a real share of the letters."""
    sample = text[:20000]
    letters = sum(1 for c in sample if c.isalpha())
    return letters > 0 and len(_ARABIC.findall(sample)) >= 0.3 * letters


def _plausibly_latin(text: str) -> bool:
    """Windows-1252 text of a Latin-script language: its non-ASCII characters are mostly letters."""
    extra = [c for c in text[:20000] if ord(c) > 0x7F]
    return bool(extra) and sum(1 for c in extra if c.isalpha()) >= 0.7 * len(extra)


def _warn(message: str, warnings: list[str] | None) -> None:
    log.warning("%s", message)
    if warnings is not None:
        warnings.append(message)


def _even(data: bytes, source: str, warnings: list[str] | None) -> bytes:
    """UTF-16 of an odd length was cut short: keep the whole characters."""
    if len(data) % 2:
        warn(warnings, "W102", f"{source}: UTF-16 text with an odd number of bytes (cut short?); the last byte is "
                               "ignored")
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
                  date: str | None = None, strip_furniture: bool = True,
                  warnings: list[str] | None = None) -> Document:
    """Build a :class:`Document` from already-decoded text (cleaning it as kgraph always does).

    Unpaired surrogates (from a JSON ``\\ud800`` escape) become U+FFFD (W104); a ``lang`` that is not a valid
    BCP 47 tag is replaced by the detected language (W105), a valid one is cut to its primary subtag
    (``en-US`` → ``en``); a ``date`` that is not a calendar date is left out (W107).

    Raises:
        EmptyInput: no text left after cleaning.

    >>> make_document("ISIS threatens Iraq " + chr(0xD800) + ".", source="s").text.endswith(chr(0xFFFD) + ".")
    True
    """
    text = _unicode(text, source, warnings, "text")
    source = _unicode(source, source, warnings, "source")
    title = None if title is None else _unicode(title, source, warnings, "title")
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
    doc_lang = _language(lang, text, source, warnings)
    doc_id, digest = _doc_id(text)
    return Document(id=doc_id, text=text, lang=doc_lang, source=source, content_hash=digest,
                    title=title, date=iso_date(date, source=source, warnings=warnings))


def _unicode(value: str, source: str, warnings: list[str] | None, what: str) -> str:
    """``value`` with every unpaired surrogate replaced by U+FFFD (W104)."""
    bad = len(_SURROGATES.findall(value))
    if not bad:
        return value
    where = _SURROGATES.sub("\ufffd", source)
    warn(warnings, "W104", f"{where}: {bad} character(s) of the {what} are not Unicode (unpaired surrogates) "
                           "and were replaced by U+FFFD; fix the escapes in the input")
    return _SURROGATES.sub("\ufffd", value)


def _language(lang: str | None, text: str, source: str, warnings: list[str] | None) -> str:
    """The language of a document: ``lang``'s primary subtag when it is a valid tag, else detected."""
    if lang in ("auto", "", None):
        return detect_lang(text)
    tag = str(lang).strip().replace("_", "-")
    if not _LANG_TAG.fullmatch(tag):
        found = detect_lang(text)
        warn(warnings, "W105", f"{source}: {str(lang)[:40]!r} is not a language tag; the language was "
                               f"detected instead ({found}); give a BCP 47 tag such as \"ar\" or \"en\"")
        return found
    return tag.split("-")[0].lower()


def iso_date(value: str | None, *, source: str = "<input>", warnings: list[str] | None = None) -> str | None:
    """``YYYY-MM-DD`` of ``value`` (a date, or a date-time that starts with one), or None if it is none (W107).

    >>> iso_date("2024-03-01T10:00:00Z"), iso_date(None), iso_date("2024-13-45")
    ('2024-03-01', None, None)
    """
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    day = text[:10]
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) and (len(text) == 10 or text[10] in "T "):
            return datetime.date.fromisoformat(day).isoformat()
    except ValueError:
        pass
    warn(warnings, "W107", f"{source}: the date {text[:40]!r} is not a calendar date (YYYY-MM-DD) and was left "
                           "out")
    return None


def load_bytes(path: Path, *, limit: int | None = None) -> bytes:
    """The bytes of the file at ``path``, read only once it is known to be a regular file within ``limit``.

    The type is checked before the file is opened and again on the open file (so a file swapped for a pipe
    in between is caught), the file is opened without blocking, and no more than ``limit + 1`` bytes are ever
    read (files under /proc say they are empty).

    Args:
        limit: most bytes (default: setting ``max_file_bytes``).

    Raises:
        NotRegular: a pipe, socket, device or folder.
        TooLarge: more than ``limit`` bytes.
        OSError: the file cannot be opened or read.
    """
    limit = settings.get("max_file_bytes") if limit is None else limit
    source = display_path(path)
    _check_regular(os.stat(path), source, limit)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        _check_regular(os.fstat(fh.fileno()), source, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = fh.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > limit:
        raise TooLarge(f"{source}: more than {limit} bytes (over the limit)", fix=_raise_limit(limit, size))
    return b"".join(chunks)


def _check_regular(st: os.stat_result, source: str, limit: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(f"{source}: not a regular file (a pipe, socket, device or folder)", fix="leave it out")
    if st.st_size > limit:
        raise TooLarge(f"{source}: {st.st_size} bytes is over the {limit}-byte limit",
                       fix=_raise_limit(limit, st.st_size))


def _raise_limit(limit: int, size: int) -> str:
    return ("split the file, or raise the max_file_bytes setting: "
            + settings.how_to_set("max_file_bytes", max(2 * limit, size + 1)))


def read_file(path: Path, *, lang: str = "auto", warnings: list[str] | None = None,
              encodings: dict[str, str] | None = None) -> Iterator[Document | Skipped]:
    """Read one file: ``.jsonl`` gives one document per line, anything else one document.

    ``warnings`` (when given) collects what was read anyway but not perfectly (see :func:`decode_bytes`),
    ``encodings`` the encoding of every file that was not UTF-8.
    """
    source = display_path(path)
    try:
        data = load_bytes(path)
    except InputError as exc:
        yield Skipped(source=source, reason=exc.message + (f"; {exc.fix}" if exc.fix else ""), code=exc.code)
        return
    except OSError as exc:
        yield Skipped(source=source, reason=f"{source}: cannot read ({exc.strerror or exc}); {_os_fix(exc)}",
                      code="E105")
        return
    yield from read_data(data, path=path, lang=lang, warnings=warnings, encodings=encodings)


def read_data(data: bytes, *, path: Path, lang: str = "auto", warnings: list[str] | None = None,
              encodings: dict[str, str] | None = None) -> Iterator[Document | Skipped]:
    """The documents (or skipped entries) of ``data``, the bytes of the file at ``path`` (see :func:`read_file`)."""
    source = display_path(path)
    if source != Path(path).as_posix():
        warn(warnings, "W106", f"{source}: the file name is not UTF-8; it is recorded with \\x escapes "
                               "(rename the file to keep its name)")
    try:
        if path.suffix.lower() == ".jsonl":
            yield from _read_jsonl(data, source=source, lang=lang, warnings=warnings, encodings=encodings)
            return
        text = decode_bytes(data, source=source, warnings=warnings, encodings=encodings)
        if path.suffix.lower() in _HTML_SUFFIXES:
            page = html_to_text(text)
            yield make_document(page.text, source=source, lang=lang, title=page.title, date=page.date,
                                warnings=warnings)
        else:
            yield make_document(text, source=source, lang=lang, warnings=warnings)
    except InputError as exc:
        yield Skipped(source=source, reason=exc.message + (f"; {exc.fix}" if exc.fix else ""), code=exc.code)


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


def _read_jsonl(data: bytes, *, source: str, lang: str, warnings: list[str] | None,
                encodings: dict[str, str] | None) -> Iterator[Document | Skipped]:
    text = decode_bytes(data, source=source, warnings=warnings, encodings=encodings, allow_nul=True)
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        if "\x00" in line:
            yield Skipped(source=where, reason=f"{where}: a NUL byte in the line (binary data, not JSON); fix or "
                          "remove this line", code="E106")
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            why = f"{exc.msg} at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else "nested too deep"
            yield Skipped(source=where, reason=f"{where}: broken JSON ({why}); "
                          "fix or remove this line (one JSON object per line)", code="E106")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield Skipped(source=where, reason=f"{where}: not an object with a \"text\" string; "
                          "give each line {\"text\": ..., optional \"title\", \"date\", \"url\", \"lang\"}",
                          code="E106")
            continue
        body = record["text"]
        try:
            if record.get("html") or str(record.get("format", "")).lower() == "html":
                body = html_to_text(_unicode(body, where, None, "text")).text
            url = record.get("url")
            yield make_document(
                body,
                source=url if isinstance(url, str) and url.strip() else where,
                lang=str(record.get("lang") or lang),
                title=record.get("title") if isinstance(record.get("title"), str) else None,
                date=str(record["date"]) if record.get("date") else None,
                warnings=warnings,
            )
        except InputError as exc:
            yield Skipped(source=where, reason=exc.message + (f"; {exc.fix}" if exc.fix else ""), code=exc.code)


def iter_files(paths: Iterable[Path], *, follow_symlinks: bool = False,
               warnings: list[str] | None = None) -> Iterator[Path | Skipped]:
    """Expand folders recursively, sorted; what cannot or will not be read is reported, never fatal.

    Symlink loops (E108), unreadable folders (E105) and symlinks that lead out of the named paths (E111, unless
    ``follow_symlinks``) are skipped; files of types kgraph does not read give one warning per named folder
    (W108).
    """
    suffixes = settings.get("input_suffixes")
    for path in paths:
        if not path.exists():
            why = "a broken symlink" if path.is_symlink() else "no such file or folder"
            yield Skipped(source=display_path(path), reason=f"{display_path(path)}: {why}; check the path",
                          code="E107")
            continue
        if not path.is_dir():
            yield path
            continue
        yield from _walk(path, suffixes, follow_symlinks=follow_symlinks, warnings=warnings)


def _walk(top: Path, suffixes: tuple[str, ...], *, follow_symlinks: bool,
          warnings: list[str] | None) -> Iterator[Path | Skipped]:
    errors: list[OSError] = []
    seen: set[tuple[int, int]] = set()
    root_real = os.path.realpath(top)
    other: Counter[str] = Counter()
    for root, dirs, files in os.walk(top, followlinks=True, onerror=errors.append):
        while errors:
            yield _unreadable_folder(errors.pop(0))
        try:
            st = os.stat(root)
        except OSError as exc:
            yield _unreadable_folder(exc)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            yield Skipped(source=display_path(root), reason=f"{display_path(root)}: symlink loop (this folder was "
                          "already read), not followed again; remove the link if it is a mistake", code="E108")
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        kept = []
        for d in sorted(d for d in dirs if not d.startswith(".")):
            link = Path(root) / d
            if not follow_symlinks and link.is_symlink() and not _inside(link, root_real):
                yield _outside(link)
                continue
            kept.append(d)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            file = Path(root) / name
            if not name.lower().endswith(suffixes):
                other[Path(name).suffix.lower() or "(no suffix)"] += 1
                continue
            if not follow_symlinks and file.is_symlink() and not _inside(file, root_real):
                yield _outside(file)
                continue
            yield file
    while errors:
        yield _unreadable_folder(errors.pop(0))
    if other:
        kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(other.items(), key=lambda kv: (-kv[1], kv[0])))
        hint = "; convert PDFs to text first (e.g. `pdftotext FILE.pdf`)" if ".pdf" in other else ""
        warn(warnings, "W108", f"{display_path(top)}: {sum(other.values())} file(s) of types kgraph does not read "
                               f"({kinds}) were left out; kgraph reads {', '.join(suffixes)}{hint}")


def _inside(link: Path, root_real: str) -> bool:
    target = os.path.realpath(link)
    return target == root_real or target.startswith(root_real.rstrip(os.sep) + os.sep)


def _outside(link: Path) -> Skipped:
    where = display_path(link)
    return Skipped(source=where, reason=f"{where}: a symlink that leads out of the folders you named "
                   f"({display_path(os.path.realpath(link))}), not followed; name its target too, or build with "
                   "--follow-symlinks", code="E111")


def _unreadable_folder(exc: OSError) -> Skipped:
    where = display_path(exc.filename) if exc.filename else "?"
    return Skipped(source=where, reason=f"{where}: cannot list this folder ({exc.strerror or exc}); {_os_fix(exc)}",
                   code="E105")


def read_inputs(paths: Iterable[Path | str], *, lang: str = "auto", warnings: list[str] | None = None,
                encodings: dict[str, str] | None = None, follow_symlinks: bool = False) -> Iterator[Document | Skipped]:
    """Yield a Document for each readable article under ``paths``, a Skipped for each that is not.

    Args:
        paths: files and folders (folders are read recursively; only known suffixes).
        lang: ``"auto"`` to detect the language of each document, or ``"ar"``/``"en"``.
        warnings: when given, every warning about an input that was read anyway (bytes replaced in a
            broken UTF-8 file, a cut-short UTF-16 file, …) is appended to it, as well as logged.
        encodings: when given, source → encoding of every file that was not plain UTF-8.
        follow_symlinks: follow symlinks that lead out of the named folders (default False: reported, E111).
    """
    for item in iter_files((Path(p) for p in paths), follow_symlinks=follow_symlinks, warnings=warnings):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from read_file(item, lang=lang, warnings=warnings, encodings=encodings)
