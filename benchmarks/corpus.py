"""Generate a synthetic corpus from the example articles (both languages).

Each synthetic article takes the headline and 3-8 paragraphs from random example articles of one language
and swaps every gazetteer actor name it finds for another actor of the same class and language, so the
corpus has many distinct actors and facts but the sentence shapes of real articles.

    python benchmarks/corpus.py --n 10000 --out /tmp/kgraph-corpus
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"


def _paragraphs() -> dict[str, list[str]]:
    by_lang: dict[str, list[str]] = defaultdict(list)
    for path in sorted(EXAMPLES.glob("*.txt")):
        lang = "ar" if path.name.startswith("ar") else "en"
        paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        by_lang[lang].extend(paras)
    return dict(by_lang)


def _names() -> dict[tuple[str, str], list[str]]:
    """(lang, class) → gazetteer labels, from kgraph's shipped gazetteer."""
    from kgraph.gazetteer import load_gazetteer

    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in load_gazetteer().entries.values():
        for lang, label in entry.labels.items():
            names[(lang, entry.cls)].add(label)
        for lang, alias in entry.aliases:
            names[(lang, entry.cls)].add(alias)
    return {k: sorted(v) for k, v in names.items() if len(v) > 1}


class Generator:
    """Deterministic (seeded) article generator."""

    def __init__(self, *, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.paras = _paragraphs()
        self.names = _names()
        self.cls_of: dict[tuple[str, str], str] = {}
        for (lang, cls), labels in self.names.items():
            for label in labels:
                self.cls_of[(lang, label)] = cls
        self.pattern: dict[str, re.Pattern[str]] = {}
        for lang in self.paras:
            labels = sorted((lbl for (lg, lbl) in self.cls_of if lg == lang and len(lbl) > 3), key=len, reverse=True)
            self.pattern[lang] = re.compile("|".join(re.escape(lbl) for lbl in labels))

    def _swap(self, text: str, lang: str) -> str:
        mapping: dict[str, str] = {}

        def repl(m: re.Match[str]) -> str:
            old = m.group(0)
            if old not in mapping:
                pool = self.names[(lang, self.cls_of[(lang, old)])]
                mapping[old] = pool[self.rng.randrange(len(pool))]
            return mapping[old]

        return self.pattern[lang].sub(repl, text)

    def article(self, lang: str) -> str:
        paras = self.paras[lang]
        body = [paras[self.rng.randrange(len(paras))] for _ in range(self.rng.randint(3, 8))]
        return self._swap("\n\n".join(body), lang) + "\n"


def generate(n: int, out: Path, *, seed: int = 7) -> list[Path]:
    """Write ``n`` articles (half Arabic, half English) as ``out/NNNNN-LANG.txt``; return their paths."""
    gen = Generator(seed=seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        lang = "ar" if i % 2 else "en"
        path = out / f"{i:06d}-{lang}.txt"
        path.write_text(gen.article(lang), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.n, args.out, seed=args.seed)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    print(f"{len(paths)} articles, {words} words in {args.out}")


if __name__ == "__main__":
    main()
