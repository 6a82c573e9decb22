from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from kgraph.atomic import STATE_DIR, atomic_writer, check_outputs, output_lock, publish
from kgraph.errors import OutputError

OLD = {"graph.ttl": "old graph\n", "report.json": '{"old": true}\n', "edges.csv": "a,b\n"}
NEW = {"graph.ttl": "new graph — داعش 🙂\n", "report.json": '{"new": true}\n'}


def _visible(out: Path) -> dict[str, str]:
    """What a reader sees at the top of the folder (symlinks followed)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())
            if not p.name.startswith(".") and p.exists()}


def test_atomic_writer_keeps_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write("half-written")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_atomic_writer_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    with atomic_writer(target) as fh:
        fh.write("new")
    assert target.read_text(encoding="utf-8") == "new"


def test_atomic_publish_replaces_the_whole_set(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, OLD)
    publish(out, NEW)
    seen = _visible(out)
    assert {k: v for k, v in seen.items() if k != "manifest.json"} == NEW
    assert set(json.loads(seen["manifest.json"])["files"]) == set(NEW)
    assert check_outputs(out).keys() == NEW.keys()
    gens = [p.name for p in (out / STATE_DIR).iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 1 and os.readlink(out / STATE_DIR / "current") == gens[0]
    assert all((out / name).is_symlink() for name in NEW)


def test_atomic_publish_is_idempotent_and_keeps_links(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, NEW)
    links = {name: os.readlink(out / name) for name in NEW}
    publish(out, NEW)
    assert {name: os.readlink(out / name) for name in NEW} == links
    assert _visible(out)["graph.ttl"] == NEW["graph.ttl"]


def test_atomic_publish_adopts_plain_files_of_an_older_kgraph(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name, text in OLD.items():
        (out / name).write_text(text, encoding="utf-8")
    (out / "manifest.json").write_text(json.dumps({"files": {n: "0" * 64 for n in OLD}}), encoding="utf-8")
    (out / "notes.txt").write_text("the user's own file", encoding="utf-8")
    publish(out, NEW)
    seen = _visible(out)
    assert seen["graph.ttl"] == NEW["graph.ttl"]
    assert seen["notes.txt"] == "the user's own file"
    assert "edges.csv" not in seen  # an output the new set does not have is gone, not stale


@pytest.mark.parametrize("wait", [0.0, 0.4])
def test_atomic_lock_second_build_fails_clearly_after_waiting(tmp_path: Path, wait: float) -> None:
    out = tmp_path / "out"
    publish(out, OLD)
    with output_lock(out, wait=0):
        t0 = time.monotonic()
        with pytest.raises(OutputError) as info:
            publish(out, NEW, lock_wait=wait)
        assert time.monotonic() - t0 >= wait
    assert "another kgraph build" in str(info.value) and f"pid {os.getpid()}" in str(info.value)
    assert "fix:" in str(info.value)
    assert _visible(out)["graph.ttl"] == OLD["graph.ttl"]


def test_atomic_lock_second_build_waits_for_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, OLD)
    held = threading.Event()

    def first() -> None:
        with output_lock(out, wait=0):
            held.set()
            time.sleep(0.5)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    t0 = time.monotonic()
    publish(out, NEW, lock_wait=10)
    assert time.monotonic() - t0 >= 0.3
    thread.join()
    assert _visible(out)["graph.ttl"] == NEW["graph.ttl"]


@pytest.mark.parametrize("damage", ["edit", "delete"])
def test_atomic_check_outputs_detects_a_damaged_set(tmp_path: Path, damage: str) -> None:
    out = tmp_path / "out"
    publish(out, NEW)
    target = (out / "graph.ttl").resolve()
    if damage == "edit":
        target.write_text("truncated", encoding="utf-8")
    else:
        target.unlink()
    with pytest.raises(OutputError, match=r"graph\.ttl"):
        check_outputs(out)


@pytest.mark.parametrize("blocker", ["file", "folder-named-like-an-output"])
def test_atomic_publish_refuses_what_it_cannot_replace(tmp_path: Path, blocker: str) -> None:
    out = tmp_path / "out"
    if blocker == "file":
        out.write_text("x", encoding="utf-8")
    else:
        (out / "graph.ttl").mkdir(parents=True)
    with pytest.raises(OutputError, match="fix:"):
        publish(out, NEW)
