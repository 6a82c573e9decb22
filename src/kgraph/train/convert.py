"""Annotations → spaCy ``Doc`` and ``DocBin``, tokenised and pre-annotated exactly as the runtime pipeline does.

The text is cleaned as kgraph cleans every input (:func:`kgraph.ingest.normalize.clean_text`, with the
annotation offsets carried over), then run through :class:`PreModel`: the runtime tokenizer and the components
that run before the mention model (the normaliser, which sets each token's ``norm_`` to the folded form). Each
mention's character span becomes a token span. Arabic words carry proclitics (``وللتحالف``), so a span that
does not fall on token boundaries is widened to the tokens it touches (spaCy's ``expand`` alignment) and
reported; a span that still cannot be placed is dropped and reported.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kgraph.ingest.normalize import clean_text
from kgraph.train.corpus import MODEL_LABELS, Annotation

_INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                       "\ufeff\u00ad\u061c\u2060")
_CONTROL = frozenset([*map(chr, range(0x00, 0x09)), "\x0b", "\x0c", *map(chr, range(0x0e, 0x20)), "\x7f"])


class PreModel:
    """The runtime tokenizer of ``lang`` and the components that run before the mention model.

    ``PreModel("ar")("نص")`` is the ``Doc`` the mention model sees at run time, before it runs: the tokens of
    the language's pipeline (:func:`kgraph.extract.pipeline.tokenizer_pipeline`) and the runtime's own
    ``kgraph_normalizer``, which sets every token's ``NORM`` to the folded matching form. Training data is made
    with it. ``PreModel(lang).nlp`` is a spaCy pipeline with exactly these steps: add components to it.

    >>> [t.norm_ for t in PreModel("ar")("أعلنت الإدارة")]
    ['اعلنت', 'الاداره']
    """

    def __init__(self, lang: str) -> None:
        from kgraph.extract.pipeline import tokenizer_pipeline

        self.lang = lang
        self.nlp: Any = tokenizer_pipeline(lang)
        self.nlp.add_pipe("kgraph_normalizer", config={"lang": lang})
        self._steps = [component for _, component in self.nlp.pipeline]

    @property
    def vocab(self) -> Any:
        return self.nlp.vocab

    def __call__(self, text: str) -> Any:
        """The tokens of ``text`` with their pre-model annotations (components added later to ``nlp`` do not
        run)."""
        doc = self.nlp.make_doc(text)
        for step in self._steps:
            doc = step(doc)
        return doc

    def pipe(self, texts: Iterable[str]) -> Iterator[Any]:
        for text in texts:
            yield self(text)

    def fingerprint(self) -> str:
        """SHA-256 of the tokenizer's rules and the pre-model steps: changes when the tokens or norms a model
        sees may change (a model trained before should then be retrained)."""
        import hashlib

        digest = hashlib.sha256(self.nlp.tokenizer.to_bytes(exclude=["vocab"]))
        digest.update(" ".join(self.nlp.pipe_names[:len(self._steps)]).encode())
        return digest.hexdigest()


@dataclass(frozen=True)
class SpanIssue:
    """A mention that did not fall on token boundaries: ``expanded`` to whole tokens, or ``unaligned``/
    ``overlap`` (dropped). Offsets are those of the annotation file."""

    file: str
    start: int
    end: int
    label: str
    kind: str


@dataclass(frozen=True)
class Converted:
    """One document as the model trains on it."""

    doc_id: str
    doc: Any
    words: int
    mentions: int
    issues: tuple[SpanIssue, ...]


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """``(clean_text(text), offsets)``: ``offsets[i]`` is the index in ``text`` of the cleaned character ``i``.

    When the cleaning cannot be followed character by character, ``text`` itself is returned (with identity
    offsets).

    >>> clean_with_offsets("a\\u200bb\\r\\nc")
    ('ab\\nc', [0, 2, 3, 5])
    """
    cleaned = clean_text(text)
    if cleaned == text:
        return text, list(range(len(text)))
    stream: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", text[i:j])
        if chunk == text[i:j]:
            stream.extend((c, i + k) for k, c in enumerate(chunk))
        else:
            stream.extend((c, i) for c in chunk)
        i = j
    chars: list[str] = []
    offsets: list[int] = []
    k = 0
    while k < len(stream):
        c, at = stream[k]
        if c == "\r" and k + 1 < len(stream) and stream[k + 1][0] == "\n":
            chars.append("\n")
            offsets.append(at)
            k += 2
            continue
        if c in ("\r", "\u2028"):
            chars.append("\n")
            offsets.append(at)
        elif c == "\u2029":
            chars.extend("\n\n")
            offsets.extend((at, at))
        elif c in _INVISIBLE:
            pass
        elif c in _CONTROL:
            chars.append(" ")
            offsets.append(at)
        else:
            chars.append(c)
            offsets.append(at)
        k += 1
    if "".join(chars) != cleaned:
        return text, list(range(len(text)))
    return cleaned, offsets


def convert(annotation: Annotation, pre_model: PreModel) -> Converted:
    """Tokenise one annotated text with ``pre_model`` and set its mentions as entities (REF left out).

    Tokens outside every mention are ``O`` (the annotation of a document is complete). A mention whose
    span cuts a token is widened to whole tokens (issue ``expanded``); one that cannot be placed, or that
    overlaps an earlier mention once widened, is dropped (issue ``unaligned`` or ``overlap``).
    """
    text, offsets = clean_with_offsets(annotation.text)
    doc = pre_model(text)
    name = annotation.path.name
    issues: list[SpanIssue] = []
    spans: list[Any] = []
    last_end = 0
    count = 0
    for m in annotation.mentions:
        if m.label not in MODEL_LABELS:
            continue
        count += 1
        start, end = bisect.bisect_left(offsets, m.start), bisect.bisect_left(offsets, m.end)
        span = doc.char_span(start, end, label=m.label, alignment_mode="strict")
        expanded = span is None
        if span is None:
            span = doc.char_span(start, end, label=m.label, alignment_mode="expand")
        if span is None or not span.text.strip():
            issues.append(SpanIssue(name, m.start, m.end, m.label, "unaligned"))
            continue
        if span.start < last_end:
            issues.append(SpanIssue(name, m.start, m.end, m.label, "overlap"))
            continue
        if expanded:
            issues.append(SpanIssue(name, m.start, m.end, m.label, "expanded"))
        spans.append(span)
        last_end = span.end
    doc.set_ents(spans, default="outside")
    words = sum(1 for t in doc if not t.is_space)
    return Converted(doc_id=annotation.doc_id, doc=doc, words=words, mentions=count, issues=tuple(issues))


def to_docbin(docs: Iterable[Any]) -> Any:
    """A ``DocBin`` of ``docs`` keeping the tokens, their pre-model attributes (NORM, …) and the entities."""
    from spacy.tokens import DocBin

    binary = DocBin(store_user_data=False)
    for doc in docs:
        binary.add(doc)
    return binary
