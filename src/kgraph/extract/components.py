"""kgraph's spaCy components: each extraction step is a registered factory, configured from the language's
``config.cfg`` (see :func:`kgraph.extract.pipeline.load_pipeline`).

In pipeline order:

==========================  =============================================================================
``kgraph_normalizer``       folded matching form of every token (also ``token.norm_``, so a trained tok2vec
                            sees it)
``kgraph_analysis``         segmentation candidates, lemmas and lexicon keys (Arabic: the morphological analyser)
``kgraph_sentences``        sentences and quotations (``doc.spans["kgraph_sentences"]``)
``kgraph_gazetteer``        gazetteer mentions (``doc.spans["kgraph_mentions"]``)
*(a mention model)*         any component here may add spans to ``doc.spans["kgraph_mentions"]`` or
                            ``doc.ents``; ``kgraph_rule_mentions`` adopts them
``kgraph_ner``              (optional) entities of an installed spaCy pipeline, for the rules to use
``kgraph_rule_mentions``    mentions the language's rules find (titles, head nouns, anaphora …)
``kgraph_triggers``         trigger matches from the lexicons (``doc.spans["kgraph_triggers"]``)
``kgraph_attribution``      the speaker of each sentence; "we" → the speaker's organisation
``kgraph_modality``         negation and hedging of each trigger
``kgraph_arguments``        subjects and objects: ``doc._.kgraph_relations`` and ``doc._.kgraph_mentions``
==========================  =============================================================================

The rule stages call the language plug-in's :class:`~kgraph.extract.plugin.DocumentRules` sentence by
sentence; everything in between is plain data on the ``Doc`` (:mod:`kgraph.extract.state`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token as SpacyToken
from spacy.util import registry

from kgraph.errors import ConfigError, OntologyError
from kgraph.extract.mentions import match_gazetteer
from kgraph.extract.plugin import Environment, TokenAnalyser
from kgraph.extract.state import MENTIONS, SENTENCES, TRIGGERS, DocumentState, Session, register_extensions, state_of
from kgraph.extract.tokens import QUOTE_CLOSE, QUOTE_OPEN, Sentence, Span, Tok, surface
from kgraph.extract.triggers import TriggerIndex
from kgraph.gazetteer import load_gazetteer, load_triggers
from kgraph.ingest.normalize import fold, fold_phrase
from kgraph.model import Mention, Relation
from kgraph.registry import language
from kgraph.schema import load_schema

if TYPE_CHECKING:
    from kgraph.extract.tokens import RawRelation

register_extensions()

#: distinct token strings whose folded forms and segmentations are kept per component (bounded memory)
_CACHE_MAX = 200_000
_NO_KEYS: frozenset[str] = frozenset()
#: rules whose spans are helpers of the relation stage, never mentions of their own
_HELPER_RULES = frozenset({"first-person", "context"})


# ------------------------------------------------------------------------------------------------ setup
def language_setup(lang: str) -> Callable[[Language], Language]:
    """The ``after_creation`` callback of every kgraph pipeline: the language's tokenizer additions
    (``language.json``: prefixes, suffixes, infixes, special cases) and the folded ``NORM`` of every lexeme
    (a lexeme attribute getter, so a saved and reloaded pipeline, and a model trained on it, see the same norms).
    """

    def setup(nlp: Language) -> Language:
        import spacy
        from spacy.attrs import NORM, ORTH

        data = language(lang).data.tokenizer
        tokenizer = nlp.tokenizer
        if data.prefixes:
            prefixes = [*(nlp.Defaults.prefixes or ()), *data.prefixes]
            tokenizer.prefix_search = spacy.util.compile_prefix_regex(prefixes).search  # type: ignore[union-attr]
        if data.suffixes:
            suffixes = [*(nlp.Defaults.suffixes or ()), *data.suffixes]
            tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search  # type: ignore[union-attr]
        if data.infixes:
            infixes = [*(nlp.Defaults.infixes or ()), *data.infixes]
            tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
        for case in data.special_cases:
            tokenizer.add_special_case(case, [{ORTH: case}])  # type: ignore[union-attr]
        vocab: Any = nlp.vocab  # (spaCy's type stubs do not declare lex_attr_getters)
        vocab.lex_attr_getters[NORM] = fold
        for lex in vocab:
            lex.norm_ = fold(lex.orth_)
        return nlp

    return setup


registry.callbacks.register("kgraph.language_setup.v1", func=language_setup)


@functools.lru_cache(maxsize=16)
def environment(lang: str, actors: tuple[str, ...], lexicons: tuple[str, ...]) -> Environment:
    """The gazetteer and schema of a pipeline: shipped files, the plug-in's own and the user's (loaded once)."""
    plugin = language(lang)
    actor_files = (*plugin.actor_files(), *(Path(a) for a in actors))
    return Environment(gazetteer=load_gazetteer(actor_files),
                       schema=load_schema((*actor_files, *plugin.lexicon_files(), *(Path(x) for x in lexicons))))


def _env(lang: str, actors: Iterable[str], lexicons: Iterable[str]) -> Environment:
    return environment(lang, tuple(str(a) for a in actors), tuple(str(x) for x in lexicons))


# ------------------------------------------------------------------------------------------------ tokens
class Normalizer:
    """Folds every token (:func:`kgraph.ingest.normalize.fold`) and sets ``token.norm_`` to the folded form."""

    def __init__(self, lang: str) -> None:
        self.plugin = language(lang)
        self._cache: dict[int, tuple[str, int, str]] = {}

    def __call__(self, doc: Doc) -> Doc:
        from spacy.attrs import IDX, NORM, ORTH, SPACY

        session = doc._.kgraph_session if isinstance(doc._.kgraph_session, Session) else Session()
        state = DocumentState(plugin=self.plugin, session=session)
        doc._.kgraph_state = state
        cache = self._cache
        strings = doc.vocab.strings
        norms, texts = state.norms, state.texts
        columns = doc.to_array([ORTH, NORM, IDX, SPACY]).tolist() if len(doc) else []
        for n, (orth, norm, _idx, _space) in enumerate(columns):
            hit = cache.get(orth)
            if hit is None:
                text = strings[orth]
                folded = fold(text)
                hit = (folded, strings.add(folded), text)
                if len(cache) < _CACHE_MAX:
                    cache[orth] = hit
            if norm != hit[1]:
                doc[n].norm_ = hit[0]  # a tokenizer exception's own norm ("n't" → "not") gives way to the fold
            norms.append(hit[0])
            texts.append(hit[2])
        state.starts = [row[2] for row in columns]
        state.spaces = [bool(row[3]) for row in columns]
        return doc


class Analysis:
    """Segmentation candidates of every token (the plug-in's ``variants``: Arabic proclitics), and, where the
    language has a morphological analyser (the plug-in's ``analyser``; Arabic: clitics, inflection, lemma, root and
    pattern), ``token.lemma_`` and the lexicon keys lemma triggers match; else lemmas from the language's
    ``lemmas`` table. ``token._.kgraph_morph`` gives a token's readings (see ``docs/extraction-ar.md``)."""

    def __init__(self, lang: str, lexicons: Sequence[str] = ()) -> None:
        self.plugin = language(lang)
        self.analyser = self.plugin.analyser((*self.plugin.lexicon_files(), *(Path(x) for x in lexicons)))
        self._cache: dict[str, tuple[str, ...]] = {}
        #: per folded form: (variants, lemma string id, lexicon keys), with an analyser
        self._readings: dict[str, tuple[tuple[str, ...], int, frozenset[str]]] = {}

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.kgraph_state
        if not isinstance(state, DocumentState):
            raise ValueError("kgraph_analysis: add kgraph_normalizer before it (see docs/extraction.md)")
        if self.analyser is not None:
            self._analyse(doc, state, self.analyser)
            return doc
        cache = self._cache
        variants = self.plugin.variants
        out = state.variants
        for norm in state.norms:
            hit = cache.get(norm)
            if hit is None:
                hit = variants(norm)
                if len(cache) < _CACHE_MAX:
                    cache[norm] = hit
            out.append(hit)
        table = self.plugin.data.lemmas
        if table:
            for tok, norm in zip(doc, state.norms, strict=True):
                lemma = table.get(norm)
                if lemma is not None:
                    tok.lemma_ = lemma
        return doc

    def _analyse(self, doc: Doc, state: DocumentState, analyser: TokenAnalyser) -> None:
        """Variants, lemmas and keys through the analyser (one cached lookup per token)."""
        cache = self._readings
        variants, add = self.plugin.variants, doc.vocab.strings.add
        out_variants, out_keys = state.variants, state.keys
        lemmas: list[int] = []
        for norm in state.norms:
            hit = cache.get(norm)
            if hit is None:
                lemma, keys = analyser.token(norm)
                hit = (variants(norm), add(lemma), keys)
                if len(cache) < _CACHE_MAX:
                    cache[norm] = hit
            out_variants.append(hit[0])
            lemmas.append(hit[1])
            out_keys.append(hit[2])
        state.analyser = analyser
        if lemmas:
            import numpy
            from spacy.attrs import LEMMA

            column: Any = numpy.array(lemmas, dtype="uint64").reshape(-1, 1)
            doc.from_array([LEMMA], column)


def _morph_readings(token: SpacyToken) -> tuple[object, ...]:
    """``token._.kgraph_morph``: the readings of a token by its language's analyser (best first; empty without)."""
    state = token.doc._.kgraph_state
    analyser = getattr(state, "analyser", None)
    if analyser is None:
        return ()
    return analyser.readings(token.norm_)  # type: ignore[no-any-return]


if not SpacyToken.has_extension("kgraph_morph"):
    SpacyToken.set_extension("kgraph_morph", getter=_morph_readings)


class Sentences:
    """Sentences and quotations: a sentence ends at the language's sentence ends (``language.json``) outside
    quotes, and inside them at ``ends_inside_quotes`` (Arabic quotes often run over several sentences and are
    left open); never across a paragraph break. Tokens inside «…» / “…” / "…" are marked as quoted."""

    def __init__(self, lang: str) -> None:
        self.plugin = language(lang)

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.kgraph_state
        if not isinstance(state, DocumentState) or len(state.variants) != len(doc):
            raise ValueError("kgraph_sentences: add kgraph_normalizer and kgraph_analysis before it "
                             "(see docs/extraction.md)")
        data = self.plugin.data
        ends, inside = data.sentence_ends, data.ends_inside_quotes
        base = state.offset
        number = state.session.next_sentence
        sent: list[Tok] = []
        where: list[int] = []
        depth = 0

        def flush() -> None:
            nonlocal sent, where, number
            if sent:
                state.sentences.append(Sentence(index=number, toks=sent))
                state.token_index.append(where)
                number += 1
            sent, where = [], []

        norms, variants, starts, keys = state.norms, state.variants, state.starts, state.keys
        for n, text in enumerate(state.texts):
            if text.isspace():
                if "\n" in text:  # a paragraph break ends the sentence and any open quotation
                    flush()
                    depth = 0
                continue
            is_open = text in QUOTE_OPEN and (text != '"' or depth == 0)
            is_close = text in QUOTE_CLOSE and (text != '"' or depth > 0)
            if is_close and depth > 0:
                depth -= 1
            start = base + starts[n]
            tok = Tok(i=len(sent), text=text, start=start, end=start + len(text), norm=norms[n],
                      variants=variants[n], in_quote=depth > 0 or is_close, keys=keys[n] if keys else _NO_KEYS)
            if is_open:
                depth += 1
                tok.in_quote = True
            sent.append(tok)
            where.append(n)
            if text in ends or (text.endswith(".") and len(text) > 1
                                and not text[:-1].replace(".", "").isalpha()):
                if depth == 0 or text in inside:
                    flush()
            elif is_close and depth == 0 and len(sent) > 1 and sent[-2].text in ends:
                flush()
        flush()
        state.segmented = True
        state.session.next_sentence = number
        doc.spans[SENTENCES] = [SpacySpan(doc, idx[0], idx[-1] + 1) for idx in state.token_index]
        return doc


# ------------------------------------------------------------------------------------------------ mentions
def _spacy_span(doc: Doc, state: DocumentState, n: int, s: Span, label: str, kb_id: str | None) -> SpacySpan:
    idx = state.token_index[n]
    return SpacySpan(doc, idx[s.i], idx[s.j - 1] + 1, label=label, kb_id=kb_id or "")


def publish_mentions(doc: Doc, state: DocumentState) -> None:
    """Write the mentions found so far to ``doc.spans["kgraph_mentions"]`` (helpers and implied actors left out)."""
    spans = []
    for n, sent in enumerate(state.sentences):
        for s in sent.spans:
            if s.j > s.i and s.rule not in _HELPER_RULES:
                spans.append(_spacy_span(doc, state, n, s, s.cls, s.key))
    doc.spans[MENTIONS] = spans


class GazetteerMentions:
    """Longest gazetteer matches over the folded tokens (and their segmentations), left to right. (They reach
    ``doc.spans["kgraph_mentions"]`` with the rules' mentions, from ``kgraph_rule_mentions`` on.)"""

    def __init__(self, lang: str, actors: Sequence[str]) -> None:
        self.plugin = language(lang)
        self.env = _env(lang, actors, ())

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc, "kgraph_gazetteer")
        gaz, plugin = self.env.gazetteer, self.plugin
        for sent in state.sentences:
            if sent.analysed:
                sent.spans = match_gazetteer(sent.toks, gaz, plugin)
        return doc


