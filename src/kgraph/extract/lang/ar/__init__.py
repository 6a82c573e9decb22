"""Arabic: the plug-in (``kgraph.lang.ar.v1``), its clitic segmentation, and the order in which its rules run
in each stage.

Data: ``language.json`` (shared word lists, tokenizer additions, sentence ends), ``morphology.json`` (affixes,
verb-form patterns), ``lexemes.tsv`` (the analyser's lexemes) and ``config.cfg`` in this folder; triggers in
``ontologies/lexicon/ar.ttl``. Code: ``morph.py`` (the morphological analyser), ``analysis.py`` (the analysis
layer of the pipeline), ``rules.py`` (actors, speakers, argument attachment).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kgraph.extract.plugin import DataLanguage, DocumentRules, Environment, TokenAnalyser
from kgraph.extract.tokens import Sentence, Span, Speaker, Tok

from . import rules

_FOLDER = Path(__file__).resolve().parent
_PROCLITIC_CONJ = ("و", "ف")
_PROCLITIC_PREP = ("ب", "ل", "ك")


class Arabic(DataLanguage):
    """The Arabic plug-in."""

    def variants(self, folded: str) -> tuple[str, ...]:
        """Clitic-stripped forms of a folded Arabic token, most likely first; the token itself first.

        Forms are only *candidates*: a form is used only when the gazetteer or lexicon knows it.

        >>> plugin.variants("وللتحالف")
        ('وللتحالف', 'للتحالف', 'التحالف', 'تحالف', 'لتحالف')
        """
        out = [folded]
        stems = [folded]
        if len(folded) > 3 and folded[0] in _PROCLITIC_CONJ:
            stems.append(folded[1:])
        for s in list(stems):
            if len(s) > 3 and s.startswith("لل"):
                stems.append("ال" + s[2:])
            if len(s) > 3 and s[0] in _PROCLITIC_PREP:
                stems.append(s[1:])
        for s in stems:
            if s not in out:
                out.append(s)
            if s.startswith("ال") and len(s) > 4 and s[2:] not in out:
                out.append(s[2:])
        return tuple(out)

    def rules(self, env: Environment) -> DocumentRules:
        return ArabicRules(self, env)

    def analyser(self, lexicon_files: tuple[Path, ...]) -> TokenAnalyser:
        """The morphological analyser (:mod:`.analysis`) over the shipped lexemes and these lexicons' lemmas."""
        from .analysis import lexicon_analyser

        return lexicon_analyser(tuple(lexicon_files))


