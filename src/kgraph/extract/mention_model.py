"""The trained mention model as a spaCy pipeline component: ``kgraph_mention_model``.

The component runs a mention model that ``kgraph train`` made (the one shipped for the pipeline's language, or
a model folder you give) and puts what it finds into ``doc.spans["kgraph_model_mentions"]``, each span
labelled with one of the corpus labels (``PER ORG GRP LOC FAC MEET EVT``). It changes nothing else: other span
groups and ``doc.ents`` are left as they were.

It must run after the steps the model was trained behind (kgraph's tokenizer and the normaliser that sets
``token.norm_`` to the folded form; see ``docs/training.md``)::

    nlp.add_pipe("kgraph_mention_model")                                  # the shipped model of nlp.lang
    nlp.add_pipe("kgraph_mention_model", config={"model": "path/to/model"})  # a model you trained

In a spaCy config::

    [components.mentions]
    factory = "kgraph_mention_model"
    model = null
    spans_key = "kgraph_model_mentions"
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.errors import ConfigError

FACTORY = "kgraph_mention_model"
SPANS_KEY = "kgraph_model_mentions"
MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
_ENT_ATTRS = [ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]


def shipped_model(lang: str) -> Path:
    """The folder of the mention model kgraph ships for ``lang``.

    Raises:
        ConfigError: kgraph ships no mention model for ``lang``.
    """
    path = MODELS_DIR / f"mentions-{lang}"
    if not (path / "config.cfg").is_file():
        have = sorted(p.name.removeprefix("mentions-") for p in MODELS_DIR.glob("mentions-*")
                      if (p / "config.cfg").is_file()) if MODELS_DIR.is_dir() else []
        raise ConfigError(f"kgraph ships no mention model for language {lang!r} (it has: {', '.join(have) or 'none'})",
                          fix=f"train one with `kgraph train --lang {lang}` (docs/training.md), or give model=PATH")
    return path


class MentionModel:
    """Runs a trained ``ner`` on each doc and stores its entities as the span group ``spans_key``."""

    def __init__(self, vocab: Any, *, path: Path, name: str = FACTORY, spans_key: str = SPANS_KEY,
                 lang: str | None = None) -> None:
        self.name = name
        self.spans_key = spans_key
        self.vocab = vocab
        self.lang = lang
        self.path = path
        self._ner: Any = None
        self._load(path)

    def _load(self, path: Path) -> None:
        import spacy

        if not (path / "config.cfg").is_file():
            raise ConfigError(f"no mention model at {path} (no config.cfg)",
                              fix="give the folder `kgraph train --out` wrote")
        model = spacy.load(path)
        if "ner" not in model.pipe_names:
            raise ConfigError(f"the pipeline at {path} has no `ner` component", fix="give a kgraph mention model")
        if self.lang is not None and model.lang != self.lang:
            raise ConfigError(f"the mention model at {path} is for {model.lang!r}, the pipeline is {self.lang!r}",
                              fix=f"give a model trained with `kgraph train --lang {self.lang}`")
        self._ner = model.get_pipe("ner")
        for label in self._ner.labels:
            self.vocab.strings.add(label)
        self.path = path

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels the model predicts."""
        return tuple(self._ner.labels)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Process docs in batches (faster than one by one)."""
        stream = iter(docs)
        while batch := list(itertools.islice(stream, batch_size)):
            saved = [doc.to_array(_ENT_ATTRS) for doc in batch]
            for doc in batch:  # the model must not take earlier entities as given
                doc.set_ents([], default="missing")
            for doc, ents in zip(self._ner.pipe(batch, batch_size=batch_size), saved, strict=True):
                found = [Span(doc, e.start, e.end, label=e.label_) for e in doc.ents]
                doc.from_array(_ENT_ATTRS, ents)
                doc.spans[self.spans_key] = found
                yield doc

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        """Save the model folder with the pipeline (``nlp.to_disk``)."""
        target = Path(path)
        if target.resolve() == self.path.resolve():
            return
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.path, target)

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> MentionModel:
        """Load the model folder saved with a pipeline (``spacy.load``)."""
        self._load(Path(path))
        return self


@Language.factory(FACTORY, default_config={"model": None, "spans_key": SPANS_KEY},
                  assigns=["doc.spans"], requires=["token.norm"])
def make_mention_model(nlp: Language, name: str, model: str | None, spans_key: str) -> MentionModel:
    """The ``kgraph_mention_model`` factory: ``model`` is a model folder, or ``None`` for the shipped one.

    Raises:
        ConfigError: no shipped model for ``nlp.lang``, or ``model`` is not a mention model of that language.
    """
    path = Path(model) if model else shipped_model(str(nlp.lang))
    return MentionModel(nlp.vocab, path=path, name=name, spans_key=spans_key, lang=nlp.lang)