class ExternalEntities:
    """Entities of an installed spaCy pipeline (``--spacy-model``), handed to the rules of each sentence
    (``Sentence.entities``, labelled with classes through ``labels``; other labels are left out) to use where the
    gazetteer and their own rules found nothing."""

    def __init__(self, model: str, labels: dict[str, str]) -> None:
        self.nlp = load_entity_pipeline(model)
        self.labels = dict(labels)

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc, "kgraph_ner")
        base, labels = state.offset, self.labels
        ents = [(base + e.start_char, base + e.end_char, labels[e.label_]) for e in self.nlp(state.text).ents
                if e.label_ in labels]
        for sent in state.sentences:
            lo, hi = sent.toks[0].start, sent.toks[-1].end
            sent.entities = [e for e in ents if e[1] > lo and e[0] < hi]
        return doc


def load_entity_pipeline(name: str) -> Language:
    """Load an installed spaCy pipeline (package name or path) that recognises entities.

    Raises:
        ConfigError: the pipeline is not installed, or it has no ``ner``, ``entity_ruler`` or ``span_ruler``.
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise ConfigError(f"spaCy pipeline {name!r} cannot be loaded: {exc}",
                          fix="install it (e.g. python -m spacy download en_core_web_sm) or give a pipeline path; "
                              "or leave out --spacy-model") from exc
    if not any(pipe in nlp.pipe_names for pipe in ("ner", "entity_ruler", "span_ruler")) and "ner" not in {
            getattr(p, "name", "") for _, p in nlp.pipeline}:
        raise ConfigError(f"spaCy pipeline {name!r} has no entity recogniser (components: {nlp.pipe_names})",
                          fix="use a pipeline with an 'ner' or 'entity_ruler' component")
    return nlp


class RuleMentions:
    """The language's mention rules, after adopting the mentions earlier components added: spans another
    component put into ``doc.spans["kgraph_mentions"]``, the span groups ``model_spans`` (a trained mention model's
    ``kgraph_model_mentions``) and, with ``adopt_ents``, ``doc.ents``. A label is mapped through ``labels``
    (``PER`` → ``Person``) and must then be a class of the schema; a span whose text is a gazetteer name is that
    actor. Spans that overlap a mention already found are left out. With ``model_after_rules`` the
    ``model_spans`` are adopted after the rules ran, where they found nothing (the model fills gaps: a rule's
    "Maj. Gen. Owen T. Archer, Jr." is kept whole where the model says "Owen T."); otherwise before them.
    ``lowercase_single`` lists the labels whose one-word, all-lower-case model spans are adopted (``None``: all):
    English keeps "civilians" and "detainees" but leaves a bare "convoy", "checkpoint" or "talks" to the rules,
    which read them as references ("the camp") or as containers of an actor ("a convoy of the Iraqi Army")."""

    def __init__(self, lang: str, actors: Sequence[str], lexicons: Sequence[str], *, model_spans: Sequence[str],
                 labels: dict[str, str], adopt_ents: bool, model_after_rules: bool = False,
                 lowercase_single: Sequence[str] | None = None) -> None:
        self.env = _env(lang, actors, lexicons)
        self.model_spans = tuple(model_spans)
        self.labels = dict(labels)
        self.adopt_ents = adopt_ents
        self.model_after_rules = model_after_rules
        self.lowercase_single = None if lowercase_single is None else frozenset(lowercase_single)

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc, "kgraph_rule_mentions")
        later = self.model_spans if self.model_after_rules else ()
        self._adopt(doc, state, [k for k in self.model_spans if k not in later], ents=self.adopt_ents)
        rules = state.rules(self.env)
        for sent in state.sentences:
            if sent.analysed:
                rules.mentions(sent)
        if later:
            self._adopt(doc, state, later, ents=False, foreign_group=False)
        publish_mentions(doc, state)
        return doc

    def _adopt(self, doc: Doc, state: DocumentState, keys: Sequence[str], *, ents: bool,
               foreign_group: bool = True) -> None:
        # kgraph writes the MENTIONS group from kgraph_rule_mentions on: before that, all of it is foreign
        foreign = list(doc.spans.get(MENTIONS, ())) if foreign_group else []
        single = self.lowercase_single
        for key in keys:
            foreign += [sp for sp in doc.spans.get(key, ()) if single is None or sp.label_ in single
                        or len(sp) > 1 or not sp.text.islower()]
        if ents:
            foreign += list(doc.ents)
        if not foreign:
            return
        classes, gaz = self.env.schema.classes, self.env.gazetteer
        where = {idx: (n, k) for n, sent in enumerate(state.token_index) for k, idx in enumerate(sent)}
        posts: dict[int, list[tuple[Span, Span]]] = {}  # sentence → (person, organisation) links by index
        for sp in sorted(foreign, key=lambda x: (x.start, -x.end)):
            cls = self.labels.get(sp.label_, sp.label_)
            first = next((where[t] for t in range(sp.start, sp.end) if t in where), None)
            last = next((where[t] for t in range(sp.end - 1, sp.start - 1, -1) if t in where), None)
            if cls not in classes or first is None or last is None or first[0] != last[0]:
                continue  # not a class; whitespace only, or across a sentence break
            sent = state.sentences[first[0]]
            i, j = first[1], last[1] + 1
            if any(s.i < j and i < s.j for s in sent.spans):
                continue  # the gazetteer (or an earlier span) has these tokens
            known: str | None = sp.kb_id_ or None
            if known is None and (ids := gaz.lookup(fold_phrase(sp.text))):
                known, cls = ids[0], gaz.entries[ids[0]].cls
            if first[0] not in posts:  # the rules' post links are indices: keep them on the same spans
                posts[first[0]] = [(s, sent.spans[s.role_of]) for s in sent.spans if s.role_of is not None]
            sent.spans.append(Span(i=i, j=j, key=known, name=surface(sent.toks, i, j), cls=cls, rule="model"))
            sent.spans.sort(key=lambda s: s.i)
        for n, links in posts.items():
            index = {id(s): k for k, s in enumerate(state.sentences[n].spans)}
            for person, org in links:
                person.role_of = index[id(org)]


# ------------------------------------------------------------------------------------------------ relations
class Triggers:
    """Trigger matches of the language's lexicons (``kg:form`` token sequences and ``kg:verb`` / ``kg:noun``
    lemmas through the analyser's keys; longest first)."""

    def __init__(self, lang: str, lexicons: Sequence[str]) -> None:
        plugin = language(lang)
        files = (*plugin.lexicon_files(), *(Path(x) for x in lexicons))
        triggers = load_triggers(files).get(plugin.code, [])
        if any(t.lemmas for t in triggers):
            analyser = plugin.analyser(files)
            if analyser is None:
                first = next(t for t in triggers if t.lemmas)
                raise OntologyError(f"{first.source}: trigger {first.id} names lemmas (kg:verb / kg:noun), but the "
                                    f"language {plugin.code!r} has no morphological analyser",
                                    fix="list its word forms with kg:form")
            triggers = analyser.resolve(triggers)
        self.index = TriggerIndex(triggers)

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc, "kgraph_triggers")
        found = []
        for n, sent in enumerate(state.sentences):
            if not sent.analysed:
                continue
            sent.hits = self.index.find(sent.toks)
            idx = state.token_index[n]
            found += [SpacySpan(doc, idx[h.i], idx[h.j - 1] + 1, label=h.trigger.property, kb_id=h.trigger.id)
                      for h in sent.hits]
        doc.spans[TRIGGERS] = found
        return doc


