"""Near-duplicate documents: re-posts, mirrors and lightly edited wire copies, found by MinHash over shingles.

A document is a set of *shingles* (every run of :data:`SHINGLE` words, case-folded, Arabic letters and
diacritics folded). Two documents are copies when the Jaccard similarity of their shingle sets is at least
the ``dedup_threshold`` setting (0.7: a headline rewritten and a few words changed in a 300-word story still
pass; two stories about the same event written apart do not come near). Comparing every pair is quadratic, so
candidates come from MinHash signatures (:data:`PERMUTATIONS` hash functions) cut into bands (locality-
sensitive hashing, :data:`BANDS` bands of :data:`ROWS` rows: a pair at 0.7 shares a band with probability
0.9998, a pair at 0.3 with 0.23); each candidate pair is then checked with its *exact* Jaccard similarity (of
the whole texts, and of the texts without their headline lines, as copy desks rewrite headlines), so the
result does not depend on luck, only on the fixed seeds. Copies are grouped (union-find) into *stories*;
the original of a story is its earliest document (by date, undated last, then by id), and every other member
is a :class:`~kgraph.model.Duplicate` of it.

Why our own MinHash rather than ``datasketch``: the whole method is the 60 lines below over numpy (already
installed with spaCy); ``datasketch`` adds scipy and hashes each shingle with SHA-1 in Python, several times
slower on 10,000 documents (``benchmarks/dedup.py``), and its LSH index is not needed to cut bands.

Byte-identical texts never get this far: they have the same document id and the build skips them (E109),
counting them as copies of the one it kept. A translation shares no shingles with its original; it is
caught after extraction, when its events and facts turn out to be the same (:func:`translations`).

>>> from kgraph.model import Document
>>> text = " ".join(f"word{i}" for i in range(60))
>>> docs = [Document(id="b", text=text + " extra", lang="en", source="b", content_hash="", date="2024-05-02"),
...         Document(id="a", text=text, lang="en", source="a", content_hash="", date="2024-05-01")]
>>> [(d.document, d.original, d.method) for d in near_duplicates(docs)]
[('b', 'a', 'near')]
"""

from __future__ import annotations

import functools
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from kgraph import settings
from kgraph.model import Document, Duplicate
from kgraph.unionfind import DisjointSets

if TYPE_CHECKING:
    import numpy as np

#: Words per shingle.
SHINGLE = 5
#: MinHash functions per document.
PERMUTATIONS = 128
#: LSH bands × rows per band = :data:`PERMUTATIONS`.
BANDS, ROWS = 32, 4
#: How far below the threshold a pair's MinHash estimate may be and still be checked exactly (the estimate of
#: 128 hash functions has a standard deviation of at most 0.045: four and a half of them)
_ESTIMATE_SLACK = 0.2
#: The fewest words a document needs to be compared at all (shorter texts are too alike by chance).
MIN_WORDS = 25

_WORD = re.compile(r"\w+")
_AR_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670]")
_SEED = 20261202
#: Shingles per slice of :func:`signature` (PERMUTATIONS × 8 bytes each: a few MB).
_SIGNATURE_SLICE = 4096


@functools.cache
def _constants() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The MinHash multipliers and offsets and the shingle mixers (numpy is imported on first use)."""
    import numpy as np

    rng = np.random.default_rng(_SEED)
    a = rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
    mix = np.array([0x9E3779B97F4A7C15 >> i for i in range(SHINGLE)], dtype=np.uint64) | np.uint64(1)
    return a, b, mix


def words(text: str) -> list[str]:
    """The words of ``text`` as shingles see them: case-folded, Arabic alef/ya/ta marbuta and diacritics folded.

    >>> words("Al-Hol CAMP, «مخيّم الهول»")
    ['al', 'hol', 'camp', 'مخيم', 'الهول']
    """
    return _WORD.findall(_DIACRITICS.sub("", text.casefold().translate(_AR_FOLD)))


def shingles(text: str, *, skip: int = 0) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of the :data:`SHINGLE`-word runs of ``text`` (one per run), leaving
    out the runs that start in its first ``skip`` words.

    >>> len(shingles("one two three four five six"))
    2
    >>> len(shingles("one two three four five six", skip=1))
    1
    """
    import numpy as np

    mix = _constants()[2]
    toks = words(text)
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in toks), dtype=np.uint64, count=len(toks))
    k = min(SHINGLE, len(toks))
    n = len(toks) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = (acc ^ h[j:j + n]) * mix[j]
            acc ^= acc >> np.uint64(29)
    return np.unique(acc[skip:] if skip < n else acc)


