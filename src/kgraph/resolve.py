"""Identity: one actor per real-world actor, from the mentions of every document.

* Gazetteer actors keep their gazetteer id (``kga:isis``), whatever language or spelling named them.
* Other actors get an id minted from their normalised, transliterated name (``براندون باركر`` →
  ``brandwn_barkr``): no spaces, never a blank node, the same on every run.
* Persons named in different scripts or spellings are then joined when their names have the same
  consonant skeleton (:func:`name_skeleton`: ``براندون باركر`` and ``Brandon Parker`` are both
  ``brndn brkr``) *and* their contexts agree: the same organisation (a ``memberOf``/``leads`` relation
  from a title, widened by the gazetteer's ``partOf``) or, when neither side names a different
  organisation, at least one gazetteer actor named in the same sentences. A bare surname joins a full
  name only through a shared organisation and only when exactly one person fits. Two different people
  who share a surname therefore stay two nodes. Every join is kept as a :class:`~kgraph.model.Merge`
  (names, rule, shared context), which the graph stage writes as a ``kg:MergeRecord``.

Resolution is a function of the *set* of extractions: their order does not change the result, so an
incremental update or a merge of separate builds resolves exactly as one build over all inputs.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace

from kgraph.dedup import Stories, join_stories, translations
from kgraph.events import EventEvidence, date_agreement, sentence_date
from kgraph.gazetteer import Gazetteer
from kgraph.ingest.normalize import fold_phrase
from kgraph.model import Actor, Assertion, Corpus, Document, Duplicate, Extraction, Mention, Merge, Skipped
from kgraph.schema import Schema, load_schema

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
    text = transliterate(fold_phrase(name))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    # a stable fallback (``hash()`` changes from one process to the next)
    return slug or "actor_" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def identity_name(name: str) -> str:
    """The form that identifies a generic mention a mention model found: folded, every Arabic article dropped,
    so the definite and the indefinite phrase are one actor.

    >>> identity_name("القوات العراقية") == identity_name("قوات عراقية")
    True
    """
    words = fold_phrase(name).split()
    return " ".join(w[2:] if w.startswith("ال") and len(w) > 4 else w for w in words)


# ---------------------------------------------------------------------------------- name skeletons
# Consonant classes shared by Arabic letters and English spellings: p≈b, v≈f, z≈s, sh/ch≈s, j≈g≈gh,
# q≈k≈kh; vowels, w, y, h and the Arabic letters that write vowels or glottals are dropped.
_AR_SKELETON = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ط": "t", "ج": "g", "چ": "s", "خ": "k", "د": "d", "ذ": "d",
    "ض": "d", "ر": "r", "ز": "s", "س": "s", "ش": "s", "ص": "s", "ظ": "s", "غ": "g", "ف": "f", "ڤ": "f",
    "ق": "k", "ك": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n",
}
_LATIN_DIGRAPHS = (("tch", "s"), ("sch", "s"), ("ch", "s"), ("sh", "s"), ("ph", "f"), ("th", "t"),
                   ("dh", "d"), ("kh", "k"), ("gh", "g"), ("ck", "k"), ("qu", "k"), ("x", "ks"))
_LATIN_CLASS = {"p": "b", "v": "f", "z": "s", "q": "k", "j": "g"}
_LATIN_DROP = frozenset("aeiouywh")
_ARTICLES = frozenset({"al", "el", "ال"})
#: a cross-script match needs at least this many consonants in the name (short names collide too often)
MIN_SKELETON_LETTERS = 5


def _token_skeleton(token: str) -> str:
    if any("\u0600" <= c <= "\u06ff" for c in token):
        if token.startswith("ال") and len(token) > 3:
            token = token[2:]
        # تش writes English "ch" (ريتشارد = Richard), as "tch" is one sound in Latin spellings
        letters = [_AR_SKELETON.get(c, "") for c in token.replace("تش", "ش")]
    else:
        t = unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode("ascii").lower()
        t = re.sub(r"[^a-z]", "", t)
        if len(t) <= 1:
            return ""  # initials say nothing in the other script
        for digraph, value in _LATIN_DIGRAPHS:
            t = t.replace(digraph, value)
        t = re.sub(r"c(?=[eiy])", "s", t).replace("c", "k")
        letters = ["" if c in _LATIN_DROP else _LATIN_CLASS.get(c, c) for c in t]
    out: list[str] = []
    for c in "".join(letters):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def name_skeleton(name: str) -> tuple[str, ...]:
    """The consonant skeleton of a person's name, one item per name token, the same in both scripts.

    >>> name_skeleton("براندون باركر") == name_skeleton("Brandon Parker")
    True
    >>> name_skeleton("أنتوني بلينكن")
    ('ntn', 'blnkn')
    >>> name_skeleton("Antony J. Blinken")
    ('ntn', 'blnkn')
    >>> name_skeleton("ريتشارد كالواي") == name_skeleton("Richard Calloway")
    True
    """
    tokens = re.split(r"[\s\-–_.,'’]+", name.strip())
    out = []
    for tok in tokens:
        if not tok or tok.lower() in _ARTICLES:
            continue
        sk = _token_skeleton(tok)
        if sk:
            out.append(sk)
    return tuple(out)


def full_name_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names (two or more tokens each) that spell the same person: equal skeletons, or the same
    first and last name when one of them has no middle name.

    >>> full_name_match(("brndn", "brkr"), ("brndn", "brkr"))
    True
    >>> full_name_match(("gn", "brkr"), ("brndn", "brkr"))
    False
    """
    if len(a) < 2 or len(b) < 2 or sum(map(len, a)) < MIN_SKELETON_LETTERS:
        return False
    return a == b or (a[0] == b[0] and a[-1] == b[-1] and min(len(a), len(b)) == 2)


