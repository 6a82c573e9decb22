"""Which annotation files train a model, and the seeded document-level split (kgraph.train.selection)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kgraph.train.selection import fold_documents, select_documents, split_documents


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_selection_never_takes_closed_or_sealed_batches(tiny_corpus: Path, lang: str) -> None:
    selection = select_documents(lang, corpus_dir=tiny_corpus)
    names = {p.stem for p in selection.files}
    assert "own-b2-1" not in names and "own-s1-1" not in names
    reasons = {e.path.stem: e.reason for e in selection.excluded}
    assert reasons["own-b2-1"].startswith(f"in closed batch {lang}-b2")
    assert reasons["own-s1-1"].startswith(f"in sealed batch {lang}-s1")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_selection_takes_train_heldout_and_opened_batches(tiny_corpus: Path, lang: str) -> None:
    selection = select_documents(lang, corpus_dir=tiny_corpus)
    assert [p.stem for p in selection.files] == sorted(
        ["heldout-01", "own-b1-1", *(f"train-{i:02d}" for i in range(1, 9))])
    assert {e.path.stem for e in selection.excluded} == {"own-b2-1", "own-s1-1", "misc-1"}


@pytest.mark.parametrize(("batch", "opened", "taken"), [(1, None, False), (2, "2024-05-01", True),
                                                        (2, "", False), (3, "2025-01-01", True)])
def test_selection_follows_the_opened_field(tiny_corpus: Path, batch: int, opened: str | None, taken: bool) -> None:
    path = tiny_corpus / "batches.json"
    plan = json.loads(path.read_text(encoding="utf-8"))
    plan["ar"][batch - 1]["opened"] = opened
    path.write_text(json.dumps(plan), encoding="utf-8")
    doc = plan["ar"][batch - 1]["docs"][0]
    assert (doc in {p.stem for p in select_documents("ar", corpus_dir=tiny_corpus).files}) is taken


def test_selection_a_train_file_listed_in_a_closed_batch_stays_out(tiny_corpus: Path) -> None:
    path = tiny_corpus / "batches.json"
    plan = json.loads(path.read_text(encoding="utf-8"))
    plan["en"][1]["docs"].append("train-05")
    path.write_text(json.dumps(plan), encoding="utf-8")
    assert "train-05" not in {p.stem for p in select_documents("en", corpus_dir=tiny_corpus).files}


IDS = [f"doc-{i:02d}" for i in range(40)]


def test_split_is_seeded_and_complete() -> None:
    train, dev = split_documents(IDS, seed=3, dev_fraction=0.25)
    assert sorted(train + dev) == IDS and not set(train) & set(dev)
    assert (train, dev) == split_documents(list(reversed(IDS)), seed=3, dev_fraction=0.25)
    assert dev != split_documents(IDS, seed=4, dev_fraction=0.25)[1]
    assert 4 <= len(dev) <= 18


def test_split_adding_a_document_moves_no_other() -> None:
    train, dev = split_documents(IDS, seed=0, dev_fraction=0.2)
    train2, dev2 = split_documents([*IDS, "doc-new"], seed=0, dev_fraction=0.2)
    assert set(dev) <= set(dev2) and set(train) <= set(train2)


@pytest.mark.parametrize("ids", [["a", "b"], ["a", "b", "c"], [f"x{i}" for i in range(5)]])
@pytest.mark.parametrize("fraction", [0.01, 0.5, 0.99])
def test_split_keeps_one_document_on_each_side(ids: list[str], fraction: float) -> None:
    train, dev = split_documents(ids, seed=0, dev_fraction=fraction)
    assert train and dev


@pytest.mark.parametrize("fraction", [0.0, 1.0, -0.5, 2.0])
def test_split_rejects_a_bad_fraction(fraction: float) -> None:
    with pytest.raises(ValueError, match="dev_fraction"):
        split_documents(IDS, seed=0, dev_fraction=fraction)


@pytest.mark.parametrize("folds", [2, 3, 7])
def test_selection_folds_partition_the_documents(folds: int) -> None:
    groups = fold_documents(IDS, seed=1, folds=folds)
    assert len(groups) == folds and sorted(d for g in groups for d in g) == IDS
    assert max(map(len, groups)) - min(map(len, groups)) <= 1
    assert groups == fold_documents(list(reversed(IDS)), seed=1, folds=folds)


@pytest.mark.parametrize(("n", "folds"), [(3, 1), (3, 4)])
def test_selection_folds_need_documents(n: int, folds: int) -> None:
    with pytest.raises(ValueError, match="folds"):
        fold_documents(IDS[:n], seed=0, folds=folds)
