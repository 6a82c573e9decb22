"""English: the plug-in (``kgraph.lang.en.v1``) and the order in which its rules run in each stage.

Data: ``language.json`` (shared word lists, tokenizer abbreviations, capitals that stand for governments) and
``config.cfg`` in this folder; triggers in ``ontologies/lexicon/en.ttl``. Code: ``actors.py`` (titles, posts,
head nouns), ``speech.py`` (speakers), ``rules.py`` (document context, anaphora, argument attachment).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kgraph.extract.data import LanguageData
from kgraph.extract.plugin import DataLanguage, DocumentRules, Environment, TokenAnalyser
from kgraph.extract.tokens import RawRelation, Sentence, Span, Speaker, Tok
from kgraph.ingest.normalize import fold, fold_phrase

from . import actors, rules, speech

_FOLDER = Path(__file__).resolve().parent


class English(DataLanguage):
    """The English plug-in."""

    own_words = frozenset({"org_heads", "role_complements"})
    own_maps = frozenset({"capital_governments"})

    def variants(self, folded: str) -> tuple[str, ...]:
        """English has no clitics to strip; a token with inner punctuation also matches without it.

        >>> plugin.variants("u.s.")
        ('u.s.', 'u s')
        """
        if len(folded) > 1 and any(c in ".-’'" for c in folded):
            plain = fold_phrase(folded)
            if plain and plain != folded:
                return (folded, plain)
        return (folded,)

    def match_form(self, tok: Tok) -> str:
        # "J." in "Lloyd J. Austin" matches the label's "J" (labels are folded without dots)
        return tok.variants[-1]

    def accept_match(self, toks: Sequence[Tok], i: int, j: int) -> bool:
        return actors.accept_match(toks, i, j)

    def rules(self, env: Environment) -> DocumentRules:
        return EnglishRules(self, env)

    def analyser(self, lexicon_files: tuple[Path, ...]) -> TokenAnalyser:
        """Lemmas of the trigger lexicons' ``kg:verb`` / ``kg:noun`` entries (:mod:`.lemmas`)."""
        from .lemmas import english_lemmas

        return english_lemmas(tuple(lexicon_files))


@dataclass
class _Snapshot:
    """What the mention stage knew at the end of one sentence, for that sentence's later stages."""

    person_org: dict[str, Span]
    author: Span | None
    prev_orgs: list[Span]
    recent_persons: list[Span]
    last_meeting: Span | None


