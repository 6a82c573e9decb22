"""Score kgraph on the team's annotated corpus with the shared scorer, by batch or by set.

usage:
    python benchmarks/quality.py ar-b1                  # one batch of corpus/batches.json
    python benchmarks/quality.py ar-b2 --record         # open a batch: score it once, record the first sight
    python benchmarks/quality.py ar-opened ar-train     # every opened Arabic batch; the Arabic training texts
    python benchmarks/quality.py en-heldout --kgraph "python -m kgraph"

Sets: a batch name (``ar-b1`` …), ``LANG-opened`` (all opened batches), ``LANG-train`` (``train-*`` texts),
``LANG-heldout`` (the mention layer of the older own texts), ``LANG-all-open`` (everything that is not closed).
The texts are copied into a temporary folder next to the gold part of each annotation, and the shared scorer
(``--eval``, default ``../shared/eval/eval.py`` next to the repository) builds and scores each one.

``--record`` refuses a batch that is already opened: a first-sight figure is taken once. Sealed batches
(``s1``, ``s2``) need ``--unseal`` as well.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def _shared() -> Path:
    """$KGRAPH_SHARED, else the ``shared`` folder next to the nearest ancestor of the checkout that has one."""
    env = os.environ.get("KGRAPH_SHARED")
    if env:
        return Path(env)
    for parent in ROOT.parents:
        if (parent / "shared").is_dir():
            return parent / "shared"
    return ROOT.parent / "shared"


SHARED = _shared()


def _source(ann_file: Path, source: str) -> Path:
    if source.startswith("shared:"):
        return SHARED / source.removeprefix("shared:")
    if source.startswith("repo:"):
        return ROOT / source.removeprefix("repo:")
    return ann_file.parent / source


def _plan() -> dict[str, list[dict[str, object]]]:
    return json.loads((CORPUS / "batches.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def documents(name: str) -> list[Path]:
    """The annotation files of a batch or set name."""
    lang, _, which = name.partition("-")
    plan = _plan()
    if lang not in plan:
        raise SystemExit(f"unknown set {name!r}: the language must be one of {sorted(plan)}")
    folder = CORPUS / lang
    batches = {str(b["name"]): b for b in plan[lang]}
    closed = {d for b in plan[lang] if not b.get("opened") for d in b["docs"]}  # type: ignore[attr-defined]
    if name in batches:
        names = list(batches[name]["docs"])  # type: ignore[call-overload]
    elif which == "opened":
        names = [d for b in plan[lang] if b.get("opened") for d in b["docs"]]  # type: ignore[attr-defined]
    elif which in ("train", "heldout"):
        names = sorted(p.stem for p in folder.glob(f"{which}-*.json"))
    elif which == "all-open":
        names = sorted(p.stem for p in folder.glob("*.json") if p.stem not in closed)
    else:
        raise SystemExit(f"unknown set {name!r}: a batch ({', '.join(batches)}) or {lang}-opened, "
                         f"{lang}-train, {lang}-heldout, {lang}-all-open")
    files = [folder / f"{n}.json" for n in names]
    missing = [f.name for f in files if not f.exists()]
    if missing:
        raise SystemExit(f"{name}: not annotated yet: {', '.join(missing)}")
    return files


def score(files: list[Path], *, eval_py: Path, kgraph: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            ann = json.loads(f.read_text(encoding="utf-8"))
            shutil.copyfile(_source(f, ann["source"]), Path(tmp) / f"{f.stem}.txt")
            (Path(tmp) / f"{f.stem}.json").write_text(json.dumps(ann["gold"], ensure_ascii=False), encoding="utf-8")
        run = subprocess.run([sys.executable, str(eval_py), tmp, "--kgraph", kgraph], capture_output=True,
                             text=True, check=False)
        if run.returncode != 0:
            raise SystemExit(f"the scorer failed:\n{run.stderr[-2000:]}")
        for line in run.stdout.splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sets", nargs="+", help="batch or set names")
    ap.add_argument("--eval", type=Path, default=SHARED / "eval" / "eval.py", help="the shared scorer's eval.py")
    ap.add_argument("--kgraph", default=f"{sys.executable} -m kgraph", help="how to run kgraph")
    ap.add_argument("--record", action="store_true", help="open the batch: record its first-sight score")
    ap.add_argument("--unseal", action="store_true", help="allow --record on a sealed batch (s1, s2)")
    ap.add_argument("--quiet", action="store_true", help="print only the macro line of each set")
    args = ap.parse_args()
    if not args.eval.exists():
        raise SystemExit(f"{args.eval}: the shared scorer is not there; pass --eval PATH/TO/eval.py")
    plan = _plan()
    for name in args.sets:
        lang = name.partition("-")[0]
        batch = next((b for b in plan.get(lang, []) if b["name"] == name), None)
        if args.record:
            if batch is None:
                raise SystemExit(f"--record: {name} is not a batch")
            if batch.get("opened"):
                raise SystemExit(f"--record: {name} was opened on {batch['opened']}; a first sight is taken once")
            if name.rsplit("-", 1)[-1].startswith("s") and not args.unseal:
                raise SystemExit(f"--record: {name} is sealed; add --unseal when the work is done")
        files = documents(name)
        rows = score(files, eval_py=args.eval, kgraph=args.kgraph)
        macro = rows[-1]
        if not args.quiet:
            for r in rows[:-1]:
                print(json.dumps({k: r.get(k) for k in ("doc", "precision", "recall", "f1", "entity_recall",
                                                         "missed", "false_positives")}, ensure_ascii=False))
        print(json.dumps({"set": name, **macro}))
        if args.record and batch is not None:
            commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True, check=False).stdout.strip()
            batch["opened"] = dt.date.today().isoformat()
            batch["first_sight"] = {"commit": commit, **macro["macro"],
                                    "per_doc": {str(r["doc"]).removesuffix(".json"): r.get("f1") for r in rows[:-1]}}
            (CORPUS / "batches.json").write_text(json.dumps(plan, indent=1, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
            m = macro["macro"]
            print(f"| {name} | {batch['opened']} | {commit} | {len(files)} | {m['f1']:.2f} | {m['precision']:.2f} | "
                  f"{m['recall']:.2f} | {m['entity_recall']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
