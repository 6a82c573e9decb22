"""Which annotated documents train a mention model, and the seeded train/dev split.

The rules (``docs/training.md``), applied to every ``corpus/<lang>/*.json`` (the document id is the file name
without ``.json``):

1. A document listed in a batch of ``batches.json`` trains only once that batch is **opened** (its
   ``opened`` field is set). A closed batch — and a sealed one, which stays closed until the end — never
   trains a model.
2. A document in no batch trains when its id starts with ``train-`` (a text written for training) or
   ``heldout-`` (an annotation of a team text whose first-sight figure is already recorded).
3. Any other document is left out, with the reason.

The split is per document and stable: a document's place depends only on the seed and its own id (a hash),
so adding a file never moves another one between train and dev.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.train.corpus import annotation_files, load_batches

TRAIN_PREFIXES = ("train-", "heldout-")


@dataclass(frozen=True)
class Excluded:
    """An annotation file that does not train the model, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class Selection:
    """The annotation files of one language that train its model (sorted), and those left out."""

    lang: str
    files: tuple[Path, ...]
    excluded: tuple[Excluded, ...]


def select_documents(lang: str, *, corpus_dir: Path) -> Selection:
    """Apply the selection rules to ``corpus_dir/<lang>/*.json``.

    Raises:
        TrainingError: ``batches.json`` cannot be read.
    """
    batch_of: dict[str, dict[str, Any]] = {}
    for batch in load_batches(corpus_dir).get(lang, []):
        for doc in batch.get("docs", []):
            batch_of[doc] = batch
    files: list[Path] = []
    excluded: list[Excluded] = []
    for path in annotation_files(corpus_dir, lang):
        doc_id = path.stem
        listed = batch_of.get(doc_id)
        if listed is not None:
            if listed.get("opened"):
                files.append(path)
            else:
                kind = "sealed" if listed.get("role") == "sealed" else "closed"
                excluded.append(Excluded(path, f"in {kind} batch {listed.get('name')} (not opened)"))
        elif doc_id.startswith(TRAIN_PREFIXES):
            files.append(path)
        else:
            excluded.append(Excluded(path, "in no batch and not a train-/heldout- file"))
    return Selection(lang=lang, files=tuple(files), excluded=tuple(excluded))


def _position(doc_id: str, seed: int) -> float:
    digest = hashlib.sha256(f"{seed}:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def split_documents(doc_ids: Sequence[str], *, seed: int, dev_fraction: float) -> tuple[list[str], list[str]]:
    """(train ids, dev ids): a document is dev when its seeded hash position is below ``dev_fraction``.

    With two documents or more, dev and train each get at least one (the lowest position moves to dev, the
    highest to train). Both lists are sorted.

    >>> split_documents(["a", "b"], seed=0, dev_fraction=0.2)[1] in (["a"], ["b"])
    True

    Raises:
        ValueError: ``dev_fraction`` is not between 0 and 1.
    """
    if not 0 < dev_fraction < 1:
        raise ValueError(f"dev_fraction must be between 0 and 1, not {dev_fraction}")
    ids = sorted(set(doc_ids), key=lambda d: (_position(d, seed), d))
    dev = [d for d in ids if _position(d, seed) < dev_fraction]
    train = [d for d in ids if d not in dev]
    if len(ids) >= 2:
        if not dev:
            dev, train = ids[:1], ids[1:]
        elif not train:
            dev, train = ids[:-1], ids[-1:]
    return sorted(train), sorted(dev)


def fold_documents(doc_ids: Sequence[str], *, seed: int, folds: int) -> list[list[str]]:
    """``folds`` groups of documents for cross-validation: dealt in the order of their seeded hash position.

    >>> fold_documents(["a", "b", "c"], seed=0, folds=2) in ([["a", "c"], ["b"]], [["b"], ["a", "c"]],
    ...                                                      [["a", "b"], ["c"]], [["c"], ["a", "b"]],
    ...                                                      [["b", "c"], ["a"]], [["a"], ["b", "c"]])
    True

    Raises:
        ValueError: fewer than two folds, or fewer documents than folds.
    """
    ids = sorted(set(doc_ids), key=lambda d: (_position(d, seed), d))
    if folds < 2 or len(ids) < folds:
        raise ValueError(f"{folds} folds need at least 2 folds and as many documents ({len(ids)} given)")
    return [sorted(ids[k::folds]) for k in range(folds)]