class _Clusters:
    """Union-find over provisional person ids that refuses joins naming two different people."""

    def __init__(self, ids: Iterable[str], *, gazetteer_ids: set[str],
                 skeletons: dict[str, dict[str, set[tuple[str, ...]]]]) -> None:
        self.parent = {i: i for i in ids}
        self.gaz = {i: ({i} if i in gazetteer_ids else set()) for i in self.parent}
        # language → full-name skeletons in the cluster
        self.names = {i: {lg: {s for s in sk if len(s) >= 2} for lg, sk in skeletons[i].items()}
                      for i in self.parent}

    def find(self, i: str) -> str:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def compatible(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.gaz[ra] and self.gaz[rb]:
            return False  # two gazetteer actors are two actors, by definition
        for lang, names in self.names[ra].items():
            for x in names:
                # two full names written in the same script that do not match are two people
                if any(not full_name_match(x, y) for y in self.names[rb].get(lang, ())):
                    return False
        return True

    def union(self, a: str, b: str) -> None:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return
        self.parent[rb] = ra
        self.gaz[ra] |= self.gaz.pop(rb)
        for lang, names in self.names.pop(rb).items():
            self.names[ra].setdefault(lang, set()).update(names)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for i in sorted(self.parent):
            out[self.find(i)].append(i)
        return out


class Resolver:
    """Maps mentions to actor ids and accumulates actors over many documents.

    :meth:`add` gives each mention a provisional id (gazetteer id or minted name); :meth:`identities`
    then joins provisional person ids that name the same person (see the module docstring).
    """

    def __init__(self, gazetteer: Gazetteer, *, schema: Schema | None = None,
                 stories: Stories | None = None) -> None:
        self.gaz = gazetteer
        #: which story each document tells: a copy's discovered events are scoped to its original
        self.stories = stories if stories is not None else Stories(())
        self.schema = schema if schema is not None else load_schema()
        #: classes whose discovered (non-gazetteer) instances are scoped to the document that names them
        self._events = self.schema.under("Event")
        self._places = self.schema.under("Place")
        self._names: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        self._canonical: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        self._cls: dict[str, Counter[str]] = defaultdict(Counter)
        self._mentions: Counter[str] = Counter()
        self._docs: dict[str, set[str]] = defaultdict(set)
        # context for identity: organisations a person holds a post in, and sentences it is named in
        self._orgs: dict[str, set[str]] = defaultdict(set)
        self._sentences: dict[str, set[tuple[str, int]]] = defaultdict(set)
        self._sentence_actors: dict[tuple[str, int], set[str]] = defaultdict(set)
        # context for event identity: the days the text gives for each event, and the report dates
        self._event_dates: dict[str, set[str]] = defaultdict(set)
        self._report_dates: dict[str, set[str]] = defaultdict(set)

    def actor_id(self, m: Mention) -> str:
        if m.key:
            return m.key
        known = self.gaz.lookup(fold_phrase(m.name))
        if known:
            # a name the rules found that the gazetteer knows (e.g. a group phrase from ar and en rules)
            return known[0]
        minted = mint_id(identity_name(m.name) if m.rule == "model" else m.name)
        if minted in self.gaz.entries:
            # a discovered name that happens to spell a gazetteer id: keep them apart
            minted = f"{minted}_{m.cls.lower()}"
        if m.cls in self._events:
            # "the meeting", "الاجتماع الوزاري", "the attack": the same words name different events in different
            # documents, so a discovered event is one node per document
            # (a copy of a story names the events of its original)
            minted = f"{minted}_{self.stories.story(m.doc_id)[:8]}"
        return minted

    def add(self, ex: Extraction) -> list[Assertion]:
        """Count the mentions of one document; return its assertions with provisional actor ids, each with the
        day its sentence says it happened (:func:`kgraph.events.sentence_date`)."""
        doc = ex.document
        spans = {r.sentence: (r.sent_start, r.sent_end) for r in ex.relations}
        dated: dict[int, str | None] = {}

        def when(sentence: int, start: int, end: int) -> str | None:
            if sentence not in dated:
                a, b = spans.get(sentence) or _sentence_around(doc.text, start, end)
                dated[sentence] = sentence_date(doc.text[a:b], doc.lang, doc.date)
            return dated[sentence]

        lead: str | bool | None = False  # the first date of the headline and the first two sentences (found once)
        in_lead: set[str] = set()
        for m in ex.mentions:
            aid = self.actor_id(m)
            if m.cls in self._events:
                day = when(m.sentence, m.start, m.end)
                if day:
                    self._event_dates[aid].add(day)
                if m.sentence < LEAD_SENTENCES:
                    in_lead.add(aid)
            self._names[aid][(m.text, m.lang)] += 1
            self._canonical[aid][(m.name, m.lang)] += 1
            self._cls[aid][m.cls] += 1
            self._mentions[aid] += 1
            self._docs[aid].add(ex.document.id)
            where = (ex.document.id, m.sentence)
            self._sentences[aid].add(where)
            if m.key and m.cls not in self._places and m.cls != "Person":
                self._sentence_actors[where].add(m.key)
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
            if self.schema.family(r.predicate) in ("memberOf", "leads") and r.subject.cls == "Person":
                # a post, a role or a command ties the person to the organisation
                self._orgs[s].add(o)
            speaker = self.actor_id(r.speaker) if r.speaker is not None else None
            day = when(r.sentence, r.sent_start, r.sent_end)
            for m, aid in ((r.subject, s), (r.object, o)):
                if day and m.cls in self._events:
                    self._event_dates[aid].add(day)
                if m.cls in self._events and r.sentence < LEAD_SENTENCES:
                    in_lead.add(aid)
            out.append(Assertion(subject=s, predicate=r.predicate, object=o, relation=r, speaker=speaker, when=day))
        for aid in sorted(in_lead):
            if not self._event_dates[aid]:
                # an event of the headline or the lead that no sentence of its own dates: the lead's date ("met in
                # Baghdad on Tuesday" when the extractor took the meeting from the headline)
                if lead is False:
                    lead = sentence_date(_lead(doc.text), doc.lang, doc.date)
                if lead:
                    self._event_dates[aid].add(str(lead))
        if doc.date:
            for m in ex.mentions:
                if m.cls in self._events:
                    self._report_dates[self.actor_id(m)].add(doc.date)
            for r in ex.relations:
                for m in (r.subject, r.object):
                    if m.cls in self._events:
                        self._report_dates[self.actor_id(m)].add(doc.date)
        return out

    # ------------------------------------------------------------------------------ identity
    def _cls_of(self, aid: str) -> str:
        entry = self.gaz.entries.get(aid)
        return entry.cls if entry is not None else self._cls[aid].most_common(1)[0][0]

    def _ancestors(self, ids: Iterable[str]) -> set[str]:
        out: set[str] = set()
        todo = list(ids)
        while todo:
            i = todo.pop()
            if i in out:
                continue
            out.add(i)
            entry = self.gaz.entries.get(i)
            if entry is not None:
                todo.extend(entry.part_of)
        return out

    def identities(self) -> tuple[dict[str, str], list[Merge]]:
        """Join provisional person ids that name the same person.

        Returns:
            ``{provisional id: actor id}`` for every id that changes, and one :class:`Merge` per join.
        """
        persons = sorted(a for a in self._cls if self._cls_of(a) == "Person")
        skeletons: dict[str, dict[str, set[tuple[str, ...]]]] = {}
        for p in persons:
            by_lang: dict[str, set[tuple[str, ...]]] = defaultdict(set)
            for name, lang in self._canonical[p]:
                by_lang[lang].add(name_skeleton(name))
            entry = self.gaz.entries.get(p)
            if entry is not None:
                for name, lang in [*((t, lg) for lg, t in entry.labels.items()), *entry.aliases]:
                    by_lang[lang].add(name_skeleton(name))
            skeletons[p] = by_lang
        orgs = {p: self._ancestors(self._orgs[p] | set(self.gaz.entries[p].part_of if p in self.gaz.entries
                                                     else ())) - {p} for p in persons}
        cooc = {p: set().union(*(self._sentence_actors[w] for w in self._sentences[p])) | orgs[p]
                for p in persons}
        clusters = _Clusters(persons, gazetteer_ids=set(self.gaz.entries), skeletons=skeletons)
        links: list[tuple[str, str, str, tuple[str, ...]]] = []

        def full(p: str) -> set[tuple[str, ...]]:
            return {s for sk in skeletons[p].values() for s in sk if len(s) >= 2}

        # 1. full names with the same skeleton and an agreeing context
        buckets: dict[tuple[str, str], set[str]] = defaultdict(set)
        for p in persons:
            for sk in full(p):
                buckets[(sk[0], sk[-1])].add(p)
        candidates: set[tuple[str, str]] = set()
        for members in buckets.values():
            ordered = sorted(members)
            candidates.update((a, b) for n, a in enumerate(ordered) for b in ordered[n + 1:])
        for a, b in sorted(candidates):
            if not any(full_name_match(x, y) for x in full(a) for y in full(b)):
                continue
            shared_orgs = orgs[a] & orgs[b]
            if shared_orgs:
                rule, shared = "transliteration+organisation", shared_orgs
            elif orgs[a] and orgs[b]:
                continue  # both hold posts, in different organisations: two people
            elif cooc[a] & cooc[b]:
                rule, shared = "transliteration+co-occurrence", cooc[a] & cooc[b]
            else:
                continue
            if clusters.compatible(a, b):
                clusters.union(a, b)
                links.append((a, b, rule, tuple(sorted(shared))))
        # 2. a bare surname joins the one full name that holds a post in the same organisation
        for p in persons:
            single = {s[0] for sk in skeletons[p].values() for s in sk if len(s) == 1}
            if not single or full(p) or not orgs[p]:
                continue
            fits: dict[str, str] = {}
            for q in persons:
                if q != p and orgs[p] & orgs[q] and any(s[-1] in single for s in full(q)):
                    fits.setdefault(clusters.find(q), q)
            if len(fits) == 1:
                q = next(iter(fits.values()))
                if clusters.compatible(p, q):
                    clusters.union(p, q)
                    links.append((q, p, "surname+organisation", tuple(sorted(orgs[p] & orgs[q]))))
        mapping: dict[str, str] = {}
        for group in clusters.groups().values():
            if len(group) < 2:
                continue
            canonical = min(group, key=lambda i: (i not in self.gaz.entries, not self._latin(i), i))
            for m in group:
                if m != canonical:
                    mapping[m] = canonical
        merges = []
        for a, b, rule, context in links:
            names = tuple(sorted({nm for x in (a, b) for nm in self._canonical[x]}))
            match = ("the surname of the full name" if rule.startswith("surname")
                     else "names with the same consonant skeleton")
            why = "a post in the same organisation" if rule.endswith("organisation") else "the same actors around them"
            reason = f"{self._label(a)} and {self._label(b)}: {match} and {why} ({', '.join(context)})"
            merges.append(Merge(actor=mapping.get(a, a), merged=(a, b), names=names, rule=rule, reason=reason,
                                shared=context))
        return mapping, merges

    def event_evidence(self, assertions: Iterable[Assertion]) -> dict[str, EventEvidence]:
        """What each discovered event (a provisional id) is known by, from the resolved ``assertions``."""
        events = {a for a in self._cls if a not in self.gaz.entries and self._cls_of(a) in self._events}
        out = {e: EventEvidence(cls=self._cls_of(e), docs=set(self._docs[e]),
                                stories={self.stories.story(d) for d in self._docs[e]},
                                dates=set(self._event_dates[e]), reports=set(self._report_dates[e]), places=set(),
                                participants=set(), names=set(self._canonical[e])) for e in sorted(events)}
        for a in assertions:
            for event, other in ((a.subject, a.object), (a.object, a.subject)):
                ev = out.get(event)
                if ev is None or other in out:
                    continue
                ev.docs.add(a.relation.doc_id)
                ev.stories.add(self.stories.story(a.relation.doc_id))
                if self.schema.family(a.predicate) == "locatedIn" and event == a.subject:
                    ev.places.add(other)
                elif self._cls_of(other) not in self._places:
                    ev.participants.add(other)
        return out

    def _places_agree(self, a: set[str], b: set[str]) -> str:
        """``"same"`` (a shared place, or one inside the other by the gazetteer's partOf), ``"unknown"`` (one
        side has no place) or ``"conflict"``."""
        if not a or not b:
            return "unknown"
        if a & b or self._ancestors(a) & b or self._ancestors(b) & a:
            return "same"
        return "conflict"

    def event_identities(self, events: Mapping[str, EventEvidence]) -> tuple[dict[str, str], list[Merge]]:
        """Join discovered events of different stories that are one event (see ``docs/identity.md``).

        Two events are joined when they are of the same class, nothing conflicts (the dates their texts give
        differ by more than a day, or a date falls outside the days before the other's report; their places
        differ; they come from one document) and the evidence agrees: the same place and the same date, or the same
        place and a shared participant on days that fit (an undated event joins no other this way), or the same
        date and a shared participant, or the same place in two documents of one story (a translation and its
        original: :func:`kgraph.dedup.translations`).

        Returns:
            ``{provisional id: event id}`` for every id that changes, and one :class:`Merge` per join.
        """
        keys: dict[tuple[str, str, object], list[str]] = defaultdict(list)
        for e, ev in events.items():
            days: list[object] = [*sorted(ev.days())] or [None]
            for kind, anchor in sorted({("p", x) for x in ev.places} | {("a", x) for x in ev.participants}):
                for day in days:
                    keys[(kind, anchor, day)].append(e)
        candidates: set[tuple[str, str]] = set()
        for members in keys.values():
            if 1 < len(members) <= 200:  # (a bigger block is an actor in everything: its other keys decide)
                ordered = sorted(set(members))
                candidates.update((x, y) for n, x in enumerate(ordered) for y in ordered[n + 1:])
        by_story: dict[str, set[str]] = defaultdict(set)
        for e, ev in events.items():
            for story in ev.stories:
                by_story[story].add(e)
        for story_events in by_story.values():
            ordered = sorted(story_events)
            candidates.update((x, y) for n, x in enumerate(ordered) for y in ordered[n + 1:])
        parent = {e: e for e in events}
        merged = {e: ev.copy() for e, ev in events.items()}

        def find(i: str) -> str:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        links: list[tuple[str, str, str, tuple[str, ...]]] = []
        for a, b in sorted(candidates):
            ra, rb = find(a), find(b)
            if ra == rb:
                continue
            x, y = merged[ra], merged[rb]
            if x.cls != y.cls:
                continue
            dates, places = date_agreement(x, y), self._places_agree(x.places, y.places)
            if dates == "conflict" or places == "conflict":
                continue
            shared = x.participants & y.participants
            one_story = bool(x.stories & y.stories)
            if x.docs & y.docs:
                # one document names two events of a kind: the extractor kept them apart; they join only at the same
                # place and on the same day, or when one is bare (the headline's "meeting in Baghdad", no participant
                # of its own) on a day that fits
                bare = not events[a].participants or not events[b].participants
                if places == "same" and (bare or dates == "same"):
                    rule = "place+document"
                else:
                    continue
            elif places == "same" and dates == "same":
                rule = "place+date"
            elif places == "same" and shared and dates == "compatible":
                rule = "place+participants"
            elif dates == "same" and shared:
                rule = "date+participants"
            elif places == "same" and one_story:
                rule = "place+story"
            else:
                continue
            keep, gone = sorted((ra, rb))
            parent[gone] = keep
            merged[keep].absorb(merged.pop(gone))
            context = tuple(sorted((x.places & y.places) | shared))
            links.append((a, b, rule, context))
        groups: dict[str, list[str]] = defaultdict(list)
        for e in sorted(events):
            groups[find(e)].append(e)
        mapping: dict[str, str] = {}
        for group in groups.values():
            if len(group) > 1:
                # the event keeps the id from its earliest report
                canonical = min(group, key=lambda e: (min(self.stories.rank_of(d) for d in events[e].docs), e))
                mapping.update((e, canonical) for e in group if e != canonical)
        merges = []
        for a, b, rule, context in links:
            ea, eb = events[a], events[b]
            when = sorted(ea.dates | eb.dates) or sorted(ea.reports | eb.reports)
            said = {"place+date": "the same place and the same day",
                    "place+participants": "the same place and the same participants",
                    "date+participants": "the same day and the same participants",
                    "place+story": "the same place, in two tellings of one story",
                    "place+document": "the same place, named twice in one report"}[rule]
            reason = (f"{self._label(a)} and {self._label(b)}: one {ea.cls.lower()}, {said} "
                      f"({', '.join(context)}{'; ' + ' '.join(when[:2]) if when else ''})")
            names = tuple(sorted({nm for x in (a, b) for nm in self._canonical[x]}))
            merges.append(Merge(actor=mapping.get(a, a), merged=(a, b), names=names, rule="event:" + rule,
                                reason=reason, shared=context))
        return mapping, merges

    def _latin(self, aid: str) -> bool:
        return any(name.isascii() for name, _ in self._canonical[aid])

    def _label(self, aid: str) -> str:
        best = sorted((-c, t) for (t, _), c in self._canonical[aid].items())
        return best[0][1] if best else aid

    def actors(self, mapping: dict[str, str] | None = None,
               merges: Iterable[Merge] = ()) -> dict[str, Actor]:
        """The actors seen so far, with the provisional ids in ``mapping`` folded into their actor."""
        mapping = mapping or {}
        members: dict[str, list[str]] = defaultdict(list)
        for aid in sorted(self._cls):
            members[mapping.get(aid, aid)].append(aid)
        rules: dict[str, set[str]] = defaultdict(set)
        for m in merges:
            rules[m.actor].add(m.rule)
        out: dict[str, Actor] = {}
        for aid in sorted(members):
            group = members[aid]
            entry = self.gaz.entries.get(aid)
            names: Counter[tuple[str, str]] = Counter()
            canonical: Counter[tuple[str, str]] = Counter()
            cls_count: Counter[str] = Counter()
            docs: set[str] = set()
            for g in group:
                names.update(self._names[g])
                canonical.update(self._canonical[g])
                cls_count.update(self._cls[g])
                docs |= self._docs[g]
            labels: dict[str, str] = {}
            if entry is not None:
                labels.update(entry.labels)
                cls = entry.cls
            else:
                cls = sorted(cls_count.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
            for lang in sorted({lg for _, lg in canonical}):
                if lang not in labels:
                    # the most frequent canonical name; ties go to the longer (full names beat surnames)
                    best = sorted((-c, -len(t), t) for (t, lg), c in canonical.items() if lg == lang)
                    labels[lang] = best[0][2]
            alt = frozenset(names) | frozenset(canonical)
            if entry is not None:
                alt |= frozenset(entry.aliases)
            out[aid] = Actor(id=aid, cls=cls, labels=labels, alt_labels=alt, code=entry.code if entry else None,
                             mention_count=sum(self._mentions[g] for g in group), documents=frozenset(docs),
                             merged_because=tuple(sorted(rules.get(aid, ()))),
                             stories=len({self.stories.story(d) for d in docs}),
                             copies=sum(self.stories.copies(d) for d in docs),
                             dates=tuple(sorted(set().union(*(self._event_dates[g] for g in group)))))
        return out


_SENTENCE_END = re.compile(r"[.!?؟\n]")
#: The headline and the first sentences of an article, where news says when its main event happened.
LEAD_SENTENCES = 3


def _lead(text: str) -> str:
    """The first :data:`LEAD_SENTENCES` sentences of ``text`` (a headline is one)."""
    count, last = 0, 0
    for m in _SENTENCE_END.finditer(text):
        if text[last:m.end()].strip(" \n.!?؟"):
            count += 1
        last = m.end()
        if count >= LEAD_SENTENCES:
            return text[:last]
    return text


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]`` (from the sentence marks around it)."""
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    return before, after.end() if after else len(text)


def _remap(a: Assertion, mapping: dict[str, str]) -> Assertion:
    s, o = mapping.get(a.subject, a.subject), mapping.get(a.object, a.object)
    sp = mapping.get(a.speaker, a.speaker) if a.speaker else None
    pl = mapping.get(a.place, a.place) if a.place else None
    if (s, o, sp, pl) == (a.subject, a.object, a.speaker, a.place):
        return a
    return replace(a, subject=s, object=o, speaker=sp, place=pl)


def resolve(extractions: Iterable[Extraction], gazetteer: Gazetteer, *,
            skipped: Iterable[Skipped] = (), schema: Schema | None = None,
            duplicates: Iterable[Duplicate] = (), exact_copies: Mapping[str, int] | None = None) -> Corpus:
    """Resolve the mentions of all ``extractions`` into one :class:`Corpus`.

    ``schema`` (default: the shipped one) says which classes are events and places and which properties tie a
    person to an organisation. ``duplicates`` (:func:`kgraph.dedup.near_duplicates`) are documents that copy
    another: the events they name are their original's. ``exact_copies``: byte-identical copies of each
    document that the build skipped.

    The order of ``extractions`` does not matter: they are taken in (source, document id) order.
    """
    ordered = sorted(extractions, key=lambda e: (e.document.source, e.document.id))
    dups = list(duplicates)
    exact = dict(exact_copies or {})
    resolver = Resolver(gazetteer, schema=schema, stories=Stories((e.document for e in ordered), dups, exact))
    docs: list[Document] = []
    provisional: list[Assertion] = []
    for ex in ordered:
        docs.append(ex.document)
        provisional.extend(resolver.add(ex))
    mapping, merges = resolver.identities()
    persons = [_remap(a, mapping) for a in provisional]
    events, event_merges = resolver.event_identities(resolver.event_evidence(persons))
    # a translation shares no shingles with its original but tells the same events and facts
    links = translations(docs, _facts_by_document(_remap(a, events) for a in persons), resolver.stories)
    if links:
        dups = join_stories(docs, dups, links)
        resolver.stories = Stories(docs, dups, exact)
        events, event_merges = resolver.event_identities(resolver.event_evidence(persons))
    mapping.update(events)
    merges += event_merges
    assertions = [b for b in (_remap(a, mapping) for a in provisional) if b.subject != b.object]
    actors = resolver.actors(mapping, merges)
    # a sentence that gives no day of its own ("Whitcombe took part in the meeting") is dated by its event's day
    one_day = {k: v.dates[0] for k, v in actors.items() if len(v.dates) == 1}
    assertions = [a if a.when or not (one_day.get(a.object) or one_day.get(a.subject))
                  else replace(a, when=one_day.get(a.object) or one_day.get(a.subject)) for a in assertions]
    copies = {d.document for d in dups}
    if copies:
        # an actor only copies of a story name, in no assertion, adds nothing the story did not say (a translation's
        # extractor finds other generic mentions than its original's): it stays out
        used = {x for a in assertions for x in (a.subject, a.object, a.speaker, a.place) if x}
        actors = {k: v for k, v in actors.items() if k in used or not v.documents <= copies}
    return Corpus(documents=tuple(docs), actors=actors, assertions=tuple(assertions),
                  skipped=tuple(skipped), merges=tuple(merges), duplicates=tuple(dups), exact_copies=exact)


def _facts_by_document(assertions: Iterable[Assertion]) -> dict[str, set[tuple[str, str, str]]]:
    out: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for a in assertions:
        if not a.relation.negated and not a.relation.hedged and a.subject != a.object:
            out[a.relation.doc_id].add((a.subject, a.predicate, a.object))
    return out