def signature(sh: np.ndarray) -> np.ndarray:
    """The MinHash signature (:data:`PERMUTATIONS` values) of a shingle set."""
    import numpy as np

    a, b, _ = _constants()
    out = np.full(PERMUTATIONS, np.iinfo(np.uint64).max, dtype=np.uint64)
    with np.errstate(over="ignore"):
        # a slice of the shingles at a time: the whole product is PERMUTATIONS × 8 bytes per shingle
        # (a 50 MB article has eight million)
        for start in range(0, len(sh), _SIGNATURE_SLICE):
            part = (np.multiply.outer(a, sh[start:start + _SIGNATURE_SLICE]) + b[:, None]).min(axis=1)
            np.minimum(out, part, out=out)
    return out


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity of two sorted shingle sets."""
    import numpy as np

    if not len(a) and not len(b):
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def _candidates(sigs: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of rows of ``sigs`` (one signature a row) that agree on at least one band, as ``(i, j)``, i < j."""
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i, key in enumerate(sigs[:, band * ROWS:(band + 1) * ROWS]):
            buckets[key.tobytes()].append(i)
        for members in buckets.values():
            if len(members) > 1:
                pairs.update((x, y) for n, x in enumerate(members) for y in members[n + 1:])
    return pairs


def headline_words(doc: Document) -> int:
    """How many words the headline line of ``doc`` has (0 when its text does not start with its title)."""
    if doc.title and doc.text.lstrip().startswith(doc.title):
        return len(words(doc.title))
    return 0


def rank(doc: Document) -> tuple[bool, str, str]:
    """The order that picks a story's original: dated before undated, earlier date first, then id."""
    return (doc.date is None, doc.date or "", doc.id)


def near_duplicates(documents: Sequence[Document], *, threshold: float | None = None) -> list[Duplicate]:
    """The documents that copy an earlier one (Jaccard similarity of shingles ≥ ``threshold``).

    Args:
        documents: the documents of a build (any order; the result does not depend on it).
        threshold: the least Jaccard similarity of two copies (default: the ``dedup_threshold`` setting);
            above 1 nothing is a copy.

    Returns:
        One :class:`Duplicate` per document that is not the original of its story, sorted by document id;
        ``similarity`` is its Jaccard similarity with the original (a member joined through a third copy
        may be lower than ``threshold``).
    """
    t = float(settings.get("dedup_threshold")) if threshold is None else threshold
    if t > 1 or len(documents) < 2:
        return []
    import numpy as np

    by_id = {d.id: d for d in documents}
    ids = sorted(i for i, d in by_id.items() if len(_WORD.findall(d.text)) >= MIN_WORDS)
    sets = {i: shingles(by_id[i].text) for i in ids}
    # the body without the headline too: copy desks rewrite headlines (checked only for candidate pairs)
    skips = {i: headline_words(by_id[i]) for i in ids}

    def similarity(a: str, b: str) -> float:
        whole = jaccard(sets[a], sets[b])
        if whole >= t or not (skips[a] or skips[b]):
            return whole
        return max(whole, jaccard(shingles(by_id[a].text, skip=skips[a]), shingles(by_id[b].text, skip=skips[b])))

    stories: DisjointSets[str] = DisjointSets(ids)
    if len(ids) < 2:
        return []
    sigs = np.stack([signature(sets[i]) for i in ids])
    pairs = sorted(_candidates(sigs))
    if pairs:
        left, right = (np.array(side, dtype=np.intp) for side in zip(*pairs, strict=True))
        # the signatures' estimate first (vectorised, generous), then the exact similarity of what is left
        estimate = (sigs[left] == sigs[right]).mean(axis=1)
        pairs = [p for p, e in zip(pairs, estimate, strict=True) if e >= t - _ESTIMATE_SLACK]

    for x, y in pairs:
        a, b = ids[x], ids[y]
        if stories.find(a) != stories.find(b) and similarity(a, b) >= t:
            stories.union(a, b)
    out: list[Duplicate] = []
    for members in stories.groups(ids):
        if len(members) < 2:
            continue
        original = min(members, key=lambda i: rank(by_id[i]))
        out.extend(Duplicate(document=m, original=original, method="near",
                             similarity=round(similarity(m, original), 3))
                   for m in members if m != original)
    return sorted(out, key=lambda d: d.document)


#: A translation shares at least this many facts with its original ...
TRANSLATION_MIN_FACTS = 3
#: ... which are at least this share of the facts of the one that states fewer (the two languages' extractors
#: find more or fewer facts in the same story, so a translation's facts are mostly a subset of its original's) ...
TRANSLATION_CONTAINMENT = 0.75
#: ... and their report dates (when both are dated) lie at most this many days apart.
TRANSLATION_DAYS = 2
#: A fact stated by more documents than this says nothing about which two are one story.
_COMMON_FACT = 50


