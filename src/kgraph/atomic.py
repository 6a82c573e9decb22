"""Crash-safe writing: one file replaced atomically, or a whole set of files switched as one generation.

One file: :func:`atomic_writer` (and :func:`write_text`) write a temporary file next to the target, fsync it
and rename it over the target; on any error the target is left as it was.

A set of files (a build's outputs): :func:`publish`. Layout of an output folder ``DIR``::

    DIR/graph.ttl      -> .kgraph/current/graph.ttl     (one relative symlink per output file; never changes)
    DIR/manifest.json  -> .kgraph/current/manifest.json
    DIR/.kgraph/current -> gen-<time>-<pid>             (the one thing a build switches)
    DIR/.kgraph/gen-<time>-<pid>/graph.ttl ...          (one complete generation: all files + manifest.json,
                                                         and internal files such as state.json, not linked)
    DIR/.kgraph.lock                                    (held while a build writes)

A build writes the whole new set into a fresh generation folder (each file fsynced, ``manifest.json`` last,
then the folder), and only then replaces the ``current`` symlink with :func:`os.replace`, which is atomic.
Killed at any moment, ``DIR`` shows either the previous complete set or the new one. Older generations are
removed after the switch. Readers open ``DIR/graph.ttl`` etc. as before (symlinks are followed); a reader
that needs several files from one build reads them through ``DIR/.kgraph/current/``.

The steps of :func:`publish`, in order (each a function of this module; the crash tests kill a real build
at the entry or exit of each, see ``tests/conftest.py``): take the lock (:func:`output_lock`), adopt the
plain files of an older kgraph (:func:`_adopt_legacy`), write the generation (:func:`_write_file` per file,
:func:`_write_generation`), switch ``current`` (:func:`_switch`), make the top-level links
(:func:`_link_one`), remove old generations (:func:`_collect_garbage`).

Two builds into one folder: the second waits for the first (``lock_wait`` seconds, an ``fcntl`` lock that the
kernel releases when its holder dies, so a killed build never leaves a stale lock), then fails clearly.

POSIX only (symlinks, ``fcntl``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Literal, overload

from kgraph import settings
from kgraph.errors import OutputError

STATE_DIR = ".kgraph"
LOCK_FILE = ".kgraph.lock"
MANIFEST = "manifest.json"
#: What :func:`publish` writes into a file: its content, or a function that makes it.
Producer = str | bytes | Callable[[], str | bytes | Iterable[str]]


# ------------------------------------------------------------------------------ one file
@overload
def atomic_writer(path: Path, *, binary: Literal[False] = False) -> contextlib.AbstractContextManager[IO[str]]: ...
@overload
def atomic_writer(path: Path, *, binary: Literal[True]) -> contextlib.AbstractContextManager[IO[bytes]]: ...
def atomic_writer(path: Path, *, binary: bool = False) -> contextlib.AbstractContextManager[IO[str] | IO[bytes]]:
    """Open a temporary file next to ``path``; on success fsync it and rename it over ``path``.

    On any exception the temporary file is removed and ``path`` is left as it was. Text is written as
    UTF-8 with ``\\n`` line ends; ``binary=True`` gives a bytes file.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_writer(target) as fh:
    ...     _ = fh.write("done")
    >>> target.read_text(encoding="utf-8")
    'done'
    """
    return _atomic_writer(path, binary=binary)


@contextlib.contextmanager
def _atomic_writer(path: Path, *, binary: bool) -> Iterator[IO[str] | IO[bytes]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _file_mode(path))  # mkstemp makes 0600: the file gets the mode a plain open() would give
        fh: IO[str] | IO[bytes]
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        fsync_dir(path.parent)


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, or 0666 less the umask for a new one."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would, for every thread)
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def write_text(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` (UTF-8) atomically (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(text)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new and renamed files) to disk."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------ a set of files
def publish(out: Path, texts: Mapping[str, Producer], *, lock_wait: float | None = None,
            internal: Mapping[str, Producer] | None = None) -> dict[str, str]:
    """Replace the output set in ``out`` by ``texts`` as one atomic switch.

    ``texts`` maps a file name to its content (``str`` is written as UTF-8, ``bytes`` as is) or to a function
    that returns it, or returns an iterable of ``str`` pieces (called once, while writing, so at most one
    file's content is in memory at a time).
    ``manifest.json`` (name → SHA-256 of the bytes) is added. Returns the manifest's ``files``.

    Args:
        out: the output folder (created when missing).
        texts: the files of the new set.
        lock_wait: seconds to wait for another build writing into ``out`` (default: setting ``lock_wait``).
        internal: files that belong to the same generation but are not outputs (no top-level link, not in
            the manifest), such as the build state of incremental builds: they switch together with the
            outputs, read through ``out/.kgraph/current/NAME``.

    Raises:
        OutputError: ``out`` cannot be written, or another build holds it for longer than ``lock_wait``.
        ValueError: ``texts`` names ``manifest.json``.
    """
    if MANIFEST in texts:
        raise ValueError(f"{MANIFEST} is written by publish itself")
    check_folder(out)
    names = [*texts, MANIFEST]
    wait: float = settings.get("lock_wait") if lock_wait is None else lock_wait
    try:
        with output_lock(out, wait=wait):
            state = out / STATE_DIR
            state.mkdir(exist_ok=True)
            adopted = _adopt_legacy(out, state, names=names)
            if adopted:
                _link(out, names=adopted)
            gen, hashes = _write_generation(state, texts, internal or {})
            _switch(state, gen)
            _link(out, names=names)
            _collect_garbage(out, state, keep=gen.name)
    except OSError as exc:
        raise OutputError(f"cannot write into {out}: {exc.strerror or exc}",
                          fix="check free space and permissions") from exc
    return hashes


def check_folder(out: Path) -> None:
    """Make sure ``out`` is a folder (create it when missing).

    Raises:
        OutputError: ``out`` exists and is not a folder, or cannot be created.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder", fix="choose another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror}", fix="check the path and permissions") from exc


