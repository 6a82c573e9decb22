"""Reading and validating annotation files (kgraph.train.corpus) and the corpus/check.py wrapper."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kgraph.errors import TrainingError
from kgraph.train.corpus import check_batches, check_file, load_annotation, main, shared_dir, source_path

CHECK = Path(__file__).resolve().parents[2] / "corpus" / "check.py"


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    ann = json.loads(path.read_text(encoding="utf-8"))
    change(ann)
    path.write_text(json.dumps(ann, ensure_ascii=False), encoding="utf-8")


def test_corpus_a_valid_file_has_no_error(tiny_corpus: Path) -> None:
    assert check_file(tiny_corpus / "ar" / "train-01.json", corpus_dir=tiny_corpus) == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda a: a["mentions"].append({"start": 5, "end": 2, "label": "ORG"}), "bad offsets"),
    (lambda a: a["mentions"].__setitem__(0, {**a["mentions"][0], "label": "NORP"}), "not one of"),
    (lambda a: a["mentions"].__setitem__(0, {**a["mentions"][0], "start": a["mentions"][0]["start"] + 1}),
     "word boundary"),
    (lambda a: a["mentions"].append(dict(a["mentions"][0])), "overlaps"),
    (lambda a: a.__setitem__("sha256", "0" * 64), "sha256 does not match"),
    (lambda a: a.pop("gold"), "missing key 'gold'"),
    (lambda a: a["mentions"].__setitem__(0, {**a["mentions"][0], "entity": "nobody"}), "unknown entity"),
    (lambda a: a["gold"]["entities"].__setitem__("Bad Id", {"type": "Person", "aliases": ["x"]}), "snake_case"),
])
def test_corpus_check_file_finds_errors(tiny_corpus: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    path = tiny_corpus / "en" / "train-01.json"
    _edit(path, change)
    errors = check_file(path, corpus_dir=tiny_corpus)
    assert any(message in e for e in errors), errors
    assert all(e.startswith("corpus/en/train-01.json: ") for e in errors)
    with pytest.raises(TrainingError, match=r"train-01\.json"):
        load_annotation(path, corpus_dir=tiny_corpus)


def test_corpus_an_entity_without_mention_is_a_warning(tiny_corpus: Path) -> None:
    path = tiny_corpus / "en" / "train-02.json"
    _edit(path, lambda a: a["gold"]["entities"].__setitem__("lake_council", {"type": "Government",
                                                                               "aliases": ["Lake Council"]}))
    assert [e for e in check_file(path, corpus_dir=tiny_corpus) if e.endswith("(warning)")]
    assert load_annotation(path, corpus_dir=tiny_corpus).doc_id == "train-02"


def test_corpus_load_annotation_reads_text_and_sorted_mentions(tiny_corpus: Path) -> None:
    ann = load_annotation(tiny_corpus / "ar" / "train-03.json", corpus_dir=tiny_corpus)
    assert ann.lang == "ar" and ann.text.endswith("\n")
    assert [m.start for m in ann.mentions] == sorted(m.start for m in ann.mentions)
    assert all(ann.text[m.start:m.end].strip() for m in ann.mentions)


def test_corpus_batches_a_document_in_two_batches(tiny_corpus: Path) -> None:
    path = tiny_corpus / "batches.json"
    plan = json.loads(path.read_text(encoding="utf-8"))
    plan["ar"][1]["docs"].append("own-b1-1")
    path.write_text(json.dumps(plan), encoding="utf-8")
    assert check_batches(tiny_corpus) == ["batches.json: own-b1-1 in two ar batches"]


@pytest.mark.parametrize(("source", "where"), [
    ("shared:data/real/ar/001.txt", "shared/data/real/ar/001.txt"),
    ("repo:benchmarks/data/x.txt", "benchmarks/data/x.txt"),
    ("own-1.txt", "corpus/ar/own-1.txt"),
])
def test_corpus_source_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, where: str) -> None:
    monkeypatch.delenv("KGRAPH_SHARED", raising=False)
    corpus = tmp_path / "work" / "repo" / "corpus"
    (tmp_path / "work" / "shared").mkdir(parents=True)
    corpus.mkdir(parents=True)
    found = source_path(corpus / "ar" / "x.json", source, corpus_dir=corpus)
    assert found == (tmp_path / "work" / where if source.startswith("shared:")
                     else tmp_path / "work" / "repo" / where)


def test_corpus_shared_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KGRAPH_SHARED", str(tmp_path / "elsewhere"))
    assert shared_dir(tmp_path) == tmp_path / "elsewhere"


def test_corpus_main_reports_counts(tiny_corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([], corpus_dir=tiny_corpus) == 0
    assert capsys.readouterr().err.strip().endswith("26 files, 0 errors, 0 warnings")
    _edit(tiny_corpus / "ar" / "misc-1.json", lambda a: a["mentions"].append({"start": 0, "end": 1, "label": "X"}))
    assert main([], corpus_dir=tiny_corpus) == 1


@pytest.mark.parametrize(("break_it", "code", "summary"), [(False, 0, "1 files, 0 errors, 0 warnings"),
                                                           (True, 1, "1 files, 1 errors, 0 warnings")])
def test_corpus_check_py_is_the_same_command(tiny_corpus: Path, break_it: bool, code: int, summary: str) -> None:
    path = tiny_corpus / "en" / "train-04.json"
    if break_it:
        _edit(path, lambda a: a["mentions"].__setitem__(0, {**a["mentions"][0], "label": "BAD"}))
    run = subprocess.run([sys.executable, str(CHECK), str(path), "--show"], capture_output=True, text=True,
                         check=False)
    assert run.returncode == code, run.stderr
    assert run.stderr.strip().splitlines()[-1] == summary
    assert len(run.stdout.splitlines()) == len(json.loads(path.read_text(encoding="utf-8"))["mentions"])
