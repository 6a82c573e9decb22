"""The second layer under the query guard: query threads cannot open network sockets (seccomp)."""

from __future__ import annotations

import platform
import socket
import sys
import time
from typing import Any

import pytest

from kgraph.query import nonet

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or platform.machine() not in ("x86_64",
                                                                                                  "aarch64"),
                                reason="the seccomp filter needs Linux on x86-64 or AArch64")


def test_nonet_issue13_filter_is_installed() -> None:
    assert nonet.network_blocked()


@pytest.mark.parametrize("family", [socket.AF_INET, socket.AF_INET6, socket.AF_PACKET, socket.AF_NETLINK])
def test_nonet_issue13_query_threads_cannot_open_network_sockets(family: int) -> None:
    with pytest.raises(PermissionError):
        nonet.run(lambda: socket.socket(family, socket.SOCK_DGRAM).close())
    socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()  # the calling thread is untouched


def test_nonet_issue13_query_threads_keep_local_sockets() -> None:
    def pair() -> bool:
        a, b = socket.socketpair(socket.AF_UNIX)
        a.close()
        b.close()
        return True

    assert nonet.run(pair)


@pytest.mark.parametrize("silent", ["", "SILENT"])
def test_nonet_issue13_engine_cannot_fetch_service(listening_port: Any, silent: str) -> None:
    """Oxigraph itself, with no guard in front, cannot reach a listening socket from a query thread."""
    import pyoxigraph as ox

    query = f"SELECT * WHERE {{ SERVICE {silent} <http://127.0.0.1:{listening_port.port}/> {{ ?s ?p ?o }} }}"

    def evaluate() -> int:
        return len(list(ox.Store().query(query)))

    if silent:
        assert nonet.run(evaluate) == 1  # SERVICE SILENT: the failed call is one empty solution
    else:
        with pytest.raises(OSError, match="Permission denied"):
            nonet.run(evaluate)
    time.sleep(0.5)
    assert listening_port.hits == []
