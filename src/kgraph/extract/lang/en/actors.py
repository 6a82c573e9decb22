"""English actors beyond the gazetteer: persons introduced by a title or role ("Maj. Gen. X", "Iraqi Foreign
Minister X", "the Secretary of State, X,"), organisations from capitalised names with a head noun ("Anbar
Operations Command"), names next to a speech verb; the organisation a titled person holds a post in. And the
English case rule of gazetteer matches (:func:`accept_match`).
"""

from __future__ import annotations

from collections.abc import Sequence

from kgraph.extract.data import LanguageData
from kgraph.extract.lang.en.words import W
from kgraph.extract.tokens import Span, Tok
from kgraph.extract.tokens import surface as _surface

#: word classes these rules read (rules.json)
_APPOSED_ROLE_WORDS = W.words["apposed_role_words"]
_NAME_SUFFIXES_SHORT = W.raw["name_suffixes_short"]
_NAME_INNER_LINKS = W.words["name_inner_links"]
_ROLE_LINKS = W.words["role_links"]
_NATIONALITY_ENDINGS_BEFORE_TITLE = W.raw["nationality_endings_before_title"]
_MINISTRY_WORDS = W.words["ministry_words"]
_AFTER_TITLED_NAME = W.words["after_titled_name"]

_ENGLISH_LOWER_OK = W.words["english_lower_ok"]
_COALITION_NEXT = W.words["coalition_next"]
_NAME_PARTICLES = W.words["name_particles"]


def accept_match(toks: Sequence[Tok], i: int, j: int) -> bool:
    """English case rules: one-word names must be capitalised in the text (ISIS, Iraq), so "us" ≠ US."""
    words = [t for t in toks[i:j] if not t.is_punct]
    if len(words) == 1:
        text = words[0].text
        if text.lower() in _ENGLISH_LOWER_OK:
            return True
        if text == "coalition" and j < len(toks) and toks[j].norm in _COALITION_NEXT:
            return True  # "coalition spokesman Col. X", "coalition aircraft" (Reuters style)
        return text[:1].isupper()
    return any(t.text[:1].isupper() for t in words)


def find_role_actors(toks: list[Tok], spans: list[Span], vocab: LanguageData, orgs: frozenset[str]) -> list[Span]:
    """Persons introduced by a title or role, and organisations from head nouns; returns new spans.

    ``spans`` are the gazetteer spans already found (they are not overlapped); ``orgs`` the classes that hold
    posts (organisations and countries).
    """
    taken = [False] * len(toks)
    for s in spans:
        for k in range(s.i, s.j):
            taken[k] = True
    return _english_actors(toks, spans, taken, vocab, orgs)