@dataclass
class EnglishRules:
    """The English rules of one document, stage by stage."""

    plugin: English
    env: Environment
    ctx: rules.EnglishContext = field(init=False)
    rctx: rules.EnglishContext = field(init=False)  # the relation stage's own context (the story's attacker)
    persons: dict[str, Span] = field(default_factory=dict)  # folded surname → the person span that introduced it
    snapshots: dict[int, _Snapshot] = field(default_factory=dict)
    last_speaker: Speaker | None = None
    turn: Speaker | None = None  # the current transcript turn's speaker ("NAME:" labels)
    voiced: dict[int, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ctx = rules.EnglishContext(gazetteer=self.env.gazetteer, surnames=self.persons, schema=self.env.schema)
        self.rctx = rules.EnglishContext(gazetteer=self.env.gazetteer, schema=self.env.schema)
        kinds = self.env.kinds
        self.orgs = kinds.org | {"Country"}  # who holds posts: organisations, and states named as actors
        self.speakers = kinds.actor | {"Country"}

    @property
    def vocab(self) -> LanguageData:
        return self.plugin.data

    def mentions(self, sent: Sentence) -> None:
        toks, spans = sent.toks, rules.missions(sent.toks, sent.spans)
        spans += actors.find_role_actors(toks, spans, self.vocab, self.orgs)
        spans += _known_surnames(toks, spans, self.persons)
        spans.sort(key=lambda s: s.i)
        self.ctx.ner = sent.entities
        spans = rules.refine_spans(toks, spans, self.ctx, self.vocab)
        rules.unnamed_meetings(toks, spans, self.ctx)
        for s in spans:
            if s.cls == "Person" and s.rule != "surname":
                parts = s.name.split()
                if len(parts) >= 2:
                    self.persons[fold(parts[-1])] = s
        sent.spans = spans
        ctx = self.ctx
        self.snapshots[sent.index] = _Snapshot(person_org=dict(ctx.person_org), author=ctx.author,
                                               prev_orgs=ctx.prev_orgs, recent_persons=list(ctx.recent_persons),
                                               last_meeting=ctx.last_meeting)

    def attribution(self, sent: Sentence) -> None:
        toks, spans = sent.toks, sent.spans
        snap = self.snapshots[sent.index]
        speaker, speaker_idx = speech.find_speaker(toks, spans, self.vocab, last=self.last_speaker,
                                                   speakers=self.speakers)
        voiced = False
        # transcripts: "Q:" / "GEN. X:" labels; the labelled speaker says what follows, up to the next label
        labelled, label_idx = rules.turn_label(toks, spans)
        if labelled:
            self.turn = None
            if label_idx is not None:
                who = spans[label_idx]
                self.turn = Speaker(span_name=who.name, key=who.key, cls=who.cls, org=None, covers_sentence=True)
                who.rule = "inner"  # the label names the speaker; it takes no part in the sentence
        if self.turn is not None and (speaker is None or speaker.span_name == self.turn.span_name):
            speaker, voiced = speaker or self.turn, True
        if speaker is None and toks[0].in_quote and self.last_speaker is not None:
            speaker = self.last_speaker  # a quote that goes on after "…," said X.
        if speaker is not None and speaker.org is None:
            speaker.org = snap.person_org.get(speaker.key or speaker.span_name)
            if speaker.org is None and speaker.key is None:  # "COLONEL STEVE WARREN:" is the Steve Warren named before
                name = fold_phrase(speaker.span_name)
                speaker.org = next((org for who, org in snap.person_org.items() if fold_phrase(who) == name), None)
        if speaker is not None:
            self.last_speaker = speaker
        elif toks[0].in_quote is False:
            self.last_speaker = None
        sent.speaker, sent.speaker_idx = speaker, speaker_idx
        spans += rules.first_person(toks, spans, speaker.org if speaker else None, voiced=voiced,
                                    author=snap.author if speaker is None else None, speaker=speaker)

    def modality(self, sent: Sentence) -> None:
        rules.modality(sent.toks, sent.hits, self.vocab)

    def arguments(self, sent: Sentence) -> None:
        toks, spans = sent.toks, sent.spans
        snap = self.snapshots.pop(sent.index)
        ctx = self.rctx
        ctx.prev_orgs, ctx.recent_persons, ctx.last_meeting = snap.prev_orgs, snap.recent_persons, snap.last_meeting
        rules.capital_governments(toks, spans, rules.usable_hits(sent.hits, spans), ctx, self.vocab)
        hits = rules.usable_hits(sent.hits, spans)
        sent.relations = [
            RawRelation(subj=p.subj, obj=p.obj, predicate=p.predicate,
                        hit=hits[p.hit_index] if p.hit_index is not None else None, rule=p.rule,
                        negated=neg, hedged=hedge, confidence=conf)
            for p, neg, hedge, conf in rules.relations_in_sentence(toks, spans, hits, self.vocab, ctx,
                                                                   speaker_idx=sent.speaker_idx)]


def _known_surnames(toks: list[Tok], spans: list[Span], persons: dict[str, Span]) -> list[Span]:
    """A person's last name alone, later in the document, is that person."""
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


#: the registered plug-in (``kgraph.lang.en.v1``)
plugin = English("en", _FOLDER)

__all__ = ["English", "EnglishRules", "plugin"]
