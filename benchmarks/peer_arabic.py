"""Peer suite: kgraph over UniversalPetrarch's Arabic assault gold (sentences with source and target spans).

Reports
  (a) the share of sentences, among those whose gold names both a source and a target, where an ``opposes``
      relation (or a sub-property: attacks, condemns, detains, kills, …) links a node matching the gold
      source text to a node matching the gold target text;
  (b) the share of all sentences where kgraph finds any attack (any ``opposes``-family relation, negated or
      hedged ones excluded).

Also reported: in how many of those sentences kgraph found nodes for both the gold source and the gold target at
all (an upper bound for (a): most gold arguments are generic nouns such as "gunmen" or "soldiers", which kgraph's
gazetteer-and-title actor model does not make into nodes).

A node "matches" a gold text when their folded forms (alef/ya/ta-marbuta, diacritics, clitics ignored) share a
content word, or one contains the other. Run from the repository root::

    PYTHONPATH=src python benchmarks/peer_arabic.py [PATH/arabic_assault_gsr_validation.gold.jsonl]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[3] / "shared" / "data" / "peer" / "UniversalPetrarch" / \
    "arabic_assault_gsr_validation.gold.jsonl"


def _words(text: str) -> set[str]:
    from kgraph.ingest.normalize import fold_phrase
    from kgraph.registry import language

    arabic = language("ar")
    out = set()
    for w in fold_phrase(text).split():
        forms = arabic.variants(w)
        out.add(forms[-1] if len(forms[-1]) > 2 else w)
    return {w for w in out if w not in arabic.data.stop and len(w) > 1}


def _matches(node_texts: list[str], gold: str) -> bool:
    if not gold.strip():
        return False
    g = _words(gold)
    return any(g & _words(t) for t in node_texts if t)


def run(path: Path) -> dict[str, float | int]:
    from kgraph.extract import Extractor
    from kgraph.ingest import make_document

    ex = Extractor()
    n = n_pairs = hit_pairs = any_attack = both_nodes = 0
    words = 0
    t0 = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec["text"]
            n += 1
            words += len(text.split())
            doc = make_document(text, source=rec["id"], lang="ar")
            extraction = ex.extract(doc)
            rels = [r for r in extraction.relations
                    if ex.schema.family(r.predicate) == "opposes" and not r.negated and not r.hedged]
            if rels:
                any_attack += 1
            golds = [(e.get("sourcetext", ""), e.get("targettext", "")) for e in rec.get("event_text", [])]
            golds = [(s, t) for s, t in golds if s.strip() and t.strip()]
            if not golds:
                continue
            n_pairs += 1
            names = [t for m in extraction.mentions for t in (m.text, m.name)]
            if any(_matches(names, s) and _matches(names, t) for s, t in golds):
                both_nodes += 1
            if any(_matches([r.subject.text, r.subject.name], s) and _matches([r.object.text, r.object.name], t)
                   for r in rels for s, t in golds):
                hit_pairs += 1
    secs = time.perf_counter() - t0
    return {"sentences": n, "sentences_with_source_and_target": n_pairs,
            "opposes_source_target_share": round(hit_pairs / n_pairs, 3) if n_pairs else 0.0,
            "any_attack_share": round(any_attack / n, 3) if n else 0.0,
            "source_and_target_both_found_as_nodes": both_nodes,
            "words": words, "seconds": round(secs, 2)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", nargs="?", type=Path, default=DEFAULT, help="the .gold.jsonl file")
    args = ap.parse_args(argv)
    if not args.gold.is_file():
        logging.error("%s not found: pass the path of arabic_assault_gsr_validation.gold.jsonl", args.gold)
        return 2
    sys.stdout.write(json.dumps(run(args.gold)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
