"""kgraph's annotated corpus: find it, read an annotation file, validate it (format: ``corpus/README.md``).

An annotation file is one JSON object per document: ``source`` (where the text is), ``sha256`` (of the text's
bytes), ``lang``, ``mentions`` (standoff character spans with a label) and ``gold`` (the scorer's format).
:func:`check_file` returns every problem of one file as a message; ``python corpus/check.py`` prints them
for the whole corpus (it is a thin wrapper over :func:`main`).

>>> sorted(MODEL_LABELS)
['EVT', 'FAC', 'GRP', 'LOC', 'MEET', 'ORG', 'PER']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import TrainingError

LABELS = frozenset({"PER", "ORG", "GRP", "LOC", "FAC", "MEET", "EVT", "REF"})
#: the labels a mention model learns: every label but ``REF`` (coreference, not a mention of its own)
MODEL_LABELS = LABELS - {"REF"}
TYPES = frozenset({"Person", "Organization", "Government", "Place", "Facility", "Meeting", "Group"})
PREDICATES = frozenset({"supports", "opposes", "threatens", "meets", "participatesIn", "memberOf", "leads",
                        "locatedIn", "requests", "controls"})
LANGS = ("ar", "en")
#: environment variable naming the shared data folder (``shared:`` sources), when it is not found by itself
SHARED_ENV = "KGRAPH_SHARED"


@dataclass(frozen=True)
class Mention:
    """One annotated span: ``text[start:end]`` carries ``label`` (and names gold entity ``entity``, if any)."""

    start: int
    end: int
    label: str
    entity: str | None = None


@dataclass(frozen=True)
class Annotation:
    """One annotation file, read and checked: ``text`` is the annotated text the offsets refer to."""

    path: Path
    doc_id: str
    lang: str
    source: str
    sha256: str
    text: str
    mentions: tuple[Mention, ...]


def repo_root() -> Path:
    """The source checkout kgraph runs from (``src/kgraph`` → the folder holding ``src``)."""
    return Path(__file__).resolve().parents[3]


def default_corpus_dir() -> Path:
    """``corpus/`` of the checkout kgraph runs from.

    Raises:
        TrainingError: kgraph does not run from a source checkout (an installed wheel has no corpus).
    """
    corpus = repo_root() / "corpus"
    if not (corpus / "batches.json").is_file():
        raise TrainingError(f"no annotated corpus at {corpus} (kgraph is not running from a source checkout)",
                            fix="give the corpus folder with --corpus DIR (it holds batches.json and ar/, en/)")
    return corpus


def shared_dir(corpus_dir: Path) -> Path:
    """The shared data folder that ``shared:`` sources name.

    ``$KGRAPH_SHARED`` when set, else the ``shared`` folder next to the nearest ancestor of ``corpus_dir`` that
    has one (``/work/main/corpus`` and ``/work/wt/x/corpus`` both find ``/work/shared``).
    """
    env = os.environ.get(SHARED_ENV)
    if env:
        return Path(env)
    for parent in corpus_dir.resolve().parents:
        if (parent / "shared").is_dir():
            return parent / "shared"
    return corpus_dir.resolve().parent.parent / "shared"


def source_path(ann_file: Path, source: str, *, corpus_dir: Path) -> Path:
    """Where the text of an annotation's ``source`` is."""
    if source.startswith("shared:"):
        return shared_dir(corpus_dir) / source.removeprefix("shared:")
    if source.startswith("repo:"):
        return corpus_dir.parent / source.removeprefix("repo:")
    return ann_file.parent / source