class RuleStage:
    """One of the rule stages (attribution, modality, arguments): the plug-in's rules, sentence by sentence."""

    def __init__(self, stage: str, lang: str, actors: Sequence[str], lexicons: Sequence[str]) -> None:
        self.stage = stage
        self.env = _env(lang, actors, lexicons)

    def __call__(self, doc: Doc) -> Doc:
        state = state_of(doc, f"kgraph_{self.stage}")
        rules = state.rules(self.env)
        step = getattr(rules, self.stage)
        for sent in state.sentences:
            if sent.analysed:
                step(sent)
        return doc


class Arguments(RuleStage):
    """Subjects and objects of every trigger (the plug-in's ``arguments`` rules), then the document's mentions and
    relations as plain dataclasses: ``doc._.kgraph_mentions`` and ``doc._.kgraph_relations``."""

    def __init__(self, lang: str, actors: Sequence[str], lexicons: Sequence[str]) -> None:
        super().__init__("arguments", lang, actors, lexicons)
        self.code = language(lang).code

    def __call__(self, doc: Doc) -> Doc:
        super().__call__(doc)
        state = state_of(doc, "kgraph_arguments")
        text, base, doc_id = state.text, state.offset, state.session.doc_id
        mentions: list[Mention] = []
        relations: list[Relation] = []
        for sent in state.sentences:
            if not sent.analysed:
                continue
            made = {id(s): _mention(text, base, doc_id, self.code, sent, s) for s in sent.spans}
            mentions.extend(made[id(s)] for s in sent.spans if s.j > s.i and s.rule not in _HELPER_RULES)
            relations.extend(sentence_relations(text, base, doc_id, self.code, sent, made))
        doc._.kgraph_mentions = tuple(mentions)
        doc._.kgraph_relations = tuple(relations)
        publish_mentions(doc, state)
        return doc


