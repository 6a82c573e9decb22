"""P/R/F per label (kgraph.train.evaluate)."""

from __future__ import annotations

import pytest

from kgraph.train.evaluate import score_spans


@pytest.mark.parametrize(("gold", "pred", "p", "r"), [
    ({(0, 2, "ORG")}, {(0, 2, "ORG")}, 1.0, 1.0),
    ({(0, 2, "ORG")}, {(0, 3, "ORG")}, 0.0, 0.0),          # a boundary off by one token is wrong
    ({(0, 2, "ORG")}, {(0, 2, "LOC")}, 0.0, 0.0),          # so is the label
    ({(0, 2, "ORG"), (4, 5, "PER")}, {(0, 2, "ORG")}, 1.0, 0.5),
    ({(0, 2, "ORG")}, set(), 0.0, 0.0),
    (set(), set(), 0.0, 0.0),
])
def test_evaluate_micro_figures(gold: set, pred: set, p: float, r: float) -> None:  # type: ignore[type-arg]
    scores = score_spans([(gold, pred)])
    assert (scores.micro.precision, scores.micro.recall) == (p, r)


def test_evaluate_per_label_counts_over_documents() -> None:
    scores = score_spans([({(0, 1, "PER"), (3, 4, "LOC")}, {(0, 1, "PER"), (3, 4, "ORG")}),
                          ({(2, 3, "LOC")}, {(2, 3, "LOC")})])
    assert [s.label for s in scores.per_label] == ["LOC", "ORG", "PER"]
    assert scores.by_label("LOC").to_json() == {"gold": 2, "predicted": 1, "correct": 1, "p": 1.0, "r": 0.5,
                                                "f": 0.6667}
    assert scores.by_label("ORG").precision == 0.0 and scores.by_label("PER").f1 == 1.0
    assert scores.by_label("EVT").gold == 0
    assert (scores.micro.gold, scores.micro.predicted, scores.micro.correct) == (3, 3, 2)
