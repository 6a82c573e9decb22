"""Kill real ``kgraph build`` processes with SIGKILL and check the output folder is never truncated or mixed.

Builds are killed at every step of :func:`kgraph.atomic.publish` (the ``killing_kgraph`` fixture wraps the
step's function in a real ``kgraph`` process), and after random delays.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kgraph.atomic import STATE_DIR, check_outputs

ROOT = Path(__file__).resolve().parents[1]
PLACES = ["Mosul", "Raqqa", "Anbar", "Hasakah", "Kirkuk", "Deir ez-Zor", "Baghdad", "Erbil"]
#: Where a build is killed: stage → (function of kgraph.atomic, at its "enter" or "exit"), in the order
#: publish reaches them.
KILL_POINTS = {
    "lock": ("_adopt_legacy", "enter"),  # the lock is held, nothing is written yet
    "migrate": ("_adopt_legacy", "exit"),  # an older kgraph's plain files are adopted, not linked yet
    "write": ("_write_file", "exit"),  # the first file of the new generation is written
    "manifest": ("_write_generation", "exit"),  # the whole new generation is written, manifest included
    "switch": ("_switch", "exit"),  # current points at the new generation
    "link": ("_link_one", "exit"),  # the first top-level link is made
    "gc": ("_collect_garbage", "enter"),  # old generations are not removed yet
}
#: Stages reached before the switch of ``current`` leave the old set; later ones the new set.
BEFORE_SWITCH = ("lock", "write", "manifest")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _corpus(folder: Path, n: int, *, salt: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        place = PLACES[i % len(PLACES)]
        (folder / f"{salt}-{i:04d}.txt").write_text(
            f"Report {salt} {i}\n\nThe Coalition supports the Iraqi Security Forces in {place}. "
            f"ISIS attacked the SDF near {place} on day {i}. "
            f"«إن التحالف الدولي يدعم القوات العراقية»، قال المتحدث في {salt} {i}.\n", encoding="utf-8")
    return folder


def _build(inputs: Path, out: Path, *, command: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``kgraph build`` (or ``command``, e.g. a killing launcher, with the same arguments)."""
    kgraph = command or [sys.executable, "-m", "kgraph"]
    return subprocess.run([*kgraph, "build", str(inputs), "--out", str(out), "--quiet"],
                          env=_env(), capture_output=True, text=True, timeout=240, check=False)


def _manifest(out: Path) -> dict[str, str]:
    return check_outputs(out)  # raises on a missing, truncated or mixed set


_BUILT: dict[str, Path] = {}


def _old_and_new(tmp_path: Path) -> tuple[Path, Path, dict[str, str]]:
    """An output folder holding a complete build of corpus A, and a corpus B that builds differently.

    The build of A is made once per session and copied (symlinks as symlinks) for each test.
    """
    if "old" not in _BUILT:
        base = Path(tempfile.mkdtemp(prefix="kgraph-crash-"))
        done = _build(_corpus(base / "a", 5, salt="old"), base / "out")
        assert done.returncode == 0, done.stderr
        _BUILT["old"] = base / "out"
    out = tmp_path / "out"
    shutil.copytree(_BUILT["old"], out, symlinks=True)
    return out, _corpus(tmp_path / "b", 40, salt="new"), _manifest(out)


