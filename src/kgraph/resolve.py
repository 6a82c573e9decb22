"""Identity: one actor per real-world actor, from the mentions of every document.

* Gazetteer actors keep their gazetteer id (``kga:isis``), whatever language or spelling named them.
* Other actors get an id minted from their normalised, transliterated name (``براندون باركر`` →
  ``brandwn_barkr``): no spaces, never a blank node, the same on every run.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from kgraph.gazetteer import Gazetteer
from kgraph.ingest.normalize import fold_phrase
from kgraph.model import Actor, Assertion, Corpus, Document, Extraction, Mention, Skipped

_AR_LATIN = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "a", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ء": "", "ؤ": "w",
    "ئ": "y", "ى": "a", "ة": "a", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g",
}


def transliterate(text: str) -> str:
    """A plain ASCII rendering of Arabic letters (for ids, not for display).

    >>> transliterate("باركر")
    'barkr'
    """
    return "".join(_AR_LATIN.get(c, c) for c in text)


def mint_id(name: str) -> str:
    """The id of an actor the gazetteer does not know: folded, transliterated, snake_case ASCII.

    >>> mint_id("Brandon Parker")
    'brandon_parker'
    >>> mint_id("براندون باركر")
    'brandwn_barkr'
    """
    import unicodedata

    text = transliterate(fold_phrase(name))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug or "actor_" + str(abs(hash(name)) % 10**8)


class Resolver:
    """Maps mentions to actor ids and accumulates actors over many documents."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self._names: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        self._canonical: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        self._cls: dict[str, Counter[str]] = defaultdict(Counter)
        self._mentions: Counter[str] = Counter()
        self._docs: dict[str, set[str]] = defaultdict(set)

    def actor_id(self, m: Mention) -> str:
        if m.key:
            return m.key
        minted = mint_id(m.name)
        if minted in self.gaz.entries:
            # a discovered name that happens to spell a gazetteer id: keep them apart
            minted = f"{minted}_{m.cls.lower()}"
        return minted

    def add(self, ex: Extraction) -> list[Assertion]:
        for m in ex.mentions:
            aid = self.actor_id(m)
            self._names[aid][(m.text, m.lang)] += 1
            self._canonical[aid][(m.name, m.lang)] += 1
            self._cls[aid][m.cls] += 1
            self._mentions[aid] += 1
            self._docs[aid].add(ex.document.id)
        out: list[Assertion] = []
        for r in ex.relations:
            s, o = self.actor_id(r.subject), self.actor_id(r.object)
            if s == o:
                continue
            for m in (r.subject, r.object):
                aid = self.actor_id(m)
                if aid not in self._cls:
                    self._cls[aid][m.cls] += 1
                    self._names[aid][(m.text, m.lang)] += 0
                    self._canonical[aid][(m.name, m.lang)] += 1
            speaker = self.actor_id(r.speaker) if r.speaker is not None else None
            out.append(Assertion(subject=s, predicate=r.predicate, object=o, relation=r, speaker=speaker))
        return out

    def actors(self) -> dict[str, Actor]:
        out: dict[str, Actor] = {}
        for aid in sorted(self._cls):
            entry = self.gaz.entries.get(aid)
            names = self._names[aid]
            labels: dict[str, str] = {}
            if entry is not None:
                labels.update(entry.labels)
                cls = entry.cls
            else:
                cls = self._cls[aid].most_common(1)[0][0]
            canonical = self._canonical[aid]
            for lang in sorted({lg for _, lg in canonical}):
                if lang not in labels:
                    # the most frequent canonical name; ties go to the longer (full names beat surnames)
                    best = sorted((-c, -len(t), t) for (t, lg), c in canonical.items() if lg == lang)
                    labels[lang] = best[0][2]
            alt = frozenset(names) | frozenset(canonical)
            if entry is not None:
                alt |= frozenset(entry.aliases)
            out[aid] = Actor(id=aid, cls=cls, labels=labels, alt_labels=alt, code=entry.code if entry else None,
                             mention_count=self._mentions[aid], documents=frozenset(self._docs[aid]))
        return out


def resolve(extractions: Iterable[Extraction], gazetteer: Gazetteer, *,
            skipped: Iterable[Skipped] = ()) -> Corpus:
    """Resolve the mentions of all ``extractions`` into one :class:`Corpus`."""
    resolver = Resolver(gazetteer)
    docs: list[Document] = []
    assertions: list[Assertion] = []
    for ex in extractions:
        docs.append(ex.document)
        assertions.extend(resolver.add(ex))
    return Corpus(documents=tuple(docs), actors=resolver.actors(), assertions=tuple(assertions),
                  skipped=tuple(skipped))
