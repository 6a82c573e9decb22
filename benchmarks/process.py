"""Whole-process measurement shared by the benchmarks: one command, its wall and CPU seconds and peak memory."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time


def whole_process(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd``; its wall seconds, CPU seconds and peak RSS in MB, read with ``wait4`` (the process and the
    children it waited for). A failing command ends the benchmark with the end of its standard error."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode('utf-8', 'replace')[-3000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}