def read_text(path: Path) -> str:
    """A text file as the offsets see it: UTF-8, without a BOM."""
    return path.read_bytes().decode("utf-8").removeprefix("\ufeff")


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _display(path: Path, corpus_dir: Path) -> str:
    root = corpus_dir.resolve().parent
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def check_file(path: Path, *, corpus_dir: Path, show: bool = False) -> list[str]:
    """Every problem of one annotation file, as ``"<file>: <problem>"`` messages.

    A message ending in ``(warning)`` does not make the file unusable. With ``show``, each mention is printed
    on stdout (offsets, label, entity, the text it covers) so the annotation can be proof-read.
    """
    errors: list[str] = []

    def err(msg: str) -> None:
        errors.append(f"{_display(path, corpus_dir)}: {msg}")

    try:
        ann = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        err(f"not valid JSON: {exc}")
        return errors
    if not isinstance(ann, dict):
        err("not a JSON object")
        return errors
    for key in ("source", "sha256", "lang", "mentions", "gold"):
        if key not in ann:
            err(f"missing key {key!r}")
    if errors:
        return errors
    src = source_path(path, ann["source"], corpus_dir=corpus_dir)
    if not src.is_file():
        err(f"source {ann['source']} not found at {src}")
        return errors
    if sha256_file(src) != ann["sha256"]:
        err(f"sha256 does not match {src} (the text changed: offsets must be checked again)")
    text = read_text(src)
    _check_gold(ann["gold"], len(text), err)
    entities = ann["gold"].get("entities", {})
    seen_entities: set[str] = set()
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
            print(f"{s:6d} {e:6d} {label:5s} {ent or '-':30s} {surface}")  # noqa: T201 (the proof-reading view)
    for gid in entities:
        if gid not in seen_entities:
            err(f"entity {gid}: no mention names it (warning)")
    return errors


def _check_gold(gold: dict[str, Any], text_len: int, err: Any) -> None:
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
                if not (isinstance(rng, list) and len(rng) == 2 and 0 <= rng[0] < rng[1] <= text_len):
                    err(f"{kind} relation {r['s']} {r['p']} {r['o']}: bad evidence range {rng}")


def load_batches(corpus_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """``batches.json``: per language, the batches in the order they are opened.

    Raises:
        TrainingError: the file is missing or not valid JSON.
    """
    path = corpus_dir / "batches.json"
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise TrainingError(f"cannot read {path}: {exc}", fix="restore corpus/batches.json from git") from exc
    if not isinstance(plan, dict):
        raise TrainingError(f"{path}: not a JSON object of languages", fix="restore corpus/batches.json from git")
    return plan


def check_batches(corpus_dir: Path) -> list[str]:
    """Problems of ``batches.json``: a document listed in two batches of one language."""
    errors = []
    for lang, batches in load_batches(corpus_dir).items():
        seen: set[str] = set()
        for b in batches:
            for d in b["docs"]:
                if d in seen:
                    errors.append(f"batches.json: {d} in two {lang} batches")
                seen.add(d)
    return errors


def load_annotation(path: Path, *, corpus_dir: Path) -> Annotation:
    """Read and check one annotation file.

    Raises:
        TrainingError: the file has errors (warnings are allowed); the message lists them.
    """
    problems = [p for p in check_file(path, corpus_dir=corpus_dir) if not p.endswith("(warning)")]
    if problems:
        raise TrainingError(f"{_display(path, corpus_dir)} has {len(problems)} error(s):\n  " + "\n  ".join(problems),
                            fix=f"fix the annotation (python corpus/check.py {_display(path, corpus_dir)})")
    ann = json.loads(path.read_text(encoding="utf-8"))
    src = source_path(path, ann["source"], corpus_dir=corpus_dir)
    mentions = tuple(Mention(m["start"], m["end"], m["label"], m.get("entity"))
                     for m in sorted(ann["mentions"], key=lambda m: (m["start"], m["end"])))
    return Annotation(path=path, doc_id=path.stem, lang=ann["lang"], source=ann["source"], sha256=ann["sha256"],
                      text=read_text(src), mentions=mentions)


def annotation_files(corpus_dir: Path, lang: str) -> list[Path]:
    """The annotation files of one language, sorted by name."""
    return sorted((corpus_dir / lang).glob("*.json"))


def main(argv: Sequence[str], *, corpus_dir: Path) -> int:
    """``python corpus/check.py [FILE.json ...] [--show]``: check files (all, with none given); 1 on any error."""
    show = "--show" in argv
    files = [Path(a) for a in argv if not a.startswith("--")]
    errors = check_batches(corpus_dir) if not files else []
    if not files:
        files = sorted(corpus_dir.glob("*/*.json"))
    for f in files:
        errors += check_file(f.resolve(), corpus_dir=corpus_dir, show=show)
    hard = [e for e in errors if not e.endswith("(warning)")]
    for e in errors:
        print(e, file=sys.stderr)  # noqa: T201 (the command's report)
    print(f"{len(files)} files, {len(hard)} errors, {len(errors) - len(hard)} warnings", file=sys.stderr)  # noqa: T201
    return 1 if hard else 0