@pytest.mark.parametrize("stage", [s for s in KILL_POINTS if s not in ("migrate", "link")])
def test_crash_kill_at_each_stage_leaves_old_or_new_set(tmp_path: Path, stage: str,
                                                       killing_kgraph: Callable[[str, str], list[str]]) -> None:
    out, new_in, old = _old_and_new(tmp_path)
    killed = _build(new_in, out, command=killing_kgraph(*KILL_POINTS[stage]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    after = _manifest(out)
    if stage in BEFORE_SWITCH:
        assert after == old
    else:
        assert after != old
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        assert report["documents"]["read"] == 40
    if stage in ("write", "switch"):  # the next build recovers and leaves one generation behind
        again = _build(new_in, out)
        assert again.returncode == 0, again.stderr
        _manifest(out)
        assert len([p for p in (out / STATE_DIR).iterdir() if p.name.startswith("gen-")]) == 1


def test_crash_kill_while_linking_a_first_build_shows_only_new_files(
        tmp_path: Path, killing_kgraph: Callable[[str, str], list[str]]) -> None:
    out = tmp_path / "out"
    killed = _build(_corpus(tmp_path / "b", 3, salt="new"), out, command=killing_kgraph(*KILL_POINTS["link"]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    current = (out / STATE_DIR / "current").resolve()
    visible = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert visible and all(p.resolve().parent == current for p in visible)
    assert (current / "manifest.json").exists()


def test_crash_kill_while_adopting_plain_files_keeps_them(tmp_path: Path,
                                                          killing_kgraph: Callable[[str, str], list[str]]) -> None:
    out, new_in, old = _old_and_new(tmp_path)
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    for name in [*old, "manifest.json"]:
        shutil.copyfile(out / name, legacy / name)  # plain files, as an older kgraph wrote them
    killed = _build(new_in, legacy, command=killing_kgraph(*KILL_POINTS["migrate"]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _manifest(legacy) == old
    # killed between adoption and linking: every visible file is still a plain file of the old set
    assert all(not (legacy / name).is_symlink() for name in old)


@pytest.mark.parametrize("delay", [2.5, *(pytest.param(d, marks=pytest.mark.slow) for d in (0.5, 4.0, 6.0))])
def test_crash_sigkill_after_a_delay_leaves_old_or_new_set(tmp_path: Path, delay: float) -> None:
    out, new_in, old = _old_and_new(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "build", str(new_in), "--out", str(out), "-q"],
                            env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(60)
    after = _manifest(out)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert after == old or report["documents"]["read"] == 40


def test_crash_two_concurrent_builds_into_one_folder(tmp_path: Path) -> None:
    a = _corpus(tmp_path / "a", 30, salt="first")
    b = _corpus(tmp_path / "b", 30, salt="second")
    out = tmp_path / "out"
    procs = [subprocess.Popen([sys.executable, "-m", "kgraph", "build", str(x), "--out", str(out), "-q"],
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for x in (a, b)]
    results = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    _manifest(out)
    assert len([p for p in (out / STATE_DIR).iterdir() if p.name.startswith("gen-")]) == 1


def test_crash_concurrent_build_fails_clearly_when_the_lock_is_held(tmp_path: Path) -> None:
    from kgraph.atomic import output_lock

    inputs = _corpus(tmp_path / "a", 3, salt="x")
    out = tmp_path / "out"
    out.mkdir()
    code = ("import sys; from kgraph import settings; settings.DEFAULTS['lock_wait'] = 0.5; "
            "from kgraph.cli import main; sys.exit(main(sys.argv[1:]))")
    with output_lock(out, wait=0):
        proc = subprocess.run([sys.executable, "-c", code, "build", str(inputs), "--out", str(out), "-q"],
                              env=_env(), capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 1
    assert "another kgraph build" in proc.stderr and str(out) in proc.stderr and "fix:" in proc.stderr


def _sources(out: Path) -> set[str]:
    from kgraph.query.sparql import run_query

    res = run_query(out, "SELECT ?s WHERE { ?d a kg:Document ; dcterms:source ?s }")
    return {Path(str(row[0].value)).name.split("-")[0] for row in res.rows}


@pytest.mark.parametrize("stage", ["switch", "link", "gc"])
def test_crash_issue13_state_switches_with_the_outputs(tmp_path: Path, stage: str,
                                                        killing_kgraph: Callable[[str, str], list[str]]) -> None:
    """A plain build killed after the switch left B's outputs next to A's state; --update then built A + new."""
    out, new_in, _ = _old_and_new(tmp_path)
    killed = _build(new_in, out, command=killing_kgraph(*KILL_POINTS[stage]))
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert _sources(out) == {"new"}
    more = _corpus(tmp_path / "c", 2, salt="more")
    update = subprocess.run([sys.executable, "-m", "kgraph", "build", str(more), "--out", str(out), "--update",
                             "--quiet"], env=_env(), capture_output=True, text=True, timeout=240, check=False)
    assert update.returncode == 0, update.stderr
    assert _sources(out) == {"new", "more"}
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"]["read"] == 42 and report["incremental"]["from_cache"] == 40
