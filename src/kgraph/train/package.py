"""Shipped mention models: where they are, how one is written, and whether it still matches its training data.

A model is a spaCy pipeline folder ``src/kgraph/models/mentions-<lang>/`` (shipped in the wheel) with a
``training.json`` record: versions, seed, the SHA-256 of the training config, every training file with its
SHA-256 and split, the scores on the dev split, the time, the size, the speed, and the SHA-256 of every model
file. :func:`check_model` compares that record with the corpus and the config as they are now.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import TrainingError
from kgraph.train.corpus import sha256_file
from kgraph.train.selection import Excluded, select_documents

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
CONFIG_DIR = Path(__file__).resolve().parent / "configs"
RECORD = "training.json"


def model_dir(lang: str, *, models_dir: Path | None = None) -> Path:
    """The folder of ``lang``'s mention model (``kgraph/models/mentions-<lang>`` by default)."""
    return (models_dir or MODELS_DIR) / f"mentions-{lang}"


def config_path(lang: str) -> Path:
    """The shipped training config of ``lang``.

    Raises:
        TrainingError: kgraph has no training config for ``lang``.
    """
    path = CONFIG_DIR / f"ner-{lang}.cfg"
    if not path.is_file():
        known = sorted(p.stem.removeprefix("ner-") for p in CONFIG_DIR.glob("ner-*.cfg"))
        raise TrainingError(f"no training config for language {lang!r} (kgraph has: {', '.join(known)})",
                            fix=f"add {CONFIG_DIR}/ner-{lang}.cfg or give --config FILE")
    return path


def read_record(model: Path) -> dict[str, Any] | None:
    """The ``training.json`` of a model folder, or ``None`` when there is no model."""
    path = model / RECORD
    if not path.is_file():
        return None
    record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return record


def model_files(model: Path) -> dict[str, str]:
    """SHA-256 of every file of a model folder but its ``training.json``, by relative POSIX path."""
    return {p.relative_to(model).as_posix(): sha256_file(p) for p in sorted(model.rglob("*"))
            if p.is_file() and p.name != RECORD}


def _portable_config(path: Path) -> None:
    """The saved config names no temporary corpus path and reads corpora with plain spaCy.

    The model then loads with ``spacy.load`` alone; the training config (with kgraph's reader) is the one
    ``training.json`` names.
    """
    from thinc.api import Config

    config = Config().from_disk(path, interpolate=False)
    for key in ("train", "dev"):
        config["paths"][key] = None
        config["corpora"][key] = {"@readers": "spacy.Corpus.v1", "path": f"${{paths.{key}}}"}
    config.to_disk(path)


def _prune_strings(model: Path, keep: Iterable[str]) -> None:
    """Keep only the label strings in the saved vocabulary (the hash embeddings need no strings, and the
    words of the training texts stay out of the repository)."""
    strings = model / "vocab" / "strings.json"
    if strings.is_file():
        strings.write_text(json.dumps(sorted(set(keep)), ensure_ascii=False), encoding="utf-8")


def save_model(nlp: Any, target: Path, record: dict[str, Any]) -> dict[str, Any]:
    """Write the trained pipeline ``nlp`` and its ``record`` into ``target``, replacing what was there.

    Returns the record as written (with ``model_files`` and ``size_bytes`` added).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    from kgraph._version import __version__
    from kgraph.train.convert import PreModel

    labels = list(nlp.get_pipe("ner").labels)
    nlp.tokenizer = PreModel(nlp.lang).nlp.tokenizer  # `spacy.load(model)` tokenises as kgraph does
    nlp.meta.update({"name": f"kgraph_mentions_{nlp.lang}", "version": __version__, "license": "MIT",
                     "description": "kgraph's mention model (kgraph train; docs/training.md)", "performance": {}})
    nlp.meta.pop("speed", None)
    nlp.to_disk(tmp)
    _portable_config(tmp / "config.cfg")
    _prune_strings(tmp, labels)
    files = model_files(tmp)
    record = {**record, "model_files": files,
              "size_bytes": sum((tmp / name).stat().st_size for name in files)}
    (tmp / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return record


@dataclass(frozen=True)
class ModelCheck:
    """How a shipped model compares with the corpus and config as they are now."""

    lang: str
    model: Path
    present: bool
    changed: tuple[str, ...] = ()
    config_changed: bool = False
    model_changed: tuple[str, ...] = ()
    not_selectable: tuple[str, ...] = ()
    pre_model_changed: bool = False
    pending: tuple[str, ...] = ()
    excluded: tuple[Excluded, ...] = field(default=())

    @property
    def up_to_date(self) -> bool:
        """The model exists and was trained on exactly the declared files and the current config."""
        return self.present and not (self.changed or self.config_changed or self.model_changed
                                     or self.not_selectable)

    def warnings(self) -> list[str]:
        """What does not make the model stale but is worth a retraining."""
        if self.present and self.pre_model_changed:
            return [f"the {self.lang} tokenizer or normaliser changed since the model was trained: the tokens or "
                    "norms it sees may differ from its training data (retrain)"]
        return []

    def problems(self) -> list[str]:
        """Why the model does not match (empty when :attr:`up_to_date`)."""
        if not self.present:
            return [f"no mention model at {self.model}"]
        out = [f"{f}: changed or removed since the model was trained" for f in self.changed]
        if self.config_changed:
            out.append(f"the training config of {self.lang} changed since the model was trained")
        out += [f"model file {f} does not match training.json" for f in self.model_changed]
        out += [f"{f}: trained on, but not selectable for training any more (closed batch?)"
                for f in self.not_selectable]
        return out


def check_model(lang: str, *, corpus_dir: Path, model: Path | None = None) -> ModelCheck:
    """Compare the model of ``lang`` (the shipped one, or the folder ``model``) with the current corpus and
    training config.

    ``pending`` lists the selectable annotation files that the model was not trained on (new files: not a
    mismatch, the next ``kgraph train`` takes them).
    """
    model = model or model_dir(lang)
    selection = select_documents(lang, corpus_dir=corpus_dir)
    root = corpus_dir.resolve().parent
    selected = {p.resolve().relative_to(root).as_posix() for p in selection.files}
    record = read_record(model)
    if record is None:
        return ModelCheck(lang=lang, model=model, present=False, pending=tuple(sorted(selected)),
                          excluded=selection.excluded)
    declared = {f["path"]: f["sha256"] for f in record["files"]}
    changed = tuple(sorted(p for p, sha in declared.items()
                           if not (root / p).is_file() or sha256_file(root / p) != sha))
    config_changed = (record.get("config") != config_path(lang).name
                      or record.get("config_sha256") != sha256_file(config_path(lang)))
    current = model_files(model)
    model_changed = tuple(sorted(set(current) ^ set(record["model_files"])
                                 | {f for f in current if record["model_files"].get(f) != current[f]}))
    from kgraph.train.convert import PreModel

    pre_model_changed = record.get("pre_model_sha256") != PreModel(lang).fingerprint()
    return ModelCheck(lang=lang, model=model, present=True, changed=changed, config_changed=config_changed,
                      model_changed=model_changed, pre_model_changed=pre_model_changed,
                      not_selectable=tuple(sorted(p for p in declared if p not in selected and p not in changed)),
                      pending=tuple(sorted(selected - set(declared))), excluded=selection.excluded)
