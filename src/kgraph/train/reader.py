"""The corpus reader of kgraph's training configs: ``kgraph.PreAnnotatedCorpus.v1``.

spaCy's own ``spacy.Corpus.v1`` re-tokenises each reference text with the config's tokenizer and starts the
predicted side from a bare ``Doc``: the pre-model annotations of the runtime pipeline (the folded ``NORM``)
would be lost, and the model would train on features it never sees at run time. This reader keeps the
reference's tokens and copies its pre-model attributes to the predicted side, so the model trains on exactly
what :class:`kgraph.train.convert.PreModel` produces at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from spacy.attrs import LEMMA, MORPH, NORM, SENT_START
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry

READER = "kgraph.PreAnnotatedCorpus.v1"
#: token attributes set before the mention model runs, copied to the predicted side (NORM always; the others
#: when the reference has them)
PRE_MODEL_ATTRS = ((NORM, ""), (LEMMA, "LEMMA"), (MORPH, "MORPH"), (SENT_START, "SENT_START"))


def predicted_doc(reference: Doc) -> Doc:
    """A copy of ``reference``'s tokens and pre-model attributes, without its entities (what the model sees)."""
    doc = Doc(reference.vocab, words=[t.text for t in reference], spaces=[bool(t.whitespace_) for t in reference])
    attrs = [attr for attr, name in PRE_MODEL_ATTRS if not name or reference.has_annotation(name)]
    values: Any = reference.to_array(attrs)
    doc.from_array(attrs, values)
    return doc


class PreAnnotatedCorpus:
    """Examples from a ``.spacy`` file: reference = the stored doc, predicted = :func:`predicted_doc` of it."""

    def __init__(self, path: Path | None) -> None:
        self.path = None if path is None else Path(path)

    def __call__(self, nlp: Any) -> Iterator[Example]:
        if self.path is None:  # a saved pipeline's config names no corpus
            return
        for reference in DocBin().from_disk(self.path).get_docs(nlp.vocab):
            if len(reference):
                yield Example(predicted_doc(reference), reference)


def create_reader(path: Path | None) -> Callable[[Any], Iterator[Example]]:
    """spaCy config: ``[corpora.train] @readers = "kgraph.PreAnnotatedCorpus.v1"`` ``path = ...``."""
    return PreAnnotatedCorpus(path)


registry.readers.register(READER, func=create_reader)