def translations(documents: Sequence[Document], facts: Mapping[str, set[tuple[str, str, str]]],
                 stories: Stories) -> list[tuple[str, str, float]]:
    """Pairs of documents in different languages that tell one story: they state the same facts (after
    identity: the same actors and the same events), at least :data:`TRANSLATION_MIN_FACTS` of them and at least
    :data:`TRANSLATION_CONTAINMENT` of the facts of the one that states fewer, reported at most
    :data:`TRANSLATION_DAYS` days apart. Returns ``(document, document, share)``, sorted; documents already of
    one story are left out."""
    import datetime

    by_id = {d.id: d for d in documents}
    index: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for doc_id in sorted(facts):
        for fact in facts[doc_id]:
            index[fact].append(doc_id)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for docs in index.values():
        if len(docs) > _COMMON_FACT:
            continue
        for i, a in enumerate(docs):
            for b in docs[i + 1:]:
                if by_id[a].lang != by_id[b].lang and stories.story(a) != stories.story(b):
                    shared[(a, b)] += 1
    out = []
    for (a, b), n in sorted(shared.items()):
        similarity = n / min(len(facts[a]), len(facts[b]))
        if n < TRANSLATION_MIN_FACTS or similarity < TRANSLATION_CONTAINMENT:
            continue
        da, db = by_id[a].date, by_id[b].date
        if da and db and abs((datetime.date.fromisoformat(da) - datetime.date.fromisoformat(db)).days) \
                > TRANSLATION_DAYS:
            continue
        out.append((a, b, round(similarity, 3)))
    return out


def join_stories(documents: Sequence[Document], duplicates: Iterable[Duplicate],
                 links: Iterable[tuple[str, str, float]]) -> list[Duplicate]:
    """The copies once ``links`` (translations: :func:`translations`) join stories: every member of a joined story
    is a copy of its earliest document; a document keeps the record that found it (a near copy of a translation
    stays ``"near"``), and a document linked only by translation gets ``"translation"``."""
    by_id = {d.id: d for d in documents}
    stories: DisjointSets[str] = DisjointSets()
    known = {d.document: d for d in duplicates}
    for d in known.values():
        stories.union(d.document, d.original)
    found: dict[str, float] = {}
    for a, b, similarity in links:
        stories.union(a, b)
        for x in (a, b):
            found[x] = max(found.get(x, 0.0), similarity)
    out = []
    for members in stories.groups(list(stories.parent)):
        original = min(members, key=lambda i: rank(by_id[i]))
        for m in members:
            if m == original:
                continue
            if m in known:
                out.append(Duplicate(document=m, original=original, method=known[m].method,
                                     similarity=known[m].similarity))
            else:
                out.append(Duplicate(document=m, original=original, method="translation", similarity=found[m]))
    return sorted(out, key=lambda d: d.document)


class Stories:
    """Which story each document tells: its original's id (its own for an original), and its copies.

    Args:
        documents: the documents of a build.
        duplicates: the copies among them (:func:`near_duplicates`, :func:`translations`).
        exact: how many byte-identical copies of each document the build skipped (E109).
    """

    def __init__(self, documents: Iterable[Document], duplicates: Iterable[Duplicate] = (),
                 exact: Mapping[str, int] | None = None) -> None:
        self.original = {d.document: d.original for d in duplicates}
        self.rank = {d.id: rank(d) for d in documents}
        self.exact = dict(exact or {})

    @classmethod
    def from_table(cls, originals: Mapping[str, str], dates: Mapping[str, str | None]) -> Stories:
        """Stories from ``{copy id: original id}`` and ``{document id: date}`` (as read back from a graph)."""
        made = cls(())
        made.original = dict(originals)
        made.rank = {d: (date is None, date or "", d) for d, date in dates.items()}
        return made

    def story(self, doc_id: str) -> str:
        """The id of the original of ``doc_id``'s story."""
        return self.original.get(doc_id, doc_id)

    def copies(self, doc_id: str) -> int:
        """How many documents ``doc_id`` stands for: itself and its byte-identical copies."""
        return 1 + self.exact.get(doc_id, 0)

    def chosen(self, documents: Iterable[str]) -> set[str]:
        """Of the ``documents`` that state one fact, those that count: the earliest of each story."""
        best: dict[str, str] = {}
        for doc in documents:
            story = self.story(doc)
            if story not in best or self._rank(doc) < self._rank(best[story]):
                best[story] = doc
        return set(best.values())

    def count(self, occurrences: Iterable[str]) -> tuple[int, int, int]:
        """Count the occurrences of one fact, given the document of each: ``(assertions, documents, copies)``.

        A story counts once: its assertions are those of its earliest document that has the fact, ``documents``
        counts stories, and ``copies`` every document that carried the fact (byte-identical copies included).
        """
        per_doc: dict[str, int] = defaultdict(int)
        for doc in occurrences:
            per_doc[doc] += 1
        best = self.chosen(per_doc)
        return sum(per_doc[d] for d in best), len(best), sum(self.copies(d) for d in per_doc)

    def counted(self, occurrences: Sequence[str]) -> list[bool]:
        """For each occurrence (given by its document), whether :meth:`count` counts it."""
        best = self.chosen(occurrences)
        return [doc in best for doc in occurrences]

    def rank_of(self, doc_id: str) -> tuple[bool, str, str]:
        """The rank of a document (:func:`rank`): dated before undated, earlier first, then by id."""
        return self._rank(doc_id)

    def _rank(self, doc_id: str) -> tuple[bool, str, str]:
        return self.rank.get(doc_id, (True, "", doc_id))


__all__ = ["TRANSLATION_CONTAINMENT", "TRANSLATION_DAYS", "TRANSLATION_MIN_FACTS", "Duplicate", "Stories", "jaccard",
           "join_stories", "near_duplicates", "rank", "shingles", "signature", "translations", "words"]
