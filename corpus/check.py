"""Validate kgraph's standoff annotations (format: corpus/README.md).

usage: python corpus/check.py [FILE.json ...] [--show]

With no file, checks every corpus/{ar,en}/*.json and corpus/batches.json. ``--show`` prints each mention's
text (read back from the annotated text) so an annotation can be proof-read. Exit 1 on any error.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
LABELS = {"PER", "ORG", "GRP", "LOC", "FAC", "MEET", "EVT", "REF"}
TYPES = {"Person", "Organization", "Government", "Place", "Facility", "Meeting", "Group"}
PREDICATES = {"supports", "opposes", "threatens", "meets", "participatesIn", "memberOf", "leads", "locatedIn",
              "requests", "controls"}
_AR_DIACRITICS = re.compile("[\u064b-\u0652\u0670\u0640]")


def norm(text: str) -> str:
    """The scorer's normalisation (shared/eval/score.py)."""
    t = unicodedata.normalize("NFKC", text)
    t = _AR_DIACRITICS.sub("", t)
    t = re.sub("[أإآٱ]", "ا", t).replace("ى", "ي").replace("ة", "ه")
    t = re.sub(r"[\"'«»()\[\]\-–—_.,،:;]", " ", t)
    return " ".join(t.casefold().split())


def source_path(ann_file: Path, source: str) -> Path:
    if source.startswith("shared:"):
        return SHARED / source.removeprefix("shared:")
    if source.startswith("repo:"):
        return HERE.parent / source.removeprefix("repo:")
    return ann_file.parent / source


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8").removeprefix("\ufeff")


def check_file(path: Path, *, show: bool = False) -> list[str]:
    errors: list[str] = []

    def err(msg: str) -> None:
        errors.append(f"{path.relative_to(HERE.parent) if path.is_relative_to(HERE.parent) else path}: {msg}")

    try:
        ann = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        err(f"not valid JSON: {exc}")
        return errors
    for key in ("source", "sha256", "lang", "mentions", "gold"):
        if key not in ann:
            err(f"missing key {key!r}")
    if errors:
        return errors
    src = source_path(path, ann["source"])
    if not src.is_file():
        err(f"source {ann['source']} not found at {src}")
        return errors
    if hashlib.sha256(src.read_bytes()).hexdigest() != ann["sha256"]:
        err(f"sha256 does not match {src} (the text changed: offsets must be checked again)")
    text = read_text(src)
    gold = ann["gold"]
    entities = gold.get("entities", {})
    for gid, ent in entities.items():
        if not re.fullmatch(r"[a-z0-9_]+", gid):
            err(f"entity id {gid!r}: use snake_case")
        if ent.get("type") not in TYPES:
            err(f"entity {gid}: type {ent.get('type')!r} not one of {sorted(TYPES)}")
        if not ent.get("aliases"):
            err(f"entity {gid}: no aliases")
    for gid in gold.get("must_find_entities", []):
        if gid not in entities:
            err(f"must_find_entities: unknown entity {gid!r}")
    rels = gold.get("relations", {})
    for kind in ("core", "optional"):
        for r in rels.get(kind, []):
            for k in ("s", "o"):
                if r.get(k) not in entities:
                    err(f"{kind} relation {r}: unknown entity {r.get(k)!r}")
            if r.get("p") not in PREDICATES:
                err(f"{kind} relation {r}: predicate {r.get('p')!r} not one of the ten")
            for rng in r.get("evidence", []) if isinstance(r.get("evidence"), list) else []:
                if not (isinstance(rng, list) and len(rng) == 2 and 0 <= rng[0] < rng[1] <= len(text)):
                    err(f"{kind} relation {r['s']} {r['p']} {r['o']}: bad evidence range {rng}")
    seen_entities = set()
    last_end = -1
    for n, m in enumerate(sorted(ann["mentions"], key=lambda m: (m.get("start", 0), m.get("end", 0)))):
        s, e, label = m.get("start"), m.get("end"), m.get("label")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            err(f"mention {n}: bad offsets {s}..{e}")
            continue
        surface = text[s:e]
        if label not in LABELS:
            err(f"mention {n} {surface!r}: label {label!r} not one of {sorted(LABELS)}")
        if surface != surface.strip() or not surface.strip():
            err(f"mention {n} {surface!r}: starts or ends with white space")
        if s < last_end:
            err(f"mention {n} {surface!r}: overlaps the previous mention")
        last_end = max(last_end, e)
        if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
            err(f"mention {n} {surface!r}: does not start and end at a word boundary")
        ent = m.get("entity")
        if ent is not None:
            if ent not in entities:
                err(f"mention {n} {surface!r}: unknown entity {ent!r}")
            else:
                seen_entities.add(ent)
        if show:
            print(f"{s:6d} {e:6d} {label:5s} {ent or '-':30s} {surface}")
    for gid in entities:
        if gid not in seen_entities:
            err(f"entity {gid}: no mention names it (warning)")
    return errors


def check_batches() -> list[str]:
    errors = []
    plan = json.loads((HERE / "batches.json").read_text(encoding="utf-8"))
    for lang, batches in plan.items():
        seen: set[str] = set()
        for b in batches:
            for d in b["docs"]:
                if d in seen:
                    errors.append(f"batches.json: {d} in two {lang} batches")
                seen.add(d)
    return errors


def main(argv: list[str]) -> int:
    show = "--show" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not files:
        files = sorted(HERE.glob("*/*.json"))
    errors = check_batches() if not any(not a.startswith("--") for a in argv) else []
    for f in files:
        errors += check_file(f.resolve(), show=show)
    hard = [e for e in errors if not e.endswith("(warning)")]
    for e in errors:
        print(e, file=sys.stderr)
    print(f"{len(files)} files, {len(hard)} errors, {len(errors) - len(hard)} warnings", file=sys.stderr)
    return 1 if hard else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