def _mention(text: str, base: int, doc_id: str, lang: str, sent: Sentence, s: Span) -> Mention:
    toks = sent.toks
    if s.j > s.i:
        start, end = toks[s.i].start, toks[s.j - 1].end
        surface_text = text[start - base:end - base]
    else:  # an implied actor ("we" → the speaker's organisation): no text of its own, at the sentence start
        start = end = toks[0].start
        surface_text = s.name
    return Mention(doc_id=doc_id, start=start, end=end, text=surface_text, name=s.name, cls=s.cls, lang=lang,
                   sentence=sent.index, key=s.key, rule=s.rule)


def sentence_relations(text: str, base: int, doc_id: str, lang: str, sent: Sentence,
                       made: dict[int, Mention]) -> list[Relation]:
    """The Relations of one sentence: each (subject, property, object) once, with its speaker when the trigger
    is in the speaker's quote or reported speech."""
    toks, spans, speaker, speaker_idx = sent.toks, sent.spans, sent.speaker, sent.speaker_idx
    sent_start, sent_end = toks[0].start, toks[-1].end
    evidence = text[sent_start - base:sent_end - base]
    speaker_mention = None
    if speaker is not None:
        speaker_mention = Mention(doc_id=doc_id, start=sent_start, end=sent_start, text=speaker.span_name,
                                  name=speaker.span_name, cls=speaker.cls, lang=lang, sentence=sent.index,
                                  key=speaker.key, rule="speaker")
    covers = speaker is not None and speaker.covers_sentence
    seen: set[tuple[str, str, str]] = set()
    out: list[Relation] = []
    raw: RawRelation
    for raw in sent.relations:
        subj, obj = made[id(spans[raw.subj])], made[id(spans[raw.obj])]
        ident = (subj.key or subj.name, raw.predicate, obj.key or obj.name)
        if ident in seen:
            continue
        seen.add(ident)
        hit = raw.hit
        in_speech = speaker is not None and hit is not None and (
            toks[hit.i].in_quote or speaker_idx is None or hit.i > spans[speaker_idx].j or covers)
        out.append(Relation(
            doc_id=doc_id, subject=subj, predicate=raw.predicate, object=obj, sentence=sent.index,
            sent_start=sent_start, sent_end=sent_end, evidence=evidence,
            trigger=" ".join(t.text for t in toks[hit.i:hit.j]) if hit else "",
            rule=raw.rule, speaker=speaker_mention if in_speech else None,
            negated=raw.negated or bool(in_speech and speaker is not None and speaker.negated), hedged=raw.hedged,
            confidence=raw.confidence))
    return out


