"""Threads that cannot reach the network: the second layer under the query guard.

Oxigraph evaluates ``SERVICE`` with an HTTP client compiled into pyoxigraph, and pyoxigraph offers no switch to
turn that client off (its ``Store.query`` has no service-handler option). So kgraph evaluates every query in a
thread that the kernel forbids to open network sockets: a seccomp filter, installed by the thread itself, makes
``socket()`` fail with ``EACCES`` for every address family but ``AF_UNIX`` (and ``io_uring_setup``, which could
open sockets past that check, fail too). A seccomp filter binds the thread that installs it and the threads it
starts, and can never be removed, so the rest of the calling process is untouched.

Whatever the guard (:mod:`kgraph.query.guard`) lets through, Oxigraph's SERVICE handler then fails with
"Permission denied" before any packet leaves; ``SERVICE SILENT`` gives no rows.

The filter needs Linux on x86-64 or AArch64. Elsewhere :func:`install` returns False, :func:`network_blocked`
says so, a warning is logged once, and only the guard stands between a query and the network.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import platform
import socket
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

log = logging.getLogger(__name__)

__all__ = ["install", "network_blocked", "run"]

T = TypeVar("T")

#: Threads that run queries (queries release the GIL, so several may run at once).
QUERY_THREADS = 4

# seccomp constants (linux/seccomp.h, linux/filter.h, linux/audit.h, linux/prctl.h)
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K
_X32_SYSCALL_BIT = 0x40000000
#: machine → (audit arch, socket syscall number, io_uring_setup syscall number)
_ARCHES = {"x86_64": (0xC000003E, 41, 425), "aarch64": (0xC00000B7, 198, 425)}


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def _program(arch: int, nr_socket: int, nr_uring: int) -> list[tuple[int, int, int, int]]:
    deny = _RET_ERRNO | errno.EACCES
    return [
        (_LD_W_ABS, 0, 0, 4),                 # 0  A = seccomp_data.arch
        (_JEQ_K, 1, 0, arch),                 # 1  our architecture → 3
        (_RET_K, 0, 0, deny),                 # 2  a foreign syscall ABI (e.g. int 0x80): refused
        (_LD_W_ABS, 0, 0, 0),                 # 3  A = seccomp_data.nr
        (_JGE_K, 4, 0, _X32_SYSCALL_BIT),     # 4  x32 ABI → deny (9)
        (_JEQ_K, 3, 0, nr_uring),             # 5  io_uring_setup → deny (9)
        (_JEQ_K, 0, 3, nr_socket),            # 6  socket → 7, anything else → allow (10)
        (_LD_W_ABS, 0, 0, 16),                # 7  A = low word of args[0] (the address family)
        (_JEQ_K, 1, 0, socket.AF_UNIX),       # 8  AF_UNIX → allow (10)
        (_RET_K, 0, 0, deny),                 # 9
        (_RET_K, 0, 0, _RET_ALLOW),           # 10
    ]


def install() -> bool:
    """Forbid the calling thread (and the threads it will start) to open network sockets, for good.

    Returns:
        True if the filter is in place, False where it cannot be installed (not Linux x86-64/AArch64, or the
        kernel refused it).
    """
    arch = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None or sys.byteorder != "little":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        code = _program(*arch)
        table = (_SockFilter * len(code))(*[_SockFilter(*ins) for ins in code])
        prog = _SockFprog(len(code), table)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    except (OSError, AttributeError) as exc:
        log.warning("cannot forbid network access to query threads (%s): SERVICE is stopped by the query "
                    "guard only", exc)
        return False
    return True


_state = threading.local()
_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_blocked: bool | None = None


def _init_thread() -> None:
    global _blocked
    ok = install()
    _state.blocked = ok
    with _lock:
        if _blocked is None:
            _blocked = ok
            if not ok:
                log.warning("query threads can reach the network on this platform (%s %s); SERVICE is stopped "
                            "by the query guard only", sys.platform, platform.machine())


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=QUERY_THREADS, thread_name_prefix="kgraph-query",
                                       initializer=_init_thread)
        return _pool


def _forget_pool() -> None:  # a forked child has none of its parent's threads
    global _pool
    _pool = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def run(func: Callable[[], T]) -> T:
    """Call ``func`` in a query thread that cannot open network sockets, and return its result (or raise)."""
    if getattr(_state, "blocked", None) is not None:  # already in a query thread
        return func()
    return _executor().submit(func).result()


def network_blocked() -> bool:
    """True if query threads cannot open network sockets on this machine."""
    if _blocked is None:
        run(lambda: None)
    return bool(_blocked)
