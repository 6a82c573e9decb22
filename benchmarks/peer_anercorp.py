"""Peer figure: kgraph's Arabic mention model against ANERcorp (PERS / ORG / LOC), on ANERcorp's test portion.

ANERcorp (Benajiba et al. 2007; ``../shared/data/ner/ANERcorp/ANERCorp``, one ``token tag`` per line) is
research-only: kgraph evaluates on it and never trains on it. It is 2006-era general newswire, while kgraph's
model is trained on U.S. government statements about the campaign against ISIS and on team texts: this is a
figure of how the model carries over to another kind of text, not a target.

The split (fixed): CAMeL Lab's agreed split (camel.abudhabi.nyu.edu/anercorp): sentences end after a run of
one or more ``.`` tokens; the sentences that hold the first 5/6 of the words are the train portion (unused
here), the rest is the **test portion** scored here. (Our copy is the HassanAzzam/Arabic-NER one, 150,313
tokens, without CAMeL's small corrections, so the counts differ slightly from CAMeL's 25,008 test words.)

Label mapping: our ``PER`` → ``PERS``, ``ORG`` → ``ORG``, ``LOC`` → ``LOC``. Our ``GRP``, ``FAC``, ``MEET`` and
``EVT`` have no ANERcorp class and are left out; ANERcorp's ``MISC`` is left out. Our ``ORG`` also covers
generic organisations (``القوات العراقية``) and governments that ANERcorp leaves untagged or tags ``LOC``
(a country acting as a state is ``LOC`` in both), so some of our ``ORG`` count as false positives.

A mention is correct when its character span and class are exactly ANERcorp's (each sentence is rebuilt by
joining its tokens with spaces and run through kgraph's tokenizer, normaliser and mention model); an
*overlap* figure (any shared character, same class) is printed as well. Run from the repository root::

    PYTHONPATH=src python benchmarks/peer_anercorp.py [--model PATH] [--data PATH/ANERCorp]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CLASSES = ("PERS", "ORG", "LOC")
OURS = {"PER": "PERS", "ORG": "ORG", "LOC": "LOC"}
TEST_SHARE = 1 / 6


@dataclass(frozen=True)
class Sentence:
    text: str
    gold: frozenset[tuple[int, int, str]]
    words: int


def read_anercorp(path: Path) -> tuple[list[list[tuple[str, str]]], int]:
    """(sentences as (token, tag) lists, malformed lines). A sentence ends after a run of ``.`` tokens."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    malformed = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        token, _, tag = line.strip().rpartition(" ")
        if tag not in {"O", *(f"{p}-{c}" for p in "BI" for c in (*CLASSES, "MISC"))}:
            malformed += 1
            continue
        words = token.replace("·", ".").replace("•", ".").split()
        if len(words) != 1:
            malformed += 1
        for word in words:
            if current and current[-1][0] == "." and word != ".":
                sentences.append(current)
                current = []
            current.append((word, tag if len(words) == 1 else "O"))
    if current:
        sentences.append(current)
    return sentences, malformed


def test_portion(sentences: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """The sentences after those that hold the first 5/6 of the words."""
    total = sum(len(s) for s in sentences)
    boundary = total * (1 - TEST_SHARE)
    seen = 0
    out = []
    for sentence in sentences:
        if seen >= boundary:
            out.append(sentence)
        seen += len(sentence)
    return out


def to_sentence(tokens: list[tuple[str, str]]) -> Sentence:
    """Join the tokens with spaces and turn the BIO tags into character spans."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    open_span: list[int | str] | None = None
    for word, tag in tokens:
        start = len(text) + (1 if text else 0)
        text = f"{text} {word}" if text else word
        prefix, _, cls = tag.partition("-")
        if open_span is not None and (prefix != "I" or cls != open_span[2]):
            spans.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
            open_span = None
        if prefix in ("B", "I") and cls in CLASSES:
            if open_span is None:
                open_span = [start, len(text), cls]
            else:
                open_span[1] = len(text)
    if open_span is not None:
        spans.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
    return Sentence(text=text, gold=frozenset(spans), words=len(tokens))


def load(model: Path | None) -> Any:
    """kgraph's Arabic tokenizer and normaliser with the mention model after them (a spaCy pipeline)."""
    from kgraph.extract.mention_model import FACTORY
    from kgraph.train.convert import PreModel

    nlp = PreModel("ar").nlp
    nlp.add_pipe(FACTORY, config={"model": str(model) if model else None})
    return nlp


def predict(sentences: list[Sentence], nlp: Any) -> Iterator[set[tuple[int, int, str]]]:
    key = nlp.get_pipe("kgraph_mention_model").spans_key
    for doc in nlp.pipe((s.text for s in sentences), batch_size=128):
        yield {(sp.start_char, sp.end_char, OURS[sp.label_]) for sp in doc.spans[key]
               if sp.label_ in OURS}


def _overlap(gold: frozenset[tuple[int, int, str]], pred: set[tuple[int, int, str]]) -> tuple[int, int]:
    """(gold spans overlapped by a prediction of their class, predictions overlapping a gold span of theirs)."""
    hit_gold = sum(1 for g in gold if any(p[2] == g[2] and p[0] < g[1] and g[0] < p[1] for p in pred))
    hit_pred = sum(1 for p in pred if any(p[2] == g[2] and p[0] < g[1] and g[0] < p[1] for g in gold))
    return hit_gold, hit_pred


def main(argv: list[str] | None = None) -> int:
    from kgraph.train.corpus import default_corpus_dir, shared_dir
    from kgraph.train.evaluate import score_spans

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=None, help="the ANERCorp file (default: in ../shared)")
    parser.add_argument("--model", type=Path, default=None, help="a mention model folder (default: shipped)")
    args = parser.parse_args(argv)
    data = args.data or shared_dir(default_corpus_dir()) / "data" / "ner" / "ANERcorp" / "ANERCorp"
    if not data.is_file():
        print(f"ANERcorp not found at {data} (give --data)", file=sys.stderr)
        return 1
    all_sentences, malformed = read_anercorp(data)
    test = [to_sentence(s) for s in test_portion(all_sentences)]
    words = sum(s.words for s in test)
    nlp = load(args.model)
    started = time.process_time()
    predicted = list(predict(test, nlp))
    seconds = time.process_time() - started
    scores = score_spans((s.gold, p) for s, p in zip(test, predicted, strict=True))
    overlaps = [_overlap(s.gold, p) for s, p in zip(test, predicted, strict=True)]
    print(f"ANERcorp test portion: {len(test)} sentences, {words} tokens "
          f"(of {sum(len(s) for s in all_sentences)}; {malformed} malformed lines read as O); "
          f"model: {args.model or 'shipped'}; {words / seconds:,.0f} words per CPU second (tokenizer + model)")
    print("| class | gold | predicted | P | R | F1 |")
    print("|---|---|---|---|---|---|")
    for cls in CLASSES:
        s = scores.by_label(cls)
        print(f"| {cls} | {s.gold} | {s.predicted} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |")
    m = scores.micro
    print(f"| all three | {m.gold} | {m.predicted} | {m.precision:.3f} | {m.recall:.3f} | {m.f1:.3f} |")
    gold_hit = sum(g for g, _ in overlaps)
    pred_hit = sum(p for _, p in overlaps)
    p = pred_hit / m.predicted if m.predicted else 0.0
    r = gold_hit / m.gold if m.gold else 0.0
    print(f"overlap (any shared character, same class): P {p:.3f} R {r:.3f} "
          f"F1 {2 * p * r / (p + r) if p + r else 0.0:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
