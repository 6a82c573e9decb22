"""English rules: actor spans beyond the gazetteer, document context (anaphora) and argument attachment.

The Arabic extractor keeps its own rules; this module is what the shared pipeline calls for English.

Actors (:func:`refine_spans`, run after the gazetteer and the title rules):

* an actor followed by a collective noun is still that actor ("ISIS fighters", "SDF quick reaction forces");
  an armed group before a population group names that group ("Daesh detainees");
* facilities stretch to their head noun ("al-Hol displaced persons camp"); compass regions ("northeastern
  Syria") are places of their own;
* meetings ("the last Ministerial", "a day of meetings", "the meeting at the Political Director level") are
  ``Meeting`` nodes; "the meeting" / "these meetings" refer back to the last one;
* population groups from head nouns ("prison guards", "camp residents", "six women", "foreign ministers");
  a bare "Ministers" refers back to the last group with that head;
* "partner forces" / "partners"; "the group" / "the terrorist organization" → the last armed group;
  "the camp" / "the prison" → the last camp or prison;
* persons with a quoted nickname merge with the gazetteer person that follows; every person's post is
  read from the apposition ("X, commander of ORG", "X, a ORG spokesperson", "ORG's ROLE X").

Relations (:func:`relations_in_sentence`): the subject is the nearest actor before the trigger that is not
inside a prepositional phrase (or the antecedent of "who"/"which"), the object the first actor after it
before the next trigger; past participles with "by" swap the roles, agentless passives give nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kgraph.extract.data import LanguageData
from kgraph.extract.environment import Kinds
from kgraph.extract.lang.en.words import W
from kgraph.extract.tokens import Span, Speaker, Tok, TriggerHit, clause_bounds
from kgraph.extract.tokens import relocated as _copy
from kgraph.extract.tokens import surface as _surface
from kgraph.schema import Schema, load_schema

#: word classes these rules read (rules.json)
_SECURITY_FORCE_COUNTRIES = W.raw["security_force_countries"]
_LIST_GLUE = W.words["list_glue"]
_CONJUNCT_GLUE = W.words["conjunct_glue"]
_NAME_SUFFIXES = W.raw["name_suffixes"]
_NATIONALITY_ENDINGS = W.raw["nationality_endings"]
_OBJECT_DETERMINERS = W.words["object_determiners"]
_POSSESSIVE_MARKS = W.words["possessive_marks"]
_OBJECT_RELATIVES = W.words["object_relatives"]
_ARTICLES = W.words["articles"]
_NATIONALITY_FOLLOWERS = W.words["nationality_followers"]
_MEETING_DETERMINERS = W.words["meeting_determiners"]
_OWN_FORCE_NOUNS = W.words["own_force_nouns"]
_STATE_GROUP_HEADS = W.words["state_group_heads"]
_TITLE_WORDS_BEFORE_NAME = W.words["title_words_before_name"]
_RANK_WORDS = W.words["rank_words"]
_ROLE_OF_LINKS = W.words["role_of_links"]
_PERFECT_AUXILIARIES = W.words["perfect_auxiliaries"]
_CLAIM_VERBS = W.words["claim_verbs"]
_AUXILIARIES = W.words["auxiliaries"]
_TIME_PLACE_WORDS = W.words["time_place_words"]
_ADMISSION_VERBS = W.words["admission_verbs"]
_TWO_BOTH = W.words["two_both"]
_CLAUSE_CONJUNCTIONS = W.words["clause_conjunctions"]
_PAST_VERBS_NOT_NOUNS = W.words["past_verbs_not_nouns"]
_CONTAINMENT_PREPOSITIONS = W.words["containment_prepositions"]
_AFTER_APPOSED_NAME = W.words["after_apposed_name"]
_APPOSITION_NAME_LINKS = W.words["apposition_name_links"]
_STANDALONE_MEETING_HEADS = W.words["standalone_meeting_heads"]
_PORTFOLIO_WORDS = W.words["portfolio_words"]
_TITLE_CONTINUATIONS = W.words["title_continuations"]
_APOSTROPHES = W.words["apostrophes"]
_VERBAL_ENDINGS = W.raw["verbal_endings"]
_TITLE_COMPLEMENTS_BEFORE = W.words["title_complements_before"]
_TOGETHER_WORDS = W.words["together_words"]
_NEGATORS = W.words["negators"]
_CLAUSE_OPENERS_AFTER_COMMA = W.words["clause_openers_after_comma"]
_SPOKESPERSON_WORDS = W.words["spokesperson_words"]
_ROLE_FILLERS = W.words["role_fillers"]
_ROLE_MODIFIERS = W.words["role_modifiers"]
_CO_LEAD_WORDS = W.words["co_lead_words"]
_POSSESSED_OBJECT_PREPOSITIONS = W.words["possessed_object_prepositions"]
_EXPLOSION_NOUNS = W.words["explosion_nouns"]
_MEMBERSHIP_NOUNS = W.words["membership_nouns"]
_PROVIDE_OBJECT_DETERMINERS = W.words["provide_object_determiners"]
_REPORT_PREPOSITION_EXCEPTIONS = W.words["report_preposition_exceptions"]
_VIOLENT_EVENT_NOUNS = W.words["violent_event_nouns"]
_RELATIVE_CLAUSE_FILLERS = W.words["relative_clause_fillers"]
_WHERE_FILLERS = W.words["where_fillers"]


_DET = W.words["det"]
_PREPS = W.words["preps"]
_LOC_PREPS = W.words["loc_preps"]
_BE = W.words["be"]
_ADVERB_OK = W.words["adverb_ok"]
_IRREGULAR_PARTICIPLES = W.words["irregular_participles"]
_RELATIVE = W.words["relative"]
_PRONOUNS = W.words["pronouns"]
_SUBJECT_PRONOUNS = W.words["subject_pronouns"]

# "ISIS fighters", "SDF quick reaction forces", "Coalition forces", "CENTCOM forces": still the actor
_COLLECTIVE = W.words["collective"]
_LEADER_WORDS = W.words["leader_words"]
_FACILITY_HEADS = W.words["facility_heads"]
_COMPASS = W.words["compass"]
_MEETING_HEADS = W.words["meeting_heads"]
_MEETING_MODS = W.words["meeting_mods"]
_GROUP_HEADS = W.words["group_heads"]
_GROUP_MEMBER_HEADS = W.words["group_member_heads"]
_NUMBER_WORDS = W.words["number_words"]
_ANAPHORA_ARMED = W.words["anaphora_armed"]
#: "the Secretary", "the Prime Minister": a title alone names the last person introduced with it
_TITLE_ANAPHORA = W.words["title_anaphora"]
_ANAPHORA_MODS = W.words["anaphora_mods"]
#: "the camp", "the prison": the facility word → the class of the facility it refers back to (or a subclass)
_ANAPHORA_PLACE = W.maps["facility_anaphora"]
_PARTNERS = W.raw["partners"]
_ROLE_COMPLEMENTS = W.words["role_complements"]
_LEAD_ROLES = W.words["lead_roles"]
_MEMBER_ROLES = W.words["member_roles"]
_FORCE_WORDS = W.words["force_words"]
_PROTECT = W.words["protect"]
_INTRANSITIVE_MEET = W.words["intransitive_meet"]
_TOGETHER = W.words["together"]
#: verbs that end a noun phrase ("the Command said army aircraft …" is not one name)
_CLAUSE_VERBS = W.words["clause_verbs"]
_DASHES = W.words["dashes"]
_DENIAL = W.words["denial"]
_NEG_EXTRA = W.words["neg_extra"]
MAX_LEFT = 30
MAX_RIGHT = 10


@dataclass
class EnglishContext:
    """What one English document has introduced so far (for anaphora and speakers' posts)."""

    last_meeting: Span | None = None
    last_armed: Span | None = None
    last_by_cls: dict[str, Span] = field(default_factory=dict)
    groups_by_head: dict[str, Span] = field(default_factory=dict)
    person_org: dict[str, Span] = field(default_factory=dict)
    operation_agent: Span | None = None
    last_attacker: Span | None = None
    #: the last person named (for a sentence-initial "He"/"She")
    last_person: Span | None = None
    #: the known organisations named in this sentence / the previous one (for "provide them with")
    last_orgs: list[Span] = field(default_factory=list)
    prev_orgs: list[Span] = field(default_factory=list)
    #: the distinct persons named last, oldest first (for "the two leaders")
    recent_persons: list[Span] = field(default_factory=list)
    #: the first known organisation that opened a sentence (whose unquoted "we" a statement means)
    author: Span | None = None
    #: the last person who opened a sentence as its first actor (preferred antecedent of "he"/"she")
    last_subject_person: Span | None = None
    #: countries named so far (decides whose "security forces" an unqualified mention means)
    countries_seen: set[str] = field(default_factory=set)
    #: title word ("secretary", "minister") → the last person introduced with it
    title_persons: dict[str, Span] = field(default_factory=dict)
    gazetteer: Any = None
    #: classes, sub-properties, domain and range (the type checks of every relation)
    schema: Schema = field(default_factory=load_schema)
    #: the schema's class sets (places, facilities, organisations, …)
    kinds: Kinds = field(init=False)

    def __post_init__(self) -> None:
        self.kinds = Kinds.of(self.schema)
    #: folded surname → the person span that introduced it (shared with the pipeline)
    surnames: dict[str, Span] = field(default_factory=dict)
    #: (start, end, label) character spans from a user's spaCy NER (``--spacy-model``), in document offsets
    ner: list[tuple[int, int, str]] = field(default_factory=list)




def _free(taken: list[bool], i: int, j: int) -> bool:
    return 0 <= i < j <= len(taken) and not any(taken[i:j])


def _mark(taken: list[bool], s: Span) -> None:
    for k in range(s.i, s.j):
        taken[k] = True


# ---------------------------------------------------------------------------------------------- actors
def refine_spans(toks: list[Tok], spans: list[Span], ctx: EnglishContext, vocab: LanguageData) -> list[Span]:
    """English actor spans of one sentence: merge, extend, add meetings/groups/anaphora, then read posts."""
    n = len(toks)
    spans = sorted(spans, key=lambda s: (s.i, -s.j))
    for s in spans:
        # "Minister al-Abbasi" after "Thabet al-Abbasi": the same person
        if s.cls == "Person" and s.key is None and len(s.name.split()) == 1:
            known = ctx.surnames.get(s.name.casefold())
            if known is not None:
                s.key, s.name = known.key, known.name
    spans = _merge_nicknames(toks, spans)
    spans = _extend(toks, spans, kinds=ctx.kinds)
    spans = _members_of(toks, spans, kinds=ctx.kinds)
    spans = _extend_partners(toks, spans, kinds=ctx.kinds)
    taken = [False] * n
    for s in spans:
        _mark(taken, s)
    new: list[Span] = []
    new += _ner_spans(toks, taken, ctx)
    new += _appositive_names(toks, taken)
    new += _named_by_apposition(toks, taken)
    new += _national_forces(toks, taken, ctx)
    new += _national_strikes(toks, taken, ctx)
    new += _backers(toks, spans + new, taken, ctx)
    new += _nationalities(toks, taken, ctx)
    new += _regions(toks, spans, taken)
    new += _meetings(toks, taken, ctx)
    new += _partners(toks, taken)
    new += _anaphora(toks, taken, ctx)
    new += _security_forces(toks, spans + new, taken, ctx)
    new += _own_forces(toks, spans + new, taken, kinds=ctx.kinds)
    new += _personal_pronouns(toks, spans + new, taken, ctx)
    new += _operation(toks, spans + new, taken, ctx)
    new += _groups(toks, taken, ctx)
    out = sorted(spans + new, key=lambda s: s.i)
    for s in out:
        s.role_of = None
        s.lead_role = False
    for idx, s in enumerate(out):
        if s.cls == "Person":
            role = _role(toks, out, idx, kinds=ctx.kinds)
            if role is not None:
                s.role_of, s.lead_role = role
                ctx.person_org[s.key or s.name] = out[s.role_of]
    _remember_titles(toks, out, ctx)
    for s in out:
        if s.cls == "Person" and s.rule not in ("context",):
            ctx.last_person = s
            ident = s.key or s.name
            if s.rule == "anaphor":
                continue
            ctx.recent_persons = [*[p for p in ctx.recent_persons if (p.key or p.name) != ident][-3:], s]
    ctx.prev_orgs = ctx.last_orgs
    ctx.last_orgs = [s for s in out
                     if s.cls in ctx.kinds.org and s.key is not None and s.rule not in ("context", "first-person")]
    first = next((s for s in out if s.cls not in ctx.kinds.place and s.rule != "context"), None)
    opener = next((s for s in out if (s.key is not None or s.rule == "mission")
                   and s.cls in ctx.kinds.org | {"Country", "Person"}), None)
    if ctx.author is None and opener is not None and opener.cls != "Person" and opener.i <= 4 \
            and not toks[opener.i].in_quote:
        ctx.author = opener  # the first known organisation opening a sentence: a statement's "we" outside quotes
    if first is not None and first.cls == "Person" and first.i <= 12:
        ctx.last_subject_person = first  # the sentence is about this person: a later "she" is most likely them
    for s in out:
        if s.cls == "ArmedGroup":
            ctx.last_armed = s
        if s.cls in ctx.kinds.facility:
            ctx.last_by_cls[s.cls] = s
            ctx.last_by_cls["Facility"] = s
    return out


def _personal_pronouns(toks: list[Tok], spans: list[Span], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """"he"/"she" → the first person named earlier in the sentence ("X said she had met …"), else the person
    who last opened a sentence, else the person named last ("He urged …")."""
    out: list[Span] = []
    for k, t in enumerate(toks):
        if t.norm not in ("he", "she") or taken[k]:
            continue
        before = [s for s in spans if s.cls == "Person" and s.j <= k and s.rule != "context"]
        ref = before[0] if before else (ctx.last_subject_person or ctx.last_person)
        if ref is None:
            continue
        out.append(_copy(ref, k, k + 1, "anaphor"))
        taken[k] = True
    return out


def _merge_nicknames(toks: list[Tok], spans: list[Span]) -> list[Span]:
    """``General Michael "Erik" Kurilla``: a titled first name, a quoted nickname, a gazetteer surname."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        s = spans[k]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if s.cls == "Person" and s.key is None and nxt is not None and nxt.cls == "Person" and nxt.key:
            gap = toks[s.j:nxt.i]
            if not gap or (len(gap) == 3 and gap[0].text in "\"“'‘" and gap[2].text in "\"”'’"):
                out.append(Span(i=s.i, j=nxt.j, key=nxt.key, name=nxt.name, cls="Person", rule="gazetteer"))
                k += 2
                continue
        out.append(s)
        k += 1
    return out


def _merge_place_orgs(spans: list[Span], *, kinds: Kinds) -> list[Span]:
    """``Anbar Operations Command``: a place name that begins an organisation name belongs to it."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        s = spans[k]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if nxt is not None and s.cls in kinds.place and nxt.rule == "org-head" and nxt.i == s.j:
            out.append(Span(i=s.i, j=nxt.j, key=None, name=f"{s.name} {nxt.name}", cls=nxt.cls, rule="org-head"))
            k += 2
            continue
        out.append(s)
        k += 1
    return out


def missions(toks: list[Tok], spans: list[Span]) -> list[Span]:
    """``the U.S. Embassy``, ``the British Consulate``: a state's diplomatic mission is an actor of its own, not the
    state (its name is the state's word and the head; a gazetteer entry such as "U.S. Embassy in Baghdad" is
    matched before this runs)."""
    out: list[Span] = []
    n = len(toks)
    for s in spans:
        k = s.j
        if s.cls in ("Country", "Government") and k < n and toks[k].norm in _MISSION_HEADS \
                and not any(sp.i == k for sp in spans):
            out.append(Span(i=s.i, j=k + 1, key=None, name=_surface(toks, s.i, k + 1), cls="Government",
                            rule="mission"))
        else:
            out.append(s)
    return out


_MISSION_HEADS = frozenset({"embassy", "consulate", "mission"})


def _merge_acronyms(toks: list[Tok], spans: list[Span]) -> list[Span]:
    """``Syrian Democratic Forces (SDF)``: the name and its bracketed acronym are one mention."""
    out: list[Span] = []
    k = 0
    while k < len(spans):
        s = spans[k]
        nxt = spans[k + 1] if k + 1 < len(spans) else None
        if nxt is not None and s.key is not None and nxt.key == s.key and nxt.i == s.j + 1 \
                and toks[s.j].text == "(" and nxt.j < len(toks) and toks[nxt.j].text == ")":
            out.append(replace(s, j=nxt.j + 1))
            k += 2
            continue
        out.append(s)
        k += 1
    return out


def _members_of(toks: list[Tok], spans: list[Span], *, kinds: Kinds) -> list[Span]:
    """``The members of the Security Council condemned …``: the council speaks (the span takes "members of")."""
    out = []
    for s in spans:
        k = s.i - (1 if s.i > 0 and toks[s.i - 1].norm == "the" else 0)
        if s.cls in kinds.org and k >= 2 and toks[k - 1].norm == "of" and toks[k - 2].norm == "members" \
                and (k - 2 == 0 or (toks[k - 3].norm in ("the", "all") and (k - 3 == 0 or toks[k - 4].is_punct))):
            s = replace(s, i=k - 3 if k - 2 > 0 else k - 2)
        out.append(s)
    return out


def _extend(toks: list[Tok], spans: list[Span], *, kinds: Kinds) -> list[Span]:
    n = len(toks)
    spans = _merge_place_orgs(_merge_acronyms(toks, spans), kinds=kinds)
    starts = {s.i: s for s in spans}
    drop: set[int] = set()
    out: list[Span] = []
    for s in spans:
        if id(s) in drop:
            continue
        j = s.j
        if s.cls in kinds.org or s.cls == "Country":
            nxt = starts.get(j)
            if nxt is not None and nxt.cls == "Group" and s.cls in kinds.org:
                # "Daesh detainees": the group, named by the armed group it belongs to
                drop.add(id(nxt))
                out.append(Span(i=s.i, j=nxt.j, key=nxt.key, name=nxt.name, cls="Group", rule=nxt.rule))
                continue
            m = j
            while m < n and m - j < 3 and toks[m].text.islower() and toks[m].norm not in _COLLECTIVE \
                    and toks[m].norm not in _LEADER_WORDS and toks[m].norm not in _DET \
                    and toks[m].norm not in _CLAUSE_VERBS \
                    and toks[m].norm not in _PREPS and not toks[m].is_punct \
                    and not toks[m].norm.endswith(_VERBAL_ENDINGS) and toks[m].norm.isalpha() \
                    and m not in starts:
                m += 1
            if m < n and toks[m].norm in _COLLECTIVE and m not in starts and s.cls != "Country":
                j = m + 1
            elif m < n and toks[m].norm in _LEADER_WORDS and m not in starts and s.cls == "ArmedGroup" and not (
                    m + 1 < n and toks[m + 1].text[:1].isupper()):
                j = m + 1  # "an ISIS leader" (no name follows): the group itself
        elif s.cls in kinds.facility:
            m = j
            while m < n and m - j < 3 and toks[m].text.islower() and toks[m].norm not in _FACILITY_HEADS \
                    and toks[m].norm.isalpha() and toks[m].norm not in _PREPS and m not in starts:
                m += 1
            if m < n and toks[m].norm in _FACILITY_HEADS and m not in starts:
                j = m + 1
        if j != s.j:
            s = replace(s, j=j)
        out.append(s)
    return out


#: spaCy NER labels (OntoNotes scheme) → kgraph classes; other labels are ignored
def _ner_spans(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """Entities of the user's spaCy pipeline that neither the gazetteer nor the rules found."""
    out: list[Span] = []
    if not ctx.ner or not toks:
        return out
    lo, hi = toks[0].start, toks[-1].end
    for start, end, label in ctx.ner:
        cls = label  # kgraph_ner gives classes (its "labels" table maps the pipeline's labels)
        if end <= lo or start >= hi:
            continue
        inside = [t.i for t in toks if t.start >= start and t.end <= end]
        if not inside:
            continue
        i, j = inside[0], inside[-1] + 1
        while i < j and toks[i].norm in _ARTICLES:
            i += 1
        if i >= j or any(taken[i:j]) or all(t.is_punct for t in toks[i:j]):
            continue
        span = Span(i=i, j=j, key=None, name=_surface(toks, i, j), cls=cls, rule="ner")
        out.append(span)
        _mark(taken, span)
    return out


#: lower-case particles inside Arabic names written in English ("Karim al-Musawi", "Abu Bakr bin X")
_NAME_LINKS = W.words["name_links"]


def _appositive_names(toks: list[Tok], taken: list[bool]) -> list[Span]:
    """``the Coalition envoy, Mark Fenton,``: two or three capitalised words after "ROLE ,"."""
    out: list[Span] = []
    n = len(toks)
    for k in range(1, n - 2):
        if toks[k].text != "," or not (toks[k - 1].norm in _LEAD_ROLES or toks[k - 1].norm in _MEMBER_ROLES
                                       or toks[k - 1].norm in _SPOKESPERSON_WORDS):
            continue
        m = k + 1
        words = 0
        while m < n and not taken[m] and m - k <= 7 and (
                (toks[m].text[:1].isupper() and toks[m].text.replace(".", "").isalpha()
                 and toks[m].norm not in _TITLE_ABBR)
                or (toks[m].norm in _NAME_LINKS and m + 1 < n and words > 0
                    and (toks[m + 1].text[:1].isupper() or toks[m + 1].text == "-"))):
            words += toks[m].text[:1].isupper()
            m += 1
        if 2 <= words <= 4 and (m >= n or toks[m].text in (",", ".") or toks[m].norm in _AFTER_APPOSED_NAME):
            span = Span(i=k + 1, j=m, key=None, name=_surface(toks, k + 1, m), cls="Person", rule="title")
            out.append(span)
            _mark(taken, span)
    return out


_FORCE_NOUNS = W.raw["force_nouns"]


def _national_forces(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """``Russian soldiers``, ``Syrian forces``: a nationality and a force noun name that state's military."""
    out: list[Span] = []
    gaz = ctx.gazetteer
    if gaz is None:
        return out
    for k in range(len(toks) - 1):
        t, nxt = toks[k], toks[k + 1]
        if taken[k] or taken[k + 1] or not t.text[:1].isupper() or nxt.norm not in _FORCE_NOUNS:
            continue
        adj = t.variants[-1]
        key = next((ids[0] for w in (nxt.norm, "forces", "military", "army", "troops")
                    if (ids := gaz.lookup(f"{adj} {w}"))), None)
        if key is None:
            continue
        entry = gaz.entries[key]
        span = Span(i=k, j=k + 2, key=key, name=_surface(toks, k, k + 2), cls=entry.cls, rule="national-force")
        out.append(span)
        _mark(taken, span)
    return out


_STRIKE_NOUNS = W.words["strike_nouns"]
_STRIKE_MODS = W.words["strike_mods"]


def _national_strikes(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """``Turkish drone strikes``: a nationality before an attack noun names the state that attacks."""
    out: list[Span] = []
    gaz = ctx.gazetteer
    if gaz is None:
        return out
    for k in range(len(toks) - 1):
        t = toks[k]
        if taken[k] or not t.text[:1].isupper() or not t.text.isalpha():
            continue
        m = k + 1
        while m < len(toks) and m - k <= 2 and toks[m].norm in _STRIKE_MODS:
            m += 1
        if m >= len(toks) or toks[m].norm not in _STRIKE_NOUNS:
            continue
        ids = gaz.lookup(f"{t.variants[-1]} government")
        country = next((c for i in ids for c in gaz.entries[i].part_of
                        if c in gaz.entries and gaz.entries[c].cls == "Country"), None)
        if country is None:
            continue
        entry = gaz.entries[country]
        out.append(Span(i=k, j=k + 1, key=country, name=entry.labels.get("en", country), cls="Country",
                        rule="national-strike"))
        taken[k] = True
    return out


_BACKED = W.words["backed"]
_BACKED_HEADS = W.words["backed_heads"]


def _backers(toks: list[Tok], spans: list[Span], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """``the U.S.-backed SDF``, ``an Iran-backed militia``: the backer is no subject; the backed group is an actor.

    The backer span gets rule ``inner`` (it neither acts nor undergoes in the clause); the relation is
    added by :func:`_static_relations`. An unnamed backed group ("Iran-aligned militias") becomes an actor.
    """
    from kgraph.ingest.normalize import fold_phrase

    out: list[Span] = []
    gaz = ctx.gazetteer
    n = len(toks)
    for k, t in enumerate(toks):
        head_at = None
        if "-" in t.text and len(t.text) > 1 and not taken[k] and gaz is not None:
            prefix, _, suffix = t.text.rpartition("-")
            if suffix.casefold() in _BACKED and prefix:
                ids = gaz.lookup(fold_phrase(prefix))
                if ids:
                    entry = gaz.entries[ids[0]]
                    out.append(Span(i=k, j=k + 1, key=ids[0], name=entry.labels.get("en", ids[0]), cls=entry.cls,
                                    rule="inner"))
                    taken[k] = True
                    head_at = k + 1
        elif t.text == "-" and k + 1 < n and toks[k + 1].norm in _BACKED:
            backer = next((sp for sp in spans if sp.j == k and sp.cls in ctx.kinds.party), None)
            if backer is not None:
                backer.rule = "inner"
                head_at = k + 2
        if head_at is None:
            continue
        m = head_at
        while m < n and m - head_at < 3 and not taken[m] and toks[m].norm not in _BACKED_HEADS \
                and (toks[m].text.isalpha() or toks[m].text[:1].isdigit()) \
                and toks[m].norm not in _PREPS | _DET | {"and", "or"}:
            m += 1
        if m < n and not taken[m] and toks[m].norm in _BACKED_HEADS and not any(taken[head_at:m + 1]):
            start = k if toks[k].text != "-" else next(sp.i for sp in spans if sp.j == k)
            if all(x.text[:1].isupper() or x.text[:1].isdigit() for x in toks[head_at:m + 1]):
                start = head_at  # a name after the backer: "the U.S.-trained 15th Division" is the 15th Division
            span = Span(i=start, j=m + 1, key=None, name=_surface(toks, start, m + 1), cls="ArmedGroup",
                        rule="backed")
            out.append(span)
            for q in range(head_at, m + 1):
                taken[q] = True
    return out


def _named_by_apposition(toks: list[Tok], taken: list[bool]) -> list[Span]:
    """``Hamza al-Homsi, a senior ISIS official``: a name followed by an apposition that gives a post."""
    out: list[Span] = []
    n = len(toks)
    k = 0
    while k < n:
        if taken[k] or not toks[k].text[:1].isupper() or not toks[k].text.isalpha() or (
                k > 0 and toks[k - 1].text[:1].isupper() and toks[k - 1].text.isalpha()):
            k += 1
            continue
        m = k
        while m < n and not taken[m] and (toks[m].text[:1].isupper() or toks[m].norm in _APPOSITION_NAME_LINKS):
            m += 1
        words = [t for t in toks[k:m] if t.text.isalpha() and t.text[:1].isupper()]
        if 2 <= len(words) <= 4 and m + 2 < n and toks[m].text == "," and toks[m + 1].norm in _ARTICLES:
            q = m + 2
            while q < n and q - m <= 6 and not toks[q].is_punct:
                if toks[q].norm in _LEAD_ROLES or toks[q].norm in _MEMBER_ROLES or toks[q].norm in _LEADER_WORDS:
                    span = Span(i=k, j=m, key=None, name=_surface(toks, k, m), cls="Person", rule="title")
                    out.append(span)
                    _mark(taken, span)
                    break
                q += 1
        k = max(m, k + 1)
    return out


def _nationalities(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """``Iraqi Foreign Minister X``: the nationality word stands for that state's government (post only)."""
    out: list[Span] = []
    gaz = ctx.gazetteer
    if gaz is None:
        return out
    for k in range(len(toks) - 1):
        t = toks[k]
        if taken[k] or not t.text[:1].isupper() or toks[k + 1].norm not in _NATIONALITY_FOLLOWERS:
            continue
        ids = gaz.lookup(f"{t.norm} government")
        if ids:
            entry = gaz.entries[ids[0]]
            out.append(Span(i=k, j=k + 1, key=ids[0], name=entry.labels.get("en", ids[0]), cls=entry.cls,
                            rule="context"))
            taken[k] = True
    return out


def _extend_partners(toks: list[Tok], spans: list[Span], *, kinds: Kinds) -> list[Span]:
    """``our partners in the Iraqi Security Forces``: the force's mention starts at "partners"."""
    out: list[Span] = []
    for s in spans:
        i = s.i
        if i >= 2 and toks[i - 1].norm == "the":
            i -= 1
        if i >= 2 and toks[i - 1].norm in ("in", "of") and toks[i - 2].norm == "partners" and s.cls in kinds.org:
            s = replace(s, i=i - 2)
        out.append(s)
    return out


def _regions(toks: list[Tok], spans: list[Span], taken: list[bool]) -> list[Span]:
    out: list[Span] = []
    for s in spans:
        if s.cls in ("Country", "Province") and s.i > 0 and not taken[s.i - 1] and toks[s.i - 1].norm in _COMPASS:
            name = f"{toks[s.i - 1].norm} {s.name}"
            out.append(Span(i=s.i - 1, j=s.j, key=None, name=name, cls="Place", rule="region"))
            taken[s.i - 1] = True
    # the country inside a region stays as an "inner" span: placing something in the region places it there
    for r in out:
        for s in spans:
            if s.i == r.i + 1 and s.j == r.j:
                s.rule = "inner"
    return out


def _meetings(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    out: list[Span] = []
    n = len(toks)
    for k, t in enumerate(toks):
        if taken[k] or t.norm not in _MEETING_HEADS:
            continue
        if t.norm in ("ministerial",) and k + 1 < n and toks[k + 1].norm in _MEETING_HEADS:
            continue  # "ministerial meeting": the head is the next word
        if t.norm == "ministerial" and not t.text[:1].isupper() and (k == 0 or toks[k - 1].norm not in _DET
                                                                       | _MEETING_MODS):
            continue
        i = k
        while i > 0 and not taken[i - 1] and (toks[i - 1].norm in _MEETING_MODS or (toks[i - 1].norm == "of"
                                              and i - 2 >= 0 and toks[i - 2].norm == "day")):
            i -= 1
        det = i > 0 and not taken[i - 1] and toks[i - 1].norm in _MEETING_DETERMINERS
        if det:
            i -= 1
        j = k + 1
        # "Meeting of the Ministers", "meeting at the Political Director level"
        if j + 1 < n and toks[j].norm == "of":
            m = j + 1
            if m < n and toks[m].norm == "the":
                m += 1
            if m < n and not taken[m] and toks[m].norm in _GROUP_MEMBER_HEADS | {"foreign"}:
                while m < n and not taken[m] and toks[m].norm in _GROUP_MEMBER_HEADS | {"foreign", "defense"}:
                    m += 1
                j = m
        elif j + 1 < n and toks[j].norm == "at" and toks[j + 1].norm == "the":
            m = j + 2
            while m < n and m - j < 7 and not taken[m] and toks[m].norm != "level" and not toks[m].is_punct:
                m += 1
            if m < n and toks[m].norm == "level":
                j = m + 1
        if any(taken[i:j]):
            continue
        words = [w for w in toks[i:j] if w.norm not in _MEETING_DETERMINERS]
        generic = len(words) == 1
        if generic and ctx.last_meeting is not None and det:
            span = _copy(ctx.last_meeting, i, j, "anaphor")
        elif generic and not det and t.norm not in _STANDALONE_MEETING_HEADS:
            continue  # a bare "meetings" in running text: not a node
        else:
            name = _surface(toks, i + (1 if det else 0), j)
            span = Span(i=i, j=j, key=None, name=name, cls="Meeting", rule="meeting")
            ctx.last_meeting = span
        out.append(span)
        _mark(taken, span)
    return out


def _partners(toks: list[Tok], taken: list[bool]) -> list[Span]:
    out: list[Span] = []
    for k, t in enumerate(toks):
        if taken[k]:
            continue
        if t.norm == "partners" and k + 2 < len(toks) and toks[k + 1].norm in ("in", "of", ",") and (
                taken[k + 2] or (toks[k + 2].norm == "the" and k + 3 < len(toks) and taken[k + 3])):
            continue  # "our partners in the Iraqi Security Forces": the named force (see _extend_partners)
        for form in sorted(_PARTNERS, key=lambda f: -len(f.split())):
            parts = form.split()
            if [x.norm for x in toks[k:k + len(parts)]] == parts and _free(taken, k, k + len(parts)):
                start, name = k, "partner forces"
                if k > 0 and not taken[k - 1] and _nationality_like(toks[k - 1]):
                    # "our Iraqi partners": the partners of that nation
                    start, name = k - 1, f"{toks[k - 1].text} {parts[0]}"
                span = Span(i=start, j=k + len(parts), key=None, name=name, cls="Organization",
                            rule="partners")
                out.append(span)
                _mark(taken, span)
                break
    return out


def _anaphora(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    out: list[Span] = []
    n = len(toks)
    for k, t in enumerate(toks):
        if taken[k] or t.norm != "the" or k + 1 >= n:
            continue
        m = k + 1
        while m < n and toks[m].norm in _ANAPHORA_MODS:
            m += 1
        if m >= n or taken[m]:
            continue
        head = toks[m].norm
        if head in _ANAPHORA_ARMED and ctx.last_armed is not None and toks[m].text.islower():
            if head == "group" and m + 1 < n and (toks[m + 1].norm == "of" or (
                    toks[m + 1].norm in ("'s", "’s") and not (m + 2 < n and (
                        toks[m + 2].norm in _LEAD_ROLES or toks[m + 2].norm in _MEMBER_ROLES)))):
                continue  # "the group's spokesman": the group named before; "the group of X": not
            out.append(_copy(ctx.last_armed, k, m + 1, "anaphor"))
        elif m == k + 1 and head in _PORTFOLIO_WORDS and m + 1 < n \
                and toks[m + 1].norm in _TITLE_ANAPHORA and toks[m + 1].norm in ctx.title_persons \
                and not taken[m + 1] and _title_alone(toks, m + 2):
            out.append(_copy(ctx.title_persons[toks[m + 1].norm], k, m + 2, "anaphor"))
        elif m == k + 1 and head in _TITLE_ANAPHORA and head in ctx.title_persons and _title_alone(toks, m + 1):
            out.append(_copy(ctx.title_persons[head], k, m + 1, "anaphor"))
        elif head in _ANAPHORA_PLACE and m == k + 1:
            ref = next((ctx.last_by_cls[c] for c in ("Camp", "Prison", "Facility")
                        if c in ctx.last_by_cls and c in ctx.schema.under(_ANAPHORA_PLACE[head])), None)
            if ref is None:
                continue
            out.append(_copy(ref, k, m + 1, "anaphor"))
        else:
            continue
        _mark(taken, out[-1])
    return out


def _security_forces(toks: list[Tok], spans: list[Span], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """``the security forces`` with no country named: Iraq's, when the story is set in Iraq and not in Syria."""
    gaz = ctx.gazetteer
    for s in spans:
        if s.key is None or gaz is None:
            continue
        entry = gaz.entries.get(s.key)
        parents = {s.key, *(entry.part_of if entry is not None else ())}
        for country in _SECURITY_FORCE_COUNTRIES:
            if any(p == country or p.startswith(f"{country}i_") or p.startswith(f"{country}n_") for p in parents):
                ctx.countries_seen.add(country)
    if gaz is None or ctx.countries_seen != {"iraq"} or "iraqi_security_forces" not in gaz.entries:
        return []
    out: list[Span] = []
    for k in range(len(toks) - 1):
        if taken[k] or taken[k + 1] or toks[k].norm != "security" or toks[k + 1].norm != "forces" \
                or toks[k].text != "security" or (k > 0 and toks[k - 1].text[:1].isupper()):
            continue
        i = k - 1 if k > 0 and toks[k - 1].norm == "the" else k
        entry = gaz.entries["iraqi_security_forces"]
        span = Span(i=i, j=k + 2, key="iraqi_security_forces", name=entry.labels.get("en", "Iraqi Security Forces"),
                    cls=entry.cls, rule="context-forces")
        out.append(span)
        _mark(taken, span)
    return out


def _own_forces(toks: list[Tok], spans: list[Span], taken: list[bool], *, kinds: Kinds) -> list[Span]:
    """``The ministry said its forces …``: "its/their forces" are those of the organisation that opens the clause."""
    out: list[Span] = []
    for k in range(1, len(toks) - 1):
        if taken[k] or taken[k + 1] or toks[k].norm not in ("its", "their") \
                or toks[k + 1].norm not in _OWN_FORCE_NOUNS:
            continue
        owner = max((sp for sp in spans if sp.j <= k and sp.cls in kinds.org | {"Country"} and sp.rule != "inner"
                     and not any(t.text in (".", ";") for t in toks[sp.j:k])), key=lambda sp: sp.j, default=None)
        if owner is None or not any(t.norm in _CLAUSE_VERBS for t in toks[owner.j:k]):
            continue  # only "X said its forces" (the owner speaks), not "attacked X and its forces"
        span = _copy(owner, k, k + 2, "anaphor")
        out.append(span)
        _mark(taken, span)
    return out


def _title_alone(toks: list[Tok], m: int) -> bool:
    """After "the Secretary": no name, "of" or nationality follows (then it is a title, not an anaphor)."""
    return m >= len(toks) or not (toks[m].text[:1].isupper() or toks[m].norm in _TITLE_CONTINUATIONS)


def _remember_titles(toks: list[Tok], spans: list[Span], ctx: EnglishContext) -> None:
    for s in spans:
        if s.cls != "Person" or s.rule in ("anaphor", "surname", "context"):
            continue
        for t in toks[max(0, s.i - 5):s.i]:
            if t.norm in _TITLE_ANAPHORA:
                ctx.title_persons[t.norm] = s


_OPERATION_WORDS = W.words["operation_words"]
_OPERATION_VERBS = W.words["operation_verbs"]


def _operation(toks: list[Tok], spans: list[Span], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    """"X launched an operation … This operation protected Y": the operation acts for X."""
    out: list[Span] = []
    for k, t in enumerate(toks):
        if t.norm not in _OPERATION_WORDS or taken[k]:
            continue
        if k >= 1 and toks[k - 1].norm in ("this", "the") and (k == 1 or toks[k - 2].text in (",", '"', "“")
                                                              or toks[k - 2].norm in ("and", "but")) \
                and ctx.operation_agent is not None and (k + 1 >= len(toks) or toks[k + 1].norm not in ("of",
                                                                                                    "against")):
            out.append(_copy(ctx.operation_agent, k - 1, k + 1, "anaphor"))
            _mark(taken, out[-1])
            continue
        verb = next((m for m in range(max(0, k - 5), k) if toks[m].norm in _OPERATION_VERBS), None)
        if verb is None:
            continue
        agent = max((s for s in spans if s.j <= verb and verb - s.j <= 2 and s.cls in ctx.kinds.org),
                    key=lambda s: s.j, default=None)
        if agent is not None:
            ctx.operation_agent = agent
    return out


_NOT_MOD = W.words["not_mod"]


_STATE_GROUP_MODS = W.words["state_group_mods"]
_VICTIM_WORDS = W.words["victim_words"]
#: lower-case words before a group noun that are not its modifiers ("protect peaceful protesters")
_NOT_GROUP_MOD = W.words["not_group_mod"]


def _groups(toks: list[Tok], taken: list[bool], ctx: EnglishContext) -> list[Span]:
    out: list[Span] = []
    for k, t in enumerate(toks):
        if not taken[k] and t.norm in _STATE_GROUP_HEADS and k > 0 \
                and not taken[k - 1] and toks[k - 1].norm in _STATE_GROUP_MODS:
            # "urged other countries to repatriate …": the states addressed, as a group
            span = Span(i=k - 1, j=k + 1, key=None, name=_surface(toks, k - 1, k + 1).lower(), cls="Group",
                        rule="group")
            out.append(span)
            _mark(taken, span)
            continue
        if taken[k] or t.norm not in _GROUP_HEADS:
            continue
        if k + 1 < len(toks) and toks[k + 1].norm in _GROUP_HEADS | _FACILITY_HEADS:
            continue
        if t.text[:1].isupper() and k + 1 < len(toks) and (toks[k + 1].text in _APOSTROPHES
                                                          or toks[k + 1].text[:1].isupper()):
            continue  # "Kurdistan Workers' Party": part of a name
        i = k
        # lower-case modifiers: "prison guards", "camp residents", "foreign ministers"
        if t.norm == "community" and not (k > 0 and toks[k - 1].norm == "international"):
            continue  # only "the international community"
        if t.norm == "civilian" and not (k > 0 and toks[k - 1].norm in ("a", "one")):
            continue  # "a civilian" (not "civilian casualties")
        title_case = t.text[:1].isupper()
        while i > 0 and k - i < 2 and not taken[i - 1] and toks[i - 1].text.isalpha() \
                and (toks[i - 1].text.islower() or i - 1 == 0 or (title_case and toks[i - 1].text[:1].isupper())) \
                and toks[i - 1].norm not in _NOT_MOD \
                and toks[i - 1].norm not in _NUMBER_WORDS | _DET | _PREPS | _NOT_GROUP_MOD \
                and not toks[i - 1].norm.endswith(_VERBAL_ENDINGS):
            i -= 1
        mods_start = i
        while i > 0 and not taken[i - 1] and (toks[i - 1].norm in _NUMBER_WORDS
                                              or toks[i - 1].norm.replace(",", "").isdigit()):
            i -= 1
        j = k + 1
        if j + 2 < len(toks) and toks[j].norm == "of" and toks[j + 1].norm == "the" \
                and toks[j + 2].norm in _VICTIM_WORDS and not taken[j + 2]:
            j += 3  # "the families of the victims"
        name = _surface(toks, mods_start, j).lower()
        if j > k + 1:
            span = Span(i=i, j=j, key=None, name=name, cls="Group", rule="group")
            out.append(span)
            _mark(taken, span)
            continue
        if mods_start == k and (t.norm in ctx.groups_by_head):
            span = _copy(ctx.groups_by_head[t.norm], i, k + 1, "anaphor")
        else:
            span = Span(i=i, j=k + 1, key=None, name=name, cls="Group", rule="group")
            if mods_start < k or t.norm not in ctx.groups_by_head:
                ctx.groups_by_head[t.norm] = span
        out.append(span)
        _mark(taken, span)
    return out


def _role(toks: list[Tok], spans: list[Span], idx: int, *, kinds: Kinds) -> tuple[int, bool] | None:
    """The organisation person ``spans[idx]`` holds a post in, and whether the post leads it."""
    s = spans[idx]
    n = len(toks)
    by_start = {sp.i: m for m, sp in enumerate(spans)}
    by_end = {sp.j: m for m, sp in enumerate(spans)}
    if s.j + 1 < n and toks[s.j].norm in ("from", "of"):
        # "Colonel Steve Warren from Operation Inherent Resolve", "Minister Le Drian of France"
        m = s.j + 1 + (toks[s.j + 1].norm in _ARTICLES)
        if m in by_start and (spans[by_start[m]].cls in kinds.org or (
                toks[s.j].norm == "of" and spans[by_start[m]].cls == "Country")):
            return by_start[m], False
    # after: NAME , [Jr.,] [a|the] [ORG] ROLE [of|for|,] [the] ORG
    k = s.j
    while k < n and toks[k].text in _NAME_SUFFIXES:
        k += 1
    if k > s.j or (k < n and toks[k].norm in _ARTICLES):
        roles: list[str] = []
        org_before: int | None = None
        while k < n:
            norm = toks[k].norm
            if roles and k in by_start:
                break
            if norm in _LEAD_ROLES and [x.norm for x in toks[k + 1:k + 3]] == ["of", "staff"]:
                roles.append("chief of staff")  # a member post, not the head: "CJTF-OIR chief of staff"
                k += 2
            elif norm in _LEAD_ROLES or norm in _MEMBER_ROLES:
                roles.append(norm)
            elif norm in _ROLE_FILLERS or norm in _ROLE_COMPLEMENTS \
                    or norm in _ROLE_MODIFIERS:
                if norm == "former":
                    return None
            elif k in by_start and spans[by_start[k]].cls in kinds.org | {"Country"} and not roles:
                org_before = by_start[k] if org_before is None else org_before
                k = spans[by_start[k]].j
                continue
            elif not roles and (k + 1) in by_start and (toks[k].text[:1].isdigit() or (
                    org_before is not None and toks[k].text in _NAME_DASHES)):
                k += 1  # "X, 387th Air Expeditionary Group commander", "X, Task Force – Operation Y commander"
                continue
            else:
                break
            k += 1
        if roles:
            org = by_start.get(k)
            if org is not None and spans[org].cls in kinds.org | {"Country"} and toks[k - 1].text != ",":
                return org, _leads(roles)
            if org is not None and spans[org].cls in kinds.org and toks[k - 1].text == "," and \
                    len(roles) == 1 and org_before is None:
                return org, _leads(roles)  # "X, commander, Combined Joint Task Force"
            if org_before is not None:
                return org_before, _leads(roles)
        if not roles and org_before is not None and toks[spans[org_before].j - 1].norm in _LEADER_WORDS:
            # "X, a senior ISIS official" (the post word is part of the group's mention)
            indefinite = any(t.norm in ("a", "an") for t in toks[s.j:spans[org_before].i])
            return org_before, _leads([toks[spans[org_before].j - 1].norm]) and not indefinite
    # before: ORG ['s] [title]* ROLE NAME  ("CJTF-OIR spokesperson Col. X", "Iraqi Foreign Minister X")
    k = s.i - 1
    roles = []
    ranked = False
    if k >= 1 and toks[k].text == ",":
        k -= 1  # "the U.S. Secretary of State, Richard Calloway,"
    while k >= 0 and (toks[k].norm in _LEAD_ROLES or toks[k].norm in _MEMBER_ROLES or toks[k].norm in
                      _TITLE_WORDS_BEFORE_NAME
                      or toks[k].norm.rstrip(".") in _RANK_WORDS):
        if toks[k].norm in _LEAD_ROLES or toks[k].norm in _MEMBER_ROLES:
            roles.append(toks[k].norm)
        ranked = ranked or toks[k].norm.rstrip(".") in _RANK_WORDS
        k -= 1
    if roles and (k + 1) in by_end:
        org = by_end[k + 1]
        if spans[org].cls in kinds.org | {"Country"}:
            return org, _leads(roles)
    if ranked and (k + 1) in by_end and spans[by_end[k + 1]].cls in kinds.org:
        return by_end[k + 1], False  # a rank after a force: "German army Col. X", "U.S. Marine Corps Maj. X"
    # "the Coalition's deputy commander for operations, British Maj. Gen. NAME", "a PMF spokesman, NAME"
    k = s.i - 1
    while k >= 0 and (toks[k].norm.rstrip(".") in _TITLE_ABBR or (_nationality_like(toks[k]) and k not in by_end)):
        k -= 1
    if k >= 2 and toks[k].text == ",":
        roles = []
        m = k - 1
        while m >= 0 and k - m <= 6 and m + 1 not in by_end and toks[m].text.islower() and toks[m].text.isalpha():
            if toks[m].norm in _LEAD_ROLES or toks[m].norm in _MEMBER_ROLES:
                roles.append(toks[m].norm)
            m -= 1
        if (m + 1 < k and toks[m + 1].norm in ("'s", "’s")) or (m >= 0 and toks[m].norm in ("'s", "’s")):
            m -= 1 if toks[m].norm in ("'s", "’s") else 0
        if roles and (m + 1) in by_end and spans[by_end[m + 1]].cls in kinds.org | {"Country"} \
                and toks[m + 1 - 0].norm not in (",",):
            return by_end[m + 1], _leads([r for r in roles if r != "deputy"]) and "deputy" not in roles
    # "the spokesperson for ORG, Col. NAME"
    k = s.i - 1
    while k >= 0 and toks[k].norm.rstrip(".") in _TITLE_ABBR:
        k -= 1
    if k >= 1 and toks[k].text == "," and k in by_end and spans[by_end[k]].cls in kinds.org:
        org = by_end[k]
        m = spans[org].i - 1
        while m >= 0 and toks[m].norm in _ROLE_OF_LINKS:
            m -= 1
        if m >= 0 and (toks[m].norm in _LEAD_ROLES or toks[m].norm in _MEMBER_ROLES):
            return org, _leads([toks[m].norm])
    return None


_TITLE_ABBR = W.words["title_abbr"]


def _rank_force(toks: list[Tok], spans: list[Span], idx: int, *, kinds: Kinds) -> int | None:
    """The force named right before a person's rank: "German army Col. X", "U.S. Air Force Brig. Gen. X"."""
    k, ranked = spans[idx].i - 1, False
    while k >= 0 and toks[k].norm.rstrip(".") in _RANK_WORDS:
        ranked, k = True, k - 1
    org = next((m for m, sp in enumerate(spans) if sp.j == k + 1), None) if ranked else None
    return org if org is not None and spans[org].cls in kinds.org else None
_NAME_DASHES = frozenset({"-", "–", "—"})
_NOT_MEETINGS = frozenset({"Attack", "Event"})  # events that are not meetings (an unnamed event is "Event")


def _leads(roles: list[str]) -> bool:
    return bool(set(roles) & _LEAD_ROLES) and "deputy" not in roles and not (
        "general" in roles and len(roles) == 1)


_QUESTION_LABELS = W.words["question_labels"]


def turn_label(toks: list[Tok], spans: list[Span]) -> tuple[bool, int | None]:
    """A transcript's speaker label opening the sentence: ``Q:`` → (True, None); ``GEN. X:`` / ``Copsey:`` →
    (True, index of the person's span); anything else → (False, None)."""
    colon = next((k for k, t in enumerate(toks[:9]) if t.text == ":"), None)
    if not colon:
        return False, None
    words = toks[:colon]
    if len(words) == 1 and words[0].norm.rstrip(".") in _QUESTION_LABELS:
        return True, None
    if not all(t.text[:1].isupper() or t.text in (".", "-") for t in words):
        return False, None
    idx = next((n for n, s in enumerate(spans) if s.cls == "Person" and s.j == colon), None)
    return (True, idx) if idx is not None else (False, None)


def first_person(toks: list[Tok], spans: list[Span], org: Span | None, *, voiced: bool = False,
                 author: Span | None = None, speaker: Speaker | None = None) -> list[Span]:
    """"we"/"us" and "our forces" inside a quote (or anywhere in a speaker's ``voiced`` transcript turn)
    → the speaker's organisation; outside quotes, with no speaker, → the ``author`` of a statement. "I"/"me" in
    a quote or a voiced turn → the ``speaker`` when the speaker is a person."""
    taken = [False] * len(toks)
    for s in spans:
        _mark(taken, s)
    out: list[Span] = []
    for k, t in enumerate(toks):
        if taken[k]:
            continue
        if t.norm in ("i", "me") and (t.in_quote or voiced) and speaker is not None and speaker.cls == "Person" \
                and t.text != "I." and not (k + 1 < len(toks) and toks[k + 1].text in (".", ")")):
            out.append(Span(i=k, j=k + 1, key=speaker.key, name=speaker.span_name, cls="Person", rule="first-person"))
            continue
        if t.in_quote or voiced:
            if org is None:
                continue
        elif org is None and author is not None:
            org = author  # a press statement's own voice: "We thank …", "we urge …"
        else:
            continue
        if t.norm in ("we", "us"):
            out.append(Span(i=k, j=k + 1, key=org.key, name=org.name, cls=org.cls, rule="first-person"))
        elif t.norm == "our" and k + 1 < len(toks) and toks[k + 1].norm in _FORCE_WORDS and not taken[k + 1]:
            out.append(Span(i=k, j=k + 2, key=org.key, name=org.name, cls=org.cls, rule="first-person"))
    return out


# ---------------------------------------------------------------------------------------------- relations
@dataclass
class Pair:
    subj: int
    obj: int
    predicate: str
    hit_index: int | None  # index into the hits list, None for relations without a trigger
    rule: str


def _skip_back(toks: list[Tok], k: int) -> int:
    """Index of the first token before ``k`` that is not a determiner, number or possessive."""
    m = k - 1
    while m >= 0:
        if toks[m].norm in _DET - {"of"} or toks[m].norm.replace(",", "").isdigit() or toks[m].norm in ("-",) \
                or toks[m].norm in _COMPASS or _nationality_like(toks[m]):
            m -= 1
        elif toks[m].norm == "of" and m >= 1 and toks[m - 1].norm in _PLACE_NOUNS:
            m -= 2  # "the town of Rawa" is one noun phrase
        else:
            break
    return m


_PLACE_NOUNS = W.words["place_nouns"]


def _nationality_like(t: Tok) -> bool:
    """``Iraqi``, ``Syrian``, ``Kurdish``: a capitalised adjective of nationality before a noun."""
    return t.text[:1].isupper() and t.text.isalpha() and t.norm.endswith(_NATIONALITY_ENDINGS)


def _skip_titles(toks: list[Tok], k: int) -> int:
    """Start of the titles before a name ("the Syrian President X" → index of "Syrian")."""
    m = k
    while m > 0 and (toks[m - 1].norm in _LEAD_ROLES or toks[m - 1].norm in _MEMBER_ROLES
                     or toks[m - 1].norm.rstrip(".") in _TITLE_ABBR
                     or (toks[m - 1].norm in _TITLE_COMPLEMENTS_BEFORE
                     and m < k)):
        m -= 1
    if m < k and m > 0 and toks[m - 1].text[:1].isupper() and toks[m - 1].text.isalpha():
        m -= 1  # a nationality word before the title
    return m


def _oblique(toks: list[Tok], s: Span, hit_ends: set[int], spans: list[Span] | None = None) -> bool:
    m = _skip_back(toks, _skip_titles(toks, s.i) if s.cls == "Person" else s.i)
    if m < 0:
        return False
    if toks[m].norm == "to" and m > 0 and toks[m - 1].norm == "according":
        return False  # "according to X charged with advising …": X is the speaker, and acts
    if toks[m].norm in _PREPS:
        return True
    if toks[m].norm in _LIST_GLUE and spans is not None and not (
            toks[m].norm == "," and s.j < len(toks) and toks[s.j].norm not in _LIST_GLUE):
        # "in Iraq and Syria": a conjunct shares the preposition of the first conjunct (but "In Syria, we …"
        # ends a fronted phrase: a comma makes a list only when the list goes on)
        prev = next((sp for sp in spans if sp.j == m), None)
        if prev is not None:
            return _oblique(toks, prev, hit_ends, spans)
    return m + 1 in hit_ends  # the object of another trigger


def _relative_subject(toks: list[Tok], spans: list[Span], cands: list[int], hit_i: int, *, kinds: Kinds) -> int | None:
    """``SPAN who were attacking …``: the antecedent of a relative pronoun right before the trigger."""
    for n in cands:
        s = spans[n]
        between = toks[s.j:hit_i]
        if between and between[0].text == ",":
            between = between[1:]
        if between and (between[0].norm == "who" or (between[0].norm == "which" and not _oblique(
                toks, s, set(), spans))) and s.cls not in kinds.place and not any(
                t.text in (",", ";", ":") or t.norm in _RELATIVE for t in between[1:]):
            return n  # "X, who pledged advice and assistance to Y": X gives it
        if between and between[0].norm in _RELATIVE and all(
                t.norm in _BE | _ADVERB_OK | _RELATIVE_CLAUSE_FILLERS or t.text == "," or t.norm.endswith("ed")
                for t in between[1:]):
            return n
    return None


_PLAN_WORDS = W.words["plan_words"]


def _planner(toks: list[Tok], spans: list[Span], hit_i: int, *, kinds: Kinds) -> int | None:
    """``a plan by X to attack``, ``X planned to attack``: who intends the attack (the verb is an infinitive)."""
    if hit_i < 2 or toks[hit_i - 1].norm != "to":
        return None
    k = hit_i - 2
    by = next((sp for sp in spans if sp.j == hit_i - 1), None)
    if by is not None:  # "a plan by ISIS cells to attack"
        m = _skip_back(toks, by.i)
        if toks[m].norm == "by" and m >= 1 and toks[m - 1].norm in _PLAN_WORDS:
            return spans.index(by)
        return None
    while k >= 0 and (toks[k].norm in _ADVERB_OK or toks[k].norm in _PERFECT_AUXILIARIES
                      or toks[k].norm.endswith("ly")):
        k -= 1
    if k >= 0 and toks[k].norm in _PLAN_WORDS:
        subj = next((n for n, sp in sorted(enumerate(spans), key=lambda x: -x[1].j)
                     if sp.j <= k and k - sp.j <= 3 and sp.cls in kinds.party and sp.rule != "inner"), None)
        return subj
    return None


def _claimant(toks: list[Tok], spans: list[Span], vocab: LanguageData, *, kinds: Kinds) -> int | None:
    """``X claimed responsibility``, ``…, for which X claimed responsibility``: the claimant (an attack claim)."""
    for k in range(1, len(toks) - 1):
        if toks[k].norm not in _CLAIM_VERBS or toks[k + 1].norm != "responsibility":
            continue
        if any(t.norm in vocab.negations or t.norm in _DENIAL or t.norm in vocab.hedges
               for t in toks[max(0, k - 3):k]):
            continue
        cand = next((n for n, sp in sorted(enumerate(spans), key=lambda x: -x[1].j)
                     if sp.j <= k and k - sp.j <= 3 and sp.cls in kinds.org and sp.rule != "inner"), None)
        if cand is not None:
            return cand
    return None


def _dateline_end(toks: list[Tok]) -> int:
    """Index after a dateline (``BAGHDAD —``, ``QAMISHLI, Syria (Reuters) -``) that opens the sentence, else 0."""
    if not toks or not (toks[0].text.isupper() and len(toks[0].text) > 1 and toks[0].text.isalpha()):
        return 0
    for k, t in enumerate(toks[1:12], start=1):
        if t.text in _DASHES:
            return k + 1
        if not (t.text[:1].isupper() or t.text in (",", ".", "(", ")")):
            return 0
    return 0


def _relative_after_noun(toks: list[Tok], spans: list[Span], hit_i: int, *, kinds: Kinds) -> bool:
    """``an attack that targeted X``: the verb's subject is a noun that names no actor."""
    k = hit_i - 1
    while k >= 0 and (toks[k].norm in _ADVERB_OK or toks[k].norm in _AUXILIARIES):
        k -= 1
    if k < 1 or toks[k].norm not in ("that", "which"):
        return False
    before = k - 1 if toks[k - 1].text == "," and k >= 2 else k
    if any(sp.j == before and sp.rule != "inner" and sp.cls not in kinds.place - {"Country"} for sp in spans) \
            or not toks[before - 1].text.isalpha() \
            or toks[before - 1].norm in _SPEECH_LIKE:
        return False
    # "TIME/PLACE that killed": skip to the noun; "conducted a raid that killed X": the raider killed X,
    # unless the event is someone else's report ("condemned a drone attack that targeted X")
    m = before - 1
    while m > 0 and before - m <= 8 and (toks[m].text[:1].isupper() or toks[m].norm in _COMPASS
                                         or toks[m].norm in _TIME_PLACE_WORDS or toks[m].text[:1].isdigit()
                                         or toks[m].text == ",") and toks[m].norm not in _EVENT_NOUNS:
        m -= 1
    if toks[m].norm in _EVENT_NOUNS:
        return _reported_event(toks, spans, m + 1) or any(
            t.norm in _REPORT_WORDS - _REPORT_PREPOSITION_EXCEPTIONS
            for t in toks[max(0, m - 5):m])
    return True


_EVENT_NOUNS = W.words["event_nouns"]


_SPEECH_LIKE = W.words["speech_like"]


def _subject(toks: list[Tok], spans: list[Span], left: list[int], hit_i: int, hit_ends: set[int], *,
             kinds: Kinds) -> int | None:
    rel = _relative_subject(toks, spans, left[:2], hit_i, kinds=kinds)
    if rel is not None and spans[rel].cls not in kinds.place - {"Country"}:
        return rel
    if _relative_after_noun(toks, spans, hit_i, kinds=kinds):
        return None
    if hit_i >= 2 and toks[hit_i - 1].norm == "and" and toks[hit_i].text.islower() \
            and any(sp.j == hit_i - 1 or (sp.j == hit_i - 2 and toks[hit_i - 2].text == ",") for sp in
                    (spans[n] for n in left)):
        # "X reaffirmed its commitment to Iraq and commended Y": the verbs share the clause's subject
        first = min(left, key=lambda n: spans[n].i)
        lo = spans[first].i
        while lo > 0 and toks[lo - 1].text not in (".", ";", ":", "“", '"') and toks[lo - 1].norm in _DET | {
                "also", "then"}:
            lo -= 1
        if (lo == 0 or toks[lo - 1].text in (".", ";", ":", "“", '"', ",")) and spans[first].cls not in kinds.place:
            return first
        return None
    for n in left:
        s = spans[n]
        if any(t.norm in _SUBJECT_PRONOUNS and toks[k - 1].norm not in _PREPS | _RELATIVE | {"whom"}
               for k, t in enumerate(toks[s.j:hit_i], start=s.j) if k > 0):
            return None  # "…, and we will keep backing X": the pronoun is the subject
        if s.cls in kinds.place - {"Country"}:
            continue
        if s.rule == "context":
            continue
        if not _oblique(toks, s, hit_ends, spans):
            return n
    return None


def _patient(toks: list[Tok], spans: list[Span], left: list[int], hit_i: int, hit_ends: set[int], *,
             kinds: Kinds) -> int | None:
    """Who undergoes a passive verb: the subject, or the owner in "the convoy of X was targeted"."""
    found = _subject(toks, spans, left, hit_i, hit_ends, kinds=kinds)
    if found is not None:
        return found
    for n in left:
        s = spans[n]
        if s.rule == "context" or s.cls in kinds.place - {"Country"}:
            continue
        m = _skip_back(toks, s.i)
        if m >= 1 and toks[m].norm == "of":
            return n
    return None


_PARTITIVE = W.words["partitive"]


def _in_pp(toks: list[Tok], spans: list[Span], s: Span, hit_j: int) -> bool:
    """``s`` sits in a prepositional phrase after the trigger (directly, or as a later conjunct)."""
    m = _skip_back(toks, s.i)
    if m < hit_j:
        return False
    if toks[m].norm == "of" and m > hit_j and (toks[m - 1].norm in _PARTITIVE or toks[m - 1].norm in _NUMBER_WORDS
                                               or toks[m - 1].text.isdigit()):
        return False  # "trained 300 members of X", "killed four fighters of X": X is the object
    if toks[m].norm in _PREPS:
        return True
    if toks[m].norm in _LIST_GLUE:
        prev = next((sp for sp in spans if sp.j == m), None)
        if prev is not None:
            return _in_pp(toks, spans, prev, hit_j)
    return False


def _is_participle(t: Tok) -> bool:
    return t.norm.endswith("ed") or t.norm in _IRREGULAR_PARTICIPLES


def _agent(toks: list[Tok], spans: list[Span], hit_j: int, hi: int, *, kinds: Kinds) -> int | None:
    """The span after ``by`` within a few tokens of a past participle ("tortured by ISIS operatives")."""
    for m in range(hit_j, min(hi, hit_j + 4)):
        if toks[m].norm in _OBJECT_DETERMINERS:
            return None  # "condemned the attacks by X": an object follows, the verb is active
        if toks[m].norm == "by":
            return next((n for n, s in enumerate(spans) if m < s.i <= m + 3 and s.cls in kinds.party), None)
        if toks[m].is_punct:
            return None
    return None


def _agentless_passive(toks: list[Tok], hit_i: int) -> bool:
    m = hit_i - 1
    while m >= 0 and hit_i - m <= 5 and (toks[m].norm in _ADVERB_OK or toks[m].norm.endswith("ly")
                                         or (toks[m].norm.endswith("ed") and toks[m].norm not in _BE)
                                         or toks[m].text == ","):
        m -= 1
    return m >= 0 and toks[m].norm in _BE


def _negated(toks: list[Tok], lo: int, hit_i: int, vocab: LanguageData) -> bool:
    window = [t.norm for t in toks[max(lo, hit_i - 5):hit_i]]
    text = " ".join(window)
    if any(p in text for p in vocab.double_negation):
        return False
    if any(w in vocab.negations or w == "n't" for w in window[-4:]):
        # "not only", "no doubt": cancelled above; a comma between cue and trigger breaks the cue
        tail = window[-4:]
        cut = max((p for p, w in enumerate(tail) if w in (",",)), default=-1)
        if any(w in vocab.negations or w == "n't" for w in tail[cut + 1:]):
            return True
    return any(t.norm in _DENIAL for t in toks[lo:hit_i]) or any(p in text for p in _NEG_EXTRA)


def _hedged(toks: list[Tok], lo: int, hit_i: int, vocab: LanguageData) -> bool:
    window = toks[max(lo, hit_i - 6):hit_i]
    cut = max((p for p, t in enumerate(window) if t.text == ","), default=-1)
    return any(t.norm in vocab.hedges for t in window[cut + 1:])


def usable_hits(hits: list[TriggerHit], spans: list[Span]) -> list[TriggerHit]:
    """Trigger hits that are not inside an actor name ("Coalition to Defeat ISIS")."""
    inside = {k for s in spans for k in range(s.i, s.j)}
    return [h for h in hits if not any(k in inside for k in range(h.i, h.j))]


def relations_in_sentence(toks: list[Tok], spans: list[Span], hits: list[TriggerHit], vocab: LanguageData,
                          ctx: EnglishContext, *, speaker_idx: int | None = None,
                          ) -> list[tuple[Pair, bool, bool, float]]:
    """(pair, negated, hedged, confidence) for every relation of one English sentence."""
    hit_ends = {h.j for h in hits if h.trigger.frame in ("active", "symmetric")}
    out: list[tuple[Pair, bool, bool, float]] = []
    dateline = _dateline_end(toks)  # "BAGHDAD, Iraq (Reuters) —": where the story was filed, no actor
    claimant = _claimant(toks, spans, vocab, kinds=ctx.kinds)
    if claimant is not None:
        ctx.last_attacker = spans[claimant]  # "ISIS claimed responsibility for the attack": the attacker
    question = toks[-1].text == "?"  # "Did X strike Y?" asserts nothing

    def add(subj: int | None, obj: int | None, pred: str, hidx: int | None, rule: str,
            neg: bool = False, hedge: bool = False, conf: float = 0.7) -> None:
        if subj is None or obj is None or subj == obj:
            return
        a, b = spans[subj], spans[obj]
        if (a.key is not None and a.key == b.key) or (a.key is None and b.key is None and a.name == b.name):
            return
        out.append((Pair(subj, obj, pred, hidx, rule), neg, hedge, conf))

    for hidx, hit in enumerate(hits):
        trig = hit.trigger
        prop, frame = trig.property, trig.frame
        lo, hi = clause_bounds(toks, hit.i, hit.j)
        nxt = hi
        cur_j = hit.j
        for h in hits[hidx + 1:]:
            if h.trigger.frame == "located":
                continue
            if all(t.norm in _LIST_GLUE for t in toks[cur_j:h.i]):
                cur_j = h.j  # "advises, assists and enables X": one object for all three
                continue
            nxt = h.i
            break
        left = [n for n, s in enumerate(spans) if lo <= s.i and s.j <= hit.i and hit.i - s.j <= MAX_LEFT]
        right = [n for n, s in enumerate(spans) if hit.j <= s.i and s.j <= hi and s.i - hit.j <= MAX_RIGHT]
        left.sort(key=lambda n: -spans[n].j)
        right.sort(key=lambda n: spans[n].i)
        left = [n for n in left if spans[n].rule != "inner" and spans[n].i >= dateline]
        right = [n for n in right if spans[n].i >= dateline]
        neg, hedge = hit.negated, hit.hedged  # set by the modality stage (:func:`modality`)
        conf = trig.confidence
        rule = f"en.{trig.id}:{frame}"

        def emit(subj: int | None, obj: int | None, pred: str = prop, r: str = rule, *, _h: int = hidx,
                 _n: bool = neg, _hd: bool = hedge, _c: float = conf) -> None:
            add(subj, obj, pred, _h, r, _n, _hd, _c)

        if frame == "located":
            _located(toks, spans, hit, left, right, emit, kinds=ctx.kinds)
            continue
        if frame == "passive":
            agent = next(iter(right), None)
            if agent is None:
                continue
            patient = _patient(toks, spans, left, hit.i, hit_ends, kinds=ctx.kinds)
            if patient is None:
                # "support the Africa Focus Group, co-led by X": a reduced relative after the object
                m = hit.i
                while m > 0 and toks[m - 1].norm in _CO_LEAD_WORDS:
                    m -= 1
                if m > 0 and toks[m - 1].text == ",":
                    patient = next((n for n in left if spans[n].j == m - 1), None)
            if patient is None and not left and hit.i <= max(dateline, 1):
                # fronted: "With the support of X, Y …"
                comma = next((m for m in range(spans[agent].j, hi) if toks[m].text == ","), None)
                if comma is not None:
                    patient = next((n for n in right if spans[n].i > comma), None)
            if patient is not None:
                for a in [agent, *_coordinated_right(toks, spans, right, agent)]:
                    if _fits(ctx, prop, spans[a], spans[patient]):
                        emit(a, patient)
            continue
        # active, nominal, symmetric
        first = toks[hit.i]
        if hit.j + 1 < hi and toks[hit.j].norm == "by" and not _is_participle(first) and hit.j - hit.i == 1:
            # "the attacks by X on Y": a noun with its agent and its target
            by_agent = next((n for n in right if 0 < spans[n].i - hit.j <= 2), None)
            if by_agent is not None:
                e = spans[by_agent].j
                target = next((n for n in right if spans[n].i > e and spans[n].i - e <= 3
                               and toks[_skip_back(toks, spans[n].i)].norm in ("on", "against")), None)
                if target is not None and _fits(ctx, prop, spans[by_agent], spans[target]):
                    emit(by_agent, target)
            continue
        agent = None
        if frame == "active" and _is_participle(first) and (hit.lemma or len(trig.forms[0].split()) == 1):
            agent = _agent(toks, spans, hit.j, hi, kinds=ctx.kinds)
            if agent is None and _agentless_passive(toks, hit.i):
                continue  # "ISIS is defeated", "two members were killed": no agent named
        stop = _infinitive_stop(toks, hit.j, hi)
        right_all = right
        if frame in ("active", "symmetric"):
            # a verb's object follows it directly: "protecting against X" does not protect X
            right = [n for n in right if spans[n].i == hit.j or not _in_pp(toks, spans, spans[n], hit.j)]
        objs = [n for n in right if spans[n].i < min(nxt, stop)
                and not _after_loc_prep(toks, spans[n], hit.j, spans, kinds=ctx.kinds)
                and n != speaker_idx and spans[n].rule != "inner"]
        reach = 3
        for n in objs:
            if spans[n].i - hit.j <= reach and spans[n].j < len(toks) and spans[n].cls in ctx.kinds.org and (
                    toks[spans[n].j].norm in _LEAD_ROLES or toks[spans[n].j].norm in _MEMBER_ROLES):
                reach = spans[n].j + 3 - hit.j  # "talks with the Coalition envoy, Mark Fenton"
        objs = [n for n in objs if spans[n].rule != "context" and not (
            spans[n].j < len(toks) and (toks[spans[n].j].norm in _LEAD_ROLES or toks[spans[n].j].norm in
                                        _MEMBER_ROLES) and spans[n].cls in ctx.kinds.org
            and any(sp.cls == "Person" and 0 < sp.i - spans[n].j <= 4 for sp in spans))]
        if left and spans[left[0]].rule == "national-strike" and spans[left[0]].j <= hit.i <= spans[left[0]].j + 2 \
                and toks[hit.i].norm in _STRIKE_NOUNS and hit.j - hit.i == 1:
            # "every Turkish attack helps ISIS": the noun's target needs "on"/"against"
            objs = [n for n in objs if toks[_skip_back(toks, spans[n].i)].norm in ("on", "against")]
        planner = _planner(toks, spans, hit.i, kinds=ctx.kinds) if prop in ("attacks", "opposes") else None
        if planner is not None:
            # "foiled a plan by ISIS cells to attack the prison", "X plotted to attack Y": a threat, not an attack
            for o_idx in objs[:1]:
                if _fits(ctx, "threatens", spans[planner], spans[o_idx]):
                    emit(planner, o_idx, "threatens", f"en.{trig.id}:plan", _hd=question)
            continue
        possessed = _possessive_noun(toks, spans, hit.i)
        if possessed is not None and prop == "attacks" and spans[possessed].cls == "ArmedGroup" and not neg:
            ctx.last_attacker = spans[possessed]  # "Daesh's attacks …": the attacker of the story
        if possessed is not None:
            # "the Coalition's continued support for X": the possessor acts, the object needs for/to/of
            objs = [n for n in objs if toks[_skip_back(toks, spans[n].i)].norm in _POSSESSED_OBJECT_PREPOSITIONS]
            for o_idx in objs[:1]:
                if _fits(ctx, prop, spans[possessed], spans[o_idx]):
                    emit(possessed, o_idx)
            continue
        if agent is not None:
            patient = _relative_antecedent(toks, spans, left, hit.i, kinds=ctx.kinds)
            if patient is None:
                patient = _patient(toks, spans, left, hit.i, hit_ends, kinds=ctx.kinds)
            if patient is not None and _fits(ctx, prop, spans[agent], spans[patient]):
                emit(agent, patient)
            continue
        subj = _whom_object_subject(toks, spans, left, hit.i)
        if subj is not None:
            s_idx, o_idx = subj
            if _fits(ctx, prop, spans[s_idx], spans[o_idx]):
                emit(s_idx, o_idx)
            continue
        if frame == "nominal" and _reported_event(toks, spans, hit.i):
            continue  # "condemned recent militia attacks on X": the attackers are not named
        subj_idx = None
        if frame == "nominal" and first.norm not in _PREPS | _TOGETHER_WORDS:
            # "the ISIS attack on X", "Daesh's attacks on X": the actor right before the noun acts
            subj_idx = next((n for n in left if spans[n].j == hit.i or (spans[n].j == hit.i - 1 and toks[
                hit.i - 1].norm in ("'s", "’s"))), None)
        if subj_idx is None:
            subj_idx = _subject(toks, spans, left, hit.i, hit_ends, kinds=ctx.kinds)
        if subj_idx is None:
            if first.norm in _PROTECT and objs:
                _protect_from(toks, spans, objs[0], emit, kinds=ctx.kinds)
            # "The attack killed 32 civilians" after "ISIS claimed responsibility": the story's attacker
            event_subject = frame == "active" and hit.i >= 1 and toks[hit.i - 1].norm in _EVENT_NOUNS | _EXPLOSION_NOUNS
            if (frame == "nominal" or event_subject) and prop == "attacks" and objs and ctx.last_attacker is not None \
                    and not neg and _fits(ctx, prop, ctx.last_attacker, spans[objs[0]]):
                # "a complex attack was carried out on X" after "Daesh's attacks …": the same attacker
                spans.append(_copy(ctx.last_attacker, spans[objs[0]].i, spans[objs[0]].i, "context"))
                add(len(spans) - 1, objs[0], prop, hidx, f"en.{trig.id}:story-attacker", neg, hedge, 0.5)
            continue
        subjects = [subj_idx, *_coordinated_left(toks, spans, left, subj_idx)]
        if prop == "attacks" and spans[subj_idx].cls == "ArmedGroup" and not neg:
            ctx.last_attacker = spans[subj_idx]
        together = first.norm in _TOGETHER or any(t.norm == "together" for t in toks[hit.i:hit.j])
        if together and len(subjects) >= 2 and not any(spans[n].i - hit.j <= 2 for n in objs):
            # "X and Y are working together" / "X and Y cooperated": each supports the other
            for a_pos, a in enumerate(subjects):
                for b in subjects[a_pos + 1:]:
                    emit(b, a, "cooperatesWith", f"en.{trig.id}:together")
            continue
        if frame == "symmetric" or prop == "participatesIn":
            objs = [n for n in objs if spans[n].i - hit.j <= reach]
            place = next((n for n in right_all if spans[n].cls in ("City", "Country", "Province")
                          and spans[n].i == hit.j + 1 and toks[hit.j].norm in ("in", "at")), None)
            if not objs and first.norm in _INTRANSITIVE_MEET and place is not None:
                # "the ministers of X met in Rome": an unnamed meeting in Rome (made by :func:`unnamed_meetings`)
                named = next((n for n, sp in enumerate(spans) if sp.cls == "Meeting" and sp.rule != "context"), None)
                if named is None:
                    named = next((n for n, sp in enumerate(spans) if sp.cls == "Meeting" and sp.rule == "context"
                                  and (sp.i, sp.j) == (spans[place].i, spans[place].j)), None)
                if named is not None:
                    m_idx = named  # "… met in Rome …, who co-chaired the meeting": that meeting
                else:
                    spans.append(_unnamed_meeting(spans[place]))
                    m_idx = len(spans) - 1
                for s_idx in subjects:
                    emit(s_idx, m_idx, "participatesIn", f"en.{trig.id}:meeting")
                emit(m_idx, place, "locatedIn", f"en.{trig.id}:meeting-place")
                continue
            if not objs and first.norm in _INTRANSITIVE_MEET and len(subjects) >= 2:
                for a_pos, a in enumerate(subjects):
                    for b in subjects[a_pos + 1:]:
                        emit(b, a, "meets", f"en.{trig.id}:together")
                continue
            if not objs and first.norm in _INTRANSITIVE_MEET and ctx.last_meeting is not None:
                in_sentence = next((n for n, sp in enumerate(spans) if sp.cls == "Meeting"), None)
                for s_idx in subjects:
                    if in_sentence is not None:
                        emit(s_idx, in_sentence, "participatesIn", f"en.{trig.id}:meeting")
                    else:
                        _emit_to_context_meeting(out, spans, s_idx, hidx, f"en.{trig.id}:meeting", neg, hedge, ctx)
                continue
        obj = next(iter(objs), None)
        if obj is not None and spans[obj].j + 1 < len(toks) and toks[spans[obj].j].norm in _POSSESSIVE_MARKS:
            owned = next((n for n in objs if 0 < spans[n].i - spans[obj].j <= 4), None)
            if owned is not None:
                obj = owned  # "eradicate the camp's ISIS networks": the networks, not the camp
        if first.norm in _PROTECT and obj is not None:
            _protect_from(toks, spans, obj, emit, kinds=ctx.kinds)
        if obj is None and prop in ("condemns", "opposes") and first.norm in _REPORT_WORDS and not neg \
                and ctx.last_attacker is not None and any(t.norm in _EVENT_NOUNS | _VIOLENT_EVENT_NOUNS
                                                            for t in toks[hit.j:min(hi, hit.j + 12)]):
            # "X condemned the attack …" after (or with) "ISIS claimed responsibility": X condemns the attacker
            spans.append(_copy(ctx.last_attacker, hit.j, hit.j, "context"))
            for s_idx in subjects:
                if _fits(ctx, prop, spans[s_idx], spans[-1]):
                    add(s_idx, len(spans) - 1, prop, hidx, f"en.{trig.id}:event-attacker", neg, hedge, 0.5)
            continue
        if obj is None:
            continue
        prep = toks[hit.j - 1].norm if toks[hit.j - 1].norm in _PREPS else None
        pool = objs
        if prep is not None:
            # "condolences to the families and to the Government": the preposition is repeated
            pool = sorted(set(objs) | {n for n in right_all if spans[n].i < min(nxt, stop) and spans[n].rule != "inner"
                                       and toks[_skip_back(toks, spans[n].i)].norm == prep}, key=lambda n: spans[n].i)
        objects = [obj, *_coordinated_right(toks, spans, pool, obj, prep)]
        last = spans[objects[-1]].j
        tail = []
        for t in toks[last:last + 10]:
            if t.is_punct:
                break
            tail.append(t.norm)
        if first.norm in _ADMISSION_VERBS and "as" in tail and any(
                w in _MEMBERSHIP_NOUNS for w in tail[tail.index("as"):][:4]):
            for o_idx in objects:  # "welcomed X and Y as new members": they join
                for s_idx in subjects:
                    emit(o_idx, s_idx, "memberOf", f"en.{trig.id}:as-member")
            continue
        for s_idx in subjects:
            for o_idx in objects:
                o = spans[o_idx]
                if o.cls == "Meeting":
                    if prop in ("meets", "participatesIn", "leads", "hosts", "visits", "supports", "memberOf"):
                        emit(s_idx, o_idx, "participatesIn", f"en.{trig.id}:meeting")
                        # "hosted MEETING with Y": Y takes part and meets the host
                        w = o.j
                        if w < len(toks) and toks[w].norm == "with":
                            y = next((n for n, sp in enumerate(spans) if w < sp.i <= w + 3
                                      and sp.cls in ctx.kinds.party and not (sp.j < len(toks) and toks[sp.j].norm
                                                                           in ("'s", "’s"))), None)
                            if y is not None:
                                emit(s_idx, y, "meets", f"en.{trig.id}:meeting-with")
                                emit(y, o_idx, "participatesIn", f"en.{trig.id}:meeting-with")
                    continue
                pred = prop
                if prop in ("detains",) and o.cls in ctx.kinds.place | ctx.kinds.facility:
                    pred = "controls"  # "captured the town": territory, not people
                if not _fits(ctx, pred, spans[s_idx], o):
                    continue
                emit(s_idx, o_idx, pred)
    out += [(p, False, False, 0.75) for p in _static_relations(toks, spans, kinds=ctx.kinds)]
    out += [(p, _negated(toks, 0, len(toks) - 1, vocab), False, 0.7) for p in _the_two(toks, spans, ctx)]
    out += [(p, _negated(toks, 0, len(toks) - 1, vocab), _hedged(toks, 0, len(toks) - 1, vocab), 0.7)
            for p in _provide_with(toks, spans, ctx)]
    return out


_TWO_NOUNS = W.words["two_nouns"]
_TWO_VERBS = W.words["two_verbs"]


_PROVIDE = W.words["provide"]
_AID_NOUNS = W.words["aid_nouns"]


_PROVIDE_STOP = W.words["provide_stop"]


def _provide_with(toks: list[Tok], spans: list[Span], ctx: EnglishContext) -> list[Pair]:
    """"A provided B with training/weapons/…" (and "… provide them with …", "them" = the organisation named
    last in the previous sentence, other than the giver) → A supports B."""
    out: list[Pair] = []
    by_start = {s.i: n for n, s in enumerate(spans)}
    for k, t in enumerate(toks):
        if t.norm not in _PROVIDE or k + 1 >= len(toks):
            continue
        left = [n for n, s in enumerate(spans) if s.j <= k and s.cls in ctx.kinds.party and s.cls != "Group"]
        if not left or any(toks[x].norm in _PROVIDE_STOP for x in range(spans[left[-1]].j, k)):
            continue
        subj = left[-1]
        if any(toks[x].norm in _NEGATORS for x in range(spans[subj].j, k)):
            continue  # "never provided …"
        if toks[k + 1].norm == "them" and k + 1 not in by_start:
            ref = next((o for o in reversed(ctx.prev_orgs) if o.key != spans[subj].key), None)
            if ref is None:
                continue
            spans.append(_copy(ref, k + 1, k + 2, "context"))
            obj = len(spans) - 1
        elif k + 1 in by_start:
            obj = by_start[k + 1]
        elif k + 2 in by_start and toks[k + 1].norm in _PROVIDE_OBJECT_DETERMINERS:
            obj = by_start[k + 2]
        else:
            continue
        m = spans[obj].j
        if not (m + 1 < len(toks) and toks[m].norm == "with" and toks[m + 1].norm in _AID_NOUNS):
            continue
        if _fits(ctx, "supports", spans[subj], spans[obj]) and spans[subj].key != spans[obj].key:
            out.append(Pair(subj, obj, "supports", None, "en.provide-with"))
    return out


def _the_two(toks: list[Tok], spans: list[Span], ctx: EnglishContext) -> list[Pair]:
    """"The two leaders discussed …": the two people named last met (context spans over "the two leaders")."""
    for k in range(len(toks) - 3):
        if toks[k].norm != "the" or toks[k + 1].norm not in _TWO_BOTH or toks[k + 2].norm not in _TWO_NOUNS:
            continue
        verb = k + 3
        while verb < len(toks) and toks[verb].norm in _ADVERB_OK | _PERFECT_AUXILIARIES:
            verb += 1
        if verb >= len(toks) or toks[verb].norm not in _TWO_VERBS or len(ctx.recent_persons) < 2:
            return []
        a, b = ctx.recent_persons[-2], ctx.recent_persons[-1]
        spans.append(_copy(a, k, k + 3, "context"))
        spans.append(_copy(b, k, k + 3, "context"))
        return [Pair(len(spans) - 2, len(spans) - 1, "meets", None, "en.the-two")]
    return []


_REPORT_WORDS = W.words["report_words"]


# triggers whose object, when it is a capital, is the government seated there (not the city)
_GOVERNMENT_OBJECT = frozenset({"requests", "praises", "supports", "meets", "cooperatesWith", "condemns",
                                "sanctions", "advises"})


def capital_governments(toks: list[Tok], spans: list[Span], hits: list[TriggerHit], ctx: EnglishContext,
                        vocab: LanguageData) -> None:
    """A capital acting ("Baghdad rejected …") or addressed ("urged Baghdad and Erbil", "talks with Damascus")
    is its government: the span is re-keyed in place. A capital after a place preposition, or the object of
    an attack ("struck Erbil"), stays a city."""
    capitals = vocab.maps.get("capital_governments", {})
    if ctx.gazetteer is None or not capitals:
        return
    starts = {h.i: h for h in hits}
    ends = {h.j: h for h in hits}
    order = sorted(range(len(spans)), key=lambda n: spans[n].i)
    for pos, n in enumerate(order):
        s = spans[n]
        if s.key not in capitals or s.cls not in ctx.kinds.place:
            continue
        if s.i > 0 and toks[s.i - 1].norm in _LOC_PREPS | {"of", "on", "to", "for"}:
            continue
        k = s.i
        while k > 0 and toks[k - 1].norm in ("and", ","):  # "urged Baghdad and Erbil": look past the first
            prev = next((spans[m] for m in order[:pos] if spans[m].j == k - 1), None)
            if prev is None:
                break
            k = prev.i
        before = ends.get(k)
        after = starts.get(s.j)
        if after is None and s.j < len(toks) and toks[s.j].norm in _ADVERB_OK:
            after = starts.get(s.j + 1)
        acting = after is not None and after.trigger.frame in ("active", "symmetric") \
            and (s.i == 0 or toks[s.i - 1].norm not in _PREPS)
        addressed = before is not None and _local(before.trigger.property) in _GOVERNMENT_OBJECT
        if not (acting or addressed):
            continue
        entry = ctx.gazetteer.entries.get(capitals[s.key]) if s.key is not None else None
        if entry is None:
            continue
        s.key, s.cls = entry.id, entry.cls
        s.name = entry.labels.get("en") or entry.id
        s.rule = "capital"


def _local(prop: str) -> str:
    return prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def _reported_event(toks: list[Tok], spans: list[Span], hit_i: int) -> bool:
    """A nominal trigger reported by someone else, with no named agent ("condemned the attacks on X")."""
    starts = {s.j for s in spans}
    m = hit_i - 1
    while m >= 0 and hit_i - m <= 4:
        if (m + 1) in starts:
            return False  # "ISIS attacks on …": the agent is named right there
        t = toks[m]
        if t.norm in _REPORT_WORDS:
            return True
        if not (t.text.isalpha() and t.text.islower()) and t.norm not in ("'s", "’s", "-"):
            return False
        m -= 1
    return False


def _infinitive_stop(toks: list[Tok], j: int, hi: int) -> int:
    """Where a "to VERB" purpose clause starts after the trigger ("called on X to fund … in Iraq")."""
    for m in range(j, hi - 1):
        if m > j and toks[m].norm == "to" and toks[m + 1].text.isalpha() and toks[m + 1].text.islower() \
                and toks[m + 1].norm not in _DET:
            return m
        if toks[m].norm in _CLAUSE_CONJUNCTIONS or (
                toks[m].text == "," and toks[m + 1].norm in _CLAUSE_OPENERS_AFTER_COMMA):
            return m  # a new clause: ", and we will …"
    return hi


def _possessive_noun(toks: list[Tok], spans: list[Span], hit_i: int) -> int | None:
    """``X's [adjective] TRIGGER``: the trigger is a noun owned by X; returns X's span index."""
    if toks[hit_i].norm.endswith("ed") or toks[hit_i].norm in _IRREGULAR_PARTICIPLES | _PAST_VERBS_NOT_NOUNS:
        return None  # a verb in the past: "Iraq's adviser met …" is not a noun owned by Iraq
    m = hit_i - 1
    while m >= 0 and hit_i - m <= 3 and toks[m].text.isalpha() and toks[m].text.islower():
        m -= 1
    if m >= 1 and toks[m].norm in _POSSESSIVE_MARKS:
        return next((n for n, s in enumerate(spans) if s.j == m), None)
    return None


def _protect_from(toks: list[Tok], spans: list[Span], obj: int, emit, *, kinds: Kinds) -> None:  # type: ignore[no-untyped-def]
    """"protect X from Y" → Y threatens X."""
    m = spans[obj].j
    if m < len(toks) and toks[m].norm == "from":
        y = next((n for n, sp in enumerate(spans) if m < sp.i <= m + 5 and sp.cls in kinds.org), None)
        if y is not None:
            emit(y, obj, "threatens", "en.protect-from:threatens")


def unnamed_meetings(toks: list[Tok], spans: list[Span], ctx: EnglishContext) -> None:
    """"X met in Rome" with no meeting named in the sentence: an unnamed meeting in Rome (a ``context`` span over
    the place, which later sentences' "the meeting" refers to); the relation stage links the participants."""
    if any(sp.cls == "Meeting" and sp.rule != "context" for sp in spans):
        return
    starts = {sp.i: sp for sp in spans if sp.cls in ("City", "Country", "Province")}
    for k in range(len(toks) - 2):
        place = starts.get(k + 2)
        if place is not None and toks[k].norm in _INTRANSITIVE_MEET and toks[k + 1].norm in ("in", "at"):
            meeting = _unnamed_meeting(place)
            spans.append(meeting)
            ctx.last_meeting = meeting
            return


def _unnamed_meeting(place: Span) -> Span:
    return Span(i=place.i, j=place.j, key=None, name=f"meeting in {place.name}", cls="Meeting", rule="context")


def modality(toks: list[Tok], hits: list[TriggerHit], vocab: LanguageData) -> None:
    """Negation and hedging of each trigger, within its clause: "not", "never", "did not", "denied (that)" →
    negated; "may", "could", "is expected to", "plans" … and every question → hedged."""
    question = toks[-1].text == "?"
    for hit in hits:
        lo, _ = clause_bounds(toks, hit.i, hit.j)
        hit.negated = _negated(toks, lo, hit.i, vocab)
        hit.hedged = _hedged(toks, lo, hit.i, vocab) or question


def _emit_to_context_meeting(out: list[tuple[Pair, bool, bool, float]], spans: list[Span], s_idx: int, hidx: int,
                             rule: str, neg: bool, hedge: bool, ctx: EnglishContext) -> None:
    """"The Coalition met …" with no object: it takes part in the meeting the document is about."""
    meeting = ctx.last_meeting
    if meeting is None:
        return
    spans.append(Span(i=spans[s_idx].i, j=spans[s_idx].i, key=meeting.key, name=meeting.name, cls="Meeting",
                      rule="context"))
    out.append((Pair(s_idx, len(spans) - 1, "participatesIn", hidx, rule), neg, hedge, 0.6))


def _after_loc_prep(toks: list[Tok], s: Span, hit_j: int, spans: list[Span] | None = None, *, kinds: Kinds) -> bool:
    if s.cls not in kinds.place | kinds.facility:
        return False
    m = _skip_back(toks, s.i)
    if m >= hit_j and toks[m].norm in _LIST_GLUE and spans is not None:
        prev = next((sp for sp in spans if sp.j == m), None)
        if prev is not None:
            return _after_loc_prep(toks, prev, hit_j, spans, kinds=kinds)
    return m >= hit_j and toks[m].norm in _LOC_PREPS


def _relative_antecedent(toks: list[Tok], spans: list[Span], left: list[int], hit_i: int, *,
                         kinds: Kinds) -> int | None:
    return _relative_subject(toks, spans, left[:2], hit_i, kinds=kinds)


def _whom_object_subject(toks: list[Tok], spans: list[Span], left: list[int],
                         hit_i: int) -> tuple[int, int] | None:
    """``A … B whom they murdered``: B is the object, A (the clause subject) the subject."""
    if hit_i < 2 or toks[hit_i - 1].norm not in _PRONOUNS or toks[hit_i - 2].norm not in _OBJECT_RELATIVES:
        return None
    obj = next((n for n in left if spans[n].j == hit_i - 2), None)
    if obj is None:
        return None
    earlier = [n for n in left if spans[n].j <= spans[obj].i]
    subj = next((n for n in reversed(earlier) if not _oblique(toks, spans[n], set(), spans)), None)
    return (subj, obj) if subj is not None else None


def _coordinated_left(toks: list[Tok], spans: list[Span], left: list[int], subj: int) -> list[int]:
    """"The Coalition and its partners VERB": both subjects."""
    out: list[int] = []
    cur = subj
    for n in left:
        s = spans[n]
        if s.j > spans[cur].i:
            continue
        between = toks[s.j:spans[cur].i]
        has_and = any(t.norm in ("and", "or") for t in between)
        if between and all(t.norm in _CONJUNCT_GLUE for t in between) and (
                has_and or (out and any(t.text == "," for t in between))):
            out.append(n)
            cur = n
        else:
            break
    return out


def _coordinated_right(toks: list[Tok], spans: list[Span], objs: list[int], obj: int,
                       prep: str | None = None) -> list[int]:
    out: list[tuple[int, bool]] = []
    cur = obj
    glue = _CONJUNCT_GLUE | ({prep} if prep else set())
    for n in objs:
        if spans[n].i <= spans[cur].i:
            continue
        between = toks[spans[cur].j:spans[n].i]
        if between and all(t.norm in glue for t in between):
            out.append((n, any(t.norm in ("and", "or") for t in between)))
            cur = n
        else:
            break
    # "X, Y and Z": commas count only in a list that an "and" closes
    while out and not out[-1][1]:
        out.pop()
    return [n for n, _ in out]


def _fits(ctx: EnglishContext, prop: str, subj: Span, obj: Span) -> bool:
    """The schema's domain and range: places never act; ``controls`` takes territory or a facility; …"""
    return ctx.schema.fits(prop, subj.cls, obj.cls)


def _located(toks: list[Tok], spans: list[Span], hit, left: list[int], right: list[int], emit, *, kinds: Kinds) -> None:  # type: ignore[no-untyped-def]
    obj = next((n for n in right if spans[n].i - hit.j <= 2), None)
    if obj is None:
        return
    o = spans[obj]
    if o.cls in kinds.place and left and spans[left[0]].j == hit.i and spans[obj].i == hit.j \
            and toks[hit.i].norm in ("in", "inside") and spans[left[0]].cls in kinds.org | {"Group"} \
            and spans[left[0]].rule != "context" and not any(
                spans[n].cls in kinds.locatable and spans[n].rule != "context" and hit.i - spans[n].j <= 20
                for n in left):
        # "U.S. forces in Syria", "ISIS cells in Diyala": the actor right before "in PLACE" is there
        emit(left[0], obj)
        return
    if o.cls in kinds.place:
        # what is placed: the nearest meeting/event/facility in the clause, else a city/province right before
        reach = 20 if o.cls == "City" else 3
        subj = next((n for n in left if spans[n].cls in kinds.locatable and spans[n].rule != "context"
                     and hit.i - spans[n].j <= reach), None)
        if subj is not None and any(spans[m].cls in kinds.locatable and spans[m].j <= hit.i
                                    and spans[m].i > spans[subj].j for m in left):
            subj = None
        if subj is not None and _new_predicate(toks, spans[subj].j, hit.i):
            subj = None  # "condemned an attack on the airport … and called on X in Baghdad": not the airport's place
        if subj is None and left and spans[left[0]].cls in ("City", "Province", "Place") \
                and hit.i - spans[left[0]].j <= 1 and _rank(o) > _rank(spans[left[0]]):
            subj = left[0]
        if subj is not None:
            emit(subj, obj)
            inner = next((n for n in right if spans[n].rule == "inner" and spans[n].j == o.j), None)
            if inner is not None:
                emit(subj, inner)
    elif o.cls in kinds.facility and hit.trigger.forms and toks[hit.i].norm in _CONTAINMENT_PREPOSITIONS:
        # "ISIS fighters in the camp"
        if left and spans[left[0]].j == hit.i and spans[left[0]].cls in kinds.org | {"Group"}:
            emit(left[0], obj)


def _new_predicate(toks: list[Tok], a: int, b: int) -> bool:
    """Whether a relative "where" or a coordinated verb ("…, and called") lies between tokens a and b."""
    for k in range(a, b):
        t = toks[k]
        if t.norm == "where":
            return True
        if t.norm == "and" and k + 1 < b and toks[k + 1].text.islower() and toks[k + 1].norm.endswith("ed"):
            return True
    return False


_WHERE_VERBS = W.words["where_verbs"]

_RANK = {"Facility": 0, "Camp": 0, "Prison": 0, "City": 1, "Province": 2, "Place": 2.5, "Country": 3}


def _rank(s: Span) -> float:
    return _RANK.get(s.cls, -1)


_LIST_MEMBER_NOUNS = W.words["list_member_nouns"]
_LIST_LEAD_NOUNS = W.words["list_lead_nouns"]
_LIST_OPENERS = W.words["list_openers"]


def _member_lists(toks: list[Tok], spans: list[Span], *, kinds: Kinds) -> list[Pair]:
    """An organisation, a member or lead noun, then a list of states: "seven coalition countries -- Germany, Italy
    and Hungary", "Coalition members, including A and B" → each memberOf the organisation; "our Working Group
    co-leads Türkiye, Kuwait, and the Netherlands" → each leads it."""
    out: list[Pair] = []
    by_start = {sp.i: m for m, sp in enumerate(spans)}
    n = len(toks)
    for org, s in enumerate(spans):
        if s.cls not in kinds.org or s.rule == "inner":
            continue
        k, nouns = s.j, []
        while k < n and k - s.j < 4 and (toks[k].norm in _LIST_MEMBER_NOUNS or toks[k].norm in _LIST_LEAD_NOUNS):
            nouns.append(toks[k].norm)
            k += 1
        if not nouns or nouns[-1] in ("co", "-"):
            continue
        while k < n and k not in by_start and toks[k].norm in _LIST_OPENERS | _DET:
            k += 1
        members: list[int] = []
        while k in by_start and spans[by_start[k]].cls == "Country":
            members.append(by_start[k])
            k = spans[by_start[k]].j
            while k < n and k not in by_start and (toks[k].norm in (",", "and") or toks[k].norm in _DET):
                k += 1
        if len(members) >= 2:
            pred = "leads" if nouns[-1] in _LIST_LEAD_NOUNS else "memberOf"
            out += [Pair(m, org, pred, None, f"en.member-list:{pred}") for m in members]
    # "the core countries contributing to the counter-ISIL coalition military campaign, namely A, B and C": a
    # member noun, then (within a dozen words) the organisation, then "namely"/"including" and the list
    for k, tok in enumerate(toks):
        if tok.norm not in ("namely", "including") or k + 1 not in by_start:
            continue
        members, q = [], k + 1
        while q in by_start and spans[by_start[q]].cls == "Country":
            members.append(by_start[q])
            q = spans[by_start[q]].j
            while q < n and q not in by_start and (toks[q].norm in (",", "and") or toks[q].norm in _DET):
                q += 1
        noun = next((m for m in range(k - 1, max(-1, k - 16), -1) if toks[m].norm in _LIST_MEMBER_NOUNS
                     and toks[m].norm not in ("co", "-")), None)
        if len(members) < 2 or noun is None:
            continue
        inside: int | None = next((m for m, sp in reversed(list(enumerate(spans))) if noun < sp.i < k
                                   and sp.cls in kinds.org and sp.cls != "ArmedGroup" and sp.rule != "inner"), None)
        if inside is None:
            inside = next((m for m, sp in enumerate(spans) if sp.j == noun and sp.cls in kinds.org), None)
        if inside is not None:
            out += [Pair(m, inside, "memberOf", None, "en.member-list:memberOf") for m in members]
    return out


def _meeting_parties(toks: list[Tok], spans: list[Span], *, kinds: Kinds) -> list[Pair]:
    """A meeting and who took part: "a meeting with Iraqi Defense Minister X (and Y)" → the sentence's first
    actor meets X (and Y), all participate; "the meeting earlier this year between A and B" → A meets B, both
    participate. Up to four words (a date) may stand between the meeting and "with"/"between"; titles before a
    name are skipped."""
    out: list[Pair] = []
    n = len(toks)
    by_start = {sp.i: m for m, sp in enumerate(spans) if sp.j > sp.i}
    parties = kinds.actor | {"Country"}
    for m, s in enumerate(spans):
        if s.cls not in kinds.event or s.cls in _NOT_MEETINGS or s.j <= s.i:
            continue
        k = s.j
        while k < n and k - s.j < 4 and k not in by_start and toks[k].norm not in ("with", "between") \
                and not toks[k].is_punct:
            k += 1
        if k >= n or toks[k].norm not in ("with", "between"):
            continue
        word, k = toks[k].norm, k + 1
        members: list[int] = []
        while k < n:
            q = k
            while q < n and q not in by_start and q - k < 5 and (toks[q].norm in _DET or toks[q].text[:1].isupper()
                                                                  or toks[q].norm in _TITLE_COMPLEMENTS_BEFORE):
                q += 1  # "Iraqi Defense Minister", "the", "Prime Minister"
            if q not in by_start or spans[by_start[q]].cls not in parties:
                break
            idx = by_start[q]
            person = next((p for p, sp in enumerate(spans) if sp.role_of == idx and sp.cls == "Person"
                           and 0 <= sp.i - spans[idx].j <= 4), None)
            idx = idx if person is None else person  # "Iraqi Defense Minister X": X, not the government
            members.append(idx)
            k = spans[idx].j
            if k < n and toks[k].norm in (",", "and"):
                k += 1 + (k + 1 < n and toks[k + 1].norm == "and")
            else:
                break
        if not members:
            continue
        if word == "between":
            if len(members) >= 2:
                out += [Pair(members[0], other, "meets", None, "en.meeting-between:meets") for other in members[1:]]
                out += [Pair(x, m, "participatesIn", None, "en.meeting-between:participatesIn") for x in members]
            continue
        host = next((h for h, sp in enumerate(spans) if sp.j <= s.i and sp.cls in parties and sp.rule != "inner"
                     and not (h + 1 < len(spans) and spans[h + 1].role_of == h)
                     and not any(x.norm in ("of", "to", "for") for x in toks[max(0, sp.i - 1):sp.i])), None)
        if host is None:
            continue
        out += [Pair(host, x, "meets", None, "en.meeting-with:meets") for x in members]
        out += [Pair(x, m, "participatesIn", None, "en.meeting-with:participatesIn") for x in (host, *members)]
    return out


def _static_relations(toks: list[Tok], spans: list[Span], *, kinds: Kinds) -> list[Pair]:
    """Relations without a trigger: posts (memberOf/leads), "PLACE, COUNTRY", "ministers of ORG", lists of
    members."""
    out: list[Pair] = _member_lists(toks, spans, kinds=kinds) + _meeting_parties(toks, spans, kinds=kinds)
    for n, s in enumerate(spans):
        if s.cls == "Person" and s.rule not in ("anaphor", "context", "inner", "surname"):
            # the post's organisation may be a model mention (adopted after the mention rules), and a person can
            # hold a rank in a service besides a post: "U.S. Air Force Col. X, 387th Group commander"
            role = _role(toks, spans, n, kinds=kinds)
            if role is not None and role[0] != s.role_of:
                pred = "leads" if role[1] else "memberOf"
                out.append(Pair(n, role[0], pred, None, f"en.title:{pred}"))
            force = _rank_force(toks, spans, n, kinds=kinds)
            if force is not None and force != s.role_of and (role is None or force != role[0]):
                out.append(Pair(n, force, "memberOf", None, "en.rank:memberOf"))
    for n, s in enumerate(spans):
        if s.role_of is not None:
            pred = "leads" if s.lead_role else "memberOf"
            out.append(Pair(n, s.role_of, pred, None, f"en.title:{pred}"))
    for n, s in enumerate(spans):
        if s.rule != "inner" or s.j >= len(toks):
            continue
        if toks[s.j - 1].text.rpartition("-")[2].casefold() in _BACKED or (
                toks[s.j].text == "-" and s.j + 1 < len(toks) and toks[s.j + 1].norm in _BACKED):
            # "the U.S.-backed SDF", "an Iran-backed militia": the backer supports what follows
            backed = next((m for m, sp in enumerate(spans) if sp.rule == "backed" and sp.i == s.i), None)
            if backed is None:
                backed = next((m for m, sp in enumerate(spans) if s.j <= sp.i <= s.j + 4
                               and sp.cls in kinds.party and sp.rule != "inner"), None)
            if backed is not None:
                out.append(Pair(n, backed, "supports", None, "en.backed:supports"))
    for n, s in enumerate(spans[:-1]):
        # "Erbil airport, where Coalition forces are stationed", "in Kirkuk and Nineveh, where ISIS cells remain"
        if (s.cls in kinds.place or s.cls in kinds.facility) and s.j + 2 < len(toks) \
                and toks[s.j].text == "," and toks[s.j + 1].norm == "where":
            actor = next((m for m, sp in enumerate(spans) if s.j + 2 <= sp.i <= s.j + 6
                          and sp.cls in kinds.org | {"Group", "Person"} and sp.rule != "inner"
                          and all(t.norm in _PARTITIVE | _DET | _WHERE_FILLERS
                                  for t in toks[s.j + 2:sp.i])), None)
            if actor is not None and spans[actor].j < len(toks) and toks[spans[actor].j].norm in _WHERE_VERBS:
                places = [n]
                m = n
                while m > 0 and _rank(spans[m - 1]) >= 0 and [x.norm for x in toks[spans[m - 1].j:spans[m].i]] in (
                        ["and"], [","], [",", "and"]):
                    m -= 1
                    places.append(m)
                for pl in places:
                    out.append(Pair(actor, pl, "locatedIn", None, "en.where:locatedIn"))
    for n, s in enumerate(spans[:-1]):
        t = spans[n + 1]
        if s.cls in kinds.facility and t.cls in kinds.org and s.j < len(toks) and toks[s.j].norm in (
                "'s", "’s") and t.i == s.j + 1:
            out.append(Pair(n + 1, n, "locatedIn", None, "en.possessive:locatedIn"))  # "the camp's ISIS cells"
        if s.rule == "inner":
            continue
        gap = [x.norm for x in toks[s.j:t.i]]
        in_list = (n > 0 and _rank(spans[n - 1]) >= 0 and [x.norm for x in toks[spans[n - 1].j:s.i]] in (
            [","], ["and"])) or (n + 2 < len(spans) and _rank(spans[n + 2]) >= 0 and [
                x.norm for x in toks[t.j:spans[n + 2].i]] in ([","], ["and"], [",", "and"]))
        if _rank(s) >= 0 and _rank(t) > _rank(s) and gap in ([","], [",", "in"]) and not in_list:
            # not a list: "Iraq, Syria and Lebanon" has equal ranks; "Rabat, Morocco" does not
            out.append(Pair(n, n + 1, "locatedIn", None, "en.apposition:locatedIn"))
            if n + 2 < len(spans) and spans[n + 2].rule == "inner" and spans[n + 2].j == t.j:
                out.append(Pair(n, n + 2, "locatedIn", None, "en.apposition:locatedIn"))
        if s.cls == "Group" and toks[s.j - 1].norm in _GROUP_MEMBER_HEADS and s.j + 1 < len(toks) \
                and toks[s.j].norm == "of":
            m = s.j + 1 + (1 if toks[s.j + 1].norm == "the" else 0)
            org = next((k for k, sp in enumerate(spans) if sp.i == m and sp.cls in kinds.org | {"Country"}), None)
            if org is not None:
                out.append(Pair(n, org, "memberOf", None, "en.group-of:memberOf"))
    return out