# ------------------------------------------------------------------------------------------------ factories
_LANG = {"lang": "en"}
_FILES = {"lang": "en", "actors": [], "lexicons": []}


@Language.factory("kgraph_normalizer", default_config=_LANG)
def make_normalizer(nlp: Language, name: str, lang: str) -> Normalizer:
    return Normalizer(lang)


@Language.factory("kgraph_analysis", default_config={"lang": "en", "lexicons": []})
def make_analysis(nlp: Language, name: str, lang: str, lexicons: list[str]) -> Analysis:
    return Analysis(lang, lexicons)


@Language.factory("kgraph_sentences", default_config=_LANG)
def make_sentences(nlp: Language, name: str, lang: str) -> Sentences:
    return Sentences(lang)


@Language.factory("kgraph_gazetteer", default_config={"lang": "en", "actors": []})
def make_gazetteer(nlp: Language, name: str, lang: str, actors: list[str]) -> GazetteerMentions:
    return GazetteerMentions(lang, actors)


#: spaCy's NER labels (OntoNotes scheme) → classes, for ``kgraph_ner``
ONTONOTES_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Facility",
                    "EVENT": "Event"}


@Language.factory("kgraph_ner", default_config={"model": "", "labels": ONTONOTES_LABELS})
def make_ner(nlp: Language, name: str, model: str, labels: dict[str, str]) -> ExternalEntities:
    return ExternalEntities(model, labels)