@contextlib.contextmanager
def output_lock(out: Path, *, wait: float) -> Iterator[None]:
    """Hold ``out/.kgraph.lock`` (an exclusive ``flock``) for the body; wait up to ``wait`` seconds for it.

    Raises:
        OutputError: another process still holds the lock after ``wait`` seconds.
    """
    import fcntl

    path = out / LOCK_FILE
    with path.open("a+", encoding="utf-8") as fh:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "another process"
                    raise OutputError(
                        f"{out}: another kgraph build ({holder}) is writing into this folder; "
                        f"waited {wait:g} s for it",
                        fix="wait for it to finish, choose another --out, or wait longer: "
                            + settings.how_to_set("lock_wait", max(2 * wait, 60))) from None
                time.sleep(0.1)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(f"pid {os.getpid()}\n")
            fh.flush()
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _write_file(path: Path, content: str | bytes | Iterable[str]) -> str:
    """Write ``content`` (text as UTF-8, bytes, or text pieces) to a new file, fsync it; return its SHA-256."""
    digest = hashlib.sha256()
    with path.open("xb") as fh:
        pieces: Iterable[str | bytes] = [content] if isinstance(content, str | bytes) else content
        for piece in pieces:
            data = piece.encode("utf-8") if isinstance(piece, str) else piece
            digest.update(data)
            fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return digest.hexdigest()


