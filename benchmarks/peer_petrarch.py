"""Peer suite: how often kgraph finds the CAMEO-coded relation of the PETRARCH-2 English gold sentences.

usage: python benchmarks/peer_petrarch.py [GOLD.jsonl] [--json]

GOLD.jsonl is UniversalPetrarch's ``PETR2_GSR_validation.gold.jsonl`` (78 real news sentences, each with the
CAMEO events a coder assigned: event code, source actor code, target actor code). By default it is looked up
as ``shared/data/peer/UniversalPetrarch/`` in a parent folder of this checkout.

CAMEO roots map to kgraph properties as follows (other roots — 01–03 statements, 09 investigate — have no
kgraph property and are left out):

    04 → meets;  05–08 → supports;  13 → threatens;  10–12 and 14–20 → opposes

An event counts as found when kgraph asserts (not negated, not hedged) that property — or one of its
sub-properties — from an actor whose country code equals the coded source's first three letters to one whose
code equals the target's (``meets`` either way round). Actor codes come from the gazetteer (``kg:cameoCode``,
following ``kg:partOf`` up to a coded actor). Coded actors kgraph cannot place in a country (``---``, IGOs
without a gazetteer entry, persons by role only: "the US leader") make the event unfindable; the report counts
them separately so the figure is honest about why. Precision: of kgraph's supports / opposes / threatens / meets
facts between two actors it can place in a country, in the sentences that have a mapped coded event, the share
that a coder assigned (same codes and property; ``meets`` either way round). A person takes the code of the
organisation the same sentence says they serve or lead ("Syrian President X" → SYR).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kgraph.errors import KGraphError  # noqa: E402
from kgraph.extract import Extractor  # noqa: E402
from kgraph.gazetteer import Gazetteer  # noqa: E402
from kgraph.ingest import make_document  # noqa: E402
from kgraph.resolve import Resolver  # noqa: E402

GOLD_NAME = "shared/data/peer/UniversalPetrarch/PETR2_GSR_validation.gold.jsonl"


def cameo_property(code: str) -> str | None:
    """The kgraph property of a CAMEO event code (by its two-digit root), or None.

    >>> cameo_property("042"), cameo_property("173"), cameo_property("130"), cameo_property("031")
    ('meets', 'opposes', 'threatens', None)
    """
    root = int(code[:2])
    if root == 4:
        return "meets"
    if 5 <= root <= 8:
        return "supports"
    if root == 13:
        return "threatens"
    if 10 <= root <= 12 or 14 <= root <= 20:
        return "opposes"
    return None


def super_properties() -> dict[str, set[str]]:
    """local name → itself and every super-property (the schema of ontologies/kgraph.ttl)."""
    from kgraph.schema import load_schema

    return {p: set(sups) for p, sups in load_schema().super_properties.items()}


def country_code(actor: str, gaz: Gazetteer) -> str | None:
    """The three-letter code of ``actor`` (its own kg:cameoCode, else the first coded kg:partOf ancestor)."""
    seen: set[str] = set()
    todo = [actor]
    while todo:
        aid = todo.pop(0)
        if aid in seen or aid not in gaz.entries:
            continue
        seen.add(aid)
        entry = gaz.entries[aid]
        if entry.code:
            return entry.code[:3]
        todo.extend(entry.part_of)
    return None


def find_gold() -> Path | None:
    for parent in ROOT.parents:
        cand = parent / GOLD_NAME
        if cand.exists():
            return cand
    return None


def run(gold: Path) -> dict[str, object]:
    extractor = Extractor(lang="en")
    supers = super_properties()
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    events = found = codable = 0
    by_prop: Counter[str] = Counter()
    found_by_prop: Counter[str] = Counter()
    wrong = 0
    judged = correct = 0
    examples: list[str] = []
    for row in rows:
        res = Resolver(extractor.gazetteer)
        facts = set()
        try:
            doc = make_document(row["text"], source=row["id"], lang="en")
        except KGraphError:
            doc = None  # an empty record: its events count as not found
        assertions = res.add(extractor.extract(doc)) if doc is not None else []
        # a person without a code takes the code of the organisation the sentence says they serve or lead
        posts = {a.subject: a.object for a in assertions if a.predicate in ("memberOf", "leads", "spokespersonOf")}

        def code(aid: str, posts: dict[str, str] = posts) -> str | None:
            found = country_code(aid, extractor.gazetteer)
            if found is None and aid in posts:
                found = country_code(posts[aid], extractor.gazetteer)
            return found

        for a in assertions:
            if a.relation.negated or a.relation.hedged:
                continue
            s_code, o_code = code(a.subject), code(a.object)
            for prop in supers.get(a.predicate, {a.predicate}):
                facts.add((s_code, prop, o_code))
        coded_pairs = set()
        for ev in row["event_coding"]:
            if "eventcode" not in ev:
                continue
            prop = cameo_property(ev["eventcode"])
            if prop is None:
                continue
            src, tgt = ev["sourcecode"][:3], ev["targetcode"][:3]
            coded_pairs.add((src, tgt))
            events += 1
            by_prop[prop] += 1
            known = {c for c in (src, tgt) if c not in ("---",)}
            if len(known) == 2:
                codable += 1
            hit = (src, prop, tgt) in facts or (prop == "meets" and (tgt, prop, src) in facts)
            if hit:
                found += 1
                found_by_prop[prop] += 1
                if len(examples) < 5:
                    examples.append(f"{row['id']}: {src} {prop} {tgt}")
        # precision: kgraph's facts (the four mapped properties, both actors placed in a country) in sentences with
        # a mapped coded event, and how many of them a coder assigned
        coded = {(ev["sourcecode"][:3], cameo_property(ev["eventcode"]), ev["targetcode"][:3])
                 for ev in row["event_coding"] if "eventcode" in ev and cameo_property(ev["eventcode"])}
        if coded:
            for s_code, prop, o_code in facts:
                if prop in ("supports", "opposes", "threatens", "meets") and s_code and o_code:
                    judged += 1
                    correct += (s_code, prop, o_code) in coded or (prop == "meets" and (o_code, prop, s_code) in coded)
        # kgraph facts between two coded actors of this sentence that no coder assigned
        for s_code, prop, o_code in facts:
            if prop in ("supports", "opposes", "threatens", "meets") and (s_code, o_code) in coded_pairs:
                wanted = {cameo_property(ev["eventcode"]) for ev in row["event_coding"] if "eventcode" in ev
                          and (ev["sourcecode"][:3], ev["targetcode"][:3]) == (s_code, o_code)}
                if prop not in wanted:
                    wrong += 1
    return {
        "sentences": len(rows),
        "mapped_events": events,
        "events_with_two_known_actor_codes": codable,
        "found": found,
        "recall": round(found / events, 3) if events else 0.0,
        "recall_on_codable": round(found / codable, 3) if codable else 0.0,
        "by_property": {p: f"{found_by_prop[p]}/{by_prop[p]}" for p in sorted(by_prop)},
        "facts_in_coded_sentences": judged,
        "facts_matching_a_coded_event": correct,
        "precision": round(correct / judged, 3) if judged else 0.0,
        "conflicting_facts_between_coded_actors": wrong,
        "examples": examples,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", type=Path, help="PETR2_GSR_validation.gold.jsonl")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of text")
    args = ap.parse_args()
    gold = args.gold or find_gold()
    if gold is None or not gold.exists():
        sys.stderr.write(f"peer_petrarch: gold file not found; pass the path to {GOLD_NAME.rsplit('/', 1)[-1]}\n")
        return 2
    report = run(gold)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=1) + "\n")
    else:
        for key, value in report.items():
            sys.stdout.write(f"{key}: {value}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