def _english_actors(toks: list[Tok], spans: list[Span], taken: list[bool], vocab: LanguageData,
                    orgs: frozenset[str]) -> list[Span]:
    org_heads, role_complements = vocab.word_set("org_heads"), vocab.word_set("role_complements")
    out: list[Span] = []
    n = len(toks)
    k = 0
    while k < n:
        if taken[k] or not toks[k].text[:1].isupper() or toks[k].is_punct:
            k += 1
            continue
        # capitalised run
        j = k
        while j < n and not taken[j] and (toks[j].text[:1].isupper() or toks[j].norm in _NAME_PARTICLES
                                          or (toks[j].text in _NAME_INNER_LINKS and j + 1 < n
                                          and toks[j + 1].text[:1].isupper())):
            j += 1
            if j + 2 < n and j > k and toks[j].text in ('"', "“") and toks[j + 2].text in ('"', "”") \
                    and toks[j + 1].text[:1].isupper() and j + 3 < n and toks[j + 3].text[:1].isupper():
                j += 3  # a quoted nickname inside a name
        while j > k and toks[j - 1].text in _NAME_INNER_LINKS:
            j -= 1
        if toks[k].text == "The" and j - k >= 3:
            k += 1  # "The Ministry of Interior said": the article opens the sentence, not the name
        words = [t for t in toks[k:j]]
        # strip leading titles
        i = k
        titled = False
        # "Iraqi Foreign Minister Nabil Qasim": a nationality word may precede the title
        lead = k + 1 if (j - k >= 3 and toks[k].norm not in vocab.titles and k + 1 < j
                         and toks[k + 1].norm in vocab.titles
                         and toks[k].norm.endswith(_NATIONALITY_ENDINGS_BEFORE_TITLE)
                         and toks[k].norm not in org_heads) else k
        if lead == k and toks[k].norm not in vocab.titles and j - k >= 4:
            # "Council President Nadia Kamara", "Coalition Deputy Commander X": an organisation word before the title
            lead = next((p for p in range(k + 1, min(k + 3, j - 2)) if toks[p].norm in vocab.titles
                         and all(toks[q].norm not in vocab.titles and toks[q].text.isalpha()
                                 for q in range(k, p))), k)
        i = lead
        while i < j and (toks[i].norm in vocab.titles or toks[i].norm.rstrip(".") in vocab.titles
                         or (titled and toks[i].norm in role_complements)):
            titled = True
            i += 1
        if not titled:
            i = k
        if i >= j:
            # "the Secretary of State, Richard Calloway,": the name follows the title after a comma
            m = j + 1
            while titled and m < n and not taken[m] and toks[m].text[:1].isupper() and not toks[m].is_punct \
                    and toks[m].norm not in vocab.titles and m - j <= 4:
                m += 1
            if titled and j < n and toks[j].text == "," and 2 <= m - (j + 1) <= 3 and (
                    m >= n or toks[m].text in _AFTER_TITLED_NAME):
                out.append(Span(i=j + 1, j=m, key=None, name=_surface(toks, j + 1, m), cls="Person",
                                rule="title"))
                for q in range(j + 1, m):
                    taken[q] = True
                k = m
                continue
            k = j if j > k else k + 1
            continue
        sentence_initial = k == 0 or toks[k - 1].text in ("“", '"', "«")
        head = toks[j - 1].norm
        if titled and head in org_heads and j - lead >= 2:
            i = lead  # "Defense Ministry", "Interior Ministry": the title word names the ministry
        if head in org_heads and j - i >= 2:
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls="Organization", rule="org-head"))
        elif titled and 1 <= sum(1 for t in toks[i:j] if not t.is_punct) <= 4 and head not in org_heads \
                and head not in _MINISTRY_WORDS:
            role_of, lead = _english_role(toks, spans, k, j, vocab, orgs)
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls="Person", rule="title",
                            role_of=role_of, lead_role=lead))
        elif (2 <= j - i <= 3 and not sentence_initial and all(t.norm not in vocab.stop for t in words)
              and _followed_by_role(toks, j)):
            role_of, lead = _english_role(toks, spans, k, j, vocab, orgs)
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls="Person", rule="name-role",
                            role_of=role_of, lead_role=lead))
        elif 2 <= j - i <= 3 and _speech_adjacent(toks, k, j, vocab):
            org_word = any(t.norm in org_heads or t.norm in _MINISTRY_WORDS for t in toks[i:j])
            out.append(Span(i=i, j=j, key=None, name=_surface(toks, i, j),
                            cls="Organization" if org_word else "Person", rule="org-head" if org_word else "speaker"))
        k = j if j > k else k + 1
    return out


def _followed_by_role(toks: list[Tok], j: int) -> bool:
    return j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].norm in _APPOSED_ROLE_WORDS


def _speech_adjacent(toks: list[Tok], i: int, j: int, vocab: LanguageData) -> bool:
    before = toks[i - 1].norm if i > 0 else ""
    after = toks[j].norm if j < len(toks) else ""
    return before in vocab.speech_verbs or after in vocab.speech_verbs


def _english_role(toks: list[Tok], spans: list[Span], i: int, j: int, vocab: LanguageData,
                  orgs: frozenset[str]) -> tuple[int | None, bool]:
    """The organisation a titled person holds a post in, and whether the post leads it.

    "NAME, commander of ORG" / "NAME, spokesperson, ORG" / "ORG spokesperson NAME" / "ORG's ROLE NAME".
    """
    n = len(toks)
    # after the name: , ROLE [of|for|,] [the] ORG
    k = j
    while k < n and toks[k].text in _NAME_SUFFIXES_SHORT:
        k += 1
    role_words: list[str] = []
    while k < n and (toks[k].norm in vocab.titles or toks[k].norm in vocab.member_roles
                     or toks[k].norm in _ROLE_LINKS):
        if toks[k].norm in vocab.member_roles:
            role_words.append(toks[k].norm)
        k += 1
    if role_words:
        org = next((idx for idx, s in enumerate(spans) if s.i == k and s.cls in orgs), None)
        if org is not None:
            return org, bool(set(role_words) & vocab.lead_roles) and "deputy" not in role_words
    # before the name: ORG ['s] ROLE* NAME
    k = i - 1
    role_words = []
    while k >= 0 and (toks[k].norm in vocab.titles or toks[k].norm in vocab.member_roles
                      or toks[k].norm in ("'s", "’s")):
        if toks[k].norm in vocab.member_roles:
            role_words.append(toks[k].norm)
        k -= 1
    if role_words:
        org = next((idx for idx, s in enumerate(spans) if s.j == k + 1 and s.cls in orgs), None)
        if org is not None:
            return org, bool(set(role_words) & vocab.lead_roles) and "deputy" not in role_words
    return None, False