#: labels of the corpus's mention model (docs/training.md) → classes
MODEL_LABELS = {"PER": "Person", "ORG": "Organization", "GRP": "Group", "LOC": "Place", "FAC": "Facility",
                "MEET": "Meeting", "EVT": "Event"}


@Language.factory("kgraph_rule_mentions",
                  default_config={**_FILES, "model_spans": ["kgraph_model_mentions"], "labels": MODEL_LABELS,
                                  "adopt_ents": True, "model_after_rules": False, "lowercase_single": None})
def make_rule_mentions(nlp: Language, name: str, lang: str, actors: list[str], lexicons: list[str],
                       model_spans: list[str], labels: dict[str, str], adopt_ents: bool,
                       model_after_rules: bool, lowercase_single: list[str] | None) -> RuleMentions:
    return RuleMentions(lang, actors, lexicons, model_spans=model_spans, labels=labels, adopt_ents=adopt_ents,
                        model_after_rules=model_after_rules, lowercase_single=lowercase_single)


@Language.factory("kgraph_triggers", default_config={"lang": "en", "lexicons": []})
def make_triggers(nlp: Language, name: str, lang: str, lexicons: list[str]) -> Triggers:
    return Triggers(lang, lexicons)


@Language.factory("kgraph_attribution", default_config=_FILES)
def make_attribution(nlp: Language, name: str, lang: str, actors: list[str], lexicons: list[str]) -> RuleStage:
    return RuleStage("attribution", lang, actors, lexicons)