@dataclass
class ArabicRules:
    """The Arabic rules of one document, stage by stage (:mod:`.rules` holds the rules themselves)."""

    plugin: Arabic
    env: Environment
    state: rules.DocState = field(init=False)
    last: Speaker | None = None
    # per sentence: the title chains and posts the mention stage found, the clause ids of the modality stage
    chains: dict[int, dict[int, int]] = field(default_factory=dict)
    roles: dict[int, dict[int, Span]] = field(default_factory=dict)
    clauses: dict[int, list[int]] = field(default_factory=dict)
    analyser: TokenAnalyser | None = None
    # the sentences that may name the text's author (the headline, "بيان صادر عن X"), and the author once known
    header: list[tuple[list[Tok], list[Span]]] = field(default_factory=list)
    header_done: bool = False
    cues: list[tuple[list[Tok], list[Span]]] = field(default_factory=list)
    author: Span | None = None
    author_known: bool = False

    def __post_init__(self) -> None:
        self.state = rules.DocState(schema=self.env.schema)

    def _analyser(self) -> TokenAnalyser | None:
        """The analyser of the shipped lexicons (the one ``kgraph_analysis`` uses unless the user adds lexicons),
        for the clitics of the model's spans."""
        if self.analyser is None:
            self.analyser = self.plugin.analyser(self.plugin.lexicon_files())
        return self.analyser

    def _sentence_state(self, sent: Sentence) -> None:
        self.state.chain = self.chains.setdefault(sent.index, {})
        self.state.role = self.roles.setdefault(sent.index, {})

    def mentions(self, sent: Sentence) -> None:
        toks, state, vocab, gaz = sent.toks, self.state, self.plugin.data, self.env.gazetteer
        self._sentence_state(sent)
        # the rules first, over the gazetteer's names; the trained model's spans then fill what they left
        model = rules.model_mentions(toks, [s for s in sent.spans if s.rule == "model"], gaz, self._analyser())
        spans = rules.quoted_names(toks, rules.drop_unsafe_gazetteer(toks, [s for s in sent.spans
                                                                            if s.rule != "model"]))
        spans = spans + rules.extra_spans(toks, spans, vocab, state, gaz)
        spans += [m for m in model if not any(s.i < m.j and m.i < s.j for s in spans)]
        spans.sort(key=lambda s: s.i)
        if model:
            rules.title_chains(toks, spans, state, vocab)
            spans = rules.drop_chained_titles(toks, spans, state)
        rules.reindex_roles(spans, state)
        rules.unify_meetings(spans, state, toks)
        rules.title_chains(toks, spans, state, vocab)
        spans = rules.post_appositions(toks, spans, state, vocab)
        rules.reindex_roles(spans, state)
        rules.remember(spans, state, vocab)
        sent.spans = spans
        if not self.header_done:
            # the headline, and the short lines under it until the first sentence of the body
            self.header.append((toks, spans))
            self.header_done = (sent.index > 0 and len(toks) > rules.HEADER_LINE_TOKENS) or len(self.header) >= 5
        if rules.statement_cue(toks):
            self.cues.append((toks, spans))

    def _author(self) -> Span | None:
        """The organisation the text speaks for (:func:`rules.author_of`), once every sentence's mentions are in."""
        if not self.author_known:
            self.author = rules.author_of(self.header, self.cues, self.state.kinds)
            self.author_known = True
        return self.author

    def attribution(self, sent: Sentence) -> None:
        toks, spans, state, vocab = sent.toks, sent.spans, self.state, self.plugin.data
        self._sentence_state(sent)
        speaker, speaker_idx = rules.find_speaker(toks, spans, vocab, last=self.last, state=state,
                                                  gaz=self.env.gazetteer)
        if speaker is not None:
            self.last = speaker
        org = speaker.org if speaker is not None else None
        if org is None and (author := self._author()) is not None:
            # a quote no named speaker claims speaks for the text's author ("we" of a statement)
            spans += [s for s in rules.first_person_spans(toks, spans, author, vocab) if toks[s.i].in_quote]
        else:
            spans += rules.first_person_spans(toks, spans, org, vocab)
        spans.sort(key=lambda s: s.i)
        rules.reindex_roles(spans, state)
        if speaker is not None and speaker_idx is not None:
            speaker_idx = next((n for n, s in enumerate(spans) if s.name == speaker.span_name), None)
        sent.speaker, sent.speaker_idx = speaker, speaker_idx

    def modality(self, sent: Sentence) -> None:
        self.clauses[sent.index] = rules.modality(sent.toks, sent.spans, sent.hits, self.plugin.data,
                                                  self.env.schema)

    def arguments(self, sent: Sentence) -> None:
        toks, spans, state, vocab = sent.toks, sent.spans, self.state, self.plugin.data
        self._sentence_state(sent)
        earlier, state.voice = state.voice, None
        rules.update_voice(toks, spans, state, vocab)
        # "we" outside quotes: an organisation in subject position in this sentence, else the text's author,
        # else the last such organisation of an earlier sentence
        voice = state.voice or self._author() or earlier
        state.voice = state.voice or earlier
        org = sent.speaker.org if sent.speaker is not None else None
        if org is None and any(t.in_quote for t in toks):
            org = self._author()  # first person in a quote nobody claims: the text's author
        raw, _ = rules.relations(toks, spans, sent.hits, vocab, org=org, voice=voice, chain=state.chain,
                                 gaz=self.env.gazetteer, state=state, clause=self.clauses.pop(sent.index, None))
        raw += rules.role_relations(spans)
        sent.relations = raw
        self.chains.pop(sent.index, None)
        self.roles.pop(sent.index, None)


#: the registered plug-in (``kgraph.lang.ar.v1``)
plugin = Arabic("ar", _FOLDER)

__all__ = ["Arabic", "ArabicRules", "plugin"]
