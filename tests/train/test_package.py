"""Shipped mention models match the data and config they declare (kgraph.train.package)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from kgraph.train import check_model, model_dir
from kgraph.train import package as package_module
from kgraph.train.corpus import default_corpus_dir
from kgraph.train.package import RECORD, read_record


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_package_shipped_model_matches_its_training_data_and_config(lang: str) -> None:
    """The shipped model was trained on exactly the files it lists (SHA-256), with the current config.

    Adding an annotation file does not fail this test (it is listed by `kgraph train --check` as not yet in the
    model); changing or removing one the model was trained on does: retrain with `kgraph train --lang LANG`.
    """
    if read_record(model_dir(lang)) is None:
        pytest.skip(f"kgraph ships no {lang} mention model yet")
    state = check_model(lang, corpus_dir=default_corpus_dir())
    assert state.up_to_date, "\n".join([*state.problems(), f"fix: kgraph train --lang {lang}"])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_package_shipped_model_declares_no_closed_batch_file(lang: str) -> None:
    record = read_record(model_dir(lang))
    if record is None:
        pytest.skip(f"kgraph ships no {lang} mention model yet")
    plan = json.loads((default_corpus_dir() / "batches.json").read_text(encoding="utf-8"))
    closed = {d for b in plan[lang] if not b.get("opened") for d in b["docs"]}
    assert not [f["path"] for f in record["files"] if Path(f["path"]).stem in closed]


@pytest.fixture()
def trained_copy(tiny_model: Any, tmp_path: Path) -> tuple[Path, Path]:
    """(corpus, model): copies of the tiny training run that a test may change."""
    corpus = shutil.copytree(tiny_model.model.parent / "corpus", tmp_path / "corpus")
    model = shutil.copytree(tiny_model.model, tmp_path / "mentions-ar")
    return corpus, model


def test_package_check_a_fresh_model_is_up_to_date(trained_copy: tuple[Path, Path]) -> None:
    corpus, model = trained_copy
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert state.up_to_date and state.problems() == [] and state.pending == ()
    assert {e.path.stem for e in state.excluded} == {"own-b2-1", "own-s1-1", "misc-1"}


def test_package_check_a_new_annotation_file_is_pending_not_stale(trained_copy: tuple[Path, Path]) -> None:
    corpus, model = trained_copy
    for ext in ("txt", "json"):
        shutil.copy(corpus / "ar" / f"train-01.{ext}", corpus / "ar" / f"train-99.{ext}")
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert state.up_to_date and state.pending == ("corpus/ar/train-99.json",)


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_package_check_a_changed_training_file_makes_the_model_stale(trained_copy: tuple[Path, Path],
                                                                     change: str) -> None:
    corpus, model = trained_copy
    path = corpus / "ar" / "train-02.json"
    if change == "edit":
        ann = json.loads(path.read_text(encoding="utf-8"))
        ann["mentions"].pop()
        path.write_text(json.dumps(ann), encoding="utf-8")
    else:
        path.unlink()
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert not state.up_to_date and state.changed == ("corpus/ar/train-02.json",)
    assert "corpus/ar/train-02.json: changed or removed since the model was trained" in state.problems()


def test_package_check_a_closed_training_file_makes_the_model_stale(trained_copy: tuple[Path, Path]) -> None:
    corpus, model = trained_copy
    plan = json.loads((corpus / "batches.json").read_text(encoding="utf-8"))
    plan["ar"][1]["docs"].append("train-04")
    (corpus / "batches.json").write_text(json.dumps(plan), encoding="utf-8")
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert not state.up_to_date and state.not_selectable == ("corpus/ar/train-04.json",)


def test_package_check_a_changed_config_makes_the_model_stale(trained_copy: tuple[Path, Path], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    corpus, model = trained_copy
    configs = shutil.copytree(package_module.CONFIG_DIR, tmp_path / "configs")
    monkeypatch.setattr(package_module, "CONFIG_DIR", configs)
    assert check_model("ar", corpus_dir=corpus, model=model).up_to_date
    cfg = configs / "ner-ar.cfg"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("dropout = 0.2", "dropout = 0.3"), encoding="utf-8")
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert state.config_changed and not state.up_to_date


@pytest.mark.parametrize("change", ["tamper", "add"])
def test_package_check_a_changed_model_file_is_found(trained_copy: tuple[Path, Path], change: str) -> None:
    corpus, model = trained_copy
    if change == "tamper":
        (model / "ner" / "cfg").write_text("{}", encoding="utf-8")
    else:
        (model / "extra.bin").write_bytes(b"x")
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert state.model_changed == (("ner/cfg",) if change == "tamper" else ("extra.bin",))


def test_package_check_a_changed_tokenizer_is_a_warning(trained_copy: tuple[Path, Path]) -> None:
    corpus, model = trained_copy
    assert check_model("ar", corpus_dir=corpus, model=model).warnings() == []
    record = json.loads((model / RECORD).read_text(encoding="utf-8"))
    record["pre_model_sha256"] = "0" * 64
    (model / RECORD).write_text(json.dumps(record), encoding="utf-8")
    state = check_model("ar", corpus_dir=corpus, model=model)
    assert state.up_to_date and state.pre_model_changed and "tokenizer or normaliser changed" in state.warnings()[0]


def test_package_check_no_model(tiny_corpus: Path, tmp_path: Path) -> None:
    state = check_model("en", corpus_dir=tiny_corpus, model=tmp_path / "none")
    assert not state.present and not state.up_to_date and len(state.pending) == 10
    assert state.problems() == [f"no mention model at {tmp_path / 'none'}"]
    assert not (tmp_path / "none" / RECORD).exists()
