"""Document → :class:`~kgraph.model.Extraction`: tokenise with spaCy, then find actors, speakers and relations.

spaCy is used for tokenisation (blank ``ar``/``en`` pipelines, no model download) with kgraph's tokenizer
fixes; everything else is rules over the folded tokens (see ``actors``, ``attribution``, ``relations``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kgraph import settings
from kgraph.extract import actors as actor_rules
from kgraph.extract import lang as languages
from kgraph.extract.attribution import Speaker, find_speaker
from kgraph.extract.lang import ar_rules, en_rules
from kgraph.extract.relations import RawRelation, TriggerIndex, relations_in_sentence, role_relations
from kgraph.extract.tokens import QUOTE_CLOSE, QUOTE_OPEN, Span, Tok
from kgraph.gazetteer import Gazetteer, load_gazetteer, load_triggers
from kgraph.ingest.normalize import fold
from kgraph.model import Document, Extraction, Mention, Relation
from kgraph.schema import Schema, load_schema

log = logging.getLogger(__name__)

_SENT_END = frozenset({".", "!", "?", "؟", "…"})
_EN_ABBREV = ("Maj.", "Gen.", "Lt.", "Col.", "Brig.", "Adm.", "Capt.", "Sgt.", "Cmdr.", "Gov.", "Sen.",
              "Rep.", "Amb.", "Dr.", "Mr.", "Mrs.", "Ms.", "Jr.", "Sr.", "St.", "No.", "Fla.", "Va.", "D.C.",
              "U.S.", "U.K.", "U.N.", "Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


_FOLD_CACHE_MAX = 200_000  # distinct token strings whose folded forms are kept (bounded memory)


def _make_nlp(lang: str) -> Any:
    import spacy
    from spacy.symbols import ORTH

    nlp = spacy.blank("ar" if lang == "ar" else "en")
    # `العراقية».` and `2014.`: split the full stop after closing quotes, brackets and digits
    suffixes = [*nlp.Defaults.suffixes, r"(?<=[»”\"'\)\]\d])\.", r"(?<=[\u0600-\u06ff])[»”\"]"]
    prefixes = [*nlp.Defaults.prefixes, r"[«“]"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search
    if lang == "ar":
        # لـ«كتائب …»: a guillemet glued to a clitic or a word is its own token
        infixes = [*nlp.Defaults.infixes, r"[«»]"]
        nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    if lang != "ar":
        for abbr in _EN_ABBREV:
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    return nlp


class Extractor:
    """Rule-based extractor for Arabic and English.

    Args:
        actors: extra gazetteer Turtle files (extend the shipped ones).
        lexicons: extra trigger Turtle files.
        lang: ``"auto"`` keeps each document's detected language; ``"ar"``/``"en"`` forces one.

    >>> from kgraph.ingest import make_document
    >>> ex = Extractor()
    >>> doc = make_document("The Coalition supports the Iraqi Security Forces.", source="t", lang="en")
    >>> [(r.subject.key, r.predicate, r.object.key) for r in ex.extract(doc).relations]
    [('coalition', 'supports', 'iraqi_security_forces')]
    """

    def __init__(self, *, actors: Sequence[Path] = (), lexicons: Sequence[Path] = (), lang: str = "auto",
                 spacy_model: str | None = None) -> None:
        self.gazetteer: Gazetteer = load_gazetteer(tuple(actors))
        self.schema: Schema = load_schema((*actors, *lexicons))
        triggers = load_triggers(tuple(lexicons))
        self._triggers = {lg: TriggerIndex(trs) for lg, trs in triggers.items()}
        self.lang = lang
        self._nlp: dict[str, Any] = {}
        self._fold_cache: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
        self.spacy_model = spacy_model
        self._ner: Any = None

    def ner_entities(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of the entities the user's English spaCy pipeline (``spacy_model``) finds.

        Raises:
            ConfigError: the pipeline named by ``spacy_model`` is not installed or has no entity recogniser.
        """
        if self.spacy_model is None:
            return []
        if self._ner is None:
            self._ner = en_rules.load_ner(self.spacy_model)
        return [(e.start_char, e.end_char, e.label_) for e in self._ner(text).ents]

    def nlp(self, lang: str) -> Any:
        key = "ar" if lang == "ar" else "en"
        if key not in self._nlp:
            self._nlp[key] = _make_nlp(key)
        return self._nlp[key]

    # ------------------------------------------------------------------ tokens and sentences
    def sentences(self, text: str, lang: str) -> Iterator[list[Tok]]:
        """Yield sentences as token lists; offsets refer to ``text``. Long paragraphs are cut in pieces."""
        lang_mod = languages.get(lang)
        nlp = self.nlp(lang)
        limit = settings.get("chunk_chars")
        offset = 0
        for para in text.split("\n"):
            start = offset
            offset += len(para) + 1
            if not para.strip():
                continue
            for piece_start, piece in _pieces(para, limit):
                yield from self._para_sentences(nlp(piece), start + piece_start, lang_mod)

    def _para_sentences(self, sdoc: Any, base: int, lang_mod: Any) -> Iterator[list[Tok]]:
        sent: list[Tok] = []
        depth = 0
        for t in sdoc:
            text = t.text
            if text.isspace():
                continue
            is_open = text in QUOTE_OPEN and (text != '"' or depth == 0)
            is_close = text in QUOTE_CLOSE and (text != '"' or depth > 0)
            if is_close and depth > 0:
                depth -= 1
            cache = self._fold_cache.setdefault(lang_mod.__name__, {})
            cached = cache.get(text)
            if cached is None:
                norm = fold(text)
                cached = (norm, tuple(lang_mod.variants(norm)))
                if len(cache) < _FOLD_CACHE_MAX:
                    cache[text] = cached
            tok = Tok(i=len(sent), text=text, start=base + t.idx, end=base + t.idx + len(text), norm=cached[0],
                      variants=list(cached[1]), in_quote=depth > 0 or is_close)
            if is_open:
                depth += 1
                tok.in_quote = True
            sent.append(tok)
            if text in _SENT_END or (text.endswith(".") and len(text) > 1 and text not in _EN_ABBREV
                                     and not text[:-1].replace(".", "").isalpha()):
                if depth == 0 or text in ("؟", "!", "?") or (text == "." and lang_mod.__name__.endswith(".ar")):
                    # Arabic quotes often run over several sentences (and are left unclosed): split inside them
                    yield sent
                    sent = []
            elif is_close and depth == 0 and sent and len(sent) > 1 and sent[-2].text in _SENT_END:
                yield sent
                sent = []
        if sent:
            yield sent

    # ------------------------------------------------------------------ extraction
    def extract(self, doc: Document) -> Extraction:
        """Find the mentions and relations of one document."""
        lang = doc.lang if self.lang == "auto" else self.lang
        if lang == "ar":
            return self._extract_ar(doc)
        lang_mod = languages.get(lang)
        trig = self._triggers.get("ar" if lang == "ar" else "en", TriggerIndex([]))
        mentions: list[Mention] = []
        relations: list[Relation] = []
        last_speaker: Speaker | None = None
        persons: dict[str, Span] = {}  # folded surname → the person span that introduced it
        en_ctx = en_rules.EnglishContext(gazetteer=self.gazetteer, surnames=persons, schema=self.schema)
        if lang != "ar" and self.spacy_model is not None:
            en_ctx.ner = self.ner_entities(doc.text)
        sentence_no = -1
        turn: Speaker | None = None  # the current transcript turn's speaker (English "NAME:" labels)
        for toks in self.sentences(doc.text, lang):
            sentence_no += 1
            if all(t.is_punct for t in toks):
                continue
            for k, t in enumerate(toks):
                t.i = k
            spans = actor_rules.match_gazetteer(toks, self.gazetteer, lang=lang)
            spans += actor_rules.find_role_actors(toks, spans, lang_mod, lang=lang)
            spans += _known_surnames(toks, spans, persons)
            spans.sort(key=lambda s: s.i)
            if lang == "ar":
                _fix_role_indices(spans)
            else:
                spans = en_rules.refine_spans(toks, spans, en_ctx, lang_mod)
            for s in spans:
                if s.cls == "Person" and s.rule != "surname":
                    parts = s.name.split()
                    if len(parts) >= 2:
                        persons[fold(parts[-1])] = s
            speaker, speaker_idx = find_speaker(toks, spans, lang_mod, lang=lang, last=last_speaker)
            voiced = False
            if lang != "ar":
                # transcripts: "Q:" / "GEN. X:" labels; the labelled speaker says what follows, up to the next label
                labelled, label_idx = en_rules.turn_label(toks, spans)
                if labelled:
                    turn = None
                    if label_idx is not None:
                        who = spans[label_idx]
                        turn = Speaker(span_name=who.name, key=who.key, cls=who.cls, org=None, covers_sentence=True)
                        who.rule = "inner"  # the label names the speaker; it takes no part in the sentence
                if turn is not None and (speaker is None or speaker.span_name == turn.span_name):
                    speaker, voiced = speaker or turn, True
            if lang != "ar" and speaker is None and toks[0].in_quote and last_speaker is not None:
                speaker = last_speaker  # a quote that goes on after "…," said X.
            if lang != "ar" and speaker is not None and speaker.org is None:
                speaker.org = en_ctx.person_org.get(speaker.key or speaker.span_name)
            if speaker is not None:
                last_speaker = speaker
            elif toks[0].in_quote is False:
                last_speaker = None if lang == "en" else last_speaker
            hits = trig.find(toks)
            if lang == "ar":
                spans += _first_person(toks, spans, speaker, lang_mod)
                raw = relations_in_sentence(toks, spans, hits, lang_mod, lang=lang) + role_relations(spans)
            else:
                spans += en_rules.first_person(toks, spans, speaker.org if speaker else None, voiced=voiced,
                                               author=en_ctx.author if speaker is None else None)
                en_rules.capital_governments(toks, spans, en_rules.usable_hits(hits, spans), en_ctx, lang_mod)
                raw = [RawRelation(subj=p.subj, obj=p.obj, predicate=p.predicate,
                                   hit=hits_en[p.hit_index] if p.hit_index is not None else None, rule=p.rule,
                                   negated=neg, hedged=hedge, confidence=conf)
                       for hits_en in [en_rules.usable_hits(hits, spans)]
                       for p, neg, hedge, conf in en_rules.relations_in_sentence(toks, spans, hits_en, lang_mod,
                                                                                 en_ctx, speaker_idx=speaker_idx)]
            made = {id(s): self._mention(doc, toks, s, sentence_no, lang) for s in spans}
            mentions.extend(made[id(s)] for s in spans if s.rule not in ("first-person", "context"))
            relations.extend(_sentence_relations(doc, toks, spans, raw, made, speaker, speaker_idx,
                                                 sentence=sentence_no, lang=lang))
        return Extraction(document=doc, mentions=tuple(mentions), relations=tuple(relations))

    def _extract_ar(self, doc: Document) -> Extraction:
        """Arabic documents: the rules of ``lang/ar_rules.py``, sentence by sentence."""
        trig = self._triggers.get("ar", TriggerIndex([]))
        mentions: list[Mention] = []
        relations: list[Relation] = []
        state = ar_rules.DocState(schema=self.schema)
        last: ar_rules.ArSpeaker | None = None
        sentence_no = -1
        for toks in self.sentences(doc.text, "ar"):
            sentence_no += 1
            if all(t.is_punct for t in toks):
                continue
            for k, t in enumerate(toks):
                t.i = k
            spans = actor_rules.match_gazetteer(toks, self.gazetteer, lang="ar")
            spans, speaker, speaker_idx, raw, last = self._arabic_sentence(toks, spans, trig, state, last)
            sent_start = toks[0].start
            made = {id(s): self._mention(doc, toks, s, sentence_no, "ar") for s in spans if s.j > s.i}
            made.update({id(s): Mention(doc_id=doc.id, start=sent_start, end=sent_start, text=s.name, name=s.name,
                                        cls=s.cls, lang="ar", sentence=sentence_no, key=s.key, rule=s.rule)
                         for s in spans if s.j == s.i})  # the speaker's organisation, "we" with no token
            mentions.extend(made[id(s)] for s in spans if s.rule != "first-person" and s.j > s.i)
            relations.extend(_sentence_relations(doc, toks, spans, raw, made, speaker, speaker_idx,
                                                 sentence=sentence_no, lang="ar"))
        return Extraction(document=doc, mentions=tuple(mentions), relations=tuple(relations))

    def _arabic_sentence(self, toks: list[Tok], spans: list[Span], trig: TriggerIndex, state: ar_rules.DocState,
                         last: ar_rules.ArSpeaker | None) -> tuple[list[Span], Any, int | None, list[Any],
                                                                   ar_rules.ArSpeaker | None]:
        """Arabic rules for one sentence (``lang/ar_rules.py``): spans, speaker, raw relations."""
        lang_mod = self.__dict__.get("_ar_lang_mod") or self.__dict__.setdefault("_ar_lang_mod", languages.get("ar"))
        spans = ar_rules.quoted_names(toks, ar_rules.drop_unsafe_gazetteer(toks, spans))
        spans = spans + ar_rules.extra_spans(toks, spans, lang_mod, state, self.gazetteer)
        spans.sort(key=lambda s: s.i)
        ar_rules.reindex_roles(spans, state)
        ar_rules.unify_meetings(spans, state, toks)
        ar_rules.title_chains(toks, spans, state, lang_mod)
        speaker, speaker_idx = ar_rules.find_speaker(toks, spans, lang_mod, last=last, state=state,
                                                     gaz=self.gazetteer)
        if speaker is not None:
            last = speaker
        org = speaker.org if speaker is not None else None
        spans += ar_rules.first_person_spans(toks, spans, org, lang_mod)
        spans.sort(key=lambda s: s.i)
        ar_rules.reindex_roles(spans, state)
        if speaker_idx is not None:
            speaker_idx = next((n for n, s in enumerate(spans) if s.name == speaker.span_name), None)  # type: ignore[union-attr]
        hits = trig.find(toks)
        ar_rules.update_voice(toks, spans, state, lang_mod)
        raw, _ = ar_rules.relations(toks, spans, hits, lang_mod, org=org, voice=state.voice, chain=state.chain,
                                    gaz=self.gazetteer, state=state)
        raw += ar_rules.role_relations(spans)
        ar_rules.remember(spans, state, lang_mod)
        return spans, speaker, speaker_idx, raw, last

    @staticmethod
    def _mention(doc: Document, toks: list[Tok], s: Span, sentence: int, lang: str) -> Mention:
        start, end = toks[s.i].start, toks[s.j - 1].end
        return Mention(doc_id=doc.id, start=start, end=end, text=doc.text[start:end], name=s.name, cls=s.cls,
                       lang=lang, sentence=sentence, key=s.key, rule=s.rule)


