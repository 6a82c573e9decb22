"""Extraction in worker processes (kgraph.parallel): the same outputs as one process, the cache the workers
write read by --update, errors from workers and schedulers."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph import settings
from kgraph.build import build_graph
from kgraph.cli import cli
from kgraph.errors import ClusterError, KGraphError, OntologyError, UnsupportedLanguage
from kgraph.incremental import STATE_DIR, state_path

CANONICAL = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.graphml", "edges.csv", "graph.html")

# Sentences written for these tests, filled with real organisations' names (no text copied from anywhere).
_ACTORS = [("the Coalition", "التحالف الدولي"), ("ISIS", "داعش"), ("the SDF", "قوات سوريا الديمقراطية"),
           ("the Iraqi Security Forces", "القوات الأمنية العراقية"), ("the Peshmerga", "البيشمركة")]
_EN = ["{a} supports {b}.", "{a} condemned attacks by {b} on civilians.", "{a} met {b} in Baghdad on Monday.",
       "{a} threatens {b}, a spokesman said."]
_AR = ["{a} يدعم {b}.", "أدان {a} هجمات {b} على المدنيين.", "التقى {a} ب{b} في بغداد."]


def _corpus(root: Path, n: int) -> Path:
    """``n`` short articles in both languages, a feed with a document no plug-in reads (E110) and a
    duplicate (E109)."""
    folder = root / "in"
    folder.mkdir(parents=True)
    for i in range(n):
        a, b = _ACTORS[i % 5], _ACTORS[(i * 3 + 1) % 5]
        if a == b:
            b = _ACTORS[(i + 2) % 5]
        if i % 3 == 2:
            lines = [t.format(a=a[1], b=b[1]) for t in _AR[: 1 + i % 3]]
            name = f"ar-{i:03}.txt"
        else:
            lines = [t.format(a=a[0], b=b[0]).capitalize() for t in _EN[: 1 + i % 4]]
            name = f"en-{i:03}.txt"
        (folder / name).write_text(f"Report {i}\n\n" + " ".join(lines) + f"\n\nFiled as item {i}.\n", encoding="utf-8")
    (folder / "copy.txt").write_text((folder / "en-000.txt").read_text(encoding="utf-8"), encoding="utf-8")
    records = [{"text": "La coalition soutient les forces irakiennes.", "lang": "fr", "id": "fr-1"},
               {"text": "The Coalition supports the Peshmerga.", "lang": "en", "id": "feed-1", "date": "2024-05-02"}]
    (folder / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder


def _same(x: Path, y: Path) -> None:
    for name in CANONICAL:
        assert (x / name).read_bytes() == (y / name).read_bytes(), name
    rx, ry = (json.loads((d / "report.json").read_text(encoding="utf-8")) for d in (x, y))
    for key in ("documents", "skipped", "actors", "relations", "warnings"):
        assert rx[key] == ry[key], key


def _packs(out: Path) -> list[Path]:
    return sorted((out / STATE_DIR / "extractions").glob("pack-*.jsonl"))


@pytest.fixture()
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAPH_SHARD_DOCUMENTS", "4")


def test_parallel_workers_give_the_outputs_of_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          small_shards: None) -> None:
    folder = _corpus(tmp_path, 21)
    monkeypatch.chdir(tmp_path)
    one = build_graph([Path("in")], out="one", workers=1)
    two = build_graph([Path("in")], out="two", workers=2)
    _same(Path("one"), Path("two"))
    assert {s["code"] for s in two.report["skipped"]} == {"E109", "E110"}
    assert one.report["documents"]["read"] == two.report["documents"]["read"] == 22
    # the workers wrote the cache: one pack per shard of four documents, none by this process
    packs = _packs(Path("two"))
    assert len(packs) == 6 and all(not p.stem.endswith(f"-{os.getpid()}") for p in packs)
    state = json.loads(state_path(Path("two")).read_text(encoding="utf-8"))
    assert len(state["extractions"]) == 22 and {v[0] for v in state["extractions"].values()} == {p.name for p in packs}
    assert folder.is_dir()


def test_parallel_update_reads_what_the_workers_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       small_shards: None) -> None:
    from kgraph.extract import Extractor

    _corpus(tmp_path, 10)
    monkeypatch.chdir(tmp_path)
    build_graph([Path("in")], out="inc", workers=2)
    Path("in/en-new.txt").write_text("New\n\nThe SDF condemned ISIS.\n", encoding="utf-8")
    calls: list[str] = []
    original = Extractor.extract

    def counting(self, doc):  # type: ignore[no-untyped-def]
        calls.append(doc.source)
        return original(self, doc)

    monkeypatch.setattr(Extractor, "extract", counting)
    result = build_graph([Path("in")], out="inc", update=True, workers=2)
    # one new document (and the one no plug-in reads, tried again): fewer than a shard, so this process
    # extracted it; the rest came from the workers' packs
    assert sorted(calls) == ["in/en-new.txt", "in/feed.jsonl:1"]
    assert result.report["incremental"] == {"extracted": 1, "from_cache": 11}
    build_graph([Path("in")], out="full", workers=1)
    _same(Path("inc"), Path("full"))


def test_parallel_cli_workers_and_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           small_shards: None) -> None:
    _corpus(tmp_path, 9)
    monkeypatch.chdir(tmp_path)
    res = CliRunner().invoke(cli, ["build", "in", "--out", "w2", "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert "extracting with 2 worker processes" in res.stderr and "4 documents a shard" in res.stderr
    assert "wrote w2/graph.ttl" in res.stderr
    res1 = CliRunner().invoke(cli, ["build", "in", "--out", "w1", "--workers", "1", "-q"])
    assert res1.exit_code == 0 and res1.stderr == ""
    _same(Path("w1"), Path("w2"))


def test_parallel_fewer_documents_than_a_shard_start_no_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kgraph.parallel

    def no_runner(**kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a runner was started for fewer documents than one shard")

    monkeypatch.setattr(kgraph.parallel, "make_runner", no_runner)
    _corpus(tmp_path, 5)
    with settings.using(options={"shard_documents": 50}):
        result = build_graph([tmp_path / "in"], workers=4)
    assert result.report["documents"]["read"] == 6


def test_parallel_worker_errors_reach_the_build(tmp_path: Path, small_shards: None) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://kgraph.example/ns#> .\nkg:x kg:y ", encoding="utf-8")
    _corpus(tmp_path, 8)
    with pytest.raises(OntologyError):
        build_graph([tmp_path / "in"], lexicons=[bad], workers=2)


@pytest.mark.parametrize("error", [UnsupportedLanguage("x: no plug-in", fix="give --lang"),
                                   ClusterError("no scheduler"), KGraphError("plain")])
def test_parallel_errors_pickle_whole(error: KGraphError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and back.message == error.message and back.fix == error.fix
    assert str(back) == str(error)


def test_parallel_dask_cluster_gives_the_outputs_of_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                dask_cluster: str, small_shards: None) -> None:
    _corpus(tmp_path, 21)
    monkeypatch.chdir(tmp_path)
    build_graph([Path("in")], out="one", workers=1)
    build_graph([Path("in")], out="dask", scheduler=dask_cluster)
    _same(Path("one"), Path("dask"))
    # the dask workers (other processes) wrote the packs, and --update reads them
    assert len(_packs(Path("dask"))) == 6
    assert all(not p.stem.endswith(f"-{os.getpid()}") for p in _packs(Path("dask")))
    again = build_graph([Path("in")], out="dask", update=True, scheduler=dask_cluster)
    assert again.report["incremental"] == {"extracted": 0, "from_cache": 22}


def test_parallel_unreachable_scheduler_says_how_to_start_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              small_shards: None) -> None:
    import socket

    import kgraph.parallel.runners

    pytest.importorskip("distributed")
    monkeypatch.setattr(kgraph.parallel.runners, "SCHEDULER_TIMEOUT", 2.0)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _corpus(tmp_path, 8)
    with pytest.raises(ClusterError) as info:
        build_graph([tmp_path / "in"], scheduler=f"tcp://127.0.0.1:{port}")
    assert f"127.0.0.1:{port}" in info.value.message and "dask scheduler" in (info.value.fix or "")


def test_parallel_a_worker_that_dies_is_a_clear_error(tmp_path: Path, small_shards: None) -> None:
    import multiprocessing
    import signal
    import threading
    import time

    _corpus(tmp_path, 40)
    killed: list[int] = []

    def kill_first_worker() -> None:
        deadline = time.monotonic() + 120
        while not killed and time.monotonic() < deadline:
            for child in multiprocessing.active_children():
                if child.pid:
                    os.kill(child.pid, signal.SIGKILL)
                    killed.append(child.pid)
                    return
            time.sleep(0.05)

    thread = threading.Thread(target=kill_first_worker, daemon=True)
    thread.start()
    with pytest.raises(ClusterError) as info:
        build_graph([tmp_path / "in"], out=tmp_path / "out", workers=2)
    thread.join(timeout=10)
    assert killed and "worker process ended abruptly" in info.value.message and "--workers" in (info.value.fix or "")
    assert not (tmp_path / "out" / "graph.ttl").exists()  # nothing half-written
    assert not multiprocessing.active_children()  # the other worker was stopped too


def test_parallel_a_plugin_registered_in_this_process_only_is_refused(tmp_path: Path, toy_language: object,
                                                                      small_shards: None) -> None:
    from kgraph.errors import ConfigError

    _corpus(tmp_path, 8)
    with pytest.raises(ConfigError) as info:
        build_graph([tmp_path / "in"], workers=2)
    assert "zz" in info.value.message and "--workers 1" in (info.value.fix or "")


def test_parallel_pool_spawns_when_other_threads_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     small_shards: None) -> None:
    import threading

    _corpus(tmp_path, 9)
    monkeypatch.chdir(tmp_path)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # a program with another thread (a notebook)
    other.start()
    said: list[str] = []
    try:
        build_graph([Path("in")], out="w2", workers=2, progress=said.append)
    finally:
        stop.set()
    assert "extracting with 2 worker processes (spawned), 4 documents a shard" in said
    build_graph([Path("in")], out="w1", workers=1)
    _same(Path("w1"), Path("w2"))


def test_parallel_command_line_forks_its_workers(tmp_path: Path, small_shards: None) -> None:
    import subprocess
    import sys

    _corpus(tmp_path, 9)
    cmd = [sys.executable, "-m", "kgraph", "build", "in", "--out", "w2", "--workers", "2"]
    res = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=280, env=os.environ)
    assert res.returncode == 0, res.stderr
    assert "extracting with 2 worker processes (forked from this one), 4 documents a shard" in res.stderr
    res1 = subprocess.run([*cmd[:6], "w1", "--workers", "1", "-q"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=280, env=os.environ)
    assert res1.returncode == 0, res1.stderr
    _same(tmp_path / "w1", tmp_path / "w2")
