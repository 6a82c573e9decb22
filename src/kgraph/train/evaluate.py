"""Precision, recall and F1 of predicted mentions against gold mentions, per label and over all labels.

A predicted mention is correct when its span (start, end) and its label are exactly those of a gold
mention. Spans are any comparable offsets (token indices for the dev split, characters for ANERcorp).

>>> s = score_spans([({(0, 2, "ORG"), (5, 6, "LOC")}, {(0, 2, "ORG"), (5, 6, "PER")})])
>>> (s.micro.precision, s.micro.recall, s.by_label("LOC").recall, s.by_label("PER").precision)
(0.5, 0.5, 0.0, 0.0)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SpanKey = tuple[int, int, str]


@dataclass(frozen=True)
class LabelScore:
    """Counts and figures of one label (``label`` ``"ALL"``: over every label, micro-averaged)."""

    label: str
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "correct": self.correct,
                "p": round(self.precision, 4), "r": round(self.recall, 4), "f": round(self.f1, 4)}


@dataclass(frozen=True)
class Scores:
    """Micro-averaged figures and the figures of each label (sorted by label)."""

    micro: LabelScore
    per_label: tuple[LabelScore, ...]

    def by_label(self, label: str) -> LabelScore:
        """The figures of ``label`` (zero counts for a label that was never seen)."""
        for score in self.per_label:
            if score.label == label:
                return score
        return LabelScore(label, 0, 0, 0)

    def to_json(self) -> dict[str, Any]:
        return {"micro": self.micro.to_json(), "per_label": {s.label: s.to_json() for s in self.per_label}}


def score_spans(pairs: Iterable[tuple[Iterable[SpanKey], Iterable[SpanKey]]]) -> Scores:
    """Score ``(gold, predicted)`` pairs, one pair per document or sentence."""
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    correct_n: Counter[str] = Counter()
    for gold, predicted in pairs:
        gold_set, pred_set = set(gold), set(predicted)
        gold_n.update(label for _, _, label in gold_set)
        pred_n.update(label for _, _, label in pred_set)
        correct_n.update(label for _, _, label in gold_set & pred_set)
    labels = sorted(set(gold_n) | set(pred_n))
    per_label = tuple(LabelScore(lb, gold_n[lb], pred_n[lb], correct_n[lb]) for lb in labels)
    micro = LabelScore("ALL", sum(gold_n.values()), sum(pred_n.values()), sum(correct_n.values()))
    return Scores(micro=micro, per_label=per_label)


def doc_spans(doc: Any) -> set[SpanKey]:
    """The entities of a ``Doc`` as (start token, end token, label)."""
    return {(e.start, e.end, e.label_) for e in doc.ents}


def predict_pairs(ner: Any, references: Iterable[Any], *, batch_size: int = 64) -> list[tuple[set[SpanKey],
                                                                                            set[SpanKey]]]:
    """(gold, predicted) entity spans of each reference, ``ner`` (a spaCy ``ner`` pipe) run on a copy of it
    without its entities."""
    from kgraph.train.reader import predicted_doc

    refs = list(references)
    predicted = ner.pipe([predicted_doc(r) for r in refs], batch_size=batch_size)
    return [(doc_spans(r), doc_spans(p)) for r, p in zip(refs, predicted, strict=True)]


def evaluate_docs(ner: Any, references: Iterable[Any], *, batch_size: int = 64) -> Scores:
    """Run ``ner`` on copies of ``references`` without their entities, and score it."""
    return score_spans(predict_pairs(ner, references, batch_size=batch_size))