def _sentence_relations(doc: Document, toks: list[Tok], spans: list[Span], raw: list[RawRelation],
                        made: dict[int, Mention], speaker: Any, speaker_idx: int | None, *, sentence: int,
                        lang: str) -> list[Relation]:
    """The Relations of one sentence: each (subject, property, object) once, with its speaker when the trigger
    is in the speaker's quote or reported speech (both languages)."""
    sent_start, sent_end = toks[0].start, toks[-1].end
    evidence = doc.text[sent_start:sent_end]
    speaker_mention = None
    if speaker is not None:
        speaker_mention = Mention(doc_id=doc.id, start=sent_start, end=sent_start, text=speaker.span_name,
                                  name=speaker.span_name, cls=speaker.cls, lang=lang, sentence=sentence,
                                  key=speaker.key, rule="speaker")
    covers = bool(getattr(speaker, "covers_sentence", False))
    seen: set[tuple[str, str, str]] = set()
    out: list[Relation] = []
    for r in raw:
        subj, obj = made[id(spans[r.subj])], made[id(spans[r.obj])]
        ident = (subj.key or subj.name, r.predicate, obj.key or obj.name)
        if ident in seen:
            continue
        seen.add(ident)
        in_speech = speaker is not None and r.hit is not None and (
            toks[r.hit.i].in_quote or speaker_idx is None or r.hit.i > spans[speaker_idx].j or covers)
        out.append(Relation(
            doc_id=doc.id, subject=subj, predicate=r.predicate, object=obj, sentence=sentence,
            sent_start=sent_start, sent_end=sent_end, evidence=evidence,
            trigger=" ".join(t.text for t in toks[r.hit.i:r.hit.j]) if r.hit else "",
            rule=r.rule, speaker=speaker_mention if in_speech else None,
            negated=r.negated or bool(in_speech and speaker and speaker.negated), hedged=r.hedged,
            confidence=r.confidence))
    return out


