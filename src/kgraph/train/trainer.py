"""``kgraph train``: select, split, convert, train (``spacy.cli.train``), evaluate, package.

One seeded run on CPU: the same corpus, config and seed give the same model files and the same scores.
"""

from __future__ import annotations

import contextlib
import io
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kgraph._version import __version__
from kgraph.errors import TrainingError
from kgraph.train.convert import Converted, PreModel, SpanIssue, convert, to_docbin
from kgraph.train.corpus import Annotation, default_corpus_dir, load_annotation, sha256_file
from kgraph.train.evaluate import Scores, evaluate_docs, predict_pairs, score_spans
from kgraph.train.package import config_path, model_dir, save_model
from kgraph.train.selection import fold_documents, select_documents, split_documents
from kgraph.train.speed import words_per_second

DEFAULT_SEED = 0
DEFAULT_DEV_FRACTION = 0.2
Progress = Callable[[str], None]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class TrainResult:
    """What a training run produced: the model folder, its record, and the figures."""

    lang: str
    model: Path
    record: dict[str, Any]
    dev: Scores
    train: Scores
    issues: tuple[SpanIssue, ...]
    cross_validated: Scores | None = None


class _Lines(io.TextIOBase):
    """A text stream that hands each complete line to ``progress`` (spaCy's training log → stderr)."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._buffer = ""
        self._real = (sys.stdout, sys.stderr)  # the streams the progress printer writes to

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            line = _ANSI.sub("", line)
            if line.strip() and self._progress is not None:
                with contextlib.redirect_stdout(self._real[0]), contextlib.redirect_stderr(self._real[1]):
                    self._progress(line)
        return len(text)


@contextlib.contextmanager
def _spacy_output(progress: Progress | None) -> Iterator[_Lines]:
    stream = _Lines(progress)
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        yield stream


def _relative(path: Path, root: Path) -> str:
    resolved = path.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else resolved.as_posix()


def train(lang: str, *, corpus_dir: Path | None = None, out: Path | None = None, seed: int = DEFAULT_SEED,
          dev_fraction: float = DEFAULT_DEV_FRACTION, folds: int = 0, config: Path | None = None,
          overrides: Mapping[str, Any] | None = None, progress: Progress | None = None) -> TrainResult:
    """Train ``lang``'s mention model on the selected annotations and write it into ``out``.

    Args:
        lang: ``"ar"`` or ``"en"`` (any language with a config in ``kgraph/train/configs``, or ``config``).
        corpus_dir: the annotated corpus (default: ``corpus/`` of this checkout).
        out: the model folder to write (default: the shipped ``kgraph/models/mentions-<lang>``).
        seed: seeds spaCy's training and the train/dev split.
        dev_fraction: share of the documents held out to score the model.
        folds: when 2 or more, also cross-validate over all selected documents (one extra training per fold,
            nothing shipped from them) and record the pooled figures: steadier than a small dev split.
        config: a spaCy training config to use instead of the shipped one.
        overrides: spaCy config overrides (``{"training.max_epochs": 2}``), recorded in ``training.json``.
        progress: called with each progress line (the CLI prints them on stderr).

    Raises:
        TrainingError: nothing to train on, an annotation file with errors, or spaCy failed.
    """
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    corpus_dir = corpus_dir or default_corpus_dir()
    root = corpus_dir.resolve().parent
    cfg = config or config_path(lang)
    out = out or model_dir(lang)
    selection = select_documents(lang, corpus_dir=corpus_dir)
    if not selection.files:
        raise TrainingError(f"no annotated {lang} document may train a model "
                            f"({len(selection.excluded)} left out: closed batches or unknown names)",
                            fix=f"add corpus/{lang}/train-*.json annotations, or open a batch (corpus/README.md)")
    annotations = [load_annotation(p, corpus_dir=corpus_dir) for p in selection.files]
    wrong = [a.path.name for a in annotations if a.lang != lang]
    if wrong:
        raise TrainingError(f"annotation files of another language in corpus/{lang}: {', '.join(wrong)}",
                            fix="move them to the folder of their language or fix their \"lang\"")
    train_ids, dev_ids = split_documents([a.doc_id for a in annotations], seed=seed, dev_fraction=dev_fraction)
    if not train_ids or not dev_ids:
        raise TrainingError(f"{len(annotations)} {lang} document(s): too few to hold one out for scoring",
                            fix="annotate at least two documents")
    say(f"{lang}: {len(annotations)} documents selected ({len(train_ids)} train, {len(dev_ids)} dev), "
        f"{len(selection.excluded)} left out")
    pre_model = PreModel(lang)
    converted = {a.doc_id: convert(a, pre_model) for a in annotations}
    issues = tuple(i for c in converted.values() for i in c.issues)
    for issue in issues:
        say(f"{issue.file} {issue.start}..{issue.end} {issue.label}: {issue.kind}")
    nlp = _fit(converted, train_ids, dev_ids, cfg=cfg, seed=seed, overrides=overrides or {}, progress=progress)
    ner = nlp.get_pipe("ner")
    dev = evaluate_docs(ner, [converted[i].doc for i in dev_ids])
    trained = evaluate_docs(ner, [converted[i].doc for i in train_ids])
    say(f"{lang}: dev P {dev.micro.precision:.3f} R {dev.micro.recall:.3f} F {dev.micro.f1:.3f}")
    speed = _speed(ner, [c.doc for c in converted.values()])
    crossed = None
    if folds >= 2:
        crossed = cross_validate(converted, folds=folds, cfg=cfg, seed=seed, overrides=overrides or {},
                                 progress=progress)
        say(f"{lang}: {folds}-fold cross-validated P {crossed.micro.precision:.3f} R {crossed.micro.recall:.3f} "
            f"F {crossed.micro.f1:.3f}")
    record = _record(lang, annotations, converted, train_ids=train_ids, dev_ids=dev_ids, root=root, cfg=cfg,
                     seed=seed, dev_fraction=dev_fraction, overrides=overrides or {}, issues=issues,
                     dev=dev, trained=trained, speed=speed, seconds=time.perf_counter() - started,
                     shipped=config is None, folds=folds, crossed=crossed, pre_model=pre_model)
    record = save_model(nlp, out, record)
    say(f"{lang}: wrote {out} ({record['size_bytes'] / 1e6:.1f} MB, {speed:,.0f} words/s on one core)")
    return TrainResult(lang=lang, model=out, record=record, dev=dev, train=trained, issues=issues,
                       cross_validated=crossed)


def _fit(converted: Mapping[str, Converted], train_ids: Sequence[str], dev_ids: Sequence[str], *, cfg: Path,
         seed: int, overrides: Mapping[str, Any], progress: Progress | None) -> Any:
    """Train a pipeline on ``train_ids`` (``dev_ids`` only feed spaCy's progress table): ``model-last``."""
    with tempfile.TemporaryDirectory(prefix="kgraph-train-") as tmp_name:
        tmp = Path(tmp_name)
        for name, ids in (("train", train_ids), ("dev", dev_ids)):
            to_docbin(converted[i].doc for i in ids).to_disk(tmp / f"{name}.spacy")
        return _run_spacy(cfg, tmp, seed=seed, overrides=overrides, progress=progress)


def cross_validate(converted: Mapping[str, Converted], *, folds: int, cfg: Path, seed: int,
                   overrides: Mapping[str, Any], progress: Progress | None = None) -> Scores:
    """Pooled figures of ``folds`` models, each trained without one fold of documents and run on it.

    Raises:
        ValueError: fewer documents than folds.
    """
    say = progress or (lambda _msg: None)
    pairs = []
    for k, held_out in enumerate(fold_documents(list(converted), seed=seed, folds=folds), 1):
        rest = [d for d in sorted(converted) if d not in held_out]
        nlp = _fit(converted, rest, held_out, cfg=cfg, seed=seed, overrides=overrides, progress=None)
        fold_pairs = predict_pairs(nlp.get_pipe("ner"), [converted[d].doc for d in held_out])
        say(f"fold {k}/{folds}: {len(held_out)} documents, F {score_spans(fold_pairs).micro.f1:.3f}")
        pairs.extend(fold_pairs)
    return score_spans(pairs)


def _run_spacy(cfg: Path, tmp: Path, *, seed: int, overrides: Mapping[str, Any],
               progress: Progress | None) -> Any:
    import spacy
    from spacy.cli.train import train as spacy_train

    import kgraph.train.reader  # noqa: F401  (registers the corpus reader the configs name)

    settings = {"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy"),
                "system.seed": seed, "training.seed": seed, **overrides}
    try:
        with _spacy_output(progress):
            spacy_train(cfg, tmp / "run", use_gpu=-1, overrides=settings)
    except SystemExit as exc:  # spaCy's CLI helpers exit on a bad config
        raise TrainingError(f"spaCy training stopped (exit {exc.code}) with config {cfg}",
                            fix="run with progress shown to read spaCy's message; check the config") from exc
    return spacy.load(tmp / "run" / "model-last")


