"""Gazetteer mentions: a longest match over folded tokens, clitic-aware.

The first token of a name may be matched through any of its segmentation candidates (Arabic proclitics و ف ب ل
ك ال لل); a candidate is used only when the gazetteer knows the result, so ordinary words are never damaged.
How a name continues over later tokens, and which matches count, is the language plug-in's to say
(``match_form``, ``accept_match``).
"""

from __future__ import annotations

from kgraph.extract.plugin import LanguagePlugin
from kgraph.extract.tokens import Span, Tok, surface
from kgraph.gazetteer import Gazetteer

_PREFIXES: dict[int, tuple[Gazetteer, frozenset[str]]] = {}


def _prefixes(gaz: Gazetteer) -> frozenset[str]:
    """Every proper token prefix of a gazetteer key (so a match stops extending as soon as none can follow)."""
    cached = _PREFIXES.get(id(gaz))
    if cached is not None and cached[0] is gaz:
        return cached[1]
    out = set()
    for key in gaz.index:
        parts = key.split()
        for n in range(1, len(parts)):
            out.add(" ".join(parts[:n]))
    _PREFIXES[id(gaz)] = (gaz, frozenset(out))
    return _PREFIXES[id(gaz)][1]


def match_gazetteer(toks: list[Tok], gaz: Gazetteer, plugin: LanguagePlugin) -> list[Span]:
    """Longest gazetteer matches in ``toks``, left to right, non-overlapping."""
    prefixes = _prefixes(gaz)
    spans: list[Span] = []
    i, n = 0, len(toks)
    while i < n:
        best: tuple[int, str] | None = None
        if toks[i].is_punct:
            i += 1
            continue
        for first in toks[i].variants:
            parts = [first]
            j = i + 1
            # extend over following tokens (skipping punctuation inside a name, e.g. "Task Force – OIR")
            candidates: list[tuple[int, str]] = []
            while True:
                key = " ".join(parts)
                ids = gaz.lookup(key)
                if ids and not toks[j - 1].is_punct and plugin.accept_match(toks, i, j):
                    candidates.append((j, ids[0]))
                if j >= n or len(parts) >= gaz.max_tokens or key not in prefixes:
                    break
                nxt = toks[j]
                if nxt.is_punct and nxt.text not in ("-", "–", "—", "."):
                    # allow a closing/opening bracket inside names like عملية (العزم الصلب)
                    if nxt.text in "()[]" and j + 1 < n:
                        j += 1
                        continue
                    break
                if not nxt.is_punct:
                    parts.append(plugin.match_form(nxt))
                j += 1
            if candidates:
                cand = max(candidates, key=lambda c: c[0])
                if best is None or cand[0] > best[0]:
                    best = cand
        if best is None:
            i += 1
            continue
        j, key = best
        entry = gaz.entries[key]
        spans.append(Span(i=i, j=j, key=key, name=surface(toks, i, j), cls=entry.cls, rule="gazetteer"))
        i = j
    return spans