def _write_generation(state: Path, texts: Mapping[str, Producer],
                      internal: Mapping[str, Producer]) -> tuple[Path, dict[str, str]]:
    """Write every file into a new ``gen-*`` folder, manifest last, everything fsynced."""
    gen = state / f"gen-{time.time_ns()}-{os.getpid()}"
    gen.mkdir()
    for name, made in internal.items():
        _write_file(gen / name, made() if callable(made) else made)
    hashes: dict[str, str] = {}
    for name, made in texts.items():
        content = made() if callable(made) else made
        hashes[name] = _write_file(gen / name, content)
        del content
    manifest = json.dumps({"files": hashes}, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    _write_file(gen / MANIFEST, manifest.encode("utf-8"))
    fsync_dir(gen)
    return gen, hashes


def _replace_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` in one atomic step (a temporary symlink renamed over it)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, link)


def _switch(state: Path, gen: Path) -> None:
    """Make ``gen`` the current generation (the one atomic step of a build)."""
    _replace_symlink(state / "current", gen.name)
    fsync_dir(state)


def _link(out: Path, *, names: list[str]) -> None:
    """Make ``out/NAME`` a symlink to ``.kgraph/current/NAME`` for every output (once; they never change)."""
    changed = [_link_one(out, name) for name in names]
    if any(changed):
        fsync_dir(out)


def _link_one(out: Path, name: str) -> bool:
    """Make ``out/name`` a symlink into the current generation; ``False`` when it already was one."""
    target = f"{STATE_DIR}/current/{name}"
    link = out / name
    if link.is_symlink() and os.readlink(link) == target:
        return False
    if link.is_dir() and not link.is_symlink():
        raise OutputError(f"{link} is a folder, where kgraph writes a file", fix="move it away")
    _replace_symlink(link, target)
    return True


def _adopt_legacy(out: Path, state: Path, *, names: list[str]) -> list[str]:
    """Adopt plain output files from an older kgraph (no ``.kgraph/current`` yet) as the current generation.

    They are hard-linked (or copied) into a generation folder that becomes ``current``; the caller then
    replaces each top-level file by a symlink to the same content (:func:`_link`), so the folder shows the
    old set throughout. Returns the names adopted (none when there is nothing to adopt).
    """
    if (state / "current").is_symlink():
        return []
    names = [*names, *(n for n in _legacy_manifest(out) if n not in names)]
    legacy = [n for n in names if (out / n).is_file() and not (out / n).is_symlink()]
    if not legacy:
        return []
    gen = state / f"gen-{time.time_ns()}-{os.getpid()}-legacy"
    gen.mkdir()
    for name in legacy:
        try:
            os.link(out / name, gen / name)
        except OSError:
            shutil.copy2(out / name, gen / name)
    fsync_dir(gen)
    _switch(state, gen)
    return legacy


def _legacy_manifest(out: Path) -> list[str]:
    """The plain file names an older kgraph's ``manifest.json`` lists (its outputs), or none."""
    try:
        files = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    return [n for n in files if isinstance(n, str) and n and "/" not in n and not n.startswith(".")]


def _collect_garbage(out: Path, state: Path, *, keep: str) -> None:
    """Remove old generations, temporary links and top-level links whose file the current set lacks."""
    for child in state.iterdir():
        if child.name in (keep, "current"):
            continue
        # only generations and temporary links: the rest of .kgraph/ (the extraction cache of
        # incremental builds) is not ours to remove
        if child.name.startswith("gen-") and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(".") and child.name.endswith(".tmp"):
            with contextlib.suppress(FileNotFoundError):
                child.unlink()
    for child in out.iterdir():
        if child.is_symlink() and os.readlink(child).startswith(f"{STATE_DIR}/current/") and not child.exists():
            child.unlink()
        elif child.name.startswith(".") and child.name.endswith(".tmp") and child.is_symlink():
            child.unlink()


def check_outputs(out: Path) -> dict[str, str]:
    """Check that ``out`` holds one complete output set: every file the manifest names, with its hash.

    Returns the manifest's ``{file name: sha256}``.

    Raises:
        OutputError: the manifest is missing or unreadable, or a file is missing or differs from it.
    """
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        files: dict[str, str] = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{out}: no readable {MANIFEST} ({exc})", fix="rebuild the output folder") from exc
    for name, digest in sorted(files.items()):
        try:
            actual = hashlib.sha256((out / name).read_bytes()).hexdigest()
        except OSError as exc:
            raise OutputError(f"{out}: {name} is missing ({exc.strerror})", fix="rebuild the output folder") from exc
        if actual != digest:
            raise OutputError(f"{out}: {name} does not match {MANIFEST}", fix="rebuild the output folder")
    return files


__all__ = ["LOCK_FILE", "MANIFEST", "STATE_DIR", "Producer", "atomic_writer", "check_folder", "check_outputs",
           "fsync_dir", "output_lock", "publish", "write_text"]