def _pieces(para: str, limit: int) -> Iterator[tuple[int, str]]:
    """Cut a very long paragraph at sentence ends (or spaces) into pieces of at most ``limit`` chars."""
    if len(para) <= limit:
        yield 0, para
        return
    pos = 0
    while pos < len(para):
        end = min(len(para), pos + limit)
        if end < len(para):
            cut = max(para.rfind(". ", pos, end), para.rfind("۔", pos, end), para.rfind(" ", pos, end))
            if cut > pos:
                end = cut + 1
        yield pos, para[pos:end]
        pos = end


def _known_surnames(toks: list[Tok], spans: list[Span], persons: dict[str, Span]) -> list[Span]:
    taken = {k for s in spans for k in range(s.i, s.j)}
    out = []
    for k, t in enumerate(toks):
        if k in taken or t.is_punct:
            continue
        for v in t.variants[:3]:
            p = persons.get(v)
            if p is not None:
                out.append(Span(i=k, j=k + 1, key=p.key, name=p.name, cls="Person", rule="surname"))
                break
    return out


def _fix_role_indices(spans: list[Span]) -> None:
    """role_of was an index into the gazetteer span list; after sorting, point it at the same span again."""
    # role_of indices were computed against the gazetteer-only prefix of the list, which sorting preserves
    # in relative order; map by identity
    gaz = [s for s in spans if s.rule == "gazetteer"]
    index = {id(s): n for n, s in enumerate(spans)}
    for s in spans:
        if s.role_of is not None and s.rule == "title" and s.role_of < len(gaz):
            s.role_of = index[id(gaz[s.role_of])]


def _first_person(toks: list[Tok], spans: list[Span], speaker: Speaker | None, lang_mod: Any) -> list[Span]:
    if speaker is None or speaker.org is None:
        return []
    taken = {k for s in spans for k in range(s.i, s.j)}
    out = []
    org = speaker.org
    for k, t in enumerate(toks):
        if k in taken or not t.in_quote:
            continue
        if any(v in lang_mod.FIRST_PERSON for v in t.variants[:3]):
            out.append(Span(i=k, j=k + 1, key=org.key, name=org.name, cls=org.cls, rule="first-person"))
    return out
