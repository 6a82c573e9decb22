"""A tiny end-to-end training run on a made-up corpus (kgraph.train.trainer): seconds, not minutes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kgraph.errors import TrainingError
from kgraph.train import train
from kgraph.train.convert import PreModel, convert
from kgraph.train.corpus import load_annotation
from kgraph.train.package import RECORD, config_path, model_files
from kgraph.train.selection import select_documents
from kgraph.train.trainer import cross_validate


def test_trainer_writes_a_loadable_model_with_its_record(tiny_model: Any, tiny_training: dict[str, Any]) -> None:
    import spacy

    nlp = spacy.load(tiny_model.model)
    assert nlp.pipe_names == ["ner"] and nlp.lang == "ar"
    assert sorted(nlp.get_pipe("ner").labels) == ["EVT", "FAC", "GRP", "LOC", "MEET", "ORG", "PER"]
    record = json.loads((tiny_model.model / RECORD).read_text(encoding="utf-8"))
    assert record == tiny_model.record
    assert record["seed"] == 0 and record["config"] == "ner-ar.cfg" and len(record["config_sha256"]) == 64
    assert record["overrides"]["training.max_epochs"] == tiny_training["training.max_epochs"]
    assert {f["path"].rsplit("/", 1)[1] for f in record["files"]} == {
        "heldout-01.json", "own-b1-1.json", *(f"train-{i:02d}.json" for i in range(1, 9))}
    assert {f["split"] for f in record["files"]} == {"train", "dev"}
    assert record["model_files"] == model_files(tiny_model.model)
    assert record["size_bytes"] == sum((tiny_model.model / f).stat().st_size for f in record["model_files"])
    assert record["words_per_second_one_core"] > 0 and record["training_seconds"] > 0
    assert set(record["scores"]["dev"]["per_label"]) <= {"EVT", "FAC", "GRP", "LOC", "MEET", "ORG", "PER"}


def test_trainer_the_tiny_model_learns_its_made_up_corpus(tiny_model: Any) -> None:
    assert tiny_model.train.micro.f1 > 0.8, tiny_model.train.to_json()


def test_trainer_keeps_no_word_of_the_texts_in_the_model(tiny_model: Any) -> None:
    strings = json.loads((tiny_model.model / "vocab" / "strings.json").read_text(encoding="utf-8"))
    assert sorted(strings) == ["EVT", "FAC", "GRP", "LOC", "MEET", "ORG", "PER"]
    assert "/tmp" not in (tiny_model.model / "config.cfg").read_text(encoding="utf-8")


def test_trainer_same_data_and_seed_same_model_and_scores(tiny_model: Any, tiny_training: dict[str, Any],
                                                         tmp_path: Path) -> None:
    corpus = tiny_model.model.parent / "corpus"
    again = train("ar", corpus_dir=corpus, out=tmp_path / "again", seed=0, overrides=tiny_training)
    assert again.record["scores"] == tiny_model.record["scores"]
    assert again.record["model_files"] == tiny_model.record["model_files"]


def test_trainer_reports_progress(tiny_corpus: Path, tiny_training: dict[str, Any], tmp_path: Path) -> None:
    lines: list[str] = []
    train("en", corpus_dir=tiny_corpus, out=tmp_path / "en", seed=1,
          overrides={**tiny_training, "training.max_epochs": 1}, progress=lines.append)
    assert lines[0].startswith("en: 10 documents selected")
    assert any("Training pipeline" in line for line in lines)
    assert lines[-1].startswith(f"en: wrote {tmp_path / 'en'}")
    assert not any("\x1b[" in line for line in lines)


def test_trainer_refuses_a_corpus_with_nothing_to_train(tiny_corpus: Path, tmp_path: Path) -> None:
    for path in (tiny_corpus / "en").glob("*.json"):
        if path.stem.startswith(("train-", "heldout-", "own-b1")):
            path.unlink()
    with pytest.raises(TrainingError, match="no annotated en document may train"):
        train("en", corpus_dir=tiny_corpus, out=tmp_path / "m")


def test_trainer_refuses_an_annotation_with_errors(tiny_corpus: Path, tmp_path: Path) -> None:
    path = tiny_corpus / "en" / "train-03.json"
    ann = json.loads(path.read_text(encoding="utf-8"))
    ann["mentions"][0]["end"] = 10_000
    path.write_text(json.dumps(ann), encoding="utf-8")
    with pytest.raises(TrainingError, match=r"train-03\.json has 1 error"):
        train("en", corpus_dir=tiny_corpus, out=tmp_path / "m")
    assert not (tmp_path / "m").exists()


def test_trainer_cross_validation_predicts_every_document_once(tiny_corpus: Path,
                                                                tiny_training: dict[str, Any]) -> None:
    pre = PreModel("en")
    files = select_documents("en", corpus_dir=tiny_corpus).files
    converted = {p.stem: convert(load_annotation(p, corpus_dir=tiny_corpus), pre) for p in files}
    scores = cross_validate(converted, folds=3, cfg=config_path("en"), seed=0,
                            overrides={**tiny_training, "training.max_epochs": 2})
    assert scores.micro.gold == sum(c.mentions for c in converted.values())
    with pytest.raises(ValueError, match="folds"):
        cross_validate(converted, folds=len(converted) + 1, cfg=config_path("en"), seed=0, overrides=tiny_training)