def _speed(ner: Any, docs: list[Any]) -> float:
    from kgraph.train.reader import predicted_doc

    copies = [predicted_doc(d) for d in docs]

    def run(batch: list[Any]) -> None:
        for _ in ner.pipe(batch, batch_size=128):
            pass

    return words_per_second(run, copies)


def _record(lang: str, annotations: list[Annotation], converted: dict[str, Converted], *, train_ids: list[str],
            dev_ids: list[str], root: Path, cfg: Path, seed: int, dev_fraction: float, overrides: Mapping[str, Any],
            issues: tuple[SpanIssue, ...], dev: Scores, trained: Scores, speed: float, seconds: float,
            shipped: bool, folds: int, crossed: Scores | None, pre_model: PreModel) -> dict[str, Any]:
    import thinc
    from spacy import about

    dev_set = set(dev_ids)
    return {
        "lang": lang,
        "kgraph_version": __version__,
        "spacy_version": about.__version__,
        "thinc_version": thinc.__version__,
        "python": platform.python_version(),
        "seed": seed,
        "dev_fraction": dev_fraction,
        "config": cfg.name if shipped else f"custom:{cfg.resolve()}",
        "config_sha256": sha256_file(cfg),
        "overrides": {k: v for k, v in sorted(overrides.items())},
        "pre_model": "kgraph.train.convert.PreModel: the language's tokenizer, then kgraph_normalizer "
                     "(token.norm_ = kgraph.ingest.normalize.fold(token.text))",
        "pre_model_sha256": pre_model.fingerprint(),
        "files": [{"path": _relative(a.path, root), "sha256": sha256_file(a.path),
                   "split": "dev" if a.doc_id in dev_set else "train", "words": converted[a.doc_id].words,
                   "mentions": converted[a.doc_id].mentions} for a in annotations],
        "words": {"train": sum(converted[i].words for i in train_ids),
                  "dev": sum(converted[i].words for i in dev_ids)},
        "alignment": {
            "mentions": sum(c.mentions for c in converted.values()),
            "expanded": sum(1 for i in issues if i.kind == "expanded"),
            "dropped": [{"file": i.file, "start": i.start, "end": i.end, "label": i.label, "kind": i.kind}
                        for i in issues if i.kind != "expanded"],
        },
        "scores": {"dev": dev.to_json(), "train": trained.to_json(),
                   **({"cross_validated": {"folds": folds, **crossed.to_json()}} if crossed else {})},
        "words_per_second_one_core": round(speed),
        "training_seconds": round(seconds, 1),
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def scores_table(scores: Scores) -> str:
    """A Markdown table of P/R/F per label and over all (what ``docs/training.md`` shows)."""
    rows = ["| label | gold | predicted | P | R | F1 |", "|---|---|---|---|---|---|"]
    for s in (*scores.per_label, scores.micro):
        rows.append(f"| {s.label} | {s.gold} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    return "\n".join(rows)