@Language.factory("kgraph_modality", default_config=_FILES)
def make_modality(nlp: Language, name: str, lang: str, actors: list[str], lexicons: list[str]) -> RuleStage:
    return RuleStage("modality", lang, actors, lexicons)


@Language.factory("kgraph_arguments", default_config=_FILES)
def make_arguments(nlp: Language, name: str, lang: str, actors: list[str], lexicons: list[str]) -> Arguments:
    return Arguments(lang, actors, lexicons)


#: kgraph's components in pipeline order (``kgraph_ner`` is optional and not listed)
COMPONENTS = ("kgraph_normalizer", "kgraph_analysis", "kgraph_sentences", "kgraph_gazetteer", "kgraph_rule_mentions",
              "kgraph_triggers", "kgraph_attribution", "kgraph_modality", "kgraph_arguments")

def registered() -> dict[str, list[str]]:
    """kgraph's names in spaCy's registries: the component factories and the setup callback."""
    factories = sorted(n for n, f in registry.factories.get_all().items() if f.__module__ == __name__)
    callbacks = sorted(n for n, f in registry.callbacks.get_all().items() if f.__module__ == __name__)
    return {"components": factories, "callbacks": callbacks}


__all__ = ["COMPONENTS", "environment", "language_setup", "load_entity_pipeline", "publish_mentions",
           "registered", "sentence_relations"]
